// `homelab report`: the pipeline's render, then its last stage "report": laid out, compared with --against, joined
// with the cluster's live status when it answers, and written as one HTML page.
import path from 'node:path';
import { diffTrees } from '../diff/compare.ts';
import { DEFAULT_FILTERS, describeFilter } from '../diff/noise-filters.ts';
import { loadPreviousTree } from '../diff/previous-tree.ts';
import { HomelabError, messageOf } from '../errors.ts';
import { connectedParts, layoutGraph } from '../graph/layout.ts';
import { hasKubeconfig, NoKubeconfigError } from '../kube/kubeconfig-files.ts';
import { APP_OF_APPS_DIR, FLUX_BOOTSTRAP_DIR } from '../model/tree.ts';
import { writeFileAtomic } from '../output/write-file.ts';
import { reportHtml } from '../report/html.ts';
import { reportPageAsset } from '../report/page-asset.ts';
import type { AppDetails, ReportData } from '../report/report-data.ts';
import type { StatusReport } from '../status/app-status.ts';
import type { Runtime } from './runtime.ts';
import { renderSourceView, type SourceView } from './source-view.ts';

export interface ReportOptions {
  readonly source: string;
  /** The directory to write index.html into. */
  readonly output: string;
  /** A manifests directory or a git ref of `repo`, to show each app's changes. */
  readonly against?: string;
  /** A clone of the manifests repository: where --against REF resolves, and how revisions map to source commits. */
  readonly repo?: string;
  /** Read live status from the cluster. @default true */
  readonly cluster?: boolean;
  readonly context?: string;
  /** Per cluster request. @default 10_000 */
  readonly timeoutMs?: number;
  /** When the cluster was read (the page says so). @default now */
  readonly now?: () => Date;
}

export interface ReportResult {
  readonly file: string;
  readonly apps: number;
  readonly bytes: number;
  /** Live status was included. */
  readonly live: boolean;
  /** Why there is no live status or diff, for the summary. */
  readonly notes: readonly string[];
}

export async function writeReport(options: ReportOptions, runtime: Runtime): Promise<ReportResult> {
  const view = await renderSourceView(options.source, runtime);
  const [diff, status, asset] = await Promise.all([readDiff(view, options, runtime), readStatus(view, options, runtime), reportPageAsset()]);
  const { graph } = view;

  const searchText: Record<string, string> = {};
  for (const app of graph.apps) {
    const objects = (view.objects.get(app.id) ?? []).map((o) => `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`);
    searchText[app.id] = [app.id, app.template ?? 'generated', app.namespace ?? '', ...objects].join(' ').toLowerCase();
  }
  const details = new Map<string, AppDetails>();
  for (const app of graph.apps) {
    const changes = diff?.changes.get(app.id);
    const kustomizationYaml = app.kustomization ? view.tree.get(`${APP_OF_APPS_DIR}/${app.id}.yaml`) : undefined;
    details.set(app.id, {
      objects: view.objects.get(app.id) ?? [],
      ...(kustomizationYaml !== undefined && { kustomizationYaml }),
      ...(changes && { changes }),
    });
  }
  for (const id of diff?.removedApps ?? []) details.set(id, { objects: [], changes: diff!.changes.get(id)! });

  const data: ReportData = {
    title: `homelab report: ${path.basename(view.sourceDir)}`,
    apps: graph.apps,
    edges: graph.edges,
    // Each connected part on its own: a thousand mostly independent apps become a grid of small pictures, not one row.
    parts: connectedParts(graph).map(layoutGraph),
    searchText,
    status: 'report' in status
      ? {
          available: true,
          context: status.report.context,
          server: status.report.server,
          readAt: status.readAt,
          report: { ...status.report, apps: undefined } as Omit<StatusReport, 'apps'>,
          apps: Object.fromEntries(status.report.apps.map((app) => [app.id, app])),
        }
      : { available: false, reason: status.reason },
    diff: diff
      ? { available: true, against: diff.against, filters: DEFAULT_FILTERS.map(describeFilter), apps: diff.counts, removedApps: diff.removedApps }
      : { available: false, reason: 'no --against given' },
  };
  const file = path.join(options.output, 'index.html');
  const html = reportHtml(data, details, asset);
  await writeFileAtomic(file, html);
  const notes = ['report' in status ? undefined : `no live status: ${status.reason}`].filter((n): n is string => n !== undefined);
  return { file, apps: graph.apps.length, bytes: Buffer.byteLength(html), live: 'report' in status, notes };
}

async function readDiff(view: SourceView, options: ReportOptions, runtime: Runtime) {
  if (options.against === undefined) return undefined;
  const previous = await loadPreviousTree({ against: options.against, appsPath: view.flux.appsPath, env: runtime.env, ...(options.repo !== undefined && { repo: options.repo }) });
  const diff = diffTrees(previous.tree, view.tree, DEFAULT_FILTERS);
  const rendered = new Set(view.graph.apps.map((app) => app.id));
  // flux/ and flux-bootstrap/ changes show on the apps they configure (their Kustomization), not as apps.
  const apps = diff.apps.filter((app) => app.id !== APP_OF_APPS_DIR && app.id !== FLUX_BOOTSTRAP_DIR);
  return {
    against: previous.label,
    counts: Object.fromEntries(apps.map((app) => [app.id, { added: app.added, changed: app.changed, removed: app.removed }])),
    changes: new Map(apps.map((app) => [app.id, app.objects])),
    removedApps: apps.filter((app) => !rendered.has(app.id)).map((app) => app.id),
  };
}

type StatusOutcome = { readonly report: StatusReport; readonly readAt: string } | { readonly reason: string };

/** Live status when a cluster answers; otherwise why not. An unusable kubeconfig or --context is an error, not a note. */
async function readStatus(view: SourceView, options: ReportOptions, runtime: Runtime): Promise<StatusOutcome> {
  if (options.cluster === false) return { reason: 'not asked for (--no-cluster)' };
  // Loading the API client takes a second: not when there is no kubeconfig at all (a CI job without a cluster).
  if (options.context === undefined && !hasKubeconfig(runtime.env)) return { reason: 'no kubeconfig (KUBECONFIG unset and no ~/.kube/config)' };
  const { readClusterStatus } = await import('./status.ts');
  const { ClusterUnreachableError } = await import('../kube/flux-api.ts');
  try {
    const readAt = (options.now?.() ?? new Date()).toISOString();
    const report = await readClusterStatus(view.graph, view.flux, {
      ...(options.context !== undefined && { context: options.context }),
      ...(options.repo !== undefined && { repo: options.repo }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    }, runtime);
    return { report, readAt };
  } catch (error) {
    if (error instanceof ClusterUnreachableError || error instanceof NoKubeconfigError) return { reason: error.message };
    if (error instanceof HomelabError) throw error;
    throw new HomelabError(`failed to read the cluster: ${messageOf(error)}`, { cause: error });
  }
}
