// homelab status (and report) with a cluster that does not answer, a kubeconfig without the context, and a
// --repo that is not the manifests repository: clear errors, the right exit codes, nothing lost.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../src/kube/kubeconfig.ts';
import { freePort } from '../support/cluster.ts';
import { commitFiles, git } from '../support/git-repos.ts';
import { runCliWith } from '../support/run-cli.ts';
import { EXAMPLE_DIR, tempDir } from '../support/source-repo.ts';

/** A kubeconfig (JSON is YAML) with one context per entry, each naming its own cluster. */
function kubeconfig(contexts: Record<string, string>, current?: string): string {
  const names = Object.keys(contexts);
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: names.map((name) => ({ name: `${name}-cluster`, cluster: { server: contexts[name], 'insecure-skip-tls-verify': true } })),
    users: names.map((name) => ({ name: `${name}-user`, user: { token: 'not-a-secret' } })),
    contexts: names.map((name) => ({ name, context: { cluster: `${name}-cluster`, user: `${name}-user` } })),
    ...(current !== undefined && { 'current-context': current }),
  });
}

let dir: string;
let refused: string;
/** The variables homelab gets on top of the test environment: only this directory's kubeconfig. */
let env: NodeJS.ProcessEnv;

before(async () => {
  dir = await tempDir();
  // A port nothing listens on: connecting is refused at once, as with a stopped cluster.
  refused = `https://127.0.0.1:${await freePort()}`;
  await writeFile(path.join(dir, 'config'), kubeconfig({ home: refused }, 'home'));
  env = { KUBECONFIG: path.join(dir, 'config'), HOME: dir };
});

describe('homelab status when the cluster cannot be read', () => {
  it('says the cluster is unreachable and exits 2', async () => {
    const { code, stdout, stderr } = await runCliWith(env, 'status --source', EXAMPLE_DIR);
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`✗ cannot reach the cluster of context "home" \\(${refused.replace(/\./g, '\\.')}\\): connect ECONNREFUSED`));
  });

  it('names the contexts the kubeconfig has when --context is not one of them, and exits 2', async () => {
    const { code, stderr } = await runCliWith(env, 'status --context', 'work', '--source', EXAMPLE_DIR);
    assert.equal(code, 2);
    assert.match(stderr, /✗ context "work" is not in the kubeconfig \(".*config"\); contexts: home/);
  });

  it('says so when the current-context is missing, or there is no kubeconfig at all', async () => {
    const broken = path.join(dir, 'broken');
    await writeFile(broken, kubeconfig({ home: refused }, 'gone'));
    const missing = await runCliWith({ ...env, KUBECONFIG: broken }, 'status --source', EXAMPLE_DIR);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /✗ context "gone" is not in the kubeconfig \(".*broken"\) \(it is the current-context\); contexts: home/);

    const none = await runCliWith({ ...env, KUBECONFIG: path.join(dir, 'nothing-here') }, 'status --source', EXAMPLE_DIR);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /✗ no kubeconfig found: nothing at KUBECONFIG \(".*nothing-here"\)/);
  });

  it('refuses a --repo that is not a clone of the manifests repository, before reading the cluster', async () => {
    const notGit = await runCliWith(env, 'status --source', EXAMPLE_DIR, '--repo', dir);
    assert.equal(notGit.code, 2);
    assert.match(notGit.stderr, /✗ --repo ".*" is not a clone of the manifests repository \(https:\/\/github\.com\/example\/homelab-manifests\.git in config\/flux\.yaml\): it is not a git repository/);

    // A git repository, but another one (here: a copy of the source repository).
    const other = await tempDir();
    await git(['init', '--quiet', '--initial-branch=main', other]);
    await commitFiles(other, { 'config/apps.yaml': await readFile(path.join(EXAMPLE_DIR, 'config/apps.yaml'), 'utf8') }, 'Source');
    const wrong = await runCliWith(env, 'status --source', EXAMPLE_DIR, '--repo', other);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /is not a clone of the manifests repository .*: "main" has no apps\/flux-bootstrap\/flux\.yaml/);
  });

  it('still writes the report, without live status, saying why', async () => {
    const output = path.join(await tempDir(), 'report');
    const { code, stderr } = await runCliWith(env, 'report --source', EXAMPLE_DIR, '--output', output);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /⚠ no live status: cannot reach the cluster of context "home" .*ECONNREFUSED/);
    const html = await readFile(path.join(output, 'index.html'), 'utf8');
    assert.match(html, /"status":\{"available":false,"reason":"cannot reach the cluster of context \\"home\\"/);
  });

  it('fails the report for a --context the kubeconfig does not have, and leaves the previous report', async () => {
    const output = path.join(await tempDir(), 'report');
    assert.equal((await runCliWith(env, 'report --no-cluster --source', EXAMPLE_DIR, '--output', output)).code, 0);
    const before = await readFile(path.join(output, 'index.html'), 'utf8');
    const { code, stderr } = await runCliWith(env, 'report --context', 'work', '--source', EXAMPLE_DIR, '--output', output);
    assert.equal(code, 1);
    assert.match(stderr, /✗ context "work" is not in the kubeconfig/);
    assert.equal(await readFile(path.join(output, 'index.html'), 'utf8'), before);
  });
});

describe('kubeconfig files, merged as kubectl merges them', () => {
  it('skips missing files, lets the first file win for a name, and takes the first current-context', async () => {
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    await writeFile(first, kubeconfig({ home: 'https://first.invalid:6443' }));
    await writeFile(second, kubeconfig({ home: 'https://second.invalid:6443', lab: 'https://lab.invalid:6443' }, 'lab'));
    const list = [path.join(dir, 'absent'), first, '', second].join(path.delimiter);
    const chosen = loadKubeconfig({ KUBECONFIG: list });
    assert.deepEqual([chosen.context, chosen.server], ['lab', 'https://lab.invalid:6443']);
    const home = loadKubeconfig({ KUBECONFIG: list }, 'home');
    assert.equal(home.server, 'https://first.invalid:6443', 'the first file to define "home" wins');
  });

  it('reads ~/.kube/config when KUBECONFIG is unset or empty', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, '.kube'));
    await writeFile(path.join(home, '.kube', 'config'), kubeconfig({ desk: 'https://desk.invalid:6443' }, 'desk'));
    assert.equal(loadKubeconfig({ HOME: home, KUBECONFIG: '' }).server, 'https://desk.invalid:6443');
  });
});
