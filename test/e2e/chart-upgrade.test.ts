// Day two of a chart under Flux, with real components: a chart with a pre-install/pre-upgrade hook Job (with
// ttlSecondsAfterFinished: 0, as ingress-nginx ships it) and a CRD is served from a real chart repository, vendored by
// refresh-assets, published to a real git server and reconciled by the real Flux controllers into a real
// kube-apiserver; then the chart is upgraded from 1.0.0 to 2.0.0, which changes the Job's (immutable) pod template and
// the CRD, and every Kustomization must become Ready at the new revision with no manual step.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createRuntime } from '../../src/cli/runtime.ts';
import { publishSource as publish } from '../../src/pipeline/publish.ts';
import { startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import { commitFiles, git, testGitEnv } from '../support/git-repos.ts';
import { runCli } from '../support/run-cli.ts';
import { appsYaml, sourceRepo } from '../support/source-repo.ts';
import { toolPath } from '../support/tools.ts';
import { connectManifests } from './example-deployment.ts';
import { allReadyAt, pollKustomizations, requestReconcile } from './flux-state.ts';

const widgetCrd = (version: '1.0.0' | '2.0.0') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.upgrade.homelab.dev
spec:
  group: upgrade.homelab.dev
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer }${version === '2.0.0' ? '\n                color: { type: string }' : ''}
`;

/** The hook Job as ingress-nginx's admission Jobs are: a hook, deleted by helm after success, and by a TTL. */
const TEMPLATES = {
  'migrate-job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  ttlSecondsAfterFinished: 0
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: busybox:1.37
          args: [migrate, --to, {{ .Chart.Version | quote }}]
`,
  'widget.yaml': `apiVersion: upgrade.homelab.dev/v1
kind: Widget
metadata:
  name: {{ .Release.Name }}
spec:
  size: 1
{{- if eq .Chart.Version "2.0.0" }}
  color: blue
{{- end }}
`,
  'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-version
data:
  version: {{ .Chart.Version | quote }}
`,
};

const APPS = ['flux', 'crds', 'upgrader'];

let cluster: Cluster;
let server: GitServer;
let charts: ChartRepo;
let source: string;
const timings: string[] = [];

const json = async <T>(args: readonly string[]): Promise<T> => JSON.parse((await cluster.kubectl([...args, '-o', 'json'])).stdout) as T;

interface Job {
  metadata: { uid: string };
  spec: { ttlSecondsAfterFinished?: number; template: { spec: { containers: { args: string[] }[] } } };
  status?: { succeeded?: number };
}

async function publishSource(subject: string): Promise<{ revision: string; startedAt: number }> {
  await commitFiles(source, {}, subject);
  const { GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, ...env } = await testGitEnv();
  const startedAt = Date.now();
  const result = await publish({ source }, createRuntime({ ...env, HOMELAB_GIT_TOKEN: server.token, HOMELAB_HELM: toolPath('helm') }));
  assert.equal(result.status, 'published');
  await requestReconcile(cluster, 'gitrepository', 'flux-system').catch(() => undefined);
  return { revision: `main@sha1:${result.commit}`, startedAt };
}

async function refreshAssets(): Promise<void> {
  const refresh = await runCli('refresh-assets --source', source);
  assert.equal(refresh.code, 0, refresh.stderr);
}

/** Waits until the migrate Job has succeeded; returns it. */
async function succeededJob(): Promise<Job> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { stdout } = await cluster.kubectl(['get', 'job', 'upgrader-migrate', '--namespace=upgrader', '--ignore-not-found', '-o', 'json']);
    const job = stdout.trim() ? (JSON.parse(stdout) as Job) : undefined;
    if (job?.status?.succeeded) return job;
    if (Date.now() > deadline) throw new Error(`the migrate Job did not succeed: ${stdout.slice(0, 2000)}`);
    await sleep(250);
  }
}

/** Asks the app's Kustomization to reconcile and waits until it has handled that request. */
async function reconcileApp(name: string): Promise<void> {
  await requestReconcile(cluster, 'kustomization', name);
  const { metadata } = await json<{ metadata: { annotations: Record<string, string> } }>(['get', 'kustomization', name, '--namespace=flux-system']);
  const requested = metadata.annotations['reconcile.fluxcd.io/requestedAt'];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const k = await json<{ status?: { lastHandledReconcileAt?: string; conditions?: { type: string; status: string }[] } }>(['get', 'kustomization', name, '--namespace=flux-system']);
    if (k.status?.lastHandledReconcileAt === requested && k.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new Error(`Kustomization ${name} did not handle the reconcile request: ${JSON.stringify(k.status)}`);
    await sleep(250);
  }
}

before(
  async () => {
    // Dependents (upgrader depends on crds) are re-checked every 2 s instead of Flux's default 30 s.
    cluster = await startCluster({ fluxControllerArgs: { 'kustomize-controller': ['--requeue-dependency=2s'] } });
    server = await startGitServer();
    const bare = await server.createBareRepo('manifests.git');
    charts = await startChartRepo();
    for (const version of ['1.0.0', '2.0.0'] as const) {
      await charts.addChart({ name: 'upgrader', version, templates: TEMPLATES, crds: { 'widgets.yaml': widgetCrd(version) }, values: '{}\n' });
    }
    source = await sourceRepo({
      'config/flux.yaml': `apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: ${server.url('manifests.git')}\ninterval: 10s\n`,
      'config/apps.yaml': appsYaml(`  - template: helm-chart\n    id: upgrader\n    options:\n      repo: ${charts.url}\n      chart: upgrader\n      version: 1.0.0\n`),
    });
    await git(['init', '--quiet', '--initial-branch=main', source]);
    await refreshAssets();
    const first = await publishSource('Install upgrader 1.0.0');
    await connectManifests(cluster, server, bare);
    await pollKustomizations(cluster, allReadyAt(APPS, first.revision), { timeoutMs: 120_000, what: 'upgrader 1.0.0 deployed' });
    timings.push(`install 1.0.0 → ${APPS.length} Kustomizations Ready: ${((Date.now() - first.startedAt) / 1000).toFixed(1)} s`);
  },
  { timeout: 300_000 },
);

after(async () => {
  if (timings.length) console.log(timings.join('\n'));
  await cluster?.stop();
  await server?.close();
  await charts?.close();
});

describe('a chart upgrade under the real Flux controllers', { timeout: 300_000 }, () => {
  it('keeps a finished hook Job instead of re-creating it at every reconcile (no ttlSecondsAfterFinished)', async () => {
    const job = await succeededJob();
    assert.equal(job.spec.ttlSecondsAfterFinished, undefined);
    // The TTL controller would delete a Job with ttlSecondsAfterFinished: 0 at once; Flux would then create it again.
    await sleep(3000);
    await reconcileApp('upgrader');
    const again = await succeededJob();
    assert.equal(again.metadata.uid, job.metadata.uid, 'the finished Job was re-created');
  });

  it('upgrades the chart 1.0.0 → 2.0.0 (new hook Job template, changed CRD) with every Kustomization Ready at the new revision', async () => {
    const before = await succeededJob();
    const apps = path.join(source, 'config', 'apps.yaml');
    await writeFile(apps, (await readFile(apps, 'utf8')).replace('version: 1.0.0', 'version: 2.0.0'));
    await refreshAssets();
    const { revision, startedAt } = await publishSource('Upgrade upgrader to 2.0.0');
    await pollKustomizations(cluster, allReadyAt(APPS, revision), { timeoutMs: 120_000, what: 'every Kustomization Ready at the upgrade' });
    timings.push(`publish of the upgrade → ${APPS.length} Kustomizations Ready at the new revision: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

    const job = await succeededJob();
    assert.notEqual(job.metadata.uid, before.metadata.uid, 'Flux re-created the Job');
    assert.deepEqual(job.spec.template.spec.containers[0]!.args, ['migrate', '--to', '2.0.0']);
    const crd = await json<{ spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, unknown> } } } } }[] } }>(['get', 'crd', 'widgets.upgrade.homelab.dev']);
    assert.ok('color' in crd.spec.versions[0]!.schema.openAPIV3Schema.properties.spec.properties, 'the CRD was upgraded');
    const widget = await json<{ spec: { color?: string } }>(['get', 'widgets.upgrade.homelab.dev', 'upgrader', '--namespace=upgrader']);
    assert.equal(widget.spec.color, 'blue');
    const configMap = await json<{ data: { version: string } }>(['get', 'configmap', 'upgrader-version', '--namespace=upgrader']);
    assert.equal(configMap.data.version, '2.0.0');
  });
});
