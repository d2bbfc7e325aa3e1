// Proves the test git server against the real git CLI, the same way
// `homelab publish` will talk to a private manifests repo.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testGitEnv } from './git-repos.ts';
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
// credential helpers (testGitEnv builds its env from scratch).
let baseEnv: NodeJS.ProcessEnv;
const clientEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...baseEnv, ...extra });

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

function gitWithInput(args: string[], env: NodeJS.ProcessEnv, cwd: string, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { env, cwd, timeout: 20_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`git ${args.join(' ')} failed:\n${stderr}`)) : resolve(),
    );
    child.stdin?.end(input);
  });
}

function freshDir(label: string): string {
  return join(clientRoot, `${label}-${++counter}`);
}

/** Fresh clone, one new commit, push to `branch`. The push result is returned, not asserted. */
async function commitAndPush(repo: string, branch = 'main'): Promise<{ dir: string; push: GitResult; commit: string }> {
  const env = withToken(server.token);
  const dir = freshDir('work');
  await mustGit(['clone', '--quiet', server.url(repo), dir], env);
  await writeFile(join(dir, `${branch}.yaml`), `branch: ${branch}\nrevision: ${++counter}\n`);
  await mustGit(['add', '.'], env, dir);
  await mustGit(['commit', '--quiet', '-m', `Update ${branch}`], env, dir);
  const commit = await mustGit(['rev-parse', 'HEAD'], env, dir);
  const push = await git(['push', 'origin', `HEAD:refs/heads/${branch}`], env, dir);
  return { dir, push, commit };
}

describe('git test server', () => {
  before(async () => {
    clientRoot = await mkdtemp(join(tmpdir(), 'homelab-git-client-'));
    baseEnv = await testGitEnv();
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
    assert.deepEqual(forRepo[0], { method: 'GET', path: '/empty.git/info/refs', status: 401, authorized: false, credentials: false });
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

  // The two CGI edge cases: chunked bodies have no CONTENT_LENGTH, gzip bodies need
  // HTTP_CONTENT_ENCODING. Client-side curl traces prove git really used them.
  test('a push too big for one buffer is sent chunked and still lands', async () => {
    const bare = await server.createBareRepo('large.git');
    const env = withToken(server.token);
    const dir = freshDir('work');
    await mustGit(['clone', '--quiet', server.url('large.git'), dir], env);
    // Incompressible and above git's default 1 MiB http.postBuffer.
    await writeFile(join(dir, 'blob.bin'), randomBytes(2 * 1024 * 1024));
    await mustGit(['add', '.'], env, dir);
    await mustGit(['commit', '--quiet', '-m', 'Large'], env, dir);
    const traced = { ...env, GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' };
    const push = await git(['push', 'origin', 'HEAD:refs/heads/main'], traced, dir);
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /Send header: Transfer-Encoding: chunked/);
    assert.equal(
      await mustGit(['--git-dir', bare, 'rev-parse', 'refs/heads/main'], clientEnv()),
      await mustGit(['rev-parse', 'HEAD'], env, dir),
    );
  });

  test('a fetch with a long gzipped negotiation succeeds', async () => {
    await server.createBareRepo('negotiate.git');
    const first = await commitAndPush('negotiate.git');
    assert.equal(first.push.code, 0, first.push.stderr);
    const env = withToken(server.token);
    const dir = freshDir('work');
    await mustGit(['clone', '--quiet', server.url('negotiate.git'), dir], env);
    // Many local-only commits become many "have" lines, pushing the request
    // past the size at which git gzips it. They must be newer than the shared
    // history, or the negotiator finds the common commit first and stops early.
    // fast-import makes them all in one process.
    const now = Math.floor(Date.now() / 1000);
    const stream = Array.from({ length: 150 }, (_, i) =>
      `commit refs/heads/local-only\ncommitter T <t@example.test> ${now + 3600 + i} +0000\ndata 3\nc${i % 10}\n\n`,
    ).join('');
    await gitWithInput(['fast-import', '--quiet'], env, dir, stream);
    const second = await commitAndPush('negotiate.git');
    assert.equal(second.push.code, 0, second.push.stderr);

    const traced = { ...env, GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' };
    const fetch = await git(['fetch', 'origin'], traced, dir);
    assert.equal(fetch.code, 0, fetch.stderr);
    assert.match(fetch.stderr, /Send header: Content-Encoding: gzip/);
    assert.equal(await mustGit(['rev-parse', 'origin/main'], env, dir), second.commit);
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
