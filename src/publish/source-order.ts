// Which source commit is being published, and whether the manifests branch already holds a newer one.
import path from 'node:path';
import { HomelabError } from '../errors.ts';
import { normalizeRepoUrl } from '../git/repo-url.ts';
import type { Git } from '../git/run-git.ts';
import { shownValue } from '../util/shown-value.ts';
import { orderCommits, readSourceCommit, type SourceCommitInfo } from '../git/source-repo.ts';
import { parseTrailers } from '../git/trailers.ts';

export const SOURCE_COMMIT_TRAILER = 'Source-Commit';
export const SOURCE_REPOSITORY_TRAILER = 'Source-Repository';

export interface SourceCommit extends SourceCommitInfo {
  /** false: given by --source-commit and --message for a source that is not a git repository. */
  readonly inGit: boolean;
}

/** The source commit from git, or from --source-commit and --message when the source is not a git repository. */
export async function resolveSource(git: Git, options: { readonly source: string; readonly sourceCommit?: string; readonly message?: string }, env: NodeJS.ProcessEnv): Promise<SourceCommit> {
  if (options.sourceCommit !== undefined) checkFullCommitId(options.sourceCommit);
  try {
    const info = await readSourceCommit(git, options.source, options.sourceCommit ?? 'HEAD');
    return { ...info, inGit: true };
  } catch (error) {
    const notGit = error instanceof HomelabError && /is not a git repository/.test(error.message);
    if (!notGit || !options.sourceCommit || options.message === undefined) throw error;
    const repository = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : `file://${path.resolve(options.source)}`;
    return { commit: options.sourceCommit.toLowerCase(), subject: options.message, repository, shallow: false, dirty: false, inGit: false };
  }
}

/**
 * The newer source commit the branch already holds, if any. Decides from the source repository's history, since
 * commit dates and manifests history can both lie; when the history cannot tell, a shallow clone is an error
 * (it would guess) and anything else a warning (a rewritten or foreign history is the user's call).
 */
export async function newerPublished(git: Git, sourceDir: string, ours: SourceCommit, tipMessage: string, warn: (text: string) => void): Promise<string | undefined> {
  const trailers = parseTrailers(tipMessage);
  const published = trailers.get(SOURCE_COMMIT_TRAILER);
  if (!published) return undefined;
  const from = trailers.get(SOURCE_REPOSITORY_TRAILER);
  if (from && normalizeRepoUrl(from) !== normalizeRepoUrl(ours.repository)) {
    warn(`the branch was last published from "${from}", not "${ours.repository}"; not checking the order of source commits`);
    return undefined;
  }
  if (!ours.inGit) {
    warn(`the source is not a git repository, so publish cannot tell whether "${short(published)}" (published) is newer than "${short(ours.commit)}"`);
    return undefined;
  }
  const order = await orderCommits(git, sourceDir, published, ours.commit);
  if (order === 'newer') return published;
  if (order === 'same' || order === 'older') return undefined;
  if (ours.shallow) {
    throw new HomelabError(
      `cannot tell whether the published source commit "${short(published)}" is newer than "${short(ours.commit)}": the source repository is a shallow clone; fetch its full history (actions/checkout: fetch-depth: 0)`,
    );
  }
  warn(order === 'unknown'
    ? `the published source commit "${short(published)}" is not in the source repository's history (rewritten?); publishing "${short(ours.commit)}" over it`
    : `the published source commit "${short(published)}" and "${short(ours.commit)}" have diverged; publishing "${short(ours.commit)}" over it`);
  return undefined;
}

/** A full SHA-1 or SHA-256 commit id: nothing git could read as an option, a range or another revision. */
export function checkFullCommitId(commit: string): void {
  if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(commit)) {
    throw new HomelabError(`--source-commit ${shownValue(commit)} is not a full commit id: give all 40 (or 64) hexadecimal digits, e.g. "$(git rev-parse HEAD)"`);
  }
}

function short(commit: string): string {
  return commit.slice(0, 7);
}
