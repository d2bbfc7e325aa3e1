// Pushes one commit to a branch, fast-forward only, and says whether the remote moved first or refused.
import { GitError, type Git } from './run-git.ts';

export type PushOutcome =
  /** The branch now points at the commit. */
  | { readonly kind: 'pushed' }
  /** The branch moved since it was fetched (non-fast-forward, fetch first): fetch and try again. */
  | { readonly kind: 'stale'; readonly reason: string }
  /** The remote refused for another reason (a hook, branch protection): retrying will not help. */
  | { readonly kind: 'rejected'; readonly reason: string };

// Both mean another push got there first: the client saw it ([rejected]), or the server did, between its ref
// advertisement and the ref update ([remote rejected] with a lock or old-value failure).
const STALE = /non-fast-forward|fetch first|stale info|already exists/;
const LOST_RACE = /failed to update ref|failed to lock|cannot lock ref|incorrect old value|but expected/;

/** Throws a GitError when git could not talk to the remote at all (auth, network). */
export async function pushCommit(git: Git, repoDir: string, url: string, commit: string, branch: string): Promise<PushOutcome> {
  const args = ['push', '--porcelain', '--no-verify', '--', url, `${commit}:refs/heads/${branch}`];
  const result = await git.run(args, { cwd: repoDir, remote: true });
  // Porcelain: "<flag>\t<from>:<to>\t<summary> (<reason>)"; "!" is a refused ref.
  const line = result.stdout.split('\n').find((candidate) => candidate.includes(`:refs/heads/${branch}\t`));
  if (!line) throw new GitError(args, result.code || 1, result.stderr);
  const [flag, , summary = ''] = line.split('\t');
  if (flag !== '!' && result.code === 0) return { kind: 'pushed' };
  if (flag === '!' && summary.startsWith('[rejected]') && STALE.test(summary)) return { kind: 'stale', reason: summary };
  // The remote's own words ("remote: …" lines) say why, e.g. which protection rule or hook declined.
  const remote = result.stderr.split('\n').filter((text) => text.startsWith('remote:')).map((text) => text.replace(/^remote:\s*/, '').trim()).filter(Boolean);
  if (summary.startsWith('[remote rejected]') && LOST_RACE.test([summary, ...remote].join('\n'))) return { kind: 'stale', reason: summary };
  return { kind: 'rejected', reason: [summary, ...remote].join('; ') };
}
