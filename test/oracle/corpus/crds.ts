// CRDs: the support CRDs custom resources of the corpus need (created for real first), and mutations of CRD definitions.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import type { CorpusEntry, JsonObject } from './entry.ts';
import { m, variants, type Mutation } from './mutate.ts';

type Obj = Record<string, any>;
const CRD_API = 'apiextensions.k8s.io/v1';
export const SUPPORT_GROUP = 'oracle.homelab.test';

/** Widget: a namespaced kind with CEL rules, formats, list types, int-or-string and preserve-unknown-fields. */
const widgetSchema: Obj = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      'x-kubernetes-validations': [
        { rule: '!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' },
        // string(int) in a messageExpression has no cost bound: the API server refuses it (see crd/cel-message-cost-unbounded).
        { rule: "!has(self.mode) || self.mode != 'fast' || self.size <= 5", messageExpression: "'a widget in mode ' + self.mode + ' holds at most 5'" },
      ],
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 10 },
        mode: { type: 'string', maxLength: 4, enum: ['fast', 'slow'] },
        minReplicas: { type: 'integer', format: 'int32' },
        maxReplicas: { type: 'integer', format: 'int32' },
        replicas: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= 0 && self <= 100', message: 'replicas must be between 0 and 100' }] },
        email: { type: 'string', format: 'email' },
        host: { type: 'string', format: 'hostname' },
        address: { type: 'string', format: 'ipv4' },
        id: { type: 'string', format: 'uuid' },
        since: { type: 'string', format: 'date-time' },
        network: { type: 'string', format: 'cidr' },
        timeout: { type: 'string', format: 'duration' },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', maxItems: 10, 'x-kubernetes-list-type': 'set', items: { type: 'string', maxLength: 20 } },
        endpoints: {
          type: 'array', maxItems: 10, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 20 }, url: { type: 'string', maxLength: 100 } } },
        },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 10 } },
        code: { type: 'string', pattern: '^[A-Z]{3}-[0-9]+$' },
        numbers: { type: 'array', maxItems: 3, items: { type: 'integer' } },
        nick: { type: 'string', minLength: 2, maxLength: 8 },
        ratio: { type: 'number', minimum: 0, maximum: 1 },
        enabled: { type: 'boolean' },
      },
    },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

/** Gadget: a cluster-scoped kind whose patterns (and a CEL regex) use RE2-only syntax. */
export const RE2_PATTERNS: Readonly<Record<string, string>> = {
  caseless: '(?i)^[a-z]+$',
  unicodeUpper: '^\\p{Lu}+$',
  posixAlpha: '^[[:alpha:]]+$',
  endOfText: '^[a-z]+\\z',
  namedGroup: '^(?P<major>[0-9]+)\\.(?P<minor>[0-9]+)$',
  quoted: '^\\Qa.b\\E$',
  dotAll: '(?s)^a.b$',
  plain: '^[a-z0-9-]+$',
};
const gadgetSchema: Obj = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [{ rule: "!has(self.celCaseless) || self.celCaseless.matches('(?i)^abc$')", message: 'celCaseless must be abc in any case' }],
      properties: {
        ...Object.fromEntries(Object.entries(RE2_PATTERNS).map(([field, pattern]) => [field, { type: 'string', maxLength: 20, pattern }])),
        celCaseless: { type: 'string', maxLength: 20 },
      },
    },
  },
};

const multiSchema = (field: string): Obj => ({ type: 'object', properties: { spec: { type: 'object', properties: { [field]: { type: 'string' } } } } });

function crd(plural: string, kind: string, scope: 'Namespaced' | 'Cluster', versions: Obj[]): JsonObject {
  return {
    apiVersion: CRD_API, kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${SUPPORT_GROUP}` },
    spec: { group: SUPPORT_GROUP, scope, names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() }, versions },
  };
}

/** The CRDs that the custom resources of the corpus need; created in the cluster and rendered by homelab before anything else. */
export function supportCrds(): JsonObject[] {
  return [
    crd('widgets', 'Widget', 'Namespaced', [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: widgetSchema }, subresources: { status: {} } }]),
    crd('gadgets', 'Gadget', 'Cluster', [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: gadgetSchema } }]),
    crd('multis', 'Multi', 'Namespaced', [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: multiSchema('value') } },
      { name: 'v1beta1', served: true, storage: false, deprecated: true, schema: { openAPIV3Schema: multiSchema('value') } },
      { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: multiSchema('value') } },
    ]),
  ];
}

// ------------------------------------------------------------------ CRD definitions themselves

/** A valid CRD of its own group `<name>.oracle.test` (every entry its own group, so none collide). */
function thing(name: string): JsonObject {
  const group = `${name}.oracle.test`;
  return {
    apiVersion: CRD_API, kind: 'CustomResourceDefinition', metadata: { name: `things.${group}` },
    spec: {
      group, scope: 'Namespaced',
      names: { kind: 'Thing', listKind: 'ThingList', plural: 'things', singular: 'thing' },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, name: { type: 'string', maxLength: 50 } } } } } },
      }],
    },
  };
}

type Edit = Mutation<Obj>;
const s = (o: JsonObject): Obj => o.spec as Obj;
const v0 = (o: JsonObject): Obj => s(o).versions[0];
const root = (o: JsonObject): Obj => v0(o).schema.openAPIV3Schema;
const specProps = (o: JsonObject): Obj => root(o).properties.spec.properties;
const specSchema = (o: JsonObject): Obj => root(o).properties.spec;
const rule = (o: JsonObject, validation: Obj) => (specSchema(o)['x-kubernetes-validations'] = [validation]);

const DEFINITION: Edit[] = [
  m('name-mismatch', 'crd-definition', false, (o) => (o.metadata.name = `widgets.${s(o).group}`)),
  m('group-without-dot', 'crd-definition', false, (o) => {
    s(o).group = 'oraclegroup';
    o.metadata.name = 'things.oraclegroup';
  }),
  m('plural-uppercase', 'crd-definition', false, (o) => {
    s(o).names.plural = 'Things';
    o.metadata.name = `Things.${s(o).group}`;
  }),
  m('list-kind-equals-kind', 'crd-definition', false, (o) => (s(o).names.listKind = 'Thing')),
  m('scope-unknown', 'crd-definition', false, (o) => (s(o).scope = 'Namespace')),
  m('version-name-uppercase', 'crd-definition', false, (o) => (v0(o).name = 'V1')),
  m('duplicate-version', 'crd-definition', false, (o) => s(o).versions.push({ ...structuredClone(v0(o)), storage: false })),
  m('two-storage-versions', 'crd-definition', false, (o) => s(o).versions.push({ ...structuredClone(v0(o)), name: 'v2' })),
  m('no-storage-version', 'crd-definition', false, (o) => (v0(o).storage = false)),
  m('storage-not-served', 'crd-definition', true, (o) => (v0(o).served = false)),
  m('two-versions', 'crd-definition', true, (o) => s(o).versions.push({ ...structuredClone(v0(o)), name: 'v1beta1', storage: false })),
  m('schema-missing', 'crd-definition', false, (o) => delete v0(o).schema),
  m('property-without-type', 'crd-definition', false, (o) => (specProps(o).size = { minimum: 1 })),
  m('root-not-object', 'crd-definition', false, (o) => (v0(o).schema.openAPIV3Schema = { type: 'string' })),
  m('additional-and-properties', 'crd-definition', false, (o) => (specSchema(o).additionalProperties = { type: 'string' })),
  m('metadata-with-labels', 'crd-definition', false, (o) => (root(o).properties.metadata = { type: 'object', properties: { labels: { type: 'object' } } })),
  m('metadata-name-pattern', 'crd-definition', true, (o) => (root(o).properties.metadata = { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } } })),
  m('preserve-unknown-spec', 'crd-definition', true, (o) => (specSchema(o)['x-kubernetes-preserve-unknown-fields'] = true)),
  m('preserve-unknown-fields-v1', 'crd-definition', false, (o) => (s(o).preserveUnknownFields = true)),
  m('int-or-string-with-type', 'int-or-string', true, (o) => (specProps(o).port = { type: 'string', 'x-kubernetes-int-or-string': true })),
  m('int-or-string-any-of', 'int-or-string', true, (o) => (specProps(o).port = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] })),
  m('list-map-without-keys', 'crd-definition', false, (o) => (specProps(o).items = { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object', properties: { name: { type: 'string' } } } })),
  m('list-map-key-optional', 'crd-definition', false, (o) => (specProps(o).items = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } })),
  m('list-map-key-required', 'crd-definition', true, (o) => (specProps(o).items = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } })),
  m('list-set-of-objects', 'crd-definition', false, (o) => (specProps(o).items = { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'object', properties: { name: { type: 'string' } } } })),
  m('list-type-unknown', 'crd-definition', false, (o) => (specProps(o).items = { type: 'array', 'x-kubernetes-list-type': 'bag', items: { type: 'string' } })),
  m('default-wrong-type', 'crd-definition', false, (o) => (specProps(o).size = { type: 'integer', default: 'three' })),
  m('default-valid', 'crd-definition', true, (o) => (specProps(o).size = { type: 'integer', default: 3 })),
  m('enum-wrong-type', 'crd-definition', true, (o) => (specProps(o).size = { type: 'integer', enum: ['small'] })),
  m('max-length-negative', 'crd-definition', true, (o) => (specProps(o).name = { type: 'string', maxLength: -1 })),
  m('cel-syntax-error', 'crd-definition', false, (o) => rule(o, { rule: 'self.size >' })),
  m('cel-unknown-field', 'crd-definition', false, (o) => rule(o, { rule: 'self.nope > 1' })),
  m('cel-not-boolean', 'crd-definition', false, (o) => rule(o, { rule: 'self.size' })),
  m('cel-too-costly', 'crd-definition', false, (o) => {
    specProps(o).words = { type: 'array', items: { type: 'string' } };
    rule(o, { rule: 'self.words.all(x, self.words.all(y, x.matches(y)))' });
  }),
  m('cel-valid', 'crd-definition', true, (o) => rule(o, { rule: '!has(self.size) || self.size < 100', messageExpression: "'size too big for ' + self.name" })),
  m('cel-message-cost-unbounded', 'crd-definition', false, (o) => rule(o, { rule: '!has(self.size) || self.size < 100', messageExpression: "'size too big: ' + string(self.size)" })),
  m('cel-message-expression-not-string', 'crd-definition', false, (o) => rule(o, { rule: 'true', messageExpression: '1 + 1' })),
  m('cel-reason-unknown', 'crd-definition', false, (o) => rule(o, { rule: 'true', reason: 'FieldValueBad' })),
  m('cel-field-path-unknown', 'crd-definition', false, (o) => rule(o, { rule: 'true', fieldPath: '.nope' })),
  m('cel-old-self-transition', 'crd-definition', true, (o) => (specProps(o).size['x-kubernetes-validations'] = [{ rule: 'self >= oldSelf', message: 'size may only grow' }])),
  m('pattern-invalid', 'crd-definition', false, (o) => (specProps(o).name.pattern = '[')),
  m('pattern-lookahead', 're2', false, (o) => (specProps(o).name.pattern = '^(?=a)a+$')),
  m('pattern-backreference', 're2', false, (o) => (specProps(o).name.pattern = '^(a)\\1$')),
  m('pattern-caseless', 're2', true, (o) => (specProps(o).name.pattern = '(?i)^[a-z]+$')),
  m('pattern-posix-class', 're2', true, (o) => (specProps(o).name.pattern = '^[[:alnum:]]+$')),
  m('format-unknown', 'crd-definition', true, (o) => (specProps(o).name.format = 'banana')),
  m('conversion-webhook-without-config', 'crd-definition', false, (o) => (s(o).conversion = { strategy: 'Webhook' })),
  m('short-name-uppercase', 'crd-definition', false, (o) => (s(o).names.shortNames = ['Th'])),
  m('printer-column-type-unknown', 'crd-definition', false, (o) => (v0(o).additionalPrinterColumns = [{ name: 'Size', type: 'text', jsonPath: '.spec.size' }])),
  m('printer-column-valid', 'crd-definition', true, (o) => (v0(o).additionalPrinterColumns = [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }])),
  m('selectable-field-valid', 'crd-definition', true, (o) => (v0(o).selectableFields = [{ jsonPath: '.spec.name' }])),
  m('selectable-field-object', 'crd-definition', false, (o) => (v0(o).selectableFields = [{ jsonPath: '.spec' }])),
  m('selectable-field-unknown', 'crd-definition', false, (o) => (v0(o).selectableFields = [{ jsonPath: '.spec.nope' }])),
  m('scale-path-unknown', 'crd-definition', true, (o) => (v0(o).subresources = { scale: { specReplicasPath: '.spec.nope', statusReplicasPath: '.status.replicas' } })),
  m('status-subresource', 'crd-definition', true, (o) => (v0(o).subresources = { status: {} })),
  m('plural-missing', 'required', false, (o) => delete s(o).names.plural),
  m('embedded-resource-bare', 'crd-definition', false, (o) => (specProps(o).template = { type: 'object', 'x-kubernetes-embedded-resource': true })),
  m('embedded-resource-preserved', 'crd-definition', true, (o) => (specProps(o).template = { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true })),
  m('nullable', 'crd-definition', true, (o) => (specProps(o).name.nullable = true)),
  m('cluster-scoped', 'crd-definition', true, (o) => (s(o).scope = 'Cluster')),
];

export function crdEntries(): CorpusEntry[] {
  return variants({ prefix: 'crd', family: 'crd', base: thing, mutations: DEFINITION });
}
