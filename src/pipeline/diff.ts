// `homelab diff`: the pipeline's render, then its last stage "compare": against a previous render (a directory or
// a ref of the manifests repo).
import type { NoiseFilter } from '../diff/noise-filters.ts';
import { loadPreviousTree } from '../diff/previous-tree.ts';
import { diffReport, type DiffReport } from '../diff/report.ts';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { renderClusters } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export interface DiffOptions {
  readonly source: string;
  /** A directory, or a git ref of `repo`. */
  readonly against: string;
  /** The manifests repo clone refs are resolved in. @default the current directory */
  readonly repo?: string;
  /** Labels and annotations left out of the comparison. */
  readonly filters: readonly NoiseFilter[];
  /** With config/clusters.yaml: the clusters to compare. @default all */
  readonly clusters?: readonly string[];
}

export async function diffSource(options: DiffOptions, runtime: Runtime): Promise<DiffReport> {
  const renders = await renderClusters(options.source, runtime, options.clusters ?? []);
  const reports: DiffReport[] = [];
  for (const rendered of renders) {
    const name = rendered.config.clusters ? rendered.config.cluster.name : undefined;
    // A generate-manifests output of several clusters holds each under <dir>/<cluster>/; a checkout or a ref, under appsPath.
    const own = name !== undefined && (await stat(path.join(options.against, name)).catch(() => undefined))?.isDirectory();
    const previous = await loadPreviousTree({
      against: own ? path.join(options.against, name!) : options.against,
      appsPath: rendered.config.flux.appsPath,
      env: runtime.env,
      ...(options.repo !== undefined && { repo: options.repo }),
    });
    const report = diffReport(previous.tree, rendered.tree, previous.label, options.filters);
    reports.push(name === undefined ? report : { ...report, apps: report.apps.map((app) => ({ ...app, id: `${name}/${app.id}` })) });
  }
  if (reports.length === 1) return reports[0]!;
  // Several clusters: one report, each app named `<cluster>/<id>`.
  const sum = (key: 'added' | 'changed' | 'removed') => reports.reduce((total, report) => total + report.totals[key], 0);
  return {
    apps: reports.flatMap((report) => report.apps),
    filtered: reports.reduce((total, report) => total + report.filtered, 0),
    against: [...new Set(reports.map((report) => report.against))].join(', '),
    filters: reports[0]!.filters,
    totals: { added: sum('added'), changed: sum('changed'), removed: sum('removed') },
    equal: reports.every((report) => report.equal),
  };
}
