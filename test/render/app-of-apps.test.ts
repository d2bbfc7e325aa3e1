// Per-app Flux options land in the app's generated Kustomization, and the real kube-apiserver with Flux's CRDs
// (kustomize-controller's Kustomization schema) accepts every one of them as homelab writes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { testRuntime } from '../support/runtime.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { appsYaml, sourceRepo } from '../support/source-repo.ts';

const EVERY_OPTION = `  - template: web-app
    id: blog
    options: { image: ghcr.io/stefanprodan/podinfo:6.7.1 }
    flux:
      interval: 5m
      timeout: 2m
      retryInterval: 30s
      wait: false
      force: true
      suspend: true
      deletionPolicy: WaitForTermination
      healthChecks:
        - { kind: Deployment, name: blog }
        - { apiVersion: apps/v1, kind: Deployment, name: other, namespace: elsewhere }
      healthCheckExprs:
        - apiVersion: cert-manager.io/v1
          kind: Certificate
          current: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')"
          failed: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'False')"
      postBuild:
        substitute: { DOMAIN: home.arpa, CLUSTER_NAME: home }
        substituteFrom:
          - { kind: ConfigMap, name: cluster-settings }
          - { kind: Secret, name: cluster-secrets, optional: true }
        substituteStrategy: Always
  - template: web-app
    id: plain
    options: { image: ghcr.io/stefanprodan/podinfo:6.7.1 }
`;

async function renderKustomizations() {
  const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(EVERY_OPTION) });
  const { tree } = await renderSource(dir, testRuntime());
  return { blog: tree.get('flux/blog.yaml')!, plain: tree.get('flux/plain.yaml')! };
}

describe('per-app Flux options', () => {
  it('are written into the app\'s Kustomization, health checks defaulting to the app\'s namespace', async () => {
    const { blog, plain } = await renderKustomizations();
    assert.deepEqual(parse(blog).spec, {
      deletionPolicy: 'WaitForTermination',
      force: true,
      healthCheckExprs: [{
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        current: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')",
        failed: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'False')",
      }],
      healthChecks: [
        { kind: 'Deployment', name: 'blog', namespace: 'blog' },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'other', namespace: 'elsewhere' },
      ],
      interval: '5m',
      path: './apps/blog',
      postBuild: {
        substitute: { CLUSTER_NAME: 'home', DOMAIN: 'home.arpa' },
        substituteFrom: [{ kind: 'ConfigMap', name: 'cluster-settings' }, { kind: 'Secret', name: 'cluster-secrets', optional: true }],
        substituteStrategy: 'Always',
      },
      prune: true,
      retryInterval: '30s',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      suspend: true,
      timeout: '2m',
      wait: false,
    });
    assert.deepEqual(parse(plain).spec, { interval: '10m', path: './apps/plain', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } });
  });
});

describe('per-app Flux options against the real API server with Flux\'s CRDs', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ flux: false, fluxCrds: true });
    await cluster.kubectl(['create', 'namespace', 'flux-system']);
  }, { timeout: 300_000 });
  after(() => cluster?.stop());

  it('are accepted as written and kept field for field', async () => {
    const { blog } = await renderKustomizations();
    await cluster.apply(blog);
    const { stdout } = await cluster.kubectl(['get', 'kustomization', 'blog', '-n', 'flux-system', '-o', 'json']);
    const expected = parse(blog).spec;
    expected.postBuild.substituteFrom[0].optional = false; // the CRD's default, filled in by the API server
    assert.deepEqual(JSON.parse(stdout).spec, expected, 'the API server kept every field as written (nothing pruned)');
  });

  it('are judged like homelab judges them: the API server refuses what the config schema refuses', async () => {
    const { blog } = await renderKustomizations();
    const bad = (mutate: (spec: Record<string, unknown>) => void) => {
      const object = parse(blog);
      object.metadata.name = 'bad';
      mutate(object.spec);
      return cluster.apply(JSON.stringify(object)).then(() => 'accepted', (error: Error) => error.message);
    };
    assert.match(await bad((spec) => (spec.deletionPolicy = 'delete')), /spec\.deletionPolicy: Unsupported value: "delete"/);
    assert.match(await bad((spec) => (spec.postBuild = { substituteFrom: [{ kind: 'Secrets', name: 'x' }] })), /Unsupported value: "Secrets"/);
    assert.match(await bad((spec) => (spec.healthChecks = [{ kind: 'Deployment' }])), /spec\.healthChecks\[0\]\.name: Required value/);
    assert.match(await bad((spec) => (spec.healthCheckExprs = [{ apiVersion: 'v1', kind: 'Pod' }])), /spec\.healthCheckExprs\[0\]\.current: Required value/);
    assert.match(await bad((spec) => (spec.force = 'yes')), /\.spec\.force: expected boolean/);
    assert.match(await bad((spec) => (spec.interval = '100ns')), /spec\.interval: Invalid value: "100ns"/);
    assert.match(await bad((spec) => (spec.postBuild = { substituteStrategy: 'Sometimes' })), /spec\.postBuild\.substituteStrategy: Unsupported value: "Sometimes"/);
  });
});
