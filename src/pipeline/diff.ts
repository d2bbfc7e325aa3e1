// `homelab diff`: the pipeline's render, then its last stage "compare": against a previous render (a directory or
// a ref of the manifests repo).
import type { NoiseFilter } from '../diff/noise-filters.ts';
import { loadPreviousTree } from '../diff/previous-tree.ts';
import { diffReport, type DiffReport } from '../diff/report.ts';
import { renderSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export interface DiffOptions {
  readonly source: string;
  /** A directory, or a git ref of `repo`. */
  readonly against: string;
  /** The manifests repo clone refs are resolved in. @default the current directory */
  readonly repo?: string;
  /** Labels and annotations left out of the comparison. */
  readonly filters: readonly NoiseFilter[];
}

export async function diffSource(options: DiffOptions, runtime: Runtime): Promise<DiffReport> {
  const rendered = await renderSource(options.source, runtime);
  const previous = await loadPreviousTree({
    against: options.against,
    appsPath: rendered.config.flux.appsPath,
    env: runtime.env,
    ...(options.repo !== undefined && { repo: options.repo }),
  });
  return diffReport(previous.tree, rendered.tree, previous.label, options.filters);
}
