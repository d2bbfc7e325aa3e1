import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { overrideTestEnv } from '../support/env.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { commitFiles, commitLog, gitSourceRepo, readCommitTree } from '../support/git-repos.ts';
import { runCli } from '../support/run-cli.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';

const APPS = appsYaml(`  - template: web-app
    id: db
    options: { image: ghcr.io/example/db:1.0.0 }
  - template: web-app
    id: web
    dependencies: [db]
    options: { image: ghcr.io/example/web:1.0.0, replicas: 2 }
  - template: web-app
    id: tools
    options: { image: ghcr.io/example/tools:1.0.0 }
`);

const clustersYaml = (body: string) => `apiVersion: v1alpha1\nkind: HomelabClustersConfig\nclusters:\n${body}`;
const TWO = clustersYaml(`  - name: home
  - name: lab
    kubeVersion: "1.34"
    apps: [db, web]
    overrides:
      web: { options: { replicas: 5 } }
`);

const replicasIn = async (file: string) => (parse(await readFile(file, 'utf8')) as { spec: { replicas: number } }).spec.replicas;

let server: GitServer;
let restoreEnv: () => void;
before(async () => {
  server = await startGitServer();
  restoreEnv = overrideTestEnv({ HOMELAB_GIT_TOKEN: server.token, GITHUB_TOKEN: undefined });
});
after(async () => {
  restoreEnv();
  await server.close();
});

describe('several clusters on the command line', () => {
  it('generate-manifests writes <output>/<cluster>/ per cluster, with each cluster its apps, options and paths', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS, 'config/clusters.yaml': TWO });
    const output = path.join(await tempDir(), 'out');
    const run = await runCli('generate-manifests --source', source, '--output', output);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /for 2 clusters \(home, lab\)/);
    assert.deepEqual((await readdir(output)).filter((name) => !name.startsWith('.')).sort(), ['home', 'lab']);
    assert.deepEqual((await readdir(path.join(output, 'home'))).sort(), ['db', 'flux', 'flux-bootstrap', 'tools', 'web']);
    assert.deepEqual((await readdir(path.join(output, 'lab'))).sort(), ['db', 'flux', 'flux-bootstrap', 'web']);
    assert.equal(await replicasIn(path.join(output, 'home/web/29-deployment-web.yaml')), 2);
    assert.equal(await replicasIn(path.join(output, 'lab/web/29-deployment-web.yaml')), 5);
    const kustomization = parse(await readFile(path.join(output, 'lab/flux/web.yaml'), 'utf8')) as { spec: { path: string } };
    assert.equal(kustomization.spec.path, './clusters/lab/apps/web');
    const bootstrap = parse(await readFile(path.join(output, 'lab/flux-bootstrap/flux.yaml'), 'utf8')) as { spec: { path: string } };
    assert.equal(bootstrap.spec.path, './clusters/lab/apps/flux');

    // --cluster rewrites only that cluster's folder; the other one stays as it was.
    await writeFile(path.join(source, 'config/clusters.yaml'), TWO.replace('replicas: 5', 'replicas: 7'));
    const one = await runCli('generate-manifests --source', source, '--output', output, '--cluster', 'lab');
    assert.equal(one.code, 0, one.stderr);
    assert.equal(await replicasIn(path.join(output, 'lab/web/29-deployment-web.yaml')), 7);
    assert.equal(await replicasIn(path.join(output, 'home/web/29-deployment-web.yaml')), 2);

    // diff per cluster against that output: only lab's web would change back.
    await writeFile(path.join(source, 'config/clusters.yaml'), TWO);
    const diff = await runCli('diff --format json --source', source, '--against', output);
    assert.equal(diff.code, 1, diff.stderr);
    assert.deepEqual((JSON.parse(diff.stdout) as { apps: { id: string }[] }).apps.map((app) => app.id), ['lab/web']);
  });

  it('validate checks each cluster against its own kubeVersion', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS, 'config/clusters.yaml': TWO });
    const run = await runCli('validate --json --source', source);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { valid: boolean; clusters: { cluster: string; kubeVersion: string; apps: { id: string }[] }[] };
    assert.deepEqual(result.clusters.map((c) => [c.cluster, c.kubeVersion, c.apps.map((app) => app.id)]), [['home', '1.34', ['db', 'web', 'tools']], ['lab', '1.34', ['db', 'web']]]);
    assert.match(run.stderr, /✔ cluster "lab": 2 apps \(\d+ objects\) valid for Kubernetes 1\.34/);
    // lab's own kubeVersion is what lab is checked against (one homelab has no schemas for); home passes.
    await writeFile(path.join(source, 'config/clusters.yaml'), TWO.replace('kubeVersion: "1.34"', 'kubeVersion: "1.2"'));
    const other = await runCli('validate --source', source);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /config\/clusters\.yaml:\d+:\d+ clusters\[1\]\.kubeVersion: cluster "lab": Kubernetes "1\.2" has no schemas/);
    assert.doesNotMatch(other.stderr, /cluster "home"/);
  });

  it('refuses an unknown --cluster with a did-you-mean, and bootstrap of several clusters, changing nothing', async () => {
    const source = await sourceRepo({ 'config/apps.yaml': APPS, 'config/clusters.yaml': TWO });
    const output = path.join(await tempDir(), 'out');
    const unknown = await runCli('generate-manifests --source', source, '--output', output, '--cluster', 'lba');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /✗ --cluster "lba" is not a cluster in config\/clusters\.yaml; did you mean "lab"\?; clusters: home, lab/);
    await assert.rejects(readdir(output), { code: 'ENOENT' });
    const several = await runCli('bootstrap --yes --dry-run --source', source);
    assert.equal(several.code, 1);
    assert.match(several.stderr, /✗ bootstrap works on one cluster at a time and config\/clusters\.yaml lists 2 \(home, lab\): pass --cluster NAME/);
    const two = await runCli('bootstrap --yes --dry-run --cluster home lab --source', source);
    assert.equal(two.code, 1);
    assert.match(two.stderr, /✗ bootstrap works on one cluster at a time, not 2/);
    const none = await sourceRepo({ 'config/apps.yaml': APPS });
    const noFile = await runCli('validate --cluster home --source', none);
    assert.equal(noFile.code, 1);
    assert.match(noFile.stderr, /has no config\/clusters\.yaml, so it has one cluster; remove --cluster/);
  });

  it('publish makes one commit per manifests repository holding all of its clusters, named in subject and trailers', async () => {
    const shared = server.url('clusters-shared.git');
    const other = server.url('clusters-other.git');
    const sharedBare = await server.createBareRepo('clusters-shared.git');
    const otherBare = await server.createBareRepo('clusters-other.git');
    const { dir } = await gitSourceRepo({
      'config/apps.yaml': APPS,
      'config/flux.yaml': `apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: ${shared}\n`,
      'config/clusters.yaml': clustersYaml(`  - name: home
  - name: lab
    apps: [db, web]
  - name: cloud
    repo: ${other}
    apps: [tools]
`),
    }, 'Three clusters');
    const run = await runCli('publish --source', dir);
    assert.equal(run.code, 0, run.stderr);
    const [sharedCommit] = await commitLog(sharedBare, 'main');
    assert.match(sharedCommit!.message, /^Three clusters \[home, lab\]\n/);
    assert.match(sharedCommit!.message, /\nHomelab-Clusters: home, lab\n/);
    const tree = Object.keys(await readCommitTree(sharedBare, 'main'));
    assert.ok(tree.includes('clusters/home/apps/tools/29-deployment-tools.yaml'), tree.join('\n'));
    assert.ok(tree.includes('clusters/lab/apps/web/29-deployment-web.yaml'));
    assert.ok(!tree.some((file) => file.startsWith('clusters/lab/apps/tools/')));
    assert.ok(!tree.some((file) => file.startsWith('clusters/cloud/')));
    const otherTree = Object.keys(await readCommitTree(otherBare, 'main'));
    assert.ok(otherTree.every((file) => file.startsWith('clusters/cloud/apps/')), otherTree.join('\n'));
    assert.ok(otherTree.includes('clusters/cloud/apps/tools/29-deployment-tools.yaml'));
    assert.match(run.stderr, /✔ clusters home, lab: pushed "main"/);
    assert.match(run.stderr, /✔ clusters cloud: pushed "main"/);

    // Moving tools from home to lab: one commit moves both clusters together.
    await commitFiles(dir, { 'config/clusters.yaml': clustersYaml(`  - name: home
    apps: [db, web]
  - name: lab
    apps: [db, web, tools]
  - name: cloud
    repo: ${other}
    apps: [tools]
`) }, 'Move tools to lab');
    const again = await runCli('publish --json --cluster home lab --source', dir);
    assert.equal(again.code, 0, again.stderr);
    const results = JSON.parse(again.stdout) as { clusters: { name: string }[]; apps: { id: string; change: string }[] }[];
    assert.equal(results.length, 1);
    assert.deepEqual(results[0]!.apps.filter((app) => app.id.endsWith('/tools')).map((app) => [app.id, app.change]), [['home/tools', 'removed'], ['lab/tools', 'added']]);
    assert.equal((await commitLog(sharedBare, 'main')).length, 2);
    assert.equal((await commitLog(otherBare, 'main')).length, 1);
  });
});
