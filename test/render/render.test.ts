import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ConfigError } from '../../src/errors.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { testRuntime } from '../support/runtime.ts';
import { FLUX_YAML, appsYaml, sourceRepo } from '../support/source-repo.ts';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.dev
spec:
  group: example.dev
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
const CLUSTER_CRD = CRD.replaceAll('widget', 'gadget').replaceAll('Widget', 'Gadget').replace('scope: Namespaced', 'scope: Cluster');

/** These tests' plain-manifest apps create no namespaces: the cluster is said to have them. */
const FLUX_WITH_NAMESPACES = `${FLUX_YAML}existingNamespaces: [operator, consumer, bystander, multi, a, b, m]\n`;

async function renderRepo(apps: string, files: Record<string, string> = {}) {
  return renderSource(await sourceRepo({ 'config/apps.yaml': appsYaml(apps), 'config/flux.yaml': FLUX_WITH_NAMESPACES, ...files }), testRuntime());
}

function object(tree: ReadonlyMap<string, string>, file: string): Record<string, any> {
  const text = tree.get(file);
  assert.ok(text !== undefined, `no file ${file}; files: ${[...tree.keys()].join(', ')}`);
  return parse(text) as Record<string, any>;
}

describe('render: the Flux app-of-apps', () => {
  it('writes one Kustomization per app with every field Flux needs', async () => {
    const { tree } = await renderRepo('  - template: web-app\n    id: blog\n    options: { image: nginx }\n');
    assert.deepEqual(object(tree, 'flux/blog.yaml'), {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'blog', namespace: 'flux-system' },
      spec: { interval: '10m', path: './apps/blog', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    });
    assert.deepEqual(object(tree, 'flux-bootstrap/flux.yaml'), {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'flux', namespace: 'flux-system' },
      spec: { interval: '10m', path: './apps/flux', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    });
  });

  it('takes appsPath and interval from flux.yaml and per-app settings from the app', async () => {
    const { tree } = await renderRepo('  - template: web-app\n    flux: { interval: 2m, timeout: 1m, retryInterval: 30s, wait: false }\n    options: { image: nginx }\n', {
      'config/flux.yaml': 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://x.example/r.git\nappsPath: clusters/home/apps\ninterval: 1h\n',
    });
    assert.deepEqual(object(tree, 'flux/web-app.yaml').spec, {
      interval: '2m', path: './clusters/home/apps/web-app', prune: true, retryInterval: '30s',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' }, timeout: '1m', wait: false,
    });
    assert.equal(object(tree, 'flux-bootstrap/flux.yaml').spec.path, './clusters/home/apps/flux');
    assert.equal(object(tree, 'flux-bootstrap/flux.yaml').spec.interval, '1h');
  });

  it('turns dependencies into dependsOn and waits on apps that others depend on', async () => {
    const { tree } = await renderRepo(`  - template: web-app
    id: db
    options: { image: postgres }
  - template: web-app
    id: api
    dependencies: [db]
    options: { image: api }
  - template: web-app
    id: ui
    dependencies: [api, db]
    options: { image: ui }
`);
    assert.deepEqual(object(tree, 'flux/ui.yaml').spec.dependsOn, [{ name: 'api' }, { name: 'db' }]);
    assert.deepEqual(object(tree, 'flux/api.yaml').spec.dependsOn, [{ name: 'db' }]);
    assert.equal(object(tree, 'flux/db.yaml').spec.wait, true);
    assert.equal(object(tree, 'flux/api.yaml').spec.wait, true);
    assert.equal(object(tree, 'flux/ui.yaml').spec.wait, undefined, 'nothing depends on ui, so Flux need not wait for it');
  });

  it('renders an app with flux: false but leaves it out of the app-of-apps', async () => {
    const { tree } = await renderRepo('  - template: web-app\n    flux: false\n    options: { image: nginx }\n');
    assert.ok(tree.has('web-app/29-deployment-web-app.yaml'));
    assert.deepEqual([...tree.keys()].filter((f) => f.startsWith('flux/')), []);
  });
});

describe('render: CRDs', () => {
  const files = {
    'vendor/crd.yaml': CRD,
    'vendor/cluster-crd.yaml': CLUSTER_CRD,
    'vendor/operator.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: operator }\n',
    'use/widget.yaml': 'apiVersion: example.dev/v1\nkind: Widget\nmetadata: { name: w1 }\n---\napiVersion: example.dev/v1\nkind: Gadget\nmetadata: { name: g1, namespace: ignored }\n',
    'use/plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: plain }\n',
  };
  const apps = `  - template: manifests
    id: operator
    options: { paths: [vendor] }
  - template: manifests
    id: consumer
    options: { paths: [use/widget.yaml] }
  - template: manifests
    id: bystander
    options: { paths: [use/plain.yaml] }
`;

  it('moves every CRD into the crds app and marks it never to be pruned', async () => {
    const { tree } = await renderRepo(apps, files);
    const crd = object(tree, 'crds/widgets.example.dev.yaml');
    assert.equal(crd.metadata.annotations['kustomize.toolkit.fluxcd.io/prune'], 'disabled');
    assert.ok(tree.has('crds/gadgets.example.dev.yaml'));
    assert.deepEqual([...tree.keys()].filter((f) => f.startsWith('operator/')), ['operator/11-configmap-operator.yaml']);
    assert.deepEqual(object(tree, 'flux/crds.yaml').spec.path, './apps/crds');
    assert.equal(object(tree, 'flux/crds.yaml').spec.wait, true);
  });

  it('makes apps that use a CRD-defined kind depend on crds, and only those', async () => {
    const { tree } = await renderRepo(apps, files);
    assert.deepEqual(object(tree, 'flux/consumer.yaml').spec.dependsOn, [{ name: 'crds' }]);
    assert.equal(object(tree, 'flux/bystander.yaml').spec.dependsOn, undefined);
    assert.equal(object(tree, 'flux/operator.yaml').spec.dependsOn, undefined);
  });

  it('namespaces custom resources by their CRD\'s scope', async () => {
    const { tree } = await renderRepo(apps, files);
    assert.equal(object(tree, 'consumer/90-widget-w1.yaml').metadata.namespace, 'consumer');
    assert.equal(object(tree, 'consumer/90-gadget-g1.yaml').metadata.namespace, undefined, 'a cluster-scoped kind has no namespace');
  });

  it('keeps one copy of a CRD that two apps ship identically, and rejects differing ones', async () => {
    const same = await renderRepo('  - template: manifests\n    id: a\n    options: { paths: [vendor/crd.yaml] }\n  - template: manifests\n    id: b\n    options: { paths: [vendor/crd.yaml] }\n', files);
    assert.deepEqual([...same.tree.keys()].filter((f) => f.startsWith('crds/')), ['crds/widgets.example.dev.yaml']);

    const error = await renderRepo('  - template: manifests\n    id: a\n    options: { paths: [vendor/crd.yaml] }\n  - template: manifests\n    id: b\n    options: { paths: [other/crd.yaml] }\n',
      { ...files, 'other/crd.yaml': CRD.replace('served: true', 'served: false') }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /apps\[1\]: apps "a" and "b" both define CustomResourceDefinition "widgets\.example\.dev" differently/);
  });

  it('writes no crds app when nothing renders a CRD', async () => {
    const { tree } = await renderRepo('  - template: web-app\n    options: { image: nginx }\n');
    assert.equal([...tree.keys()].some((f) => f.startsWith('crds/') || f === 'flux/crds.yaml'), false);
  });
});

describe('render: objects', () => {
  it('renders two instances of one template side by side, named after their ids', async () => {
    const { tree } = await renderRepo('  - template: web-app\n    id: blue\n    options: { image: podinfo, replicas: 2 }\n  - template: web-app\n    id: green\n    options: { image: podinfo }\n');
    const blue = object(tree, 'blue/29-deployment-blue.yaml');
    const green = object(tree, 'green/29-deployment-green.yaml');
    assert.deepEqual([blue.metadata.name, blue.metadata.namespace, blue.spec.replicas], ['blue', 'blue', 2]);
    assert.deepEqual([green.metadata.name, green.metadata.namespace, green.spec.replicas], ['green', 'green', 1]);
    assert.deepEqual(green.spec.selector.matchLabels, { 'app.kubernetes.io/instance': 'green', 'app.kubernetes.io/name': 'green' });
  });

  it('rejects two apps that render the same object, naming group, kind, namespace and name', async () => {
    const error = await renderRepo(`  - template: web-app
    id: one
    namespace: shared
    options: { image: a }
  - template: web-app
    id: two
    namespace: shared
    options: { image: b, createNamespace: false }
  - template: manifests
    id: three
    options: { paths: [ns.yaml] }
`, { 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shared }\n' }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, 'config/apps.yaml:12:5 apps[2]: Namespace/shared (group core): apps "one" and "three" both render it; give one a different name or namespace');
  });

  it('does not confuse objects of the same name in different namespaces or kinds', async () => {
    const { tree } = await renderRepo('  - template: manifests\n    id: multi\n    options: { paths: [m.yaml] }\n', {
      'm.yaml': ['a', 'b'].map((ns) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: same, namespace: ${ns} }\n`).join('---\n')
        + '---\napiVersion: v1\nkind: Secret\nmetadata: { name: same }\ntype: Opaque\n',
    });
    assert.deepEqual([...tree.keys()].filter((f) => f.startsWith('multi/')), [
      'multi/09-secret-same.yaml',
      'multi/11-configmap-same.a.yaml',
      'multi/11-configmap-same.b.yaml',
    ]);
  });

  it('orders files so namespaces come first and custom resources last', async () => {
    const { tree } = await renderRepo('  - template: manifests\n    id: mix\n    options: { paths: [m.yaml] }\n', {
      'm.yaml': [
        'apiVersion: example.dev/v1\nkind: Widget\nmetadata: { name: w }',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec: { selector: { matchLabels: { app: d } }, template: { metadata: { labels: { app: d } }, spec: { containers: [{ name: d, image: nginx }] } } }',
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: mix }',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: "system:odd name" }',
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: sa }',
        // Widget's CRD, so validation knows the kind (the CRD itself goes to the crds app).
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: widgets.example.dev }\nspec: { group: example.dev, scope: Namespaced, names: { kind: Widget, plural: widgets }, versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }] }',
      ].join('\n---\n'),
    });
    assert.deepEqual([...tree.keys()].filter((f) => f.startsWith('mix/')), [
      'mix/02-namespace-mix.yaml',
      'mix/08-serviceaccount-sa.yaml',
      'mix/16-clusterrole-system_odd_name.yaml',
      'mix/29-deployment-d.yaml',
      'mix/90-widget-w.yaml',
    ]);
    assert.equal(object(tree, 'mix/16-clusterrole-system_odd_name.yaml').metadata.namespace, undefined);
  });

  it('quotes strings that YAML 1.1 readers like Kubernetes would take for booleans or numbers', async () => {
    const { tree } = await renderRepo('  - template: web-app\n    options: { image: nginx, env: { FLAG: "yes", MODE: "on", PERM: "0755" } }\n');
    const text = tree.get('web-app/29-deployment-web-app.yaml')!;
    assert.match(text, /name: FLAG\n {14}value: "yes"/);
    assert.match(text, /value: "on"/);
    assert.match(text, /value: "0755"/);
  });

  it('is deterministic: two renders give identical trees', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml('  - template: web-app\n    options: { image: nginx, env: { B: "2", A: "1" }, host: a.example.com }\n') });
    const first = await renderSource(dir, testRuntime());
    const second = await renderSource(dir, testRuntime());
    assert.deepEqual([...first.tree], [...second.tree]);
  });
});
