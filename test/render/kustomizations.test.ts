// The `kustomize` template builds a kustomization directory of the source repo with the real `kubectl kustomize`
// (from the tools cache): its objects equal kubectl's apart from homelab's own moves (CRDs to the crds app), and a
// kustomization that does not build gives kustomize's own message with the app named, changing nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigError } from '../../src/errors.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { runCli } from '../support/run-cli.ts';
import { testRuntime } from '../support/runtime.ts';
import { appsYaml, FLUX_YAML, sourceRepo } from '../support/source-repo.ts';
import { toolPath } from '../support/tools.ts';

const exec = promisify(execFile);

const BASE = {
  'deploy/base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
labels:
  - pairs: { app.kubernetes.io/part-of: shop }
    includeSelectors: false
resources: [deployment.yaml, service.yaml, crd.yaml]
configMapGenerator:
  - name: shop-settings
    literals: [MODE=base]
`,
  'deploy/base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: shop }
spec:
  replicas: 1
  selector: { matchLabels: { app: shop } }
  template:
    metadata: { labels: { app: shop } }
    spec:
      containers:
        - name: shop
          image: ghcr.io/example/shop:1.0.0
          envFrom: [{ configMapRef: { name: shop-settings } }]
`,
  'deploy/base/service.yaml': `apiVersion: v1
kind: Service
metadata: { name: shop }
spec: { selector: { app: shop }, ports: [{ port: 80, targetPort: 8080 }] }
`,
  'deploy/base/crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: carts.shop.example.com }
spec:
  group: shop.example.com
  scope: Namespaced
  names: { kind: Cart, plural: carts, singular: cart, listKind: CartList }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`,
  'deploy/prod/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop-prod
namePrefix: prod-
resources: [../base, namespace.yaml]
images:
  - name: ghcr.io/example/shop
    newTag: 1.1.0
configMapGenerator:
  - name: shop-settings
    behavior: merge
    literals: [MODE=prod]
patches:
  - target: { kind: Deployment, name: shop }
    patch: |
      - op: replace
        path: /spec/replicas
        value: 3
`,
  'deploy/prod/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop-prod }\n',
};

const APP = '  - template: kustomize\n    id: shop\n    options: { path: deploy/prod }\n';

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } };
const key = (o: Obj) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe('the kustomize template', () => {
  it('renders a base + overlay exactly as kubectl kustomize builds it, CRDs moved to the crds app', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(APP), ...BASE });
    const { tree } = await renderSource(dir, testRuntime());
    const { stdout } = await exec(toolPath('kubectl'), ['kustomize', path.join(dir, 'deploy/prod')]);
    const built = parseAllDocuments(stdout).map((d) => d.toJS() as Obj);
    const rendered = [...tree].filter(([file]) => file.startsWith('shop/')).map(([, text]) => parse(text) as Obj);
    const crds = [...tree].filter(([file]) => file.startsWith('crds/')).map(([, text]) => parse(text) as Obj);

    const expectedApp = built.filter((o) => o.kind !== 'CustomResourceDefinition');
    assert.deepEqual(new Map(rendered.map((o) => [key(o), o])), new Map(expectedApp.map((o) => [key(o), o])));
    const crd = built.find((o) => o.kind === 'CustomResourceDefinition')!;
    assert.deepEqual(crds, [{ ...crd, metadata: { ...crd.metadata, annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } } }]);
    // The overlay's generated ConfigMap name (with kustomize's content hash) is what the Deployment refers to.
    const deployment = rendered.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number; template: { spec: { containers: { envFrom: { configMapRef: { name: string } }[] }[] } } } };
    assert.equal(deployment.spec.replicas, 3);
    assert.match(deployment.spec.template.spec.containers[0]!.envFrom[0]!.configMapRef.name, /^prod-shop-settings-[a-z0-9]+$/);
  });

  it('puts namespaced objects the kustomization leaves without a namespace into the app\'s namespace', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml(APP.replace('deploy/prod', 'deploy/base')),
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [shop]\n`,
      ...BASE,
    });
    const { tree } = await renderSource(dir, testRuntime());
    const rendered = [...tree].filter(([file]) => file.startsWith('shop/')).map(([, text]) => parse(text) as Obj);
    assert.deepEqual(rendered.map((o) => `${o.kind}/${o.metadata.namespace}`).sort(), ['ConfigMap/shop', 'Deployment/shop', 'Service/shop']);
    // Everything else as kubectl kustomize builds it.
    const { stdout } = await exec(toolPath('kubectl'), ['kustomize', path.join(dir, 'deploy/base')]);
    const built = parseAllDocuments(stdout).map((d) => d.toJS() as Obj).filter((o) => o.kind !== 'CustomResourceDefinition');
    assert.deepEqual(rendered.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: undefined } })).sort((a, b) => key(a).localeCompare(key(b))),
      built.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: undefined } })).sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('gives kustomize\'s own message with the app named when the kustomization does not build, and changes nothing', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml(APP),
      ...BASE,
      'deploy/prod/kustomization.yaml': 'resources: [../base, missing.yaml]\n',
    });
    const out = path.join(dir, 'out');
    await mkdir(path.join(out, 'previous'), { recursive: true });
    await writeFile(path.join(out, 'previous', 'keep.yaml'), 'kept: true\n');
    const run = await runCli('generate-manifests --source', dir, '--output', out);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /config\/apps\.yaml:6:22 apps\[0\]\.options\.path: app "shop" \(template "kustomize"\): kustomization "deploy\/prod" does not build: .*missing\.yaml/);
    assert.deepEqual(await readdir(out), ['previous']);
    assert.equal(await readFile(path.join(out, 'previous', 'keep.yaml'), 'utf8'), 'kept: true\n');
  });

  it('refuses remote resources and paths outside the source repository (renders are offline)', async () => {
    const remote = await sourceRepo({
      'config/apps.yaml': appsYaml(APP),
      ...BASE,
      'deploy/prod/kustomization.yaml': 'resources: [../base, "https://github.com/example/shop//deploy?ref=v1"]\n',
    });
    const error = await renderSource(remote, testRuntime()).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /kustomization "deploy\/prod" does not build: deploy\/prod\/kustomization\.yaml: resources "https:\/\/github\.com\/example\/shop\/\/deploy\?ref=v1" is remote; homelab renders offline/);

    const outside = await sourceRepo({ 'config/apps.yaml': appsYaml(APP), ...BASE, 'deploy/prod/kustomization.yaml': 'resources: [../../../elsewhere]\n' });
    const escaped = await renderSource(outside, testRuntime()).then(() => undefined, (e: unknown) => e);
    assert.match(String(escaped), /resources "\.\.\/\.\.\/\.\.\/elsewhere" is outside the source repository/);
  });

  it('validates the objects it builds like any other app\'s', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml(APP),
      'config/flux.yaml': FLUX_YAML,
      ...BASE,
      'deploy/base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: shop }\nspec: { selector: { app: shop }, ports: [{ port: eighty }] }\n',
    });
    const error = await renderSource(dir, testRuntime()).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /shop: Service\/shop-prod\/prod-shop .*spec\.ports\[0\]\.port/);
  });
  it('renders an edit of the kustomization\'s files, however often the same render was remembered before', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(APP), ...BASE });
    const cache = await mkdtemp(path.join(os.tmpdir(), 'homelab-memo-'));
    const runtime = testRuntime({ HOMELAB_CACHE: cache });
    const image = async () => {
      const { tree } = await renderSource(dir, runtime);
      const file = [...tree.keys()].find((name) => name.includes('deployment'))!;
      return (parse(tree.get(file)!) as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]!.image;
    };
    // Seen, remembered, then taken from the render memo.
    for (let run = 0; run < 3; run++) assert.equal(await image(), 'ghcr.io/example/shop:1.1.0');
    assert.ok((await readdir(path.join(cache, 'render', 'render'))).length >= 2, 'the render was remembered');
    await writeFile(path.join(dir, 'deploy/prod/kustomization.yaml'), BASE['deploy/prod/kustomization.yaml']!.replace('newTag: 1.1.0', 'newTag: 1.1.1'));
    assert.equal(await image(), 'ghcr.io/example/shop:1.1.1');
  });
});
