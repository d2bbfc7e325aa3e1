// Proves the test git server against the real git CLI, the same way
// `homelab publish` will talk to a private manifests repo.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitServer, type GitServer } from './git-server.ts';

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

let server: GitServer;
let clientRoot: string;
let askpass: string;
let counter = 0;

// Client git must never prompt and never read the developer's config or
// credential helpers, so its env is built from scratch.
function clientEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: clientRoot,
    XDG_CONFIG_HOME: clientRoot,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.test',
    GIT_COMMITTER_NAME: 'Test Committer',
    GIT_COMMITTER_EMAIL: 'committer@example.test',
    ...extra,
  };
}

// The token reaches git through GIT_ASKPASS + an env var, never through argv
// or the remote URL, so it can't leak via `ps` or git's own error messages.
function withToken(token: string): NodeJS.ProcessEnv {
  return clientEnv({ GIT_ASKPASS: askpass, TEST_GIT_USERNAME: server.username, TEST_GIT_PASSWORD: token });
}

function git(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', args, { env, cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function mustGit(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  const result = await git(args, env, cwd);
  assert.equal(result.code, 0, `git ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
}

function freshDir(label: string): string {
  return join(clientRoot, `${label}-${++counter}`);
}

/** Clone, add a file, commit and push to `branch`; returns the commit id. */
async function commitAndPush(repo: string, branch = 'main', env = withToken(server.token)): Promise<{ dir: string; push: GitResult; commit: string }> {
  const dir = freshDir('work');
  await mustGit(['clone', '--quiet', server.url(repo), dir], env);
  await writeFile(join(dir, `${branch}.yaml`), `branch: ${branch}\n`);
  await mustGit(['add', '.'], env, dir);
  await mustGit(['commit', '--quiet', '-m', `Update ${branch}`], env, dir);
  const commit = await mustGit(['rev-parse', 'HEAD'], env, dir);
  const push = await git(['push', 'origin', `HEAD:refs/heads/${branch}`], env, dir);
  return { dir, push, commit };
}

describe('git test server', () => {
  before(async () => {
    clientRoot = await mkdtemp(join(tmpdir(), 'homelab-git-client-'));
    askpass = join(clientRoot, 'askpass.sh');
    // git calls askpass with the prompt as $1 ("Username for ..." / "Password for ...").
    await writeFile(
      askpass,
      '#!/bin/sh\ncase "$1" in\n  Username*) printf "%s\\n" "$TEST_GIT_USERNAME" ;;\n  *) printf "%s\\n" "$TEST_GIT_PASSWORD" ;;\nesac\n',
      { mode: 0o755 },
    );
    server = await startGitServer();
  });

  after(async () => {
    await server?.close();
    if (clientRoot) await rm(clientRoot, { recursive: true, force: true });
  });

  test('cloning an empty repository with the right token succeeds and checks out the initial branch', async () => {
    const bare = await server.createBareRepo('empty.git');
    assert.equal(await mustGit(['--git-dir', bare, 'symbolic-ref', 'HEAD'], clientEnv()), 'refs/heads/main');

    const dir = freshDir('clone');
    const result = await git(['clone', server.url('empty.git'), dir], withToken(server.token));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /empty repository/);
    assert.equal(await mustGit(['symbolic-ref', 'HEAD'], clientEnv(), dir), 'refs/heads/main');

    // git first asks anonymously, gets the 401 challenge, then retries with the token.
    const forRepo = server.requests.filter((r) => r.path.startsWith('/empty.git/'));
    assert.deepEqual(forRepo[0], { method: 'GET', path: '/empty.git/info/refs', status: 401, authorized: false });
    assert.ok(forRepo.some((r) => r.authorized && r.status === 200));
  });

  test('a commit pushed with the right token lands in the bare repository', async () => {
    const bare = await server.createBareRepo('manifests.git');
    const { push, commit } = await commitAndPush('manifests.git');
    assert.equal(push.code, 0, push.stderr);
    assert.equal(await mustGit(['--git-dir', bare, 'rev-parse', 'refs/heads/main'], clientEnv()), commit);
    assert.ok(server.requests.some((r) => r.method === 'POST' && r.path === '/manifests.git/git-receive-pack' && r.status === 200));
  });

  test('a wrong token fails with an authentication error', async () => {
    await server.createBareRepo('wrong-token.git');
    const result = await git(['clone', server.url('wrong-token.git'), freshDir('clone')], withToken('not-the-token'));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Authentication failed/);
    assert.ok(server.requests.filter((r) => r.path.startsWith('/wrong-token.git/')).every((r) => r.status === 401 && !r.authorized));
  });

  test('no token fails cleanly instead of waiting for a prompt', async () => {
    await server.createBareRepo('no-token.git');
    const result = await git(['clone', server.url('no-token.git'), freshDir('clone')], clientEnv());
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /could not read Username|Authentication failed/);
  });

  test('a token sent up front as an Authorization extraHeader via GIT_CONFIG_* env vars is accepted', async () => {
    await server.createBareRepo('extra-header.git');
    const basic = Buffer.from(`${server.username}:${server.token}`).toString('base64');
    const env = clientEnv({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
    const result = await git(['clone', server.url('extra-header.git'), freshDir('clone')], env);
    assert.equal(result.code, 0, result.stderr);
    // Pre-emptive auth means no 401 round-trip at all.
    const forRepo = server.requests.filter((r) => r.path.startsWith('/extra-header.git/'));
    assert.ok(forRepo.length > 0 && forRepo.every((r) => r.authorized && r.status === 200));
  });

  test('a push declined by the pre-receive hook exits non-zero and shows the reason', async (t) => {
    const bare = await server.createBareRepo('frozen.git');
    const reason = 'manifests repo is frozen for maintenance';
    server.setRejectPushes(reason);
    t.after(() => server.setRejectPushes());

    const { dir, push } = await commitAndPush('frozen.git');
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /pre-receive hook declined/);
    assert.ok(push.stderr.includes(reason), push.stderr);
    assert.equal((await git(['--git-dir', bare, 'rev-parse', '--verify', '-q', 'refs/heads/main'], clientEnv())).code, 1);

    // Lifting the rule lets the very same push through.
    server.setRejectPushes();
    const retry = await git(['push', 'origin', 'HEAD:refs/heads/main'], withToken(server.token), dir);
    assert.equal(retry.code, 0, retry.stderr);
  });

  test('a rejection rule given as a function only declines pushes to the repositories it names', async (t) => {
    await server.createBareRepo('ruled-a.git');
    await server.createBareRepo('ruled-b.git');
    server.setRejectPushes((repo) => (repo === 'ruled-a.git' ? 'no pushes to a' : undefined));
    t.after(() => server.setRejectPushes());

    const [a, b] = await Promise.all([commitAndPush('ruled-a.git'), commitAndPush('ruled-b.git')]);
    assert.notEqual(a.push.code, 0);
    assert.match(a.push.stderr, /no pushes to a/);
    assert.equal(b.push.code, 0, b.push.stderr);
  });

  test('eight concurrent clones, then eight concurrent pushes, all succeed', async () => {
    const bare = await server.createBareRepo('busy.git');
    const seed = await commitAndPush('busy.git');
    assert.equal(seed.push.code, 0, seed.push.stderr);

    const branches = Array.from({ length: 8 }, (_, i) => `worker-${i}`);
    const results = await Promise.all(branches.map((branch) => commitAndPush('busy.git', branch)));
    for (const [i, { push, commit }] of results.entries()) {
      assert.equal(push.code, 0, push.stderr);
      assert.equal(await mustGit(['--git-dir', bare, 'rev-parse', `refs/heads/${branches[i]}`], clientEnv()), commit);
    }
  });

  test('the token never appears in the recorded requests', () => {
    assert.ok(server.requests.some((r) => r.authorized), 'expected earlier tests to have made authorized requests');
    const recorded = JSON.stringify(server.requests);
    const basic = Buffer.from(`${server.username}:${server.token}`).toString('base64');
    assert.ok(!recorded.includes(server.token));
    assert.ok(!recorded.includes(basic));
    assert.ok(server.requests.every((r) => !r.path.includes('?')));
  });
});

test('each server gets its own random token, and close() frees the port and deletes its repos', async () => {
  const [a, b] = await Promise.all([startGitServer(), startGitServer()]);
  assert.notEqual(a.token, b.token);
  assert.match(a.token, /^[0-9a-f]{48}$/);
  await b.close();

  const bare = await a.createBareRepo('gone.git');
  assert.ok(existsSync(bare));
  await a.close();
  await a.close(); // idempotent
  assert.ok(!existsSync(a.root));
  await assert.rejects(fetch(a.url('gone.git') + '/info/refs'));
});
