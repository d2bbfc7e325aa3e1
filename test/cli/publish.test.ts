import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { overrideTestEnv } from '../support/env.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { commitFiles, commitLog, gitSourceRepo } from '../support/git-repos.ts';
import { startSilentServer } from '../support/http-servers.ts';
import { runCli, runCliWith } from '../support/run-cli.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';

const app = (id: string, replicas = 1) => `  - template: web-app\n    id: ${id}\n    options: { image: ghcr.io/example/${id}:1.0.0, replicas: ${replicas} }\n`;

let server: GitServer;
let repos = 0;
let restoreEnv: () => void;

before(async () => {
  server = await startGitServer();
  restoreEnv = overrideTestEnv({ HOMELAB_GIT_TOKEN: server.token, GITHUB_TOKEN: undefined });
});
after(async () => {
  restoreEnv();
  await server.close();
});

/** A git source repo whose flux.yaml points at a fresh repo on the test server. */
async function setup(apps: string): Promise<{ dir: string; commit: string; url: string; bare: string }> {
  const name = `cli-${++repos}.git`;
  const url = server.url(name);
  const bare = await server.createBareRepo(name);
  const source = await gitSourceRepo({ 'config/apps.yaml': apps, 'config/flux.yaml': `apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: ${url}\n` });
  return { ...source, url, bare };
}

describe('homelab publish', () => {
  it('publishes to the repo in config/flux.yaml, prints the per-app summary and exits 0', async () => {
    const { dir, url } = await setup(appsYaml(app('blog')));
    const run = await runCli('publish --source', dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '+ blog            4 objects (4 added)\n+ flux            1 object (1 added)\n+ flux-bootstrap  1 object (1 added)\n');
    const lines = run.stderr.trimEnd().split('\n');
    assert.equal(lines[0], `► rendering apps from "${dir}"`);
    assert.equal(lines[1], `► cloning branch "main" from "${url}"`);
    assert.equal(lines[2], `⚠ branch "main" does not exist in "${url}"; creating it with only "apps/"`);
    assert.match(lines[3]!, new RegExp(`^► pushing "main" \\([0-9a-f]{7}\\) to "${url}"$`));
    assert.match(lines[4]!, new RegExp(`^✔ pushed "main" \\([0-9a-f]{7}\\) to "${url}", creating the branch: 3 apps added, 0 changed, 0 removed$`));
  });

  it('says the manifests are up to date and exits 0 when nothing changed', async () => {
    const { dir, url } = await setup(appsYaml(app('blog')));
    assert.equal((await runCli('publish --source', dir)).code, 0);
    const run = await runCli('publish --source', dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, new RegExp(`✔ manifests are up to date: "main" of "${url}" already holds this render\n$`));
  });

  it('prints the result as JSON with --json', async () => {
    const { dir, commit, url, bare } = await setup(appsYaml(app('blog')));
    await runCli('publish --source', dir);
    const second = await commitFiles(dir, { 'config/apps.yaml': appsYaml(app('blog', 2) + app('shop')) }, 'Add the shop');
    const run = await runCli('publish --json --source', dir);
    assert.equal(run.code, 0, run.stderr);
    const [head, parent] = await commitLog(bare, 'main');
    assert.deepEqual(JSON.parse(run.stdout), {
      repo: url,
      branch: 'main',
      appsPath: 'apps',
      sourceCommit: second,
      sourceRepository: 'https://git.example.com/me/source.git',
      status: 'published',
      previousCommit: parent!.commit,
      commit: head!.commit,
      createdBranch: false,
      attempts: 1,
      apps: [
        { id: 'blog', change: 'changed', objects: 4, added: 0, changed: 1, removed: 0 },
        { id: 'flux', change: 'changed', objects: 2, added: 1, changed: 0, removed: 0 },
        { id: 'shop', change: 'added', objects: 4, added: 4, changed: 0, removed: 0 },
      ],
    });
    assert.notEqual(commit, second);
  });

  it('takes --repo, --branch, --source-commit and --message over the defaults; --dry-run pushes nothing', async () => {
    const { dir, commit, bare } = await setup(appsYaml(app('blog')));
    await commitFiles(dir, { 'config/apps.yaml': appsYaml(app('blog', 3)) }, 'Scale the blog');
    const other = await setup(appsYaml(app('unused')));

    const dry = await runCli('publish --dry-run --branch staging --source', dir, '--repo', other.url);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, new RegExp(`✔ dry run: would create "staging" of "${other.url}" with 3 apps added, 0 changed, 0 removed; nothing pushed\n$`));
    assert.deepEqual(await commitLog(other.bare, 'staging').catch(() => []), []);

    const run = await runCli('publish --branch staging --source-commit', commit, '--message', 'Hotfix from the first commit', '--source', dir, '--repo', other.url);
    assert.equal(run.code, 0, run.stderr);
    const [published] = await commitLog(other.bare, 'staging');
    assert.equal(published!.message, `Hotfix from the first commit\n\nSource-Commit: ${commit}\nSource-Repository: https://git.example.com/me/source.git\n`);
    assert.deepEqual(await commitLog(bare, 'main').catch(() => []), []);
  });

  it('exits 0 and says why when a newer source commit is already published', async () => {
    const { dir, commit } = await setup(appsYaml(app('blog')));
    const newer = await commitFiles(dir, { 'config/apps.yaml': appsYaml(app('blog', 2)) }, 'Scale the blog');
    assert.equal((await runCli('publish --source', dir)).code, 0);
    const run = await runCli('publish --message Older --source-commit', commit, '--source', dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`✔ a newer source commit "${newer.slice(0, 7)}" is already published to "main" of "[^"]+"; nothing to do for "${commit.slice(0, 7)}"\n$`));
  });

  it('exits 1 with a ✗ line, and never the token, when the token is refused', async () => {
    const { dir, url } = await setup(appsYaml(app('blog')));
    const wrong = 'ghp_wrongwrongwrongwrongwrong';
    const run = await runCliWith({ HOMELAB_GIT_TOKEN: wrong }, 'publish --verbose --source', dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`✗ failed to fetch "main" from "${url}": "${url}" refused the token in HOMELAB_GIT_TOKEN; check that it is valid`));
    assert.ok(!`${run.stdout}${run.stderr}`.includes(wrong));
    assert.ok(!`${run.stdout}${run.stderr}`.includes(Buffer.from(`x-access-token:${wrong}`).toString('base64')));
  });

  it('exits 1 naming the fix when the source is not a git repository', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(app('blog')) });
    const run = await runCli('publish --source', dir);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `► rendering apps from "${dir}"\n✗ source "${dir}" is not a git repository, so the source commit is unknown: publish from a clone, or pass --source-commit SHA and --message MSG\n`);
  });

  it('--timeout bounds each fetch and push: a server that never answers fails the run with the reason', async () => {
    const { dir } = await setup(appsYaml(app('blog')));
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const run = await runCli('publish --timeout 2s --source', dir, '--repo', `http://127.0.0.1:${silent.port}/m.git`);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /✗ failed to fetch "main" from "http:\/\/127\.0\.0\.1:\d+\/m\.git": .*(stopped sending data|did not finish answering within 2 s)/);
      assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    } finally {
      await silent.close();
    }
  });

  it('never runs a --repo value as a git option', async () => {
    const { dir } = await setup(appsYaml(app('blog')));
    const marker = path.join(await tempDir(), 'ran');
    for (const argv of [['--repo', `--upload-pack=touch ${marker};`], [`--repo=--upload-pack=touch`]]) {
      const run = await runCli('publish --source', dir, ...argv);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /✗ --repo "--upload-pack=touch.*" (is not a repository URL|holds spaces or control characters)/);
    }
    assert.ok(!existsSync(marker));
  });
});
