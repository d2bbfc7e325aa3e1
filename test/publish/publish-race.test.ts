// Racing CI runs and the token: eight publishes of eight successive source commits at once, against the real
// git server, and a search for the token in everything those runs printed, passed, wrote and committed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { secretForms } from '../../src/git/redact.ts';
import { createRuntime } from '../../src/cli/runtime.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { publishSource } from '../../src/pipeline/publish.ts';
import type { PublishResult } from '../../src/publish/publish.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { commitFiles, commitLog, git, gitSourceRepo, readCommitTree, testGitEnv } from '../support/git-repos.ts';
import { gitWrapper } from '../support/git-wrapper.ts';
import { testRuntime } from '../support/runtime.ts';
import { findSecret } from '../support/secret-scan.ts';
import { appsYaml, tempDir } from '../support/source-repo.ts';

const RUNS = 8;
const apps = (revision: number) =>
  appsYaml(
    `  - template: web-app\n    id: hello\n    options: { image: "ghcr.io/example/hello:1.${revision}.0", replicas: ${revision} }\n` +
      (revision % 2 === 0 ? `  - template: web-app\n    id: even\n    options: { image: ghcr.io/example/even:1.0.0 }\n` : ''),
  );

let server: GitServer;
before(async () => {
  server = await startGitServer();
});
after(() => server.close());

describe('publish under concurrency', () => {
  it('eight racing publishes of eight successive source commits end with the newest render, in source order, token nowhere', async () => {
    const name = 'raced.git';
    const bare = await server.createBareRepo(name);
    const url = server.url(name);
    const source = await gitSourceRepo({ 'config/apps.yaml': apps(1) }, 'Release 1');
    const commits = [source.commit];
    for (let revision = 2; revision <= RUNS; revision++) commits.push(await commitFiles(source.dir, { 'config/apps.yaml': apps(revision) }, `Release ${revision}`));

    // One checkout per source commit, as eight CI runs would have.
    const checkouts: string[] = [];
    for (const [index, commit] of commits.entries()) {
      const dir = path.join(await tempDir('homelab-race-'), `source-${index + 1}`);
      await git(['worktree', 'add', '--quiet', '--detach', dir, commit], { cwd: source.dir });
      checkouts.push(dir);
    }
    const expected: Record<string, string>[] = [];
    for (const dir of checkouts) expected.push(Object.fromEntries((await renderSource(dir, testRuntime())).tree));

    const wrapper = await gitWrapper();
    const { GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, ...clean } = await testGitEnv();
    const env = { ...clean, PATH: wrapper.path, HOMELAB_GIT_TOKEN: server.token };
    const workDirs = await Promise.all(checkouts.map(async (_, index) => path.join(await tempDir('homelab-race-work-'), `run-${index + 1}`)));
    const output: string[] = [];
    const line = (prefix: string) => (message: string) => void output.push(`${prefix} ${message}`);

    const settled = await Promise.allSettled(
      checkouts.map((dir, index) =>
        publishSource({ source: dir, repo: url, workDir: workDirs[index]!, progress: { action: line('►'), success: line('✔'), warning: line('⚠') } }, createRuntime(env)),
      ),
    );
    for (const outcome of settled) output.push(outcome.status === 'fulfilled' ? JSON.stringify(outcome.value) : String((outcome.reason as Error).stack));
    const results = settled.map((outcome, index) => {
      assert.equal(outcome.status, 'fulfilled', `run ${index + 1}: ${outcome.status === 'rejected' ? (outcome.reason as Error).message : ''}\n${output.join('\n')}`);
      return (outcome as PromiseFulfilledResult<PublishResult>).value;
    });

    // The newest always lands: nothing newer exists to supersede it, and its render differs from every other.
    assert.equal(results[RUNS - 1]!.status, 'published');
    for (const result of results) assert.ok(['published', 'superseded'].includes(result.status), result.status);
    assert.deepEqual(await readCommitTree(bare, 'main', 'apps'), expected[RUNS - 1]);

    // Along the manifests history: the right trailers and subject, the render of the named commit, and
    // source commits strictly newer than the parent's.
    const history = (await commitLog(bare, 'main')).reverse();
    const published = results.filter((result) => result.status === 'published').map((result) => result.commit);
    assert.deepEqual(history.map((commit) => commit.commit).sort(), [...published].sort());
    let previous = -1;
    for (const commit of history) {
      const [subject, , ...trailers] = commit.message.trimEnd().split('\n');
      const sourceCommit = trailers[0]!.replace('Source-Commit: ', '');
      const index = commits.indexOf(sourceCommit);
      assert.ok(index > previous, `manifests commit ${commit.commit} publishes source #${index + 1} after #${previous + 1}`);
      assert.deepEqual(trailers, [`Source-Commit: ${commits[index]}`, 'Source-Repository: https://git.example.com/me/source.git']);
      assert.equal(subject, `Release ${index + 1}`);
      assert.equal(commit.author, 'homelab-bot <homelab-bot@noreply.invalid>');
      assert.deepEqual(await readCommitTree(bare, commit.commit, 'apps'), expected[index]);
      previous = index;
    }
    const attempts = results.reduce((sum, result) => sum + result.attempts, 0);
    output.push(`attempts: ${attempts}`);

    // The token, in every form it could travel in, appears in no output, no argv, no file and no git object.
    const needles = secretForms(server.token, 'x-access-token');
    assert.deepEqual(output.filter((text) => needles.some((needle) => text.includes(needle))), []);
    const argv = await wrapper.argv();
    assert.ok(argv.some((args) => args.includes('push')), 'the wrapper saw the pushes');
    assert.deepEqual(argv.filter((args) => args.some((arg) => needles.some((needle) => arg.includes(needle)))), []);
    assert.deepEqual(await findSecret([...workDirs, ...checkouts.map((dir) => path.dirname(dir)), source.dir, wrapper.dir, server.root], needles), []);
    // The working repositories were kept for this search: they hold no remote URL, credentials or helper.
    for (const dir of workDirs) assert.doesNotMatch(await git(['config', '--list', '--local'], { cwd: path.join(dir, 'manifests.git') }), /url|credential|extraheader/i);
  });

  it('the token appears nowhere on the error paths either: refused token, declined push, lost race', async (t) => {
    const name = 'errors.git';
    const bare = await server.createBareRepo(name);
    const url = server.url(name);
    const source = await gitSourceRepo({ 'config/apps.yaml': apps(1) });
    const rival = path.join(await tempDir('homelab-rival-'), 'rival');
    const { GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, ...clean } = await testGitEnv();
    const work = await tempDir('homelab-errors-work-');
    const output: string[] = [];
    const progress = { action: (m: string) => void output.push(m), success: (m: string) => void output.push(m), warning: (m: string) => void output.push(m) };
    const attempt = async (label: string, wrapperPath: string, token: string) => {
      try {
        output.push(JSON.stringify(await publishSource({ source: source.dir, repo: url, workDir: path.join(work, label), progress, sleep: async () => {} }, createRuntime({ ...clean, PATH: wrapperPath, HOMELAB_GIT_TOKEN: token }))));
      } catch (error) {
        output.push(String((error as Error).stack), String((error as Error).cause instanceof Error ? ((error as Error).cause as Error).stack : ''));
      }
    };

    const plain = await gitWrapper();
    await attempt('published', plain.path, server.token);
    await git(['clone', '--quiet', bare, rival]);
    await commitFiles(rival, { 'flux/rival.yaml': 'kind: Kustomization\n' }, 'Rival');
    await commitFiles(source.dir, { 'config/apps.yaml': apps(2) }, 'Release 2');
    const racing = await gitWrapper({ rivalRepo: rival });
    await attempt('raced', racing.path, server.token);
    await commitFiles(source.dir, { 'config/apps.yaml': apps(3) }, 'Release 3');
    server.setRejectPushes(`rejected: ${'secret-shaped-but-not-the-token'}`);
    t.after(() => server.setRejectPushes());
    await attempt('declined', plain.path, server.token);
    const wrongToken = `${server.token}-but-wrong`;
    await attempt('refused', plain.path, wrongToken);

    assert.match(output.join('\n'), /retrying in/);
    assert.match(output.join('\n'), /the remote rejected it/);
    assert.match(output.join('\n'), /refused the token in HOMELAB_GIT_TOKEN/);
    const needles = [...secretForms(server.token, 'x-access-token'), ...secretForms(wrongToken, 'x-access-token')];
    assert.deepEqual(output.filter((text) => needles.some((needle) => text.includes(needle))), []);
    const argv = [...(await plain.argv()), ...(await racing.argv())];
    assert.deepEqual(argv.filter((args) => args.some((arg) => needles.some((needle) => arg.includes(needle)))), []);
    assert.deepEqual(await findSecret([work, source.dir, rival, plain.dir, racing.dir, server.root], needles), []);
  });
});
