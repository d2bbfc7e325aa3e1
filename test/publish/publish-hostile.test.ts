// publish against hostile and failing servers and flags: the token goes to no other host, nothing waits forever,
// a killed run leaves no process holding the token, and no flag value becomes a git option.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createRuntime } from '../../src/cli/runtime.ts';
import { publishSource, type PublishSourceOptions } from '../../src/pipeline/publish.ts';
import { startCli } from '../support/child-process.ts';
import { withProcessEnv } from '../support/env.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { gitSourceRepo, testGitEnv } from '../support/git-repos.ts';
import { processesWithEnv, startRedirectServer, startSilentServer } from '../support/http-servers.ts';
import { appsYaml, tempDir } from '../support/source-repo.ts';

const APPS = appsYaml('  - template: web-app\n    id: hello\n    options: { image: ghcr.io/example/hello:1.0.0 }\n');

let server: GitServer;
let repos = 0;
before(async () => {
  server = await startGitServer();
});
after(() => server.close());

async function ciEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  return { ...(await testGitEnv()), HOMELAB_GIT_TOKEN: server.token, ...extra };
}

async function run(options: Partial<PublishSourceOptions> & { source: string; env?: NodeJS.ProcessEnv }) {
  const { env, ...rest } = options;
  return publishSource({ sleep: async () => {}, ...rest }, createRuntime(env ?? (await ciEnv())));
}

/** Settles with the outcome, or "hung" after `ms`. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | Error | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  try {
    return await Promise.race([promise.catch((error: Error) => error), hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('publish against hostile servers', () => {
  it('never sends the token to another host after a redirect, and says why the fetch failed', async () => {
    const name = `redirected-${++repos}.git`;
    await server.createBareRepo(name);
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    // The configured host is localhost:<port>; it redirects to 127.0.0.1:<git server port>, another host, which
    // would accept the token. Without and with asking for credentials first.
    for (const requireAuth of [false, true]) {
      const redirector = await startRedirectServer(server.baseUrl, { requireAuth });
      const seen = server.requests.length;
      try {
        const outcome = await within(60_000, run({ source: source.dir, repo: `http://localhost:${redirector.port}/${name}` }));
        assert.ok(outcome instanceof Error, `publish ${outcome === 'hung' ? 'hung' : 'succeeded'}`);
        assert.match(outcome.message, /^failed to fetch "main" from "http:\/\/localhost:\d+\/redirected-\d+\.git": "[^"]+" answered with a redirect \(HTTP 302\); homelab follows no redirects, so the token never reaches another host than "http:\/\/localhost:\d+"/);
        assert.ok(!outcome.message.includes(server.token));
        assert.ok(redirector.requests.length > 0, 'the configured host was asked');
        assert.deepEqual(server.requests.slice(seen).filter((request) => request.credentials), [], `requireAuth ${requireAuth}: credentials reached the other host`);
      } finally {
        await redirector.close();
      }
    }
  });

  it('answers credential prompts only for the scheme, host and port of the repository URL', async () => {
    const name = `rewritten-${++repos}.git`;
    await server.createBareRepo(name);
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    // The user's git config rewrites the URL to another host (127.0.0.1 for localhost): git then asks for that host.
    const home = await tempDir('homelab-home-');
    const port = new URL(server.baseUrl).port;
    await writeFile(path.join(home, '.gitconfig'), `[url "${server.baseUrl}/"]\n\tinsteadOf = http://localhost:${port}/\n`);
    const seen = server.requests.length;
    const outcome = await within(60_000, run({ source: source.dir, repo: `http://localhost:${port}/${name}`, env: await ciEnv({ HOME: home, XDG_CONFIG_HOME: home }) }));
    assert.ok(outcome instanceof Error, `publish ${outcome === 'hung' ? 'hung' : 'succeeded'}`);
    assert.match(outcome.message, /git asked for credentials for "http:\/\/127\.0\.0\.1:\d+", not for "http:\/\/localhost:\d+"; homelab sends the token only to the scheme, host and port of the repository URL/);
    const reached = server.requests.slice(seen);
    assert.ok(reached.length > 0, 'git went to the rewritten host');
    assert.deepEqual(reached.filter((request) => request.credentials), []);
  });

  it('gives up on a server that accepts connections and never answers, and says so', async () => {
    const silent = await startSilentServer();
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    try {
      const outcome = await within(60_000, run({ source: source.dir, repo: `http://127.0.0.1:${silent.port}/m.git`, timeouts: { commandMs: 60_000, stallMs: 2_000 } }));
      assert.ok(outcome instanceof Error, `publish ${outcome === 'hung' ? 'waited forever' : 'succeeded'}`);
      assert.match(outcome.message, /^failed to fetch "main" from "http:\/\/127\.0\.0\.1:\d+\/m\.git": "[^"]+" stopped sending data, so git gave up \(git: .*Operation too slow.*\); check the server, or allow more time with --timeout$/);
      assert.ok(silent.connections() > 0);
    } finally {
      await silent.close();
    }
  });

  it('stops a remote command that runs past the time limit, with everything it started', async () => {
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const dir = await tempDir();
    const pidFile = path.join(dir, 'ssh.pid');
    // An ssh that connects and then hangs: only the overall limit can end it.
    const ssh = path.join(dir, 'hanging-ssh');
    await writeFile(ssh, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 1000\n`, { mode: 0o755 });
    const outcome = await within(60_000, run({ source: source.dir, repo: 'ssh://git@example.test/m.git', env: await ciEnv({ GIT_SSH_COMMAND: ssh }), timeouts: { commandMs: 2_000, stallMs: 2_000 } }));
    assert.ok(outcome instanceof Error, `publish ${outcome === 'hung' ? 'waited forever' : 'succeeded'}`);
    assert.equal(outcome.message, 'failed to fetch "main" from "ssh://git@example.test/m.git": "ssh://git@example.test/m.git" did not finish answering within 2 s, so git fetch was stopped; check the server, or allow more time with --timeout');
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Gone, or a zombie waiting to be reaped (its parent, git, was stopped as well).
    const state = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).replace(/^.*\) /s, '')[0];
    assert.ok(state === undefined || state === 'Z', `the ssh that git started still runs (state ${state})`);
  });
});

describe('publish when killed', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`ends its git children on ${signal}, so no process keeps the token, and the next run removes its work directory`, async () => {
      const silent = await startSilentServer();
      const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
      const tmp = await tempDir('homelab-tmpdir-');
      const token = `tok-${signal}-${Math.random().toString(36).slice(2)}`;
      const cli = startCli(['publish', '--source', source.dir, '--repo', `http://127.0.0.1:${silent.port}/m.git`], { ...(await ciEnv({ HOMELAB_GIT_TOKEN: token })), TMPDIR: tmp });
      try {
        // Wait until git is running with the token in its environment (the askpass variables).
        for (let i = 0; (await processesWithEnv(`HOMELAB_ASKPASS_PASSWORD=${token}`)).length === 0; i++) {
          assert.ok(i < 600, `git never started: ${cli.stderr()}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        cli.process.kill(signal);
        assert.equal(await cli.exited(), signal, cli.stderr());
        // Children get SIGTERM at once and SIGKILL after a grace period.
        for (let i = 0; (await processesWithEnv(token)).length > 0; i++) {
          assert.ok(i < 50, `processes still hold the token: ${(await processesWithEnv(token)).join(', ')}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        cli.process.kill('SIGKILL');
        await silent.close();
      }
      // The killed run could not remove its work directory; the next run does (and leaves a live run's alone).
      assert.equal((await readdir(tmp)).filter((entry) => entry.startsWith('homelab-publish-')).length, 1);
      const live = path.join(tmp, `homelab-publish-${process.pid}-0-abcdef`);
      const unowned = path.join(tmp, 'homelab-publish-Qx7ab2');
      await mkdir(live);
      await mkdir(unowned);
      await utimes(unowned, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
      // publish's work directory comes from os.tmpdir(), which reads TMPDIR itself.
      await withProcessEnv({ TMPDIR: tmp }, () => run({ source: source.dir, repo: server.url('missing.git') }).catch(() => {}));
      assert.deepEqual((await readdir(tmp)).filter((entry) => entry.startsWith('homelab-publish-')), [path.basename(live)]);
    });
  }
});

describe('publish with hostile flags', () => {
  it('never lets --repo become a git option, and refuses what is not a repository URL', async () => {
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const marker = path.join(await tempDir(), 'ran');
    const cases: [string, RegExp][] = [
      [`--upload-pack=touch ${marker}`, /^--repo "--upload-pack=touch .*" holds spaces or control characters; expected a repository URL$/],
      [`--upload-pack=touch`, /^--repo "--upload-pack=touch" is not a repository URL \(it starts with "-", which git would read as an option\)$/],
      ['-c', /^--repo "-c" is not a repository URL/],
      ['ext::sh', /^--repo "ext::sh" is not a repository URL: expected https:\/\/host\/path, ssh:\/\/user@host\/path or user@host:path$/],
      ['http://host/x\x1b[2J.git', /^--repo "http:\/\/host\/x\\u001b\[2J\.git" holds spaces or control characters/],
    ];
    for (const [repo, expected] of cases) {
      await assert.rejects(run({ source: source.dir, repo }), (error: Error) => {
        assert.match(error.message, expected);
        return true;
      });
    }
    assert.ok(!existsSync(marker), 'git ran the command in --upload-pack');
  });

  it('refuses a password in an ssh:// URL without printing it, as for https', async () => {
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    for (const repo of ['ssh://git:hunter2@example.test/m.git', 'https://me:hunter2@example.test/m.git', 'https://hunter2@example.test/m.git']) {
      await assert.rejects(run({ source: source.dir, repo }), (error: Error) => {
        assert.match(error.message, /^--repo must not contain (credentials|a password)/);
        assert.ok(!error.message.includes('hunter2'), error.message);
        return true;
      });
    }
  });

  it('refuses branch names git would read otherwise, agreeing with git check-ref-format on the rest', async () => {
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const refused: [string, RegExp][] = [
      ['HEAD', /it names the current commit, not a branch/],
      ['@', /it names the current commit, not a branch/],
      ['refs/heads/x', /give the branch's short name \("x"\), not a ref/],
      ['-f', /starts with "-"/],
      ['a..b', /contains "\.\."/],
      ['x.lock', /ends with "\.lock"/],
      ['a b', /contains a space/],
      ['a@{1}', /contains "@\{"/],
    ];
    for (const [branch, expected] of refused) {
      await assert.rejects(run({ source: source.dir, repo: server.url('x.git'), branch }), (error: Error) => {
        assert.match(error.message, new RegExp(`^--branch "${branch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not a valid branch name: .*${expected.source}`));
        return true;
      });
    }
    const { branchNameProblem } = await import('../../src/git/ref-name.ts');
    for (const name of ['main', 'release/1.2', 'feature/x-y_z', 'a.b', '.x', 'x/', 'x.', 'x//y', 'x~1', 'x^', 'x:y', 'x?', 'x*', 'x[', 'x\\y', 'a/.b', 'ü']) {
      const git = await promisify(execFile)('git', ['check-ref-format', `refs/heads/${name}`]).then(() => true, () => false);
      assert.equal(branchNameProblem(name) === undefined, git, `"${name}": git says ${git ? 'valid' : 'invalid'}`);
    }
  });

  it('takes --source-commit only as a full commit id', async () => {
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    for (const commit of ['HEAD~1', source.commit.slice(0, 12), '--output=/tmp/x', `${source.commit}^`]) {
      await assert.rejects(run({ source: source.dir, repo: server.url('x.git'), sourceCommit: commit, message: 'm' }), (error: Error) => {
        assert.match(error.message, /^--source-commit ".*" is not a full commit id: give all 40 \(or 64\) hexadecimal digits/);
        return true;
      });
    }
  });
});
