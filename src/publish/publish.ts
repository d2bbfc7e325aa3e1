// `homelab publish`: render, fetch the manifests branch, replace <appsPath>/, commit, push; safe when CI runs race.
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FluxConfig } from '../config/schema.ts';
import { HomelabError, wrapError } from '../errors.ts';
import { commitDirectory } from '../git/commit-tree.ts';
import { credentialsFromEnv, isHttpUrl, writeAskpass, type GitCredentials } from '../git/credentials.ts';
import { changedFiles, filesIn } from '../git/diff-tree.ts';
import { fetchBranch, initWorkRepo } from '../git/fetch-branch.ts';
import { pushCommit } from '../git/push.ts';
import { describeRemoteFailure } from '../git/remote-errors.ts';
import { checkBranchName } from '../git/ref-name.ts';
import { checkRepoUrl } from '../git/repo-url.ts';
import { createGit, DEFAULT_NETWORK_TIMEOUTS, GitError, GitTimeoutError, type NetworkTimeouts } from '../git/run-git.ts';
import { withTrailers } from '../git/trailers.ts';
import type { ManifestTree } from '../model/tree.ts';
import { SILENT, type Progress } from '../progress.ts';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './backoff.ts';
import { identitiesFromEnv } from './identity.ts';
import { newerPublished, resolveSource, SOURCE_COMMIT_TRAILER, SOURCE_REPOSITORY_TRAILER } from './source-order.ts';
import { summarizeChanges, type AppChange } from './summary.ts';
import { createWorkDir } from './work-dir.ts';

/** What publish commits: a validated render of the source, and the Flux settings it was made for. */
export interface PublishRender {
  readonly flux: FluxConfig;
  readonly tree: ManifestTree;
  /** Things to know that fail nothing (the YAML reader's, validation's), as located lines; shown as warnings. @default none */
  readonly warnings?: readonly string[];
}

export interface PublishOptions {
  /** The source repository. */
  readonly source: string;
  /** Renders `source` (the pipeline's render, validated); runs while publish reads the source commit. */
  readonly render: () => Promise<PublishRender>;
  /** @default `repo` in config/flux.yaml */
  readonly repo?: string;
  /** @default `branch` in config/flux.yaml */
  readonly branch?: string;
  /** @default HEAD of the source repository */
  readonly sourceCommit?: string;
  /** The commit message's subject (or whole text). @default the source commit's subject */
  readonly message?: string;
  /** Do everything but push. */
  readonly dryRun?: boolean;
  /** Token, identity and git's environment come from here: the CLI's environment. */
  readonly env: NodeJS.ProcessEnv;
  readonly progress?: Progress;
  /** Work in this directory and keep it afterwards (tests inspect it). @default a temp directory, removed */
  readonly workDir?: string;
  /**
   * Limits for each fetch and push: the whole command, and an HTTP transfer that stalls.
   * @default 5 minutes in all, 30 s without a byte
   */
  readonly timeouts?: NetworkTimeouts;
  /** @default 10 attempts, 200 ms doubling to at most 3 s, with jitter */
  readonly retry?: RetryPolicy;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => Date;
}

export interface PublishResult {
  /** published; up-to-date (the repo already holds this render); superseded (a newer source commit is published); dry-run. */
  readonly status: 'published' | 'up-to-date' | 'superseded' | 'dry-run';
  readonly repo: string;
  readonly branch: string;
  readonly appsPath: string;
  readonly sourceCommit: string;
  readonly sourceRepository: string;
  /** The new manifests commit (pushed, or only made locally on a dry run). */
  readonly commit?: string;
  /** The branch's tip before this publish; absent when the branch did not exist. */
  readonly previousCommit?: string;
  /** superseded: the newer source commit the branch already holds. */
  readonly publishedSourceCommit?: string;
  readonly createdBranch: boolean;
  /** Push attempts made (races lost + 1). */
  readonly attempts: number;
  readonly apps: readonly AppChange[];
}

export async function publish(options: PublishOptions): Promise<PublishResult> {
  const { env } = options;
  const progress = options.progress ?? SILENT;
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const identities = identitiesFromEnv(env);
  const credentials = credentialsFromEnv(env);
  const localGit = createGit({ credentials: { username: credentials.username }, env });
  // Flags first: nothing they hold may ever reach git as an option.
  if (options.repo !== undefined) checkRepoUrl(options.repo, '--repo');
  if (options.branch !== undefined) checkBranchName(options.branch, '--branch');

  // Both are local and independent; a render error is reported first, as it is the user's to fix.
  const [rendered, source] = await Promise.allSettled([options.render(), resolveSource(localGit, options, env)]);
  if (rendered.status === 'rejected') throw rendered.reason;
  if (source.status === 'rejected') throw source.reason;
  const { flux, tree } = rendered.value;
  const ours = source.value;
  const repo = options.repo ?? flux.repo;
  const branch = options.branch ?? flux.branch;
  const appsPath = flux.appsPath;
  if (options.repo === undefined) checkRepoUrl(repo, 'repo in config/flux.yaml');
  if (options.branch === undefined) checkBranchName(branch, 'branch in config/flux.yaml');
  for (const warning of rendered.value.warnings ?? []) progress.warning(warning);
  if (ours.dirty) progress.warning(`the source repository has uncommitted changes; the render may differ from commit "${short(ours.commit)}"`);

  const work = options.workDir ?? (await createWorkDir(os.tmpdir()));
  if (options.workDir) await mkdir(work, { recursive: true });
  try {
    const remoteCredentials = isHttpUrl(repo) ? credentials : { username: credentials.username };
    if (remoteCredentials.token) warnIfCleartext(repo, progress);
    const git = createGit({
      credentials: remoteCredentials,
      env,
      remoteUrl: repo,
      timeouts: options.timeouts ?? DEFAULT_NETWORK_TIMEOUTS,
      ...(remoteCredentials.token && { askpass: await writeAskpass(work) }),
    });
    const repoDir = path.join(work, 'manifests.git');
    await initWorkRepo(git, repoDir);

    const base = { repo, branch, appsPath, sourceCommit: ours.commit, sourceRepository: ours.repository };
    const message = withTrailers(options.message ?? ours.subject, [
      [SOURCE_COMMIT_TRAILER, ours.commit],
      [SOURCE_REPOSITORY_TRAILER, ours.repository],
    ]);
    const warned = new Set<string>();
    const warnOnce = (text: string) => {
      if (!warned.has(text)) progress.warning(text);
      warned.add(text);
    };

    for (let attempt = 1; ; attempt++) {
      progress.action(attempt === 1 ? `cloning branch "${branch}" from "${repo}"` : `fetching "${branch}" again (attempt ${attempt} of ${retry.attempts})`);
      const tip = await remote(`fetch "${branch}" from "${repo}"`, repo, remoteCredentials, () => fetchBranch(git, repoDir, repo, branch));
      if (!tip) warnOnce(`branch "${branch}" does not exist in "${repo}"; creating it with only "${appsPath}/"`);

      const newer = tip && (await newerPublished(localGit, options.source, ours, tip.message, warnOnce));
      if (newer) return { ...base, status: 'superseded', previousCommit: tip.commit, publishedSourceCommit: newer, createdBranch: false, attempts: attempt, apps: [] };

      const commit = await local('commit the manifests', () =>
        commitDirectory(git, repoDir, `refs/homelab/attempt-${attempt}`, { ...(tip && { parent: tip.commit }), dir: appsPath, files: tree, message, ...identities, date: options.now?.() ?? new Date() }),
      );
      const [changes, before] = await local('compare the manifests', () =>
        Promise.all([changedFiles(git, repoDir, tip?.commit, commit, appsPath), filesIn(git, repoDir, tip?.commit, appsPath)]),
      );
      const previous = tip ? { previousCommit: tip.commit } : {};
      if (tip && changes.length === 0) return { ...base, ...previous, status: 'up-to-date', createdBranch: false, attempts: attempt, apps: [] };
      const apps = summarizeChanges(changes, before, tree.keys());
      if (options.dryRun) return { ...base, ...previous, status: 'dry-run', commit, createdBranch: !tip, attempts: attempt, apps };

      progress.action(`pushing "${branch}" (${short(commit)}) to "${repo}"`);
      const outcome = await remote(`push "${branch}" to "${repo}"`, repo, remoteCredentials, () => pushCommit(git, repoDir, repo, commit, branch));
      if (outcome.kind === 'pushed') return { ...base, ...previous, status: 'published', commit, createdBranch: !tip, attempts: attempt, apps };
      if (outcome.kind === 'rejected') {
        throw new HomelabError(`failed to push "${branch}" to "${repo}": the remote rejected it (${outcome.reason}); not retrying, as only a moved branch is worth another try`);
      }
      if (attempt >= retry.attempts) {
        throw new HomelabError(`failed to push "${branch}" to "${repo}": the branch kept moving (${outcome.reason}) through ${attempt} attempts; run publish again`);
      }
      const delay = retryDelay(attempt, retry, options.random);
      progress.warning(`"${branch}" moved while publishing (${outcome.reason}); retrying in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay);
    }
  } finally {
    if (!options.workDir) await rm(work, { recursive: true, force: true });
  }
}

/** Runs a remote git step, turning git's failure into a sentence about the repository and the token. */
async function remote<T>(what: string, url: string, credentials: GitCredentials, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof GitError || error instanceof GitTimeoutError) throw new HomelabError(`failed to ${what}: ${describeRemoteFailure(error, url, credentials)}`, { cause: error });
    throw error;
  }
}

async function local<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof GitError ? wrapError(what, error) : error;
  }
}

function warnIfCleartext(url: string, progress: Progress): void {
  const host = new URL(url).hostname;
  if (url.toLowerCase().startsWith('http://') && !['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    progress.warning(`"${url}" is plain http: the token travels unencrypted; use https`);
  }
}

export function short(commit: string): string {
  return commit.slice(0, 7);
}
