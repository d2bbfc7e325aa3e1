// What a commit changed under a directory, and what the directory held before: read from git's trees, not files.
import type { Git } from './run-git.ts';

export interface FileChange {
  /** A added, M modified, D deleted, T type changed. */
  readonly status: 'A' | 'M' | 'D' | 'T';
  /** Relative to the directory. */
  readonly path: string;
}

/** Files that differ between `parent` (or the empty tree) and `commit`, under `dir`. */
export async function changedFiles(git: Git, repoDir: string, parent: string | undefined, commit: string, dir: string): Promise<FileChange[]> {
  const range = parent ? [parent, commit] : ['--root', commit];
  const out = await git.output(['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', '--name-status', ...range, '--', dir], { cwd: repoDir });
  const fields = out.split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]!.trim() as FileChange['status'];
    changes.push({ status, path: fields[i + 1]!.slice(dir.length + 1) });
  }
  return changes;
}

/** Every file under `dir` in `commit`, relative to `dir`; empty when there is no commit or no such directory. */
export async function filesIn(git: Git, repoDir: string, commit: string | undefined, dir: string): Promise<string[]> {
  if (!commit) return [];
  const out = await git.output(['ls-tree', '-r', '-z', '--name-only', commit, '--', `${dir}/`], { cwd: repoDir });
  return out.split('\0').filter(Boolean).map((file) => file.slice(dir.length + 1));
}
