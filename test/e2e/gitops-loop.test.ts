// The whole GitOps loop with real components: the example source repo is rendered and published to a real git
// server, the real Flux source- and kustomize-controller reconcile it into a real kube-apiserver (kwok runs the pods),
// and later publishes (an app removed, an option changed) reach the cluster the same way.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { readCommitTree } from '../support/git-repos.ts';
import { tempDir } from '../support/source-repo.ts';
import { connectFlux, editFile, exampleSource, HOLD_TAINT, postgresVolume, publishExample, type ExampleSource } from './example-deployment.ts';
import { allReadyAt, pollKustomizations, type KustomizationState } from './flux-state.ts';

const FLUX_APPS = ['crds', 'backup-operator', 'postgres', 'blog', 'podinfo-blue', 'podinfo-green'];

let cluster: Cluster;
let server: GitServer;
let source: ExampleSource;
const timings: string[] = [];

const json = async <T>(args: readonly string[]): Promise<T> => JSON.parse((await cluster.kubectl([...args, '-o', 'json'])).stdout) as T;
const exists = async (args: readonly string[]): Promise<boolean> =>
  cluster.kubectl(['get', ...args, '--ignore-not-found', '-o', 'name']).then(({ stdout }) => stdout.trim() !== '');

const publishSource = (subject: string) => publishExample(cluster, server, source, subject);

/**
 * Apps first applied before one of their dependencies had ever been Ready (must stay empty). Flux
 * checks dependsOn when a reconcile starts; the dependency may begin a routine reconcile of its own
 * (Ready=Unknown) while the dependent applies, so only the first application is judged, against every
 * earlier poll. A dependency with a lastAppliedRevision has passed its apply and, with wait, its
 * health checks, possibly between two polls.
 */
function dependencyInvariant(violations: string[]) {
  const everReady = new Set<string>();
  const applied = new Set<string>();
  return (snapshot: Map<string, KustomizationState>): void => {
    for (const k of snapshot.values()) if (k.ready === 'True') everReady.add(k.name);
    for (const k of snapshot.values()) {
      if (!k.lastAppliedRevision || applied.has(k.name)) continue;
      applied.add(k.name);
      for (const dependency of k.dependsOn) {
        if (!everReady.has(dependency) && !snapshot.get(dependency)?.lastAppliedRevision) {
          violations.push(`${k.name} applied before ${dependency} was ever Ready (it was ${snapshot.get(dependency)?.ready ?? 'absent'})`);
        }
      }
    }
  };
}

const setFile = (file: string, edit: (text: string) => string) => editFile(source.dir, file, edit);

before(
  async () => {
    // Dependents are re-checked every 2 s instead of Flux's default 30 s, to keep the test short.
    cluster = await startCluster({ fluxControllerArgs: { 'kustomize-controller': ['--requeue-dependency=2s'] } });
    server = await startGitServer();
    source = await exampleSource(server);
  },
  { timeout: 300_000 },
);

after(async () => {
  if (timings.length) console.log(timings.join('\n'));
  await cluster?.stop();
  await server?.close();
});

describe('the GitOps loop against a real kube-apiserver and the real Flux controllers', { timeout: 600_000 }, () => {
  let firstRevision = '';

  it('deploys every app of the example in dependency order, CRDs first, holding dependents until their dependency is healthy', async () => {
    // Storage for postgres's volume claim (the test cluster has no provisioner), and a taint that keeps every pod
    // Pending, so backup-operator (wait: true) cannot become healthy until the test lifts it.
    await postgresVolume(cluster);
    await cluster.kubectl(['taint', 'node', 'kwok-node-0', HOLD_TAINT]);

    const { revision, startedAt } = await publishSource('Deploy the example');
    firstRevision = revision;
    const manifests = await readCommitTree(source.bare, 'main', 'apps');
    await connectFlux(cluster, server, source);

    const violations: string[] = [];
    const observe = dependencyInvariant(violations);

    // While backup-operator cannot become healthy: crds is Ready, postgres waits for it, blog for postgres.
    const held = await pollKustomizations(
      cluster,
      (s) => s.get('crds')?.ready === 'True' && s.get('podinfo-blue')?.ready === 'True' && s.get('postgres')?.reason === 'DependencyNotReady',
      { timeoutMs: 120_000, observe, what: 'crds Ready and postgres held back by its dependencies' },
    );
    assert.notEqual(held.get('backup-operator')?.ready, 'True');
    assert.equal(held.get('blog')?.ready, 'False');
    assert.equal(held.get('blog')?.reason, 'DependencyNotReady');
    assert.equal(await exists(['deployment', 'backup-operator', '--namespace=backup-system']), true, 'backup-operator was applied');
    assert.equal(await exists(['namespace', 'postgres']), false, 'postgres must not be applied before backup-operator is healthy');
    assert.equal(await exists(['crd', 'backups.backup.homelab.dev']), true);

    const heldFor = Date.now() - startedAt;
    const released = Date.now();
    await cluster.kubectl(['taint', 'node', 'kwok-node-0', `${HOLD_TAINT}-`]);
    const ready = await pollKustomizations(cluster, allReadyAt(['flux', ...FLUX_APPS], revision), {
      timeoutMs: 180_000,
      observe,
      what: 'every app Kustomization Ready',
    });
    timings.push(
      `first publish → all ${ready.size} Kustomizations Ready: ${((Date.now() - startedAt) / 1000).toFixed(1)} s ` +
        `(${(heldFor / 1000).toFixed(1)} s until the dependents were seen held back, ${((Date.now() - released) / 1000).toFixed(1)} s from releasing the hold)`,
    );
    assert.deepEqual(violations, []);
    assert.deepEqual([...ready.keys()].sort(), ['flux', ...FLUX_APPS].sort());

    // Every object of every Flux-managed app exists in the apiserver; the flux: false app was not deployed.
    const out = await tempDir('homelab-e2e-render-');
    for (const [file, content] of Object.entries(manifests)) {
      await mkdir(path.dirname(path.join(out, file)), { recursive: true });
      await writeFile(path.join(out, file), content);
    }
    for (const app of FLUX_APPS) {
      const { stdout } = await cluster.kubectl(['get', '-f', path.join(out, app), '-o', 'name']);
      const files = Object.keys(manifests).filter((file) => file.startsWith(`${app}/`));
      assert.equal(stdout.trim().split('\n').length, files.length, `objects of ${app}`);
    }
    assert.equal(await exists(['-f', path.join(out, 'debug-tools')]), false, 'debug-tools (flux: false) is not deployed');
    await cluster.kubectl(['wait', '--for=condition=Available', 'deployment/blog', '--namespace=blog', '--timeout=30s']);
    const backup = await json<{ spec: { schedule: string } }>(['get', 'backups.backup.homelab.dev', 'postgres-nightly', '--namespace=postgres']);
    assert.equal(backup.spec.schedule, '0 3 * * *');
  });

  it('prunes the objects of removed apps, but keeps their CRDs', async () => {
    assert.ok(firstRevision, 'needs the first deployment');
    // Only the podinfo instances and debug-tools remain: the operator, its consumer and blog go, and so does crds.
    await setFile('config/apps.yaml', (text) => {
      const kept = text.split(/\n(?=  (?:#.*\n  )*- template: )/).filter((chunk) => !/template: (backup-operator|postgres)\b|id: blog\b/.test(chunk));
      return kept.join('\n');
    });
    const { revision, startedAt } = await publishSource('Remove the database apps');
    const remaining = ['podinfo-blue', 'podinfo-green'];
    const pruned = await pollKustomizations(
      cluster,
      (s) => allReadyAt(['flux', ...remaining], revision)(s) && ['crds', 'backup-operator', 'postgres', 'blog'].every((name) => !s.has(name)),
      { timeoutMs: 120_000, what: 'the removed apps\' Kustomizations to be deleted' },
    );
    timings.push(`publish removing 3 apps → their Kustomizations gone, the rest Ready: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    assert.deepEqual([...pruned.keys()].sort(), ['flux', ...remaining]);

    for (const object of [
      ['deployment', 'backup-operator', '--namespace=backup-system'],
      ['clusterrole', 'backup-operator'],
      ['statefulset', 'postgres', '--namespace=postgres'],
      ['deployment', 'blog', '--namespace=blog'],
    ]) {
      assert.equal(await exists(object), false, `${object.join(' ')} was pruned`);
    }
    // Namespaces terminate after their contents are gone.
    await cluster.kubectl(['wait', '--for=delete', 'namespace/backup-system', 'namespace/postgres', 'namespace/blog', '--timeout=90s'], { timeoutMs: 100_000 });
    assert.equal(await exists(['crd', 'backups.backup.homelab.dev']), true, 'the CRD is never pruned');
  });

  it('rolls out a changed option', async () => {
    await setFile('config/apps.yaml', (text) => text.replace(/(id: podinfo-blue\n(?:    .*\n)*?\s+replicas: )2/, '$13'));
    const { revision, startedAt } = await publishSource('Scale podinfo-blue to 3');
    await pollKustomizations(cluster, allReadyAt(['flux', 'podinfo-blue', 'podinfo-green'], revision), {
      timeoutMs: 120_000,
      what: 'podinfo-blue at the new revision',
    });
    timings.push(`publish changing replicas → all Kustomizations Ready at the new revision: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    const deployment = await json<{ spec: { replicas: number } }>(['get', 'deployment', 'podinfo-blue', '--namespace=podinfo-blue']);
    assert.equal(deployment.spec.replicas, 3);
  });
});
