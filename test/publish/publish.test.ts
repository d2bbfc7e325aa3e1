import assert from 'node:assert/strict';
import { chmod, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HomelabError } from '../../src/errors.ts';
import { createRuntime } from '../../src/cli/runtime.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { publishSource, type PublishSourceOptions } from '../../src/pipeline/publish.ts';
import type { Progress } from '../../src/progress.ts';
import { withProcessEnv } from '../support/env.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { commitFiles, commitLog, git, gitSourceRepo, readCommitTree, testGitEnv } from '../support/git-repos.ts';
import { gitWrapper } from '../support/git-wrapper.ts';
import { testRuntime } from '../support/runtime.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';

const webApp = (id: string, extra = '') => `  - template: web-app\n    id: ${id}\n    options: { image: ghcr.io/example/${id}:1.0.0${extra} }\n`;
const APPS = appsYaml(webApp('hello'));

let server: GitServer;
let repos = 0;

before(async () => {
  server = await startGitServer();
});
after(() => server.close());

async function manifestsRepo(): Promise<{ url: string; bare: string; name: string }> {
  const name = `manifests-${++repos}.git`;
  return { url: server.url(name), bare: await server.createBareRepo(name), name };
}

/** What homelab sees in CI: a token, a clean HOME, no git identity (so the bot default applies). */
async function ciEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const { GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, ...base } = await testGitEnv();
  return { ...base, HOMELAB_GIT_TOKEN: server.token, ...extra };
}

function recorder(): { lines: string[]; progress: Progress } {
  const lines: string[] = [];
  return { lines, progress: { action: (m) => lines.push(`► ${m}`), success: (m) => lines.push(`✔ ${m}`), warning: (m) => lines.push(`⚠ ${m}`) } };
}

/** A publish as the CLI runs it, in a CI-like environment (`env`, default ciEnv()). */
async function run(options: Partial<PublishSourceOptions> & { source: string; env?: NodeJS.ProcessEnv }) {
  const { env, ...rest } = options;
  return publishSource({ sleep: async () => {}, ...rest }, createRuntime(env ?? (await ciEnv())));
}

/** The render of a source, keyed like the manifests repo's appsPath. */
async function expectedTree(source: string): Promise<Record<string, string>> {
  return Object.fromEntries([...(await renderSource(source, testRuntime())).tree].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Pushes a commit with `files` straight into the bare repo (no HTTP), as flux bootstrap or a person would. */
async function seed(bare: string, files: Record<string, string>, setup?: (dir: string) => Promise<void>): Promise<string> {
  const dir = await tempDir('homelab-seed-');
  await git(['init', '--quiet', '--initial-branch=main', dir]);
  for (const [file, content] of Object.entries(files)) await commitFiles(dir, { [file]: content }, `Add ${file}`);
  await setup?.(dir);
  await git(['add', '--all', '.'], { cwd: dir });
  await git(['commit', '--quiet', '--allow-empty', '-m', 'Seed'], { cwd: dir });
  await git(['push', '--quiet', bare, 'HEAD:refs/heads/main'], { cwd: dir });
  return git(['rev-parse', 'HEAD'], { cwd: dir });
}

function receivePacks(name: string): number {
  return server.requests.filter((r) => r.method === 'POST' && r.path === `/${name}/git-receive-pack` && r.authorized).length;
}

describe('publish', () => {
  it('creates the branch in an empty manifests repo, with the render under appsPath and traceable trailers', async () => {
    const { url, bare } = await manifestsRepo();
    const source = await gitSourceRepo({
      'config/apps.yaml': APPS,
      'config/flux.yaml': `apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: ${url}\nbranch: production\nappsPath: clusters/home/apps\n`,
    }, 'Deploy hello 1.0.0');
    const { lines, progress } = recorder();

    const result = await run({ source: source.dir, progress });

    assert.equal(result.status, 'published');
    assert.equal(result.createdBranch, true);
    assert.equal(result.branch, 'production');
    assert.ok(lines.includes(`⚠ branch "production" does not exist in "${url}"; creating it with only "clusters/home/apps/"`), lines.join('\n'));
    assert.deepEqual(await readCommitTree(bare, 'production'), Object.fromEntries(Object.entries(await expectedTree(source.dir)).map(([file, content]) => [`clusters/home/apps/${file}`, content])));
    const [commit, ...older] = await commitLog(bare, 'production');
    assert.equal(older.length, 0);
    assert.equal(commit!.commit, result.commit);
    assert.equal(commit!.author, 'homelab-bot <homelab-bot@noreply.invalid>');
    assert.equal(commit!.committer, 'homelab-bot <homelab-bot@noreply.invalid>');
    assert.equal(commit!.message, `Deploy hello 1.0.0\n\nSource-Commit: ${source.commit}\nSource-Repository: https://git.example.com/me/source.git\n`);
  });

  it('replaces only appsPath and keeps everything else byte for byte: modes, symlinks, line endings', async () => {
    const { url, bare } = await manifestsRepo();
    const seeded = await seed(bare, {
      'flux/flux-system/gotk-sync.yaml': 'kind: Kustomization\r\nmetadata:\r\n  name: flux-system\r\n',
      'README.md': '# manifests\n',
      'apps/retired/old.yaml': 'kind: ConfigMap\n',
      'apps/notes.txt': 'not homelab\n',
    }, async (dir) => {
      await writeFile(path.join(dir, 'tool.sh'), '#!/bin/sh\n');
      await chmod(path.join(dir, 'tool.sh'), 0o755);
      await symlink('flux/flux-system', path.join(dir, 'current'));
    });
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });

    const result = await run({ source: source.dir, repo: url });

    const outside = async (rev: string) => (await git(['ls-tree', '-r', rev], { cwd: bare })).split('\n').filter((line) => !line.split('\t')[1]!.startsWith('apps/'));
    assert.deepEqual(await outside('main'), await outside(seeded));
    assert.ok((await outside('main')).some((line) => line.startsWith('120000 ') && line.endsWith('\tcurrent')));
    assert.ok((await outside('main')).some((line) => line.startsWith('100755 ') && line.endsWith('\ttool.sh')));
    assert.deepEqual(await readCommitTree(bare, 'main', 'apps'), await expectedTree(source.dir));
    assert.equal((await commitLog(bare, 'main'))[0]!.parents[0], seeded);
    assert.deepEqual(result.apps.filter((app) => app.change === 'removed').map((app) => [app.id, app.objects]), [['notes.txt', 1], ['retired', 1]]);
  });

  it('makes no commit and pushes nothing when the repo already holds the render', async () => {
    const { url, bare, name } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const first = await run({ source: source.dir, repo: url });
    const pushes = receivePacks(name);
    await commitFiles(source.dir, { 'README.md': 'docs only\n' }, 'Document the repo');
    await writeFile(path.join(source.dir, 'README.md'), 'an uncommitted edit\n');
    const { lines, progress } = recorder();

    const second = await run({ source: source.dir, repo: url, progress });

    assert.equal(second.status, 'up-to-date');
    assert.ok(lines.some((line) => /^⚠ the source repository has uncommitted changes; the render may differ from commit "[0-9a-f]{7}"$/.test(line)), lines.join('\n'));
    assert.equal(second.previousCommit, first.commit);
    assert.equal(second.commit, undefined);
    assert.equal(receivePacks(name), pushes);
    assert.equal((await commitLog(bare, 'main')).length, 1);
  });

  it('reports added, changed and removed apps with their object counts', async () => {
    const { url } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': appsYaml(webApp('one') + webApp('two')) });
    await run({ source: source.dir, repo: url });
    await commitFiles(source.dir, { 'config/apps.yaml': appsYaml(webApp('two', ', replicas: 3') + webApp('three', ', host: three.home.arpa')) }, 'Scale two, replace one by three');

    const result = await run({ source: source.dir, repo: url });

    assert.equal(result.status, 'published');
    const byId = Object.fromEntries(result.apps.map((app) => [app.id, app]));
    assert.deepEqual(Object.keys(byId), ['flux', 'one', 'three', 'two']);
    assert.deepEqual(byId.one, { id: 'one', change: 'removed', objects: 4, added: 0, changed: 0, removed: 4 });
    assert.deepEqual(byId.three, { id: 'three', change: 'added', objects: 5, added: 5, changed: 0, removed: 0 });
    assert.deepEqual(byId.two, { id: 'two', change: 'changed', objects: 4, added: 0, changed: 1, removed: 0 });
    assert.deepEqual(byId.flux, { id: 'flux', change: 'changed', objects: 2, added: 1, changed: 0, removed: 1 });
  });

  it('takes author and committer from the environment and the subject from --message', async () => {
    const { url, bare } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const env = await ciEnv({ GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.test', GIT_COMMITTER_NAME: 'CI', GIT_COMMITTER_EMAIL: 'ci@example.test' });

    await run({ source: source.dir, repo: url, env, message: 'Release 2025.1 — Grüße' });

    const [commit] = await commitLog(bare, 'main');
    assert.equal(commit!.author, 'Ada <ada@example.test>');
    assert.equal(commit!.committer, 'CI <ci@example.test>');
    assert.match(commit!.message, /^Release 2025\.1 — Grüße\n\nSource-Commit: [0-9a-f]{40}\n/);
  });

  it('pushes nothing on a dry run but reports what would change', async () => {
    const { url, name } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });

    const result = await run({ source: source.dir, repo: url, dryRun: true });

    assert.equal(result.status, 'dry-run');
    assert.equal(result.createdBranch, true);
    assert.deepEqual(result.apps.map((app) => `${app.change} ${app.id}`), ['added flux', 'added flux-bootstrap', 'added hello']);
    assert.equal(receivePacks(name), 0);
    assert.equal(await git(['for-each-ref'], { cwd: (await manifestsRepoPath(name)) }), '');
  });

  it('does not push an older source commit over a newer one that is already published', async () => {
    const { url, bare, name } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': appsYaml(webApp('hello', ', replicas: 1')) });
    const older = await worktreeAt(source.dir, source.commit);
    const newer = await commitFiles(source.dir, { 'config/apps.yaml': appsYaml(webApp('hello', ', replicas: 2')) }, 'Scale hello');
    assert.equal((await run({ source: source.dir, repo: url })).status, 'published');
    const pushes = receivePacks(name);

    const result = await run({ source: older, repo: url });

    assert.equal(result.status, 'superseded');
    assert.equal(result.publishedSourceCommit, newer);
    assert.equal(receivePacks(name), pushes);
    assert.deepEqual(await readCommitTree(bare, 'main', 'apps'), await expectedTree(source.dir));
  });

  it('publishes over a commit from another source repository, saying it cannot order the two', async () => {
    const { url } = await manifestsRepo();
    const first = await gitSourceRepo({ 'config/apps.yaml': APPS });
    await run({ source: first.dir, repo: url });
    const second = await gitSourceRepo({ 'config/apps.yaml': appsYaml(webApp('other')) });
    await git(['config', 'remote.origin.url', 'git@git.example.com:me/other-source.git'], { cwd: second.dir });
    const { lines, progress } = recorder();

    assert.equal((await run({ source: second.dir, repo: url, progress })).status, 'published');
    assert.ok(lines.includes('⚠ the branch was last published from "https://git.example.com/me/source.git", not "git@git.example.com:me/other-source.git"; not checking the order of source commits'), lines.join('\n'));
  });

  it('refuses to guess the order in a shallow source clone that lacks the published commit', async () => {
    const { url, bare } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': appsYaml(webApp('hello', ', replicas: 1')) });
    await commitFiles(source.dir, { 'config/apps.yaml': appsYaml(webApp('hello', ', replicas: 2')) }, 'Scale to 2');
    await run({ source: source.dir, repo: url });
    await commitFiles(source.dir, { 'config/apps.yaml': appsYaml(webApp('hello', ', replicas: 3')) }, 'Scale to 3');
    const shallow = path.join(await tempDir(), 'shallow');
    await git(['clone', '--quiet', '--depth=1', `file://${source.dir}`, shallow]);
    await git(['config', 'remote.origin.url', 'https://git.example.com/me/source.git'], { cwd: shallow });
    const before = await git(['rev-parse', 'main'], { cwd: bare });

    await assert.rejects(run({ source: shallow, repo: url }), (error: Error) => {
      assert.ok(error instanceof HomelabError);
      assert.match(error.message, /cannot tell whether the published source commit "[0-9a-f]{7}" is newer than "[0-9a-f]{7}": the source repository is a shallow clone; fetch its full history \(actions\/checkout: fetch-depth: 0\)/);
      return true;
    });
    assert.equal(await git(['rev-parse', 'main'], { cwd: bare }), before);
  });

  it('fetches again and re-applies the render on the new head when it loses a race, keeping the rival commit', async () => {
    const { url, bare } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': appsYaml(webApp('hello', ', replicas: 1')) });
    await run({ source: source.dir, repo: url });
    const rival = path.join(await tempDir(), 'rival');
    await git(['clone', '--quiet', bare, rival]);
    const rivalCommit = await commitFiles(rival, { 'flux/flux-system/gotk-sync.yaml': 'kind: Kustomization\n' }, 'flux bootstrap');
    await commitFiles(source.dir, { 'config/apps.yaml': appsYaml(webApp('hello', ', replicas: 2')) }, 'Scale hello');
    const wrapper = await gitWrapper({ rivalRepo: rival });
    const delays: number[] = [];
    const { lines, progress } = recorder();

    const result = await run({ source: source.dir, repo: url, env: await ciEnv({ PATH: wrapper.path }), progress, sleep: async (ms) => void delays.push(ms) });

    assert.equal(result.status, 'published');
    assert.equal(result.attempts, 2);
    assert.equal(delays.length, 1);
    assert.ok(delays[0]! >= 100 && delays[0]! <= 200, `delay ${delays[0]}`);
    assert.ok(lines.some((line) => /^⚠ "main" moved while publishing \(\[rejected\] \(fetch first\)\); retrying in 0\.\d s$/.test(line)), lines.join('\n'));
    const [ours, theirs] = await commitLog(bare, 'main');
    assert.equal(ours!.commit, result.commit);
    assert.equal(theirs!.commit, rivalCommit);
    assert.equal((await readCommitTree(bare, 'main'))['flux/flux-system/gotk-sync.yaml'], 'kind: Kustomization\n');
    assert.deepEqual(await readCommitTree(bare, 'main', 'apps'), await expectedTree(source.dir));
  });

  it('does not retry a push the server declines for another reason, and says why', async (t) => {
    const { url, name } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    server.setRejectPushes((repo) => (repo === name ? 'branch is protected: changes need a review' : undefined));
    t.after(() => server.setRejectPushes());

    await assert.rejects(run({ source: source.dir, repo: url }), {
      message: `failed to push "main" to "${url}": the remote rejected it ([remote rejected] (pre-receive hook declined); branch is protected: changes need a review); not retrying, as only a moved branch is worth another try`,
    });
    assert.equal(receivePacks(name), 1);
  });

  it('fails clearly on a wrong token, a missing token, a missing repository and an unreachable server', async () => {
    const { url } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const closedPort = await freePort();
    const cases: [Partial<PublishSourceOptions> & { env?: NodeJS.ProcessEnv }, RegExp][] = [
      [{ repo: url, env: await ciEnv({ HOMELAB_GIT_TOKEN: 'wrong-token-value' }) }, /^failed to fetch "main" from "http:\/\/127\.0\.0\.1:\d+\/manifests-\d+\.git": "[^"]+" refused the token in HOMELAB_GIT_TOKEN; check that it is valid, not expired, and may read and write the repository \(git: .*Authentication failed/],
      [{ repo: url, env: await ciEnv({ HOMELAB_GIT_TOKEN: '' }) }, /needs credentials: set HOMELAB_GIT_TOKEN \(or GITHUB_TOKEN\) to a token that may read and write it/],
      [{ repo: server.url('missing.git') }, /^failed to fetch "main" from "[^"]+\/missing\.git": no repository at "[^"]+" \(or the token may not see it\); check repo in config\/flux\.yaml or --repo/],
      [{ repo: `http://127.0.0.1:${closedPort}/manifests.git` }, /^failed to fetch "main" from "http:\/\/127\.0\.0\.1:\d+\/manifests\.git": cannot reach "[^"]+" \(git: .*(Failed to connect|Could not connect|Connection refused)/],
    ];
    for (const [options, expected] of cases) {
      await assert.rejects(run({ source: source.dir, ...options }), (error: Error) => {
        assert.match(error.message, expected);
        assert.ok(!error.message.includes('wrong-token-value') && !error.message.includes(server.token));
        return true;
      });
    }
  });

  it('leaves ssh:// repositories to ssh as git does, and never offers it the token', async () => {
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const dir = await tempDir();
    const seen = path.join(dir, 'ssh-env');
    const ssh = path.join(dir, 'fake-ssh');
    await writeFile(ssh, `#!/bin/sh\nenv > '${seen}'\necho "ssh: connect to host example.test port 22: Connection refused" >&2\nexit 255\n`, { mode: 0o755 });
    await assert.rejects(run({ source: source.dir, repo: 'ssh://git@example.test/me/manifests.git', env: await ciEnv({ GIT_SSH_COMMAND: ssh }) }), {
      message: /^failed to fetch "main" from "ssh:\/\/git@example\.test\/me\/manifests\.git": cannot reach "ssh:\/\/git@example\.test\/me\/manifests\.git" \(git: ssh: connect to host example\.test port 22: Connection refused/,
    });
    const env = await readFile(seen, 'utf8');
    assert.ok(!env.includes(server.token));
    assert.doesNotMatch(env, /HOMELAB_ASKPASS|GIT_ASKPASS|HOMELAB_GIT_TOKEN/);
  });

  it('uses GITHUB_TOKEN when HOMELAB_GIT_TOKEN is unset or empty', async () => {
    const { url } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const result = await run({ source: source.dir, repo: url, env: await ciEnv({ HOMELAB_GIT_TOKEN: '', GITHUB_TOKEN: server.token }) });
    assert.equal(result.status, 'published');
  });

  it('refuses a repository URL with credentials in it', async () => {
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    await assert.rejects(run({ source: source.dir, repo: `http://me:${server.token}@127.0.0.1:1/x.git` }), (error: Error) => {
      assert.equal(error.message, '--repo must not contain credentials: remove "…@" from the URL and set HOMELAB_GIT_TOKEN (and HOMELAB_GIT_USERNAME if the server needs a particular user name)');
      return true;
    });
  });

  it('pushes nothing, and does not even fetch, when the config or the rendered objects are invalid', async () => {
    const { url, name } = await manifestsRepo();
    const badOptions = await gitSourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options: { image: x, replicas: two }\n') });
    await assert.rejects(run({ source: badOptions.dir, repo: url }), /apps\[0\]\.options\.replicas: expected number, got "two"/);
    const plaintextSecret = await gitSourceRepo({
      'config/apps.yaml': appsYaml('  - template: manifests\n    id: leaky\n    options: { paths: [manifests-src/secret.yaml] }\n'),
      'manifests-src/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: leaky }\nstringData: { password: hunter2 }\n',
    });
    await assert.rejects(run({ source: plaintextSecret.dir, repo: url }), /leaky: Secret\/leaky\/db .* plaintext Secret: encrypt it with SOPS/);
    assert.equal(server.requests.filter((r) => r.path.startsWith(`/${name}/`)).length, 0);
  });

  it('needs --source-commit and --message when the source is not a git repository, and then uses them', async () => {
    const { url, bare } = await manifestsRepo();
    const source = await sourceRepo({ 'config/apps.yaml': APPS });
    await assert.rejects(run({ source, repo: url }), {
      message: `source "${source}" is not a git repository, so the source commit is unknown: publish from a clone, or pass --source-commit SHA and --message MSG`,
    });
    const sha = 'a'.repeat(40);
    const env = await ciEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'me/homelab' });
    assert.equal((await run({ source, repo: url, env, sourceCommit: sha, message: 'Built elsewhere' })).status, 'published');
    const [commit] = await commitLog(bare, 'main');
    assert.equal(commit!.message, `Built elsewhere\n\nSource-Commit: ${sha}\nSource-Repository: https://github.com/me/homelab\n`);
  });

  it('leaves no temporary directory behind, whatever the outcome', async () => {
    const { url } = await manifestsRepo();
    const source = await gitSourceRepo({ 'config/apps.yaml': APPS });
    const tmp = await tempDir('homelab-tmpdir-');
    // publish's work directory comes from os.tmpdir(), which reads TMPDIR itself.
    await withProcessEnv({ TMPDIR: tmp }, async () => {
      await run({ source: source.dir, repo: url });
      await assert.rejects(run({ source: source.dir, repo: server.url('missing.git') }));
    });
    // tsx-<uid> is tsx's compile cache: the templates' worker registers tsx when homelab runs from its sources (tests).
    assert.deepEqual((await readdir(tmp)).filter((entry) => !/^tsx-\d+$/.test(entry)), []);
  });
});

async function manifestsRepoPath(name: string): Promise<string> {
  return path.join(server.root, 'repos', name);
}

/** A linked worktree of `dir` at `commit`, so a publish can run from an older source commit. */
async function worktreeAt(dir: string, commit: string): Promise<string> {
  const target = path.join(await tempDir('homelab-worktree-'), 'source');
  await git(['worktree', 'add', '--quiet', '--detach', target, commit], { cwd: dir });
  return target;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}


