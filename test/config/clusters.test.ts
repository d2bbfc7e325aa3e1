import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/errors.ts';
import { renderClusters } from '../../src/pipeline/pipeline.ts';
import { testRuntime } from '../support/runtime.ts';
import { appsYaml, sourceRepo } from '../support/source-repo.ts';

const APPS = appsYaml(`  - template: web-app
    id: db
    options: { image: ghcr.io/example/db:1.0.0, replicas: 1, env: { A: "1", B: "2" } }
  - template: web-app
    id: web
    dependencies: [db]
    options: { image: ghcr.io/example/web:1.0.0 }
  - template: web-app
    id: tools
    options: { image: ghcr.io/example/tools:1.0.0 }
`);

const clustersYaml = (body: string) => `apiVersion: v1alpha1\nkind: HomelabClustersConfig\nclusters:\n${body}`;

async function configErrors(clusters: string): Promise<string> {
  const dir = await sourceRepo({ 'config/apps.yaml': APPS, 'config/clusters.yaml': clusters });
  const error = await loadConfig(dir).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
  return error.message;
}

describe('config/clusters.yaml', () => {
  it('is optional: without it, one cluster named default and no clusters list', async () => {
    const config = await loadConfig(await sourceRepo({ 'config/apps.yaml': APPS }));
    assert.equal(config.clusters, undefined);
    assert.deepEqual(config.cluster, { name: 'default', facts: {} });
  });

  it('resolves each cluster: flux.yaml with per-cluster default paths and overrides, its apps, merged options', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': APPS,
      'config/clusters.yaml': clustersYaml(`  - name: home
  - name: lab
    kubeVersion: "1.33"
    repo: https://git.example.com/me/lab.git
    apps: [db, tools]
    overrides:
      db: { namespace: data, flux: { interval: 1m }, options: { replicas: 3, env: { B: "20" } } }
    facts: { domain: lab.home.arpa }
`),
    });
    const config = await loadConfig(dir);
    const [home, lab] = config.clusters!;
    assert.equal(home!.flux.path, 'clusters/home/flux');
    assert.equal(home!.flux.appsPath, 'clusters/home/apps');
    assert.equal(home!.flux.kubeVersion, '1.34');
    assert.deepEqual(home!.apps.map((app) => app.id), ['db', 'web', 'tools']);
    assert.equal(lab!.flux.kubeVersion, '1.33');
    assert.equal(lab!.flux.repo, 'https://git.example.com/me/lab.git');
    assert.equal(lab!.flux.appsPath, 'clusters/lab/apps');
    assert.deepEqual(lab!.apps.map((app) => app.id), ['db', 'tools']);
    const db = lab!.apps[0]!;
    assert.equal(db.namespace, 'data');
    assert.deepEqual(db.flux, { interval: '1m' });
    assert.deepEqual(db.options, { image: 'ghcr.io/example/db:1.0.0', replicas: 3, env: { A: '1', B: '20' } });
    assert.deepEqual(lab!.facts, { domain: 'lab.home.arpa' });
    // The app list of apps.yaml is untouched.
    assert.equal(config.apps[0]!.namespace, 'db');
  });

  it('locates unknown apps, unknown overrides, missing dependencies, duplicate names and shared paths', async () => {
    const text = await configErrors(clustersYaml(`  - name: home
    apps: [web, tol]
    overrides:
      dbb: { namespace: x }
  - name: home
    appsPath: clusters/home/apps
    overrides:
      tools: { flux: false }
`));
    assert.match(text, /config\/clusters\.yaml:\d+:\d+ clusters\[0\]\.apps\[1\]: unknown app "tol"; did you mean "tools"\?/);
    assert.match(text, /clusters\[0\]\.overrides\.dbb: unknown app "dbb"; did you mean "db"\?/);
    assert.match(text, /clusters\[0\]\.apps\[0\]: "web" depends on "db", which cluster "home" does not run/);
    assert.match(text, /clusters\[1\]\.name: duplicate cluster "home"/);
    assert.match(text, /clusters\[1\]\.appsPath: appsPath "clusters\/home\/apps" of cluster "home" overlaps appsPath "clusters\/home\/apps" of cluster "home"/);
  });

  it('refuses unknown keys with a did-you-mean, and an override for an app the cluster does not run', async () => {
    const text = await configErrors(clustersYaml(`  - name: lab
    kubeVersoin: "1.33"
    apps: [db]
    overrides:
      tools: { namespace: x }
`));
    assert.match(text, /clusters\[0\]\.kubeVersoin: unknown key; did you mean "kubeVersion"\?/);
    const second = await configErrors(clustersYaml(`  - name: lab
    apps: [db]
    overrides:
      tools: { namespace: x }
`));
    assert.match(second, /clusters\[0\]\.overrides\.tools: cluster "lab" does not run "tools"/);
  });

  it("reports an override the template's schema refuses at the override, naming the cluster", async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': APPS,
      'config/clusters.yaml': clustersYaml(`  - name: home
  - name: lab
    overrides:
      db: { options: { replicas: many } }
`),
    });
    const error = await renderClusters(dir, testRuntime()).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, /^config\/clusters\.yaml:\d+:\d+ clusters\[1\]\.overrides\.db\.options\.replicas: cluster "lab": /m);
    assert.equal(error.problems.length, 1);
  });
});
