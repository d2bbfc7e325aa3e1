// `homelab diff`: a fresh, validated render against a previous one (a directory or a ref of the manifests repo).
import { renderSource } from '../render/render-source.ts';
import { diffTrees, type TreeDiff } from './compare.ts';
import { describeFilter, type NoiseFilter } from './noise-filters.ts';
import { loadPreviousTree } from './previous-tree.ts';

export interface DiffOptions {
  readonly source: string;
  /** A directory, or a git ref of `repo`. */
  readonly against: string;
  /** The manifests repo clone refs are resolved in. @default the current directory */
  readonly repo?: string;
  /** Labels and annotations left out of the comparison. */
  readonly filters: readonly NoiseFilter[];
}

export interface DiffReport extends TreeDiff {
  /** What the render was compared against, for people. */
  readonly against: string;
  /** The noise filters in effect, e.g. `label helm.sh/chart`. */
  readonly filters: readonly string[];
  readonly totals: { readonly added: number; readonly changed: number; readonly removed: number };
  readonly equal: boolean;
}

export async function diffSource(options: DiffOptions): Promise<DiffReport> {
  const rendered = await renderSource(options.source);
  const previous = await loadPreviousTree({
    against: options.against,
    appsPath: rendered.config.flux.appsPath,
    ...(options.repo !== undefined && { repo: options.repo }),
  });
  const diff = diffTrees(previous.tree, rendered.tree, options.filters);
  const sum = (key: 'added' | 'changed' | 'removed') => diff.apps.reduce((total, app) => total + app[key], 0);
  return {
    ...diff,
    against: previous.label,
    filters: options.filters.map(describeFilter),
    totals: { added: sum('added'), changed: sum('changed'), removed: sum('removed') },
    equal: diff.apps.length === 0,
  };
}
