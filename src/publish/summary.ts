// Per-app summary of a publish: which apps were added, changed or removed, with their object counts.
import type { FileChange } from '../git/diff-tree.ts';

export interface AppChange {
  readonly id: string;
  readonly change: 'added' | 'changed' | 'removed';
  /** Objects (one file each) the app has after the publish; for a removed app, the ones it had. */
  readonly objects: number;
  /** Objects added, changed and removed within the app. */
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

/** Groups file changes by their top-level directory (the app id; `<cluster>/<id>` with `levels: 2`); sorted by id. */
export function summarizeChanges(changes: readonly FileChange[], before: readonly string[], after: Iterable<string>, levels = 1): AppChange[] {
  const appOf = (file: string) => file.split('/').slice(0, levels).join('/');
  const count = (files: Iterable<string>) => {
    const counts = new Map<string, number>();
    for (const file of files) counts.set(appOf(file), (counts.get(appOf(file)) ?? 0) + 1);
    return counts;
  };
  const had = count(before);
  const has = count(after);
  const byApp = new Map<string, FileChange[]>();
  for (const change of changes) byApp.set(appOf(change.path), [...(byApp.get(appOf(change.path)) ?? []), change]);
  return [...byApp]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, files]) => ({
      id,
      change: !had.has(id) ? 'added' : !has.has(id) ? 'removed' : 'changed',
      objects: has.get(id) ?? had.get(id) ?? 0,
      added: files.filter((file) => file.status === 'A').length,
      changed: files.filter((file) => file.status === 'M' || file.status === 'T').length,
      removed: files.filter((file) => file.status === 'D').length,
    }));
}
