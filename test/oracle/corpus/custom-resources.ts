// Custom resources of the support CRDs: CEL rules, formats, list types, bounds, int-or-string, RE2 patterns, served versions.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import { NS, type CorpusEntry, type JsonObject } from './entry.ts';
import { SUPPORT_GROUP } from './crds.ts';
import { m, meta, variants, type Mutation } from './mutate.ts';

type Obj = Record<string, any>;
type Edit = Mutation<Obj>;
const spec = (o: JsonObject): Obj => o.spec as Obj;

const widget = (name: string): JsonObject => ({
  apiVersion: `${SUPPORT_GROUP}/v1`, kind: 'Widget', metadata: { name, namespace: NS },
  spec: {
    size: 3, mode: 'slow', email: 'ops@example.test', port: 8080, tags: ['blue', 'round'],
    endpoints: [{ name: 'main', url: 'https://a.example.test' }], config: { anything: { nested: [1, 'two', { three: true }] } },
    labels: { team: 'ops' }, code: 'ABC-1', numbers: [1, 2], nick: 'wid', ratio: 0.5, enabled: true,
  },
});

const WIDGET: Edit[] = [
  m('size-zero', 'cr-rules', false, (o) => (spec(o).size = 0)),
  m('size-eleven', 'cr-rules', false, (o) => (spec(o).size = 11)),
  m('size-missing', 'cr-rules', false, (o) => delete spec(o).size),
  m('size-string', 'cr-rules', false, (o) => (spec(o).size = '3')),
  m('size-float', 'cr-rules', false, (o) => (spec(o).size = 2.5)),
  m('mode-case', 'cr-rules', false, (o) => (spec(o).mode = 'Fast')),
  m('cel-min-above-max', 'cr-rules', false, (o) => Object.assign(spec(o), { minReplicas: 5, maxReplicas: 2 })),
  m('cel-min-below-max', 'cr-rules', true, (o) => Object.assign(spec(o), { minReplicas: 2, maxReplicas: 5 })),
  m('cel-fast-too-big', 'cr-rules', false, (o) => Object.assign(spec(o), { mode: 'fast', size: 6 })),
  m('cel-fast-small', 'cr-rules', true, (o) => Object.assign(spec(o), { mode: 'fast', size: 5 })),
  m('cel-field-rule', 'cr-rules', false, (o) => (spec(o).replicas = 101)),
  m('cel-field-rule-ok', 'cr-rules', true, (o) => (spec(o).replicas = 100)),
  m('int32-overflow', 'cr-rules', true, (o) => (spec(o).minReplicas = 3_000_000_000)),
  m('email-invalid', 'cr-rules', false, (o) => (spec(o).email = 'not-an-email')),
  m('hostname-invalid', 'cr-rules', false, (o) => (spec(o).host = 'bad_host!')),
  m('hostname-valid', 'cr-rules', true, (o) => (spec(o).host = 'web.example.test')),
  m('ipv4-invalid', 'cr-rules', false, (o) => (spec(o).address = '300.1.1.1')),
  m('ipv4-valid', 'cr-rules', true, (o) => (spec(o).address = '10.1.2.3')),
  m('uuid-invalid', 'cr-rules', false, (o) => (spec(o).id = 'not-a-uuid')),
  m('uuid-valid', 'cr-rules', true, (o) => (spec(o).id = '123e4567-e89b-12d3-a456-426614174000')),
  m('date-time-invalid', 'cr-rules', false, (o) => (spec(o).since = '2024-13-45')),
  m('date-time-valid', 'cr-rules', true, (o) => (spec(o).since = '2024-05-01T10:00:00Z')),
  m('cidr-invalid', 'cr-rules', false, (o) => (spec(o).network = '10.0.0.0/33')),
  m('cidr-valid', 'cr-rules', true, (o) => (spec(o).network = '10.0.0.0/8')),
  m('duration-invalid', 'cr-rules', false, (o) => (spec(o).timeout = 'five minutes')),
  m('duration-valid', 'cr-rules', true, (o) => (spec(o).timeout = '5m')),
  m('set-duplicate', 'cr-rules', false, (o) => spec(o).tags.push('blue')),
  m('map-duplicate-key', 'cr-rules', false, (o) => spec(o).endpoints.push({ name: 'main', url: 'https://b.example.test' })),
  m('map-item-without-key', 'cr-rules', false, (o) => spec(o).endpoints.push({ url: 'https://b.example.test' })),
  m('preserved-anything', 'cr-rules', true, (o) => (spec(o).config = { any: { shape: ['at', 'all'], n: 1.5 }, flag: null })),
  m('unknown-field', 'cr-rules', false, (o) => (spec(o).colour = 'red')),
  m('unknown-top-level-field', 'cr-rules', false, (o) => (o.extra = { a: 1 })),
  m('map-value-too-long', 'cr-rules', false, (o) => (spec(o).labels.team = 'operations-team')),
  m('pattern-mismatch', 'cr-rules', false, (o) => (spec(o).code = 'abc-1')),
  m('too-many-items', 'cr-rules', false, (o) => (spec(o).numbers = [1, 2, 3, 4])),
  m('string-too-long', 'cr-rules', false, (o) => (spec(o).nick = 'widget-one')),
  m('string-too-short', 'cr-rules', false, (o) => (spec(o).nick = 'w')),
  m('number-above-maximum', 'cr-rules', false, (o) => (spec(o).ratio = 1.5)),
  m('number-as-integer', 'cr-rules', true, (o) => (spec(o).ratio = 1)),
  m('boolean-as-string', 'cr-rules', false, (o) => (spec(o).enabled = 'true')),
  m('set-item-too-long', 'cr-rules', false, (o) => spec(o).tags.push('a-very-long-tag-value-here')),
  m('port-name', 'int-or-string', true, (o) => (spec(o).port = 'http')),
  m('port-numeric-string', 'int-or-string', true, (o) => (spec(o).port = '8080')),
  m('port-float', 'int-or-string', false, (o) => (spec(o).port = 80.5)),
  m('port-boolean', 'int-or-string', false, (o) => (spec(o).port = true)),
  m('port-object', 'int-or-string', false, (o) => (spec(o).port = { number: 80 })),
  m('name-uppercase', 'name-format', false, (o) => (meta(o).name = 'Widget-One')),
  m('label-value-invalid', 'name-format', false, (o) => (meta(o).labels = { tier: 'front end' })),
  m('annotation-key-invalid', 'name-format', false, (o) => (meta(o).annotations = { 'bad key': 'x' })),
  m('kind-unknown', 'api-version', false, (o) => (o.kind = 'Sprocket')),
  m('version-unknown', 'api-version', false, (o) => (o.apiVersion = `${SUPPORT_GROUP}/v2`)),
  m('status-set', 'cr-rules', true, (o) => (o.status = { ready: true })),
];

const gadget = (name: string): JsonObject => ({
  apiVersion: `${SUPPORT_GROUP}/v1`, kind: 'Gadget', metadata: { name },
  spec: { caseless: 'abc', plain: 'ok-1' },
});

/** For each RE2 pattern of the Gadget CRD: a value it matches and one it does not. */
const RE2_VALUES: readonly [field: string, matches: string, misses: string][] = [
  ['caseless', 'ABC', 'ab1'],
  ['unicodeUpper', 'ÄBC', 'abc'],
  ['posixAlpha', 'abc', 'ab1'],
  ['endOfText', 'abc', 'ab1'],
  ['namedGroup', '1.2', '1.x'],
  ['quoted', 'a.b', 'axb'],
  ['dotAll', 'a\nb', 'ab'],
  ['plain', 'ok-2', 'NOT OK'],
];
const GADGET: Edit[] = [
  ...RE2_VALUES.flatMap(([field, matches, misses]) => [
    m<Obj>(`${field.toLowerCase()}-matches`, 're2', true, (o) => (spec(o)[field] = matches)),
    m<Obj>(`${field.toLowerCase()}-misses`, 're2', false, (o) => (spec(o)[field] = misses)),
  ]),
  m('cel-regex-matches', 're2', true, (o) => (spec(o).celCaseless = 'ABC')),
  m('cel-regex-misses', 're2', false, (o) => (spec(o).celCaseless = 'abd')),
  m('with-namespace', 'cr-rules', true, (o) => (meta(o).namespace = NS)),
];

const multi = (name: string): JsonObject => ({ apiVersion: `${SUPPORT_GROUP}/v1`, kind: 'Multi', metadata: { name, namespace: NS }, spec: { value: 'x' } });
const MULTI: Edit[] = [
  m('served-deprecated-version', 'api-version', true, (o) => (o.apiVersion = `${SUPPORT_GROUP}/v1beta1`)),
  m('unserved-version', 'api-version', false, (o) => (o.apiVersion = `${SUPPORT_GROUP}/v1alpha1`)),
  m('value-number', 'cr-rules', false, (o) => (spec(o).value = 1)),
];

export function customResourceEntries(): CorpusEntry[] {
  const family = 'custom-resource' as const;
  return [
    ...variants({ prefix: 'widget', family, base: widget, mutations: WIDGET }),
    ...variants({ prefix: 'gadget', family, base: gadget, mutations: GADGET }),
    ...variants({ prefix: 'multi', family, base: multi, mutations: MULTI }),
  ];
}
