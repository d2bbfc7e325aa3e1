// The helm-chart template's `patches` judged against the real kustomize: the chart's output, rendered without patches,
// is patched by `kubectl kustomize` with the very same patch entries (strategic merge with and without a target, list
// merge keys and their order, $patch directives, null, JSON6902 with regular-expression targets), and
// homelab's own patched render must equal kustomize's result object for object.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { runCli } from '../support/run-cli.ts';
import { testRuntime } from '../support/runtime.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';
import { toolPath } from '../support/tools.ts';

const exec = promisify(execFile);

const TEMPLATES = {
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels: { app: {{ .Release.Name }} }
spec:
  replicas: 1
  selector: { matchLabels: { app: {{ .Release.Name }} } }
  template:
    metadata: { labels: { app: {{ .Release.Name }} } }
    spec:
      tolerations: [{ key: a, operator: Exists }]
      containers:
        - name: app
          image: ghcr.io/example/shop:1.0.0
          args: [--port=8080, --debug, --color]
          env: [{ name: A, value: "1" }, { name: REMOVED, value: "x" }]
          ports: [{ containerPort: 8080, name: http }]
          volumeMounts: [{ name: data, mountPath: /data }]
        - name: sidecar
          image: busybox:1.37
      volumes: [{ name: data, emptyDir: {} }]
`,
  'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
  labels: { app: {{ .Release.Name }} }
spec:
  selector: { app: {{ .Release.Name }} }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`,
  'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
  labels: { app: {{ .Release.Name }}, tier: config }
data: { mode: dev, greeting: hello, obsolete: "yes" }
`,
  'other-configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-extra
  labels: { app: {{ .Release.Name }} }
data: { keep: me }
`,
};

/** The patch entries, given to homelab's config/apps.yaml and to kustomize's kustomization.yaml as the same text. */
const PATCHES: { target?: Record<string, string>; patch: unknown }[] = [
  {
    // Strategic merge without a target: finds the Deployment by kind and name.
    patch: {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop' },
      spec: {
        replicas: 3,
        template: {
          spec: {
            tolerations: [{ key: 'b', operator: 'Exists' }],
            containers: [
              {
                name: 'app',
                env: [{ name: 'B', value: '2' }, { name: 'REMOVED', $patch: 'delete' }],
                ports: [{ containerPort: 9090, name: 'metrics' }],
                volumeMounts: [{ mountPath: '/data', readOnly: true }, { name: 'cache', mountPath: '/cache' }],
              },
              { name: 'sidecar', $patch: 'delete' },
              { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' },
            ],
            volumes: [{ name: 'cache', emptyDir: { medium: 'Memory' } }],
          },
        },
      },
    },
  },
  {
    target: { kind: 'Service' },
    patch: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'any' }, spec: { ports: [{ name: 'https', port: 443, targetPort: 8443 }] } },
  },
  {
    // A label selector; null removes a key.
    target: { kind: 'ConfigMap', labelSelector: 'app=shop,tier in (config)' },
    patch: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'any', annotations: { team: 'shop' } }, data: { obsolete: null, greeting: 'hi' } },
  },
  {
    // $patch: replace on a mapping.
    patch: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-extra' }, data: { $patch: 'replace', only: 'this' } },
  },
  {
    // JSON6902, targets as regular expressions.
    target: { group: 'apps', version: 'v1', kind: 'Deploy.*', name: 'sh.p' },
    patch: [
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'ghcr.io/example/shop:1.1.0' },
      { op: 'add', path: '/metadata/labels/patched', value: 'json6902' },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copied' },
      { op: 'test', path: '/spec/replicas', value: 3 },
    ],
  },
];

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
const withoutNamespace = (o: Obj): Obj => {
  const { namespace: _namespace, ...metadata } = o.metadata;
  return { ...o, metadata };
};
const key = (o: Obj) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

let repo: ChartRepo;
before(async () => {
  repo = await startChartRepo();
  await repo.addChart({ name: 'shop', version: '1.0.0', templates: TEMPLATES, values: '{}\n' });
});
after(() => repo.close());

async function render(patches: typeof PATCHES): Promise<Obj[]> {
  const entries = patches.map((entry) => `        - ${entry.target ? `target: ${JSON.stringify(entry.target)}\n          ` : ''}patch: ${JSON.stringify(JSON.stringify(entry.patch))}\n`).join('');
  const dir = await sourceRepo({
    'config/apps.yaml': appsYaml(`  - template: helm-chart\n    id: shop\n    options:\n      repo: ${repo.url}\n      chart: shop\n      version: 1.0.0\n${patches.length > 0 ? `      patches:\n${entries}` : ''}`),
  });
  const refresh = await runCli('refresh-assets --source', dir);
  assert.equal(refresh.code, 0, refresh.stderr);
  const { tree } = await renderSource(dir, testRuntime());
  return [...tree].filter(([file]) => file.startsWith('shop/')).map(([, text]) => parse(text) as Obj);
}

describe('helm-chart patches', () => {
  it('patch the chart output exactly as kubectl kustomize patches it', async () => {
    // All objects are in the release namespace; kustomize gets them as helm prints them, without it (a patch without a
    // namespace then names them, as in homelab, where objects without a namespace match as the release namespace).
    const unpatched = (await render([])).map(withoutNamespace);
    const patched = (await render(PATCHES)).map(withoutNamespace);

    const dir = await tempDir('homelab-kustomize-oracle-');
    await mkdir(dir, { recursive: true });
    const resources = unpatched.map((object, index) => `resource-${index}.yaml`);
    await Promise.all(unpatched.map((object, index) => writeFile(path.join(dir, resources[index]!), JSON.stringify(object))));
    await writeFile(path.join(dir, 'kustomization.yaml'), JSON.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources,
      patches: PATCHES.map((entry) => ({ ...(entry.target && { target: entry.target }), patch: JSON.stringify(entry.patch) })),
    }));
    const { stdout } = await exec(toolPath('kubectl'), ['kustomize', dir]);
    const expected = parseAllDocuments(stdout).map((document) => document.toJS() as Obj);

    const byKey = (objects: readonly Obj[]) => new Map(objects.map((o) => [key(o), o]));
    assert.deepEqual(byKey(patched), byKey(expected));
    // The patches did something (the test would pass trivially otherwise).
    assert.notDeepEqual(byKey(patched), byKey(unpatched));
  });
});
