// The diff report: a fresh render against a previous one, per app and per object, with totals and the filters in effect.
import type { ManifestTree } from '../model/tree.ts';
import { diffTrees, type TreeDiff } from './compare.ts';
import { describeFilter, type NoiseFilter } from './noise-filters.ts';

export interface DiffReport extends TreeDiff {
  /** What the render was compared against, for people. */
  readonly against: string;
  /** The noise filters in effect, e.g. `label helm.sh/chart`. */
  readonly filters: readonly string[];
  readonly totals: { readonly added: number; readonly changed: number; readonly removed: number };
  readonly equal: boolean;
}

/** `against` names the previous render for people, e.g. `directory "out"`. */
export function diffReport(previous: ManifestTree, current: ManifestTree, against: string, filters: readonly NoiseFilter[]): DiffReport {
  const diff = diffTrees(previous, current, filters);
  const sum = (key: 'added' | 'changed' | 'removed') => diff.apps.reduce((total, app) => total + app[key], 0);
  return {
    ...diff,
    against,
    filters: filters.map(describeFilter),
    totals: { added: sum('added'), changed: sum('changed'), removed: sum('removed') },
    equal: diff.apps.length === 0,
  };
}
