// Real git repositories for publish tests: source repos with real commits, and readers for a bare manifests repo.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hostEnv } from './env.ts';
import { sourceRepo, tempDir } from './source-repo.ts';

let home: string | undefined;

/** An environment for the test's own git commands: no developer config, a fixed identity, no prompts. */
export async function testGitEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  home ??= await tempDir('homelab-git-home-');
  return {
    PATH: hostEnv().PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_AUTHOR_NAME: 'Source Author',
    GIT_AUTHOR_EMAIL: 'source@example.test',
    GIT_COMMITTER_NAME: 'Source Author',
    GIT_COMMITTER_EMAIL: 'source@example.test',
    ...extra,
  };
}

/** Runs the real git asynchronously (the git server lives in this process) and returns trimmed stdout. */
export async function git(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const env = options.env ?? (await testGitEnv());
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')} failed: ${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

/** Writes files into a repo and commits everything; returns the commit id. */
export async function commitFiles(dir: string, files: Record<string, string>, subject: string): Promise<string> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  await git(['add', '--all', '.'], { cwd: dir });
  await git(['commit', '--quiet', '--allow-empty', '-m', subject], { cwd: dir });
  return git(['rev-parse', 'HEAD'], { cwd: dir });
}

/** A source repository (see sourceRepo) that is a git repository with one commit. */
export async function gitSourceRepo(files: Record<string, string>, subject = 'Initial source'): Promise<{ dir: string; commit: string }> {
  const dir = await sourceRepo(files);
  await git(['init', '--quiet', '--initial-branch=main', dir]);
  await git(['config', 'remote.origin.url', 'https://git.example.com/me/source.git'], { cwd: dir });
  return { dir, commit: await commitFiles(dir, {}, subject) };
}

/** Every file of a commit in any repository, as {path: content}; optionally only under `dir/`, relative to it. */
export async function readCommitTree(repoDir: string, rev: string, dir?: string): Promise<Record<string, string>> {
  const listed = await git(['ls-tree', '-r', '-z', '--format=%(objectname) %(path)', rev, ...(dir ? ['--', `${dir}/`] : [])], { cwd: repoDir });
  const tree: Record<string, string> = {};
  for (const entry of listed.split('\0').filter(Boolean)) {
    const space = entry.indexOf(' ');
    const file = entry.slice(space + 1);
    tree[dir ? file.slice(dir.length + 1) : file] = await catBlob(repoDir, entry.slice(0, space));
  }
  return tree;
}

/** Blob content, untrimmed. */
function catBlob(repoDir: string, blob: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['cat-file', 'blob', blob], { cwd: repoDir, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

export interface LoggedCommit {
  readonly commit: string;
  readonly parents: readonly string[];
  readonly author: string;
  readonly committer: string;
  /** The whole message. */
  readonly message: string;
}

/** The first-parent history of `ref`, newest first. */
export async function commitLog(repoDir: string, ref: string): Promise<LoggedCommit[]> {
  const out = await git(['log', '--first-parent', '-z', '--format=%H%x01%P%x01%an <%ae>%x01%cn <%ce>%x01%B', ref], { cwd: repoDir });
  return out
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const [commit, parents, author, committer, message] = entry.split('\x01') as [string, string, string, string, string];
      return { commit, parents: parents ? parents.split(' ') : [], author, committer, message };
    });
}
