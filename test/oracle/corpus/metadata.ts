// Object metadata: names, labels and annotations, the same mutations on kinds of several groups and scopes.
import { NS, nameOfLength, type CorpusEntry, type Family, type JsonObject } from './entry.ts';
import { m, meta, variants, type Mutation } from './mutate.ts';

const labelsOf = (o: JsonObject) => (meta(o).labels ??= {});
const annotationsOf = (o: JsonObject) => (meta(o).annotations ??= {});

const METADATA: Mutation[] = [
  m('label-value-64', 'name-format', false, (o) => (labelsOf(o).tier = nameOfLength('v', 64))),
  m('label-value-63', 'name-format', true, (o) => (labelsOf(o).tier = nameOfLength('v', 63))),
  m('label-value-space', 'name-format', false, (o) => (labelsOf(o).tier = 'front end')),
  m('label-value-empty', 'name-format', true, (o) => (labelsOf(o).tier = '')),
  m('label-value-leading-dash', 'name-format', false, (o) => (labelsOf(o).tier = '-front')),
  m('label-value-dots', 'name-format', true, (o) => (labelsOf(o).version = 'v1.2.3_rc-1')),
  m('label-key-prefix-uppercase', 'name-format', false, (o) => (labelsOf(o)['Example.com/tier'] = 'front')),
  m('label-key-two-slashes', 'name-format', false, (o) => (labelsOf(o)['example.com/a/b'] = 'x')),
  m('label-key-name-64', 'name-format', false, (o) => (labelsOf(o)[nameOfLength('k', 64)] = 'x')),
  m('label-key-prefixed', 'name-format', true, (o) => (labelsOf(o)['app.kubernetes.io/part-of'] = 'oracle')),
  m('label-key-prefix-254', 'name-format', false, (o) => (labelsOf(o)[`${'a'.repeat(254)}/k`] = 'x')),
  m('label-key-empty-name', 'name-format', false, (o) => (labelsOf(o)['example.com/'] = 'x')),
  m('label-value-number', 'schema', false, (o) => ((labelsOf(o) as Record<string, unknown>).replicas = 3)),
  m('annotation-key-space', 'name-format', false, (o) => (annotationsOf(o)['bad key'] = 'x')),
  m('annotation-value-free-text', 'name-format', true, (o) => (annotationsOf(o).description = 'Any text: spaces, ünïcode, "quotes"\nand lines.')),
  m('annotations-over-256k', 'name-format', false, (o) => (annotationsOf(o)['example.com/blob'] = 'x'.repeat(256 * 1024))),
  m('annotations-under-256k', 'name-format', true, (o) => (annotationsOf(o)['example.com/blob'] = 'x'.repeat(200 * 1024))),
  m('name-uppercase', 'name-format', false, (o) => (meta(o).name = `${meta(o).name}-Upper`)),
  m('name-underscore', 'name-format', false, (o) => (meta(o).name = `${meta(o).name}_x`)),
  m('name-254-characters', 'name-format', false, (o) => (meta(o).name = nameOfLength(`${meta(o).name}.`, 254))),
  m('name-trailing-dash', 'name-format', false, (o) => (meta(o).name = `${meta(o).name}-`)),
  m('generate-name-only', 'required', false, (o) => {
    meta(o).generateName = `${meta(o).name}-`;
    delete (meta(o) as { name?: string }).name;
  }),
  m('finalizer-invalid', 'name-format', false, (o) => (meta(o).finalizers = ['not a finalizer'])),
  m('finalizer-qualified', 'name-format', true, (o) => (meta(o).finalizers = ['example.com/cleanup'])),
  m('owner-reference-incomplete', 'required', false, (o) => (meta(o).ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner' }])),
];

/** Every metadata mutation on one namespaced and one cluster-scoped kind; a few on others. */
const TARGETS: readonly { prefix: string; family: Family; all: boolean; pathSegmentNames?: boolean; base: (name: string) => JsonObject }[] = [
  { prefix: 'meta-cm', family: 'config-storage', all: true, base: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data: { a: 'b' } }) },
  // RBAC names are path segments: upper case, "_", a trailing "-" and any length pass.
  { prefix: 'meta-crole', family: 'rbac', all: true, pathSegmentNames: true, base: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [] }) },
  {
    prefix: 'meta-deploy', family: 'workloads', all: false,
    base: (name) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'registry.example.test/app:1.0' }] } } },
    }),
  },
  { prefix: 'meta-ns', family: 'policy-scheduling', all: false, base: (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) },
];
const FEW = new Set(['label-value-64', 'label-value-space', 'label-key-two-slashes', 'annotation-key-space', 'annotations-over-256k', 'name-uppercase']);

export function metadataEntries(): CorpusEntry[] {
  return TARGETS.flatMap(({ prefix, family, all, pathSegmentNames, base }) => {
    const chosen = all ? METADATA : METADATA.filter((mu) => FEW.has(mu.slug));
    const mutations = chosen.map((mu) => (pathSegmentNames && mu.slug.startsWith('name-') ? { ...mu, valid: true } : mu));
    return variants({ prefix, family, base, mutations, withBase: false });
  });
}
