import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadPreviousTree } from '../../src/diff/previous-tree.ts';
import { run } from '../../src/process/run.ts';
import { hostEnv } from '../support/env.ts';
import { tempDir } from '../support/source-repo.ts';

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
}

async function git(repo: string, ...args: string[]): Promise<string> {
  const result = await run('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { env: hostEnv() });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

/** A manifests repo clone: flux-system under flux/, apps under apps/, two commits. */
async function manifestsRepo(): Promise<string> {
  const repo = await tempDir('homelab-manifests-');
  await git(repo, 'init', '-q', '-b', 'main');
  await writeFiles(repo, { 'flux/flux-system/gotk-sync.yaml': 'kind: Kustomization\n', 'apps/blog/11-configmap-a.yaml': 'v: 1\n', 'apps/flux/blog.yaml': 'k: 1\n', 'README.md': '# manifests\n' });
  await git(repo, 'add', '.');
  await git(repo, 'commit', '-q', '-m', 'first');
  await writeFiles(repo, { 'apps/blog/11-configmap-a.yaml': 'v: 2 ünïcode\n' });
  await git(repo, 'commit', '-q', '-am', 'second');
  return repo;
}

describe('loadPreviousTree', () => {
  it('reads a generate-manifests output directory', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'blog/11-configmap-a.yaml': 'v: 1\n', 'flux-bootstrap/flux.yaml': 'k: 1\n', 'notes.txt': 'x' });
    const previous = await loadPreviousTree({ against: dir, appsPath: 'apps', env: hostEnv() });
    assert.deepEqual(Object.fromEntries(previous.tree), { 'blog/11-configmap-a.yaml': 'v: 1\n', 'flux-bootstrap/flux.yaml': 'k: 1\n' });
    assert.equal(previous.label, `directory "${dir}"`);
  });

  it('reads <appsPath>/ of a manifests repo checkout', async () => {
    const repo = await manifestsRepo();
    const previous = await loadPreviousTree({ against: repo, appsPath: 'apps', env: hostEnv() });
    assert.deepEqual([...previous.tree.keys()].sort(), ['blog/11-configmap-a.yaml', 'flux/blog.yaml']);
  });

  it('reads <appsPath>/ at a git ref of the repo given, byte for byte', async () => {
    const repo = await manifestsRepo();
    const head = await loadPreviousTree({ against: 'main', repo, appsPath: 'apps', env: hostEnv() });
    assert.deepEqual(Object.fromEntries(head.tree), { 'blog/11-configmap-a.yaml': 'v: 2 ünïcode\n', 'flux/blog.yaml': 'k: 1\n' });
    assert.match(head.label, /^apps\/ at "main" \([0-9a-f]{7}\) of ".*"$/);
    const first = await loadPreviousTree({ against: 'HEAD~1', repo, appsPath: 'apps', env: hostEnv() });
    assert.equal(first.tree.get('blog/11-configmap-a.yaml'), 'v: 1\n');
  });

  it('gives an empty tree for a ref without <appsPath>/ (nothing published yet)', async () => {
    const repo = await manifestsRepo();
    const previous = await loadPreviousTree({ against: 'main', repo, appsPath: 'clusters/home', env: hostEnv() });
    assert.equal(previous.tree.size, 0);
  });

  it('says clearly when --against is neither a directory nor a ref', async () => {
    const repo = await manifestsRepo();
    await assert.rejects(loadPreviousTree({ against: 'no-such-branch', repo, appsPath: 'apps', env: hostEnv() }), {
      message: `--against "no-such-branch" is neither a directory nor a git ref of "${repo}"; for a remote branch, fetch it first and pass e.g. "origin/main"`,
    });
    const missing = path.join(await tempDir(), 'missing');
    await assert.rejects(loadPreviousTree({ against: missing, repo, appsPath: 'apps', env: hostEnv() }), { message: new RegExp(`^--against ".*missing" is neither a directory nor a git ref`) });
  });

  it('says clearly when refs cannot be resolved because there is no git repository', async () => {
    const notRepo = await tempDir();
    await assert.rejects(loadPreviousTree({ against: 'main', repo: notRepo, appsPath: 'apps', env: hostEnv() }), {
      message: `--against "main" is neither a directory nor a git ref: "${notRepo}" is not a git repository (pass --repo DIR, a clone of the manifests repository)`,
    });
  });

  it('does not take a ref for an option', async () => {
    const repo = await manifestsRepo();
    await assert.rejects(loadPreviousTree({ against: '--all', repo, appsPath: 'apps', env: hostEnv() }), { message: /^--against "--all" is neither a directory nor a git ref/ });
  });
});
