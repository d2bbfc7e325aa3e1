// Two clusters from one source repository, with real components: example/two-clusters is published once to a real git
// server, two real kube-apiservers each run the real Flux controllers reconciling their own clusters/<name>/apps, and
// each ends up with exactly its own apps and option values. Moving an app from one cluster to the other in
// config/clusters.yaml prunes it from the first and deploys it on the second.
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRuntime } from '../../src/cli/runtime.ts';
import { publishClusters } from '../../src/pipeline/publish.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { commitFiles, git, testGitEnv } from '../support/git-repos.ts';
import { tempDir } from '../support/source-repo.ts';
import { REPO_ROOT, toolPath } from '../support/tools.ts';
import { connectManifests, editFile } from './example-deployment.ts';
import { allReadyAt, pollKustomizations, requestReconcile } from './flux-state.ts';

let server: GitServer;
let bare: string;
let source: string;
const clusters: Record<'home' | 'lab', Cluster> = {} as Record<'home' | 'lab', Cluster>;

/** Commits the source and publishes every cluster; returns each cluster's Flux revision (one commit for both). */
async function publish(subject: string): Promise<string> {
  await commitFiles(source, {}, subject);
  const { GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, ...env } = await testGitEnv();
  const results = await publishClusters({ source }, createRuntime({ ...env, HOMELAB_GIT_TOKEN: server.token, HOMELAB_HELM: toolPath('helm') }));
  assert.equal(results.length, 1, 'both clusters share the manifests repo: one publish');
  assert.equal(results[0]!.status, 'published');
  assert.deepEqual(results[0]!.clusters?.map((cluster) => cluster.name), ['home', 'lab']);
  for (const cluster of Object.values(clusters)) {
    const repository = await cluster.kubectl(['get', 'gitrepository', 'flux-system', '--namespace=flux-system', '--ignore-not-found', '-o', 'name']);
    if (repository.stdout.trim() !== '') await requestReconcile(cluster, 'gitrepository', 'flux-system');
  }
  return `main@sha1:${results[0]!.commit}`;
}

/** What `homelab bootstrap --cluster NAME` leaves: flux-system reading the repo, and that cluster's flux-bootstrap. */
function connect(name: 'home' | 'lab'): Promise<void> {
  return connectManifests(clusters[name], server, bare, `clusters/${name}/apps`);
}

const deployments = async (cluster: Cluster) =>
  (JSON.parse((await cluster.kubectl(['get', 'deployments', '--all-namespaces', '-o', 'json'])).stdout) as { items: { metadata: { name: string }; spec: { replicas: number } }[] }).items
    .map((item) => `${item.metadata.name}=${item.spec.replicas}`)
    .sort();
const configMapData = async (cluster: Cluster) =>
  (JSON.parse((await cluster.kubectl(['get', 'configmap', 'cluster-info', '--namespace=cluster-info', '-o', 'json'])).stdout) as { data: Record<string, string> }).data;

/** The servers and clusters, started before the tests and awaited by each, so a failed start shows in every test's own error (CI shows those). */
let prepared: Promise<void>;

before(() => {
  prepared = prepare();
  prepared.catch(() => {}); // reported by the tests that await it
});

async function prepare(): Promise<void> {
  server = await startGitServer();
  bare = await server.createBareRepo('manifests.git');
  source = await tempDir('homelab-e2e-clusters-');
  await cp(path.join(REPO_ROOT, 'example/two-clusters'), source, { recursive: true, filter: (src) => path.basename(src) !== 'manifests' });
  await editFile(source, 'config/flux.yaml', (text) => text.replace(/^repo: .*$/m, `repo: ${server.url('manifests.git')}`).replace(/^interval: .*$/m, 'interval: 10s'));
  await git(['init', '--quiet', '--initial-branch=main', source]);
  // One after the other: each starts etcd, kube-apiserver, kwok and the Flux controllers.
  clusters.home = await startCluster();
  clusters.lab = await startCluster();
}

after(async () => {
  await prepared?.catch(() => {});
  await clusters.home?.stop();
  await clusters.lab?.stop();
  await server?.close();
});

describe('two clusters from one source repository, each with its own real Flux', { timeout: 900_000 }, () => {
  it('publishes once; each cluster reconciles exactly its own app set with its own option values', async () => {
    await prepared;
    const revision = await publish('Two clusters');
    await connect('home');
    await connect('lab');
    const home = await pollKustomizations(clusters.home, allReadyAt(['flux', 'cluster-info', 'podinfo', 'blog'], revision), { timeoutMs: 240_000, what: 'home Ready' });
    const lab = await pollKustomizations(clusters.lab, allReadyAt(['flux', 'cluster-info', 'podinfo'], revision), { timeoutMs: 240_000, what: 'lab Ready' });
    assert.deepEqual([...home.keys()].sort(), ['blog', 'cluster-info', 'flux', 'podinfo']);
    assert.deepEqual([...lab.keys()].sort(), ['cluster-info', 'flux', 'podinfo']);
    assert.deepEqual(await deployments(clusters.home), ['blog=1', 'podinfo=2']);
    assert.deepEqual(await deployments(clusters.lab), ['podinfo=1']);
    assert.deepEqual(await configMapData(clusters.home), { cluster: 'home', domain: 'home.arpa' });
    assert.deepEqual(await configMapData(clusters.lab), { cluster: 'lab', domain: 'lab.home.arpa' });
  });

  it('moving blog from home to lab prunes it from home and deploys it on lab', async () => {
    await prepared;
    await editFile(source, 'config/clusters.yaml', (text) =>
      text.replace('  - name: home\n', '  - name: home\n    apps: [cluster-info, podinfo]\n').replace('apps: [cluster-info, podinfo]\n    overrides', 'apps: [cluster-info, podinfo, blog]\n    overrides'));
    const revision = await publish('Move blog to lab');
    await pollKustomizations(clusters.lab, allReadyAt(['flux', 'cluster-info', 'podinfo', 'blog'], revision), { timeoutMs: 240_000, what: 'lab runs blog' });
    const home = await pollKustomizations(clusters.home, (snapshot) => !snapshot.has('blog') && allReadyAt(['flux', 'cluster-info', 'podinfo'], revision)(snapshot), { timeoutMs: 240_000, what: 'home without blog' });
    assert.deepEqual([...home.keys()].sort(), ['cluster-info', 'flux', 'podinfo']);
    // Flux garbage-collects what the removed Kustomization applied (its namespace and everything in it).
    const deadline = Date.now() + 120_000;
    while ((await deployments(clusters.home)).includes('blog=1') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(await deployments(clusters.home), ['podinfo=2']);
    assert.deepEqual(await deployments(clusters.lab), ['blog=1', 'podinfo=1']);
  });
});
