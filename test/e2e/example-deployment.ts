// The example deployed for real, for tests that need Flux running it: a source repo copied from example/,
// published to a real git server, and a cluster whose Flux reconciles it (what `homelab bootstrap` leaves behind).
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRuntime } from '../../src/cli/runtime.ts';
import { publishSource } from '../../src/pipeline/publish.ts';
import type { Cluster } from '../support/cluster.ts';
import type { GitServer } from '../support/git-server.ts';
import { commitFiles, git, readCommitTree, testGitEnv } from '../support/git-repos.ts';
import { tempDir } from '../support/source-repo.ts';
import { REPO_ROOT, toolPath } from '../support/tools.ts';
import { requestReconcile } from './flux-state.ts';

/** Keeps every pod Pending while set on the kwok node, so apps with `wait: true` cannot become healthy. */
export const HOLD_TAINT = 'homelab.test/hold=true:NoSchedule';

export interface ExampleSource {
  /** The source repository: a git repository holding a copy of example/. */
  readonly dir: string;
  /** The bare manifests repository on the git server (its path on disk). */
  readonly bare: string;
}

/** A copy of example/ whose flux.yaml points at `manifests.git` on `server`, reconciled every 10 s. */
export async function exampleSource(server: GitServer): Promise<ExampleSource> {
  const bare = await server.createBareRepo('manifests.git');
  const dir = await tempDir('homelab-e2e-source-');
  const example = path.join(REPO_ROOT, 'example');
  await cp(example, dir, { recursive: true, filter: (src) => path.relative(example, src).split(path.sep)[0] !== 'manifests' });
  await editFile(dir, 'config/flux.yaml', (text) =>
    text.replace(/^repo: .*$/m, `repo: ${server.url('manifests.git')}`).replace(/^interval: .*$/m, 'interval: 10s'),
  );
  await git(['init', '--quiet', '--initial-branch=main', dir]);
  return { dir, bare };
}

export async function editFile(dir: string, file: string, edit: (text: string) => string): Promise<void> {
  const full = path.join(dir, file);
  await writeFile(full, edit(await readFile(full, 'utf8')));
}

/** Commits the source as it is and publishes it; asks Flux to fetch at once. Returns Flux's revision of the commit. */
export async function publishExample(
  cluster: Cluster,
  server: GitServer,
  source: ExampleSource,
  subject: string,
): Promise<{ revision: string; sourceCommit: string; startedAt: number }> {
  const sourceCommit = await commitFiles(source.dir, {}, subject);
  const { GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, ...env } = await testGitEnv();
  const startedAt = Date.now();
  // The example renders a Helm chart: the real helm from the project's tool cache.
  const result = await publishSource({ source: source.dir }, createRuntime({ ...env, HOMELAB_GIT_TOKEN: server.token, HOMELAB_HELM: toolPath('helm') }));
  assert.equal(result.status, 'published');
  // What `flux reconcile source git flux-system` does; without it Flux would notice at the next interval.
  const repository = await cluster.kubectl(['get', 'gitrepository', 'flux-system', '--namespace=flux-system', '--ignore-not-found', '-o', 'name']);
  if (repository.stdout.trim() !== '') await requestReconcile(cluster, 'gitrepository', 'flux-system');
  return { revision: `main@sha1:${result.commit}`, sourceCommit, startedAt };
}

/** What bootstrap leaves: the flux-system GitRepository reading the manifests repo with the server's token, and flux-bootstrap applied. */
export function connectFlux(cluster: Cluster, server: GitServer, source: ExampleSource): Promise<void> {
  return connectManifests(cluster, server, source.bare);
}

/** The same for any manifests repo `bare` on `server`, whose `folder` (a cluster's, with config/clusters.yaml) holds the apps. */
export async function connectManifests(cluster: Cluster, server: GitServer, bare: string, folder = 'apps'): Promise<void> {
  const manifests = await readCommitTree(bare, 'main', folder);
  await cluster.apply([
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } }),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'flux-system', namespace: 'flux-system' },
      stringData: { username: 'git', password: server.token },
    }),
    JSON.stringify({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'flux-system', namespace: 'flux-system' },
      spec: { url: server.url('manifests.git'), ref: { branch: 'main' }, interval: '10s', secretRef: { name: 'flux-system' } },
    }),
    manifests['flux-bootstrap/flux.yaml']!,
  ].join('\n---\n'));
}

/** Storage for postgres's volume claim: the test cluster has no provisioner. */
export async function postgresVolume(cluster: Cluster): Promise<void> {
  await cluster.apply(JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'postgres-data' },
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/homelab-e2e-pv' } },
  }));
}
