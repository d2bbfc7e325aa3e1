// What publish needs to know about the source repository's git: which commit, its subject, where it lives, and
// how two commits are ordered in its history.
import { HomelabError } from '../errors.ts';
import { stripUrlCredentials } from './redact.ts';
import type { Git } from './run-git.ts';

export interface SourceCommitInfo {
  /** Full commit id. */
  readonly commit: string;
  readonly subject: string;
  /** `remote.origin.url` without credentials, or a file:// URL of the repository when it has no origin. */
  readonly repository: string;
  /** A shallow clone may lack the history needed to order commits. */
  readonly shallow: boolean;
  /** Tracked files differ from the commit: the render may not be the commit's. */
  readonly dirty: boolean;
}

/** Reads `rev` (default HEAD) in the repository containing `dir`; throws a clear error when `dir` is not in one. */
export async function readSourceCommit(git: Git, dir: string, rev = 'HEAD'): Promise<SourceCommitInfo> {
  const parsed = await git.run(['rev-parse', '--is-shallow-repository', '--show-toplevel', `${rev}^{commit}`], { cwd: dir });
  if (parsed.code !== 0) {
    if (/not a git repository/i.test(parsed.stderr)) {
      throw new HomelabError(`source "${dir}" is not a git repository, so the source commit is unknown: publish from a clone, or pass --source-commit SHA and --message MSG`);
    }
    throw new HomelabError(`source commit "${rev}" not found in "${dir}"${rev === 'HEAD' ? ' (a repository without commits?)' : ''}: ${lastLine(parsed.stderr)}`);
  }
  const [shallow, toplevel, commit] = parsed.stdout.trim().split('\n');
  const [subject, origin, status] = await Promise.all([
    git.output(['log', '-1', '--format=%s', '--end-of-options', commit!], { cwd: dir }),
    git.run(['config', '--get', 'remote.origin.url'], { cwd: dir }),
    git.run(['status', '--porcelain', '--untracked-files=no'], { cwd: dir }),
  ]);
  return {
    commit: commit!,
    subject: subject.trim(),
    repository: origin.code === 0 && origin.stdout.trim() ? stripUrlCredentials(origin.stdout.trim()) : `file://${toplevel}`,
    shallow: shallow === 'true',
    dirty: status.code === 0 && status.stdout.trim() !== '',
  };
}

/**
 * How `published` relates to `ours` in the source history: `older` (an ancestor: ours is newer), `newer` (a
 * descendant: a newer run already published), `same`, `diverged`, or `unknown` (not in this history).
 */
export type CommitOrder = 'same' | 'older' | 'newer' | 'diverged' | 'unknown';

export async function orderCommits(git: Git, dir: string, published: string, ours: string): Promise<CommitOrder> {
  if (!/^[0-9a-f]{7,64}$/i.test(published)) return 'unknown';
  if (ours.toLowerCase().startsWith(published.toLowerCase()) && published.length >= 7) return 'same';
  const known = await git.run(['cat-file', '-e', `${published}^{commit}`], { cwd: dir });
  if (known.code !== 0) return 'unknown';
  const olderCheck = await git.run(['merge-base', '--is-ancestor', published, ours], { cwd: dir });
  if (olderCheck.code === 0) return 'older';
  const newerCheck = await git.run(['merge-base', '--is-ancestor', ours, published], { cwd: dir });
  if (newerCheck.code === 0) return 'newer';
  return 'diverged';
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
