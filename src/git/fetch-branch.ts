// Fetches the tip of one branch (depth 1, no checkout) into a bare working repository.
import type { Git } from './run-git.ts';
import { GitError } from './run-git.ts';

/** Where the fetched tip is kept in the working repository. */
export const REMOTE_TIP_REF = 'refs/homelab/remote-tip';

export interface BranchTip {
  readonly commit: string;
  /** The whole commit message, for its trailers. */
  readonly message: string;
}

/** `git init --bare`: publish never needs a working tree, so no checkout, filters or line-ending rewrites. */
export async function initWorkRepo(git: Git, dir: string): Promise<void> {
  await git.output(['init', '--quiet', '--bare', dir]);
}

/** The branch's tip, or undefined when the remote has no such branch (an empty repository included). */
export async function fetchBranch(git: Git, repoDir: string, url: string, branch: string): Promise<BranchTip | undefined> {
  const args = ['fetch', '--quiet', '--depth=1', '--no-tags', '--no-write-fetch-head', '--', url, `+refs/heads/${branch}:${REMOTE_TIP_REF}`];
  const result = await git.run(args, { cwd: repoDir, remote: true });
  if (result.code !== 0) {
    if (/couldn't find remote ref/i.test(result.stderr)) return undefined;
    throw new GitError(args, result.code, result.stderr);
  }
  const shown = await git.output(['log', '-1', '--format=%H%x00%B', REMOTE_TIP_REF], { cwd: repoDir });
  const split = shown.indexOf('\0');
  return { commit: shown.slice(0, split), message: shown.slice(split + 1) };
}
