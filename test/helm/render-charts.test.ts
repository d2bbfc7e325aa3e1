import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { stat } from 'node:fs/promises';
import { ConfigError } from '../../src/errors.ts';
import type { ChartRenderRequest } from '../../src/render/chart-renderer.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { runCli, runCliWith } from '../support/run-cli.ts';
import { testRuntime } from '../support/runtime.ts';
import { FLUX_YAML, appsYaml, sourceRepo as newSourceRepo } from '../support/source-repo.ts';

/** Chart apps create no namespace of their own: these tests' cluster has them. */
const sourceRepo = (files: Record<string, string>) => newSourceRepo({ 'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [web, monitoring, prometheus, broken]\n`, ...files });

const SERVICE_MONITOR_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: servicemonitors.monitoring.coreos.com
spec:
  group: monitoring.coreos.com
  scope: Namespaced
  names: { kind: ServiceMonitor, plural: servicemonitors, singular: servicemonitor, listKind: ServiceMonitorList }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;

const MONITORED_TEMPLATES = {
  'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
  namespace: {{ .Release.Namespace }}
data:
  greeting: {{ .Values.greeting | quote }}
  kube: {{ .Capabilities.KubeVersion.Version | quote }}
`,
  'servicemonitor.yaml': `{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ .Release.Name }}
spec:
  endpoints: [{ port: http }]
  selector: { matchLabels: { app: {{ .Release.Name }} } }
{{- end }}
`,
  'test-pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations: { "helm.sh/hook": test }
spec: { containers: [{ name: t, image: busybox }] }
`,
  'pre-delete-job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-cleanup
  annotations: { "helm.sh/hook": pre-delete }
spec: { template: { spec: { restartPolicy: Never, containers: [{ name: c, image: busybox }] } } }
`,
  'post-install-job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
  annotations: { "helm.sh/hook": "post-install,post-upgrade" }
spec: { template: { spec: { restartPolicy: Never, containers: [{ name: c, image: busybox }] } } }
`,
};

/**
 * What a chart sees of the cluster's own APIs. Only group/version/Kinds are exact: \`helm template\` adds every
 * group/version of its client-go (chartutil.DefaultVersionSet, betas and removed ones included) to --api-versions.
 */
const CAPABILITIES_TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-capabilities
  namespace: {{ .Release.Namespace }}
data:
  deployment: {{ .Capabilities.APIVersions.Has "apps/v1/Deployment" | quote }}
  resourceV1: {{ .Capabilities.APIVersions.Has "resource.k8s.io/v1" | quote }}
  vacV1beta1: {{ .Capabilities.APIVersions.Has "storage.k8s.io/v1beta1/VolumeAttributesClass" | quote }}
  hpaV2beta2: {{ .Capabilities.APIVersions.Has "autoscaling/v2beta2/HorizontalPodAutoscaler" | quote }}
`;

let repo: ChartRepo;
before(async () => {
  repo = await startChartRepo();
  await repo.addChart({ name: 'monitored', version: '1.0.0', templates: MONITORED_TEMPLATES, values: 'greeting: hello\n' });
  await repo.addChart({ name: 'prometheus-crds', version: '2.0.0', templates: { 'empty.yaml': '' }, crds: { 'servicemonitor.yaml': SERVICE_MONITOR_CRD } });
  await repo.addChart({ name: 'broken', version: '0.1.0', templates: { 'bad.yaml': '{{ fail "the chart refuses" }}\n' } });
  await repo.addChart({ name: 'capabilities', version: '1.0.0', templates: { 'capabilities.yaml': CAPABILITIES_TEMPLATE } });
});
after(() => repo.close());

/** A source repo with the given apps, its assets vendored from the test chart repo by the real refresh-assets. */
async function vendoredSource(apps: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(apps), ...files });
  const refresh = await runCli('refresh-assets --source', dir);
  assert.equal(refresh.code, 0, refresh.stderr);
  return dir;
}

const chartApp = (id: string, chart: string, version: string, extra = '') =>
  `  - template: helm-chart\n    id: ${id}\n    options:\n      repo: ${repo.url}\n      chart: ${chart}\n      version: ${version}\n${extra}`;

function object(tree: ReadonlyMap<string, string>, file: string): Record<string, any> {
  const text = tree.get(file);
  assert.ok(text !== undefined, `no ${file} in: ${[...tree.keys()].join(', ')}`);
  return parse(text);
}

describe('helm charts in a render', () => {
  it('render with the real helm: release name = app id, namespace from the app, values from options, kubeVersion from flux.yaml', async () => {
    const dir = await vendoredSource(chartApp('web', 'monitored', '1.0.0', '      values: { greeting: hi }\n'));
    const { tree } = await renderSource(dir, testRuntime());
    const configMap = object(tree, 'web/11-configmap-web-config.yaml');
    assert.deepEqual(configMap.metadata, { name: 'web-config', namespace: 'web' });
    assert.deepEqual(configMap.data, { greeting: 'hi', kube: 'v1.34.0' });
  });

  it('see the API versions and kinds a default API server of kubeVersion serves, plus flux.yaml enabledApiVersions', async () => {
    const dir = await vendoredSource(chartApp('web', 'capabilities', '1.0.0'));
    const { tree } = await renderSource(dir, testRuntime());
    assert.deepEqual(object(tree, 'web/11-configmap-web-capabilities.yaml').data, {
      deployment: 'true', resourceV1: 'true', vacV1beta1: 'false', hpaV2beta2: 'false',
    });
    const enabled = await vendoredSource(chartApp('web', 'capabilities', '1.0.0'), {
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [web]\nenabledApiVersions: [storage.k8s.io/v1beta1]\n`,
    });
    const { tree: enabledTree } = await renderSource(enabled, testRuntime());
    assert.deepEqual(object(enabledTree, 'web/11-configmap-web-capabilities.yaml').data, {
      deployment: 'true', resourceV1: 'true', vacV1beta1: 'true', hpaV2beta2: 'false',
    });
  });

  it('leave out objects that probe for an API the render does not provide', async () => {
    const dir = await vendoredSource(chartApp('web', 'monitored', '1.0.0'));
    const { tree } = await renderSource(dir, testRuntime());
    assert.equal([...tree.keys()].some((file) => file.includes('servicemonitor')), false);
  });

  it('render objects that probe for an API when a CRD elsewhere in the render provides it', async () => {
    const dir = await vendoredSource(`${chartApp('web', 'monitored', '1.0.0')}  - template: manifests
    id: monitoring
    options: { paths: [crds/servicemonitor.yaml] }
`, { 'crds/servicemonitor.yaml': SERVICE_MONITOR_CRD });
    const { tree } = await renderSource(dir, testRuntime());
    assert.equal(object(tree, 'web/90-servicemonitor-web.yaml').metadata.namespace, 'web');
    assert.deepEqual(object(tree, 'flux/web.yaml').spec.dependsOn, [{ name: 'crds' }]);
  });

  it('see CRDs from another chart\'s crds/ folder, and move those CRDs to the crds app', async () => {
    const dir = await vendoredSource(chartApp('web', 'monitored', '1.0.0') + chartApp('prometheus', 'prometheus-crds', '2.0.0'));
    const { tree } = await renderSource(dir, testRuntime());
    assert.ok(tree.has('web/90-servicemonitor-web.yaml'));
    const crd = object(tree, 'crds/servicemonitors.monitoring.coreos.com.yaml');
    assert.equal(crd.metadata.annotations['kustomize.toolkit.fluxcd.io/prune'], 'disabled');
    assert.equal([...tree.keys()].some((file) => file.startsWith('prometheus/')), false, 'the chart had nothing but CRDs');
  });

  it('drop test and delete hooks and keep install/upgrade hooks as plain objects', async () => {
    const dir = await vendoredSource(chartApp('web', 'monitored', '1.0.0'));
    const files = [...(await renderSource(dir, testRuntime())).tree.keys()].filter((file) => file.startsWith('web/'));
    assert.deepEqual(files, ['web/11-configmap-web-config.yaml', 'web/32-job.hook-2post-w500-web-migrate.yaml']);
  });

  it('report a chart whose templates fail with helm\'s own error, naming the app and the chart', async () => {
    const dir = await vendoredSource(chartApp('bad', 'broken', '0.1.0'));
    const error = await renderSource(dir, testRuntime()).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^config\/apps\.yaml:\d+:\d+ apps\[0\]: app "bad" \(template "helm-chart"\): helm template of chart "broken" 0\.1\.0 \(assets\/helm-chart\/broken-0\.1\.0\.tgz\) failed: .*the chart refuses/);
  });

  it('report values that fail the template schema before helm runs', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(`  - template: helm-chart\n    options: { repo: ftp://x, chart: c, version: 1.0.0, values: [] }\n`) });
    const error = await renderSource(dir, testRuntime()).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /apps\[0\]\.options\.repo: expected an https:\/\/ chart repository or an oci:\/\/ registry/);
    assert.match(error.message, /apps\[0\]\.options\.values: expected record, got a list/);
  });

  it('start the biggest chart first, and keep outputs and problems in the config\'s order', async () => {
    const dir = await vendoredSource([
      chartApp('mon', 'monitored', '1.0.0'),
      chartApp('caps', 'capabilities', '1.0.0'),
      chartApp('bad', 'broken', '0.1.0'),
      chartApp('also-bad', 'broken', '0.1.0', '      releaseName: also\n'),
    ].join(''));
    const size = async (archive: string) => (await stat(`${dir}/assets/helm-chart/${archive}.tgz`)).size;
    assert.ok(await size('capabilities-1.0.0') > await size('broken-0.1.0') && await size('broken-0.1.0') > await size('monitored-1.0.0'));
    const runtime = testRuntime();
    const started: string[] = [];
    const recording = { ...runtime, parallelism: 1, charts: { ...runtime.charts, render: (request: ChartRenderRequest) => (started.push(request.releaseName), runtime.charts.render(request)) } };
    const error = await renderSource(dir, recording).then(() => undefined, (e: unknown) => e);
    assert.deepEqual(started, ['caps', 'bad', 'also', 'mon']);
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems.map((problem) => problem.message.split(':')[0]), ['app "bad" (template "helm-chart")', 'app "also-bad" (template "helm-chart")']);

    const good = await vendoredSource([chartApp('mon', 'monitored', '1.0.0'), chartApp('caps', 'capabilities', '1.0.0')].join(''));
    const { tree } = await renderSource(good, { ...runtime, parallelism: 1 });
    assert.deepEqual([...tree.keys()].filter((file) => !file.startsWith('flux')), ['caps/02-namespace-caps.yaml', 'caps/11-configmap-caps-capabilities.yaml', 'mon/02-namespace-mon.yaml', 'mon/11-configmap-mon-config.yaml', 'mon/32-job.hook-2post-w500-mon-migrate.yaml']);
  });

  it('say clearly when helm is missing or too old', async () => {
    const dir = await vendoredSource(chartApp('web', 'monitored', '1.0.0'));
    const missing = await runCliWith({ HOMELAB_HELM: '/nonexistent/helm' }, 'generate-manifests --source', dir, '--output', `${dir}/out`);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /✗ helm not found \(HOMELAB_HELM="\/nonexistent\/helm"\): install helm 3\.14\.0 or newer, or set HOMELAB_HELM to its path/);

    const old = `${dir}/old-helm`;
    await (await import('node:fs/promises')).writeFile(old, '#!/bin/sh\necho v3.9.4+gabcdef\n', { mode: 0o755 });
    const tooOld = await runCliWith({ HOMELAB_HELM: old }, 'generate-manifests --source', dir, '--output', `${dir}/out`);
    assert.equal(tooOld.code, 1);
    assert.match(tooOld.stderr, /✗ helm 3\.9\.4 \(HOMELAB_HELM=".*old-helm"\) is older than 3\.14\.0, the oldest homelab supports; upgrade helm/);
  });
});
