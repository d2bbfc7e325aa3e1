// The helm-chart template's day-two options and checks, with the real helm and charts from a real chart repository:
// createNamespace, valuesFiles, patches, the chart's values.schema.json, Jobs under Flux, capabilities that match the
// cluster, and charts that render Secrets.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ConfigError } from '../../src/errors.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { runCli } from '../support/run-cli.ts';
import { testRuntime } from '../support/runtime.ts';
import { appsYaml, FLUX_YAML, sourceRepo } from '../support/source-repo.ts';

const WEB_TEMPLATES = {
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels: { app: {{ .Release.Name }}, tier: web }
spec:
  replicas: {{ .Values.replicas }}
  selector: { matchLabels: { app: {{ .Release.Name }} } }
  template:
    metadata: { labels: { app: {{ .Release.Name }} } }
    spec:
      containers:
        - name: web
          image: {{ .Values.image | quote }}
          env: [{ name: MODE, value: {{ .Values.mode | quote }} }, { name: COLOR, value: red }]
        - name: sidecar
          image: busybox:1.37
`,
  'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
  labels: { app: {{ .Release.Name }} }
data:
  mode: {{ .Values.mode | quote }}
  greeting: {{ .Values.greeting | quote }}
  pdb: {{ ternary "policy/v1" "policy/v1beta1" (.Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget") | quote }}
`,
  'job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-setup
  annotations: { helm.sh/hook: "pre-install,pre-upgrade", helm.sh/hook-weight: "-5" }
spec:
  ttlSecondsAfterFinished: 60
  template: { spec: { restartPolicy: Never, containers: [{ name: setup, image: busybox:1.37 }] } }
`,
  'late-job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-announce
  annotations: { helm.sh/hook: post-install }
spec:
  template: { spec: { restartPolicy: Never, containers: [{ name: announce, image: busybox:1.37 }] } }
`,
};

const WEB_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { replicas: { type: 'integer', minimum: 1 }, image: { type: 'string' }, mode: { type: 'string' }, greeting: { type: 'string' } },
});

const LEGACY_TEMPLATES = {
  // Like charts written for old clusters: a group/version check that helm's own built-in versions answer yes to.
  'cronjob.yaml': `apiVersion: {{ .Values.cronJobApiVersion | default (ternary "batch/v1beta1" "batch/v1" (.Capabilities.APIVersions.Has "batch/v1beta1")) }}
kind: CronJob
metadata:
  name: {{ .Release.Name }}-nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: c, image: busybox:1.37 }] } } } }
`,
};

const SECRETIVE_TEMPLATES = {
  'secret.yaml': `{{- if not .Values.auth.existingSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-credentials
stringData:
  {{ .Values.auth.passwordKey }}: {{ .Values.auth.password | quote }}
{{- end }}
`,
};

let repo: ChartRepo;
before(async () => {
  repo = await startChartRepo();
  await repo.addChart({
    name: 'web', version: '1.0.0', templates: WEB_TEMPLATES, files: { 'values.schema.json': WEB_SCHEMA },
    values: 'replicas: 1\nimage: nginx:1.27\nmode: dev\ngreeting: hello\n',
  });
  await repo.addChart({ name: 'legacy', version: '1.0.0', templates: LEGACY_TEMPLATES, values: 'cronJobApiVersion: ""\n' });
  await repo.addChart({ name: 'secretive', version: '1.0.0', templates: SECRETIVE_TEMPLATES, values: 'auth:\n  existingSecret: ""\n  passwordKey: password\n  password: hunter2\n' });
});
after(() => repo.close());

const chartApp = (id: string, chart: string, extra = '') =>
  `  - template: helm-chart\n    id: ${id}\n    options:\n      repo: ${repo.url}\n      chart: ${chart}\n      version: 1.0.0\n${extra}`;

async function vendoredSource(apps: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(apps), ...files });
  const refresh = await runCli('refresh-assets --source', dir);
  assert.equal(refresh.code, 0, refresh.stderr);
  return dir;
}

function object(tree: ReadonlyMap<string, string>, file: string): Record<string, any> {
  const text = tree.get(file);
  assert.ok(text !== undefined, `no ${file} in: ${[...tree.keys()].join(', ')}`);
  return parse(text);
}

async function renderError(dir: string): Promise<ConfigError> {
  const error = await renderSource(dir, testRuntime()).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
  return error;
}

/** generate-manifests fails on the source and leaves a previous output exactly as it was. */
async function failsAndChangesNothing(dir: string): Promise<string> {
  const out = path.join(dir, 'out');
  await mkdir(path.join(out, 'previous'), { recursive: true });
  await writeFile(path.join(out, 'previous', 'keep.yaml'), 'kept: true\n');
  const run = await runCli('generate-manifests --source', dir, '--output', out);
  assert.equal(run.code, 1, run.stdout);
  assert.deepEqual(await readdir(out), ['previous']);
  assert.equal(await readFile(path.join(out, 'previous', 'keep.yaml'), 'utf8'), 'kept: true\n');
  return run.stderr;
}

describe('the helm-chart template on day two', () => {
  it('creates the app namespace unless another app or the cluster has it, and only once for apps that share one', async () => {
    const dir = await vendoredSource([
      chartApp('web', 'web'),
      chartApp('web-b', 'web').replace('    options:', '    namespace: shared\n    options:'),
      chartApp('web-c', 'web').replace('    options:', '    namespace: shared\n    options:'),
      chartApp('web-d', 'web').replace('    options:', '    namespace: ops\n    options:'),
      chartApp('web-e', 'web').replace('    options:', '    namespace: kube-system\n    options:'),
      chartApp('web-f', 'web', '      createNamespace: false\n').replace('    options:', '    namespace: preexisting\n    options:'),
      '  - template: manifests\n    id: ops\n    options: { paths: [ops.yaml] }\n',
    ].join(''), {
      'ops.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ops\n  labels: { team: ops }\n',
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [preexisting]\n`,
    });
    const { tree } = await renderSource(dir, testRuntime());
    const namespaces = [...tree.keys()].filter((file) => /\/02-namespace-/.test(file)).sort();
    assert.deepEqual(namespaces, ['ops/02-namespace-ops.yaml', 'web-b/02-namespace-shared.yaml', 'web/02-namespace-web.yaml']);
    assert.deepEqual(object(tree, 'web/02-namespace-web.yaml'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
    assert.deepEqual(object(tree, 'ops/02-namespace-ops.yaml').metadata.labels, { team: 'ops' });
    // Apps whose Namespace another app creates wait for that app; the others wait for nothing.
    const dependsOn = (app: string) => object(tree, `flux/${app}.yaml`).spec.dependsOn?.map((d: { name: string }) => d.name);
    assert.deepEqual(['web', 'web-b', 'web-c', 'web-d', 'web-e', 'web-f', 'ops'].map(dependsOn), [undefined, undefined, ['web-b'], ['ops'], undefined, undefined, undefined]);
    assert.equal(object(tree, 'flux/web-b.yaml').spec.wait, true);
  });

  it('adds no namespace dependency that would close a cycle', async () => {
    // web-b creates "shared" and depends on web-c, which asks for "shared" too: web-c must not wait for web-b.
    const dir = await vendoredSource([
      chartApp('web-b', 'web').replace('    options:', '    namespace: shared\n    dependencies: [web-c]\n    options:'),
      chartApp('web-c', 'web').replace('    options:', '    namespace: shared\n    options:'),
    ].join(''));
    const { tree } = await renderSource(dir, testRuntime());
    assert.deepEqual(object(tree, 'flux/web-b.yaml').spec.dependsOn, [{ name: 'web-c' }]);
    assert.equal(object(tree, 'flux/web-c.yaml').spec.dependsOn, undefined);
    assert.ok(tree.has('web-b/02-namespace-shared.yaml'));
  });

  it('merges valuesFiles in order, then values', async () => {
    const dir = await vendoredSource(chartApp('web', 'web', '      valuesFiles: [values/base.yaml, values/prod.yaml]\n      values: { greeting: hi }\n'), {
      'values/base.yaml': 'mode: base\ngreeting: from-base\nreplicas: 2\n',
      'values/prod.yaml': 'mode: prod\n',
    });
    const { tree } = await renderSource(dir, testRuntime());
    assert.deepEqual(object(tree, 'web/11-configmap-web-settings.yaml').data, { mode: 'prod', greeting: 'hi', pdb: 'policy/v1' });
    assert.equal(object(tree, 'web/29-deployment-web.yaml').spec.replicas, 2);
  });

  it('reports a values file that is missing or outside the source repository', async () => {
    const missing = await renderError(await vendoredSource(chartApp('web', 'web', '      valuesFiles: [values/none.yaml]\n')));
    assert.match(missing.message, /apps\[0\]: app "web" \(template "helm-chart"\) failed to render: valuesFiles\[0\]: file "values\/none\.yaml" not found in the source repository/);
    const outside = await renderError(await vendoredSource(chartApp('web', 'web', '      valuesFiles: [../../etc/passwd]\n')));
    assert.match(outside.message, /valuesFiles\[0\]: "\.\.\/\.\.\/etc\/passwd" is outside the source repository/);
  });

  it('applies strategic-merge and JSON6902 patches to the chart output, after homelab\'s own changes', async () => {
    const dir = await vendoredSource(chartApp('web', 'web', `      patches:
        - patch: |
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: web }
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                    - name: web
                      env: [{ name: COLOR, value: blue }, { name: EXTRA, value: "1" }]
                    - name: sidecar
                      $patch: delete
        - target: { kind: ConfigMap, labelSelector: "app=web" }
          patch:
            - { op: replace, path: /data/greeting, value: patched }
            - { op: add, path: /metadata/annotations, value: { note: json6902 } }
        - target: { group: batch, kind: Job, name: "web-.*" }
          patch: [{ op: add, path: /spec/backoffLimit, value: 1 }]
`));
    const { tree } = await renderSource(dir, testRuntime());
    const deployment = object(tree, 'web/29-deployment-web.yaml');
    assert.equal(deployment.spec.replicas, 3);
    assert.deepEqual(deployment.spec.template.spec.containers, [{
      name: 'web', image: 'nginx:1.27',
      // kustomize's order: the patch's items first, then the others.
      env: [{ name: 'COLOR', value: 'blue' }, { name: 'EXTRA', value: '1' }, { name: 'MODE', value: 'dev' }],
    }]);
    const configMap = object(tree, 'web/11-configmap-web-settings.yaml');
    assert.equal(configMap.data.greeting, 'patched');
    assert.deepEqual(configMap.metadata.annotations, { note: 'json6902' });
    const job = object(tree, 'web/32-job.hook-1pre-w495-web-setup.yaml');
    assert.equal(job.spec.backoffLimit, 1);
    assert.equal(job.metadata.annotations['kustomize.toolkit.fluxcd.io/force'], 'enabled', 'patches see homelab\'s own changes');
  });

  it('refuses a patch whose target matches nothing, naming the patch and the objects, and changes nothing', async () => {
    const dir = await vendoredSource(chartApp('web', 'web', `      patches:
        - target: { kind: Deployment }
          patch: [{ op: replace, path: /spec/replicas, value: 2 }]
        - target: { kind: StatefulSet, name: web }
          patch: [{ op: replace, path: /spec/replicas, value: 2 }]
`));
    const stderr = await failsAndChangesNothing(dir);
    assert.match(stderr, /config\/apps\.yaml:\d+:\d+ apps\[0\]\.options\.patches\[1\]: app "web" \(template "helm-chart"\): chart "web" 1\.0\.0: target \{ kind: "StatefulSet", name: "web" \} matches no object; the objects are: .*Deployment\/web\/web/);
    assert.doesNotMatch(stderr, /patches\[0\]/);
  });

  it('refuses a JSON6902 operation on a path that does not exist, naming the object and operation', async () => {
    const error = await renderError(await vendoredSource(chartApp('web', 'web', `      patches:
        - target: { kind: Deployment }
          patch: [{ op: remove, path: /spec/paused }]
`)));
    assert.match(error.message, /apps\[0\]\.options\.patches\[0\]: .*Deployment\/web\/web: operation 1 \(remove\): \/spec\/paused does not exist/);
  });

  it('enforces the chart\'s values.schema.json, located at the value in config/apps.yaml, and changes nothing', async () => {
    const dir = await vendoredSource(chartApp('web', 'web', '      values:\n        replicas: none\n'));
    const stderr = await failsAndChangesNothing(dir);
    assert.match(stderr, /config\/apps\.yaml:11:19 apps\[0\]\.options\.values\.replicas: app "web" \(template "helm-chart"\): chart "web" 1\.0\.0 \(assets\/helm-chart\/web-1\.0\.0\.tgz\) refuses its values \(values\.schema\.json\): replicas: got string, want integer/);
  });

  it('locates a value that breaks values.schema.json in the last values file that sets it', async () => {
    const dir = await vendoredSource(chartApp('web', 'web', '      valuesFiles: [values/base.yaml, values/prod.yaml]\n      values: { greeting: hi }\n'), {
      'values/base.yaml': 'replicas: 2\nmode: base\n',
      'values/prod.yaml': '# production\nmode: prod\nreplicas: many\n',
    });
    const stderr = await failsAndChangesNothing(dir);
    assert.match(stderr, /values\/prod\.yaml:3:11 replicas: app "web" \(template "helm-chart"\): chart "web" 1\.0\.0 \(assets\/helm-chart\/web-1\.0\.0\.tgz\) refuses its values \(values\.schema\.json\): replicas: got string, want integer/);
    // A value set in config/apps.yaml wins over the files, and is reported there.
    const overridden = await vendoredSource(chartApp('web', 'web', '      valuesFiles: [values/prod.yaml]\n      values:\n        replicas: none\n'), {
      'values/prod.yaml': 'replicas: many\n',
    });
    assert.match(await failsAndChangesNothing(overridden), /config\/apps\.yaml:12:19 apps\[0\]\.options\.values\.replicas: .*replicas: got string, want integer/);
  });

  it('makes Jobs re-creatable by Flux and keeps hooks in helm\'s order after the other objects of their kind', async () => {
    const { tree } = await renderSource(await vendoredSource(chartApp('web', 'web')), testRuntime());
    const files = [...tree.keys()].filter((file) => file.startsWith('web/'));
    assert.deepEqual(files, [
      'web/02-namespace-web.yaml', 'web/11-configmap-web-settings.yaml', 'web/29-deployment-web.yaml',
      'web/32-job.hook-1pre-w495-web-setup.yaml', 'web/32-job.hook-2post-w500-web-announce.yaml',
    ]);
    const job = object(tree, 'web/32-job.hook-1pre-w495-web-setup.yaml');
    assert.equal(job.metadata.annotations['kustomize.toolkit.fluxcd.io/force'], 'enabled');
    assert.equal(job.metadata.annotations['helm.sh/hook'], 'pre-install,pre-upgrade');
    assert.equal('ttlSecondsAfterFinished' in job.spec, false);
  });

  it('gives helm group/version/Kind entries of the cluster\'s built-in kinds', async () => {
    const { tree } = await renderSource(await vendoredSource(chartApp('web', 'web')), testRuntime());
    assert.equal(object(tree, 'web/11-configmap-web-settings.yaml').data.pdb, 'policy/v1');
  });

  it('names the chart value that fixes an object of an API version the cluster does not serve', async () => {
    const error = await renderError(await vendoredSource(chartApp('jobs', 'legacy')));
    assert.match(error.message, /apps\[0\]\.options: app "jobs" \(template "helm-chart"\): chart "legacy" 1\.0\.0 renders CronJob\/jobs\/jobs-nightly as batch\/v1beta1, which the cluster does not serve \(it serves CronJob as batch\/v1\)\. helm's built-in API versions made the chart believe batch\/v1beta1 exists: set the chart value that picks it \(this chart has `cronJobApiVersion`\), or use a patch: .*value: batch\/v1/);
    const fixed = await renderSource(await vendoredSource(chartApp('jobs', 'legacy', '      values: { cronJobApiVersion: batch/v1 }\n')), testRuntime());
    assert.equal(object(fixed.tree, 'jobs/33-cronjob-jobs-nightly.yaml').apiVersion, 'batch/v1');
  });

  it('refuses a chart\'s plaintext Secret, naming the chart, the object, the values that take an existing Secret and both ways to make one', async () => {
    const error = await renderError(await vendoredSource(chartApp('db', 'secretive')));
    assert.match(error.message, /app "db" \(template "helm-chart"\): chart "secretive" 1\.0\.0 renders Secret\/db\/db-credentials with key "password": homelab never publishes a plaintext Secret\. Give the chart an existing Secret instead: `auth\.existingSecret` is the value of this chart that takes one; create that Secret either SOPS-encrypted in the source repo .* or with an external secrets operator/);
    assert.doesNotMatch(error.message, /hunter2/);
    const fixed = await renderSource(await vendoredSource(chartApp('db', 'secretive', '      values: { auth: { existingSecret: db-credentials } }\n')), testRuntime());
    assert.equal([...fixed.tree.keys()].some((file) => file.includes('secret')), false);
  });
});
