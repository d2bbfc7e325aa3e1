// Admission configuration: validating and mutating webhooks, ValidatingAdmissionPolicy and its binding.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import { NS, type CorpusEntry, type JsonObject } from './entry.ts';
import { m, variants, type Mutation } from './mutate.ts';

type Obj = Record<string, any>;
type Edit = Mutation<Obj>;
const ADMISSION = 'admissionregistration.k8s.io/v1';

const webhook = (name: string): Obj => ({
  name: `${name}.oracle.example.test`,
  clientConfig: { service: { namespace: NS, name: 'webhook', path: '/validate', port: 443 } },
  rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'], scope: 'Namespaced' }],
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  failurePolicy: 'Fail',
  timeoutSeconds: 10,
});
const validating = (name: string): JsonObject => ({ apiVersion: ADMISSION, kind: 'ValidatingWebhookConfiguration', metadata: { name }, webhooks: [webhook('check')] });
const mutating = (name: string): JsonObject => ({ apiVersion: ADMISSION, kind: 'MutatingWebhookConfiguration', metadata: { name }, webhooks: [{ ...webhook('mutate'), reinvocationPolicy: 'Never' }] });
const w0 = (o: JsonObject): Obj => (o.webhooks as Obj[])[0]!;

const WEBHOOK: Edit[] = [
  m('name-not-qualified', 'name-format', false, (o) => (w0(o).name = 'check')),
  m('side-effects-missing', 'required', false, (o) => delete w0(o).sideEffects),
  m('side-effects-unknown', 'enum', false, (o) => (w0(o).sideEffects = 'Unknown')),
  m('review-versions-missing', 'required', false, (o) => delete w0(o).admissionReviewVersions),
  m('review-versions-unknown', 'api-rules', false, (o) => (w0(o).admissionReviewVersions = ['v2'])),
  m('failure-policy-unknown', 'enum', false, (o) => (w0(o).failurePolicy = 'Failed')),
  m('match-policy-unknown', 'enum', false, (o) => (w0(o).matchPolicy = 'Precise')),
  m('match-policy-exact', 'enum', true, (o) => (w0(o).matchPolicy = 'Exact')),
  m('timeout-too-long', 'api-rules', false, (o) => (w0(o).timeoutSeconds = 31)),
  m('timeout-zero', 'api-rules', false, (o) => (w0(o).timeoutSeconds = 0)),
  m('url-http', 'api-rules', false, (o) => (w0(o).clientConfig = { url: 'http://hooks.example.test/validate' })),
  m('url-https', 'api-rules', true, (o) => (w0(o).clientConfig = { url: 'https://hooks.example.test/validate' })),
  m('url-and-service', 'api-rules', false, (o) => (w0(o).clientConfig.url = 'https://hooks.example.test/validate')),
  m('client-config-empty', 'required', false, (o) => (w0(o).clientConfig = {})),
  m('service-port-zero', 'api-rules', false, (o) => (w0(o).clientConfig.service.port = 0)),
  m('operation-unknown', 'enum', false, (o) => (w0(o).rules[0].operations = ['GET'])),
  m('scope-unknown', 'enum', false, (o) => (w0(o).rules[0].scope = 'Everything')),
  m('resources-wildcard-and-named', 'api-rules', false, (o) => (w0(o).rules[0].resources = ['*', 'pods'])),
  m('duplicate-webhook-name', 'list-keys', false, (o) => (o.webhooks as Obj[]).push(structuredClone(w0(o)))),
  m('match-condition-bad-cel', 'api-rules', false, (o) => (w0(o).matchConditions = [{ name: 'not-system', expression: 'request.userInfo.username.startsWith(' }])),
  m('match-condition-cel', 'api-rules', true, (o) => (w0(o).matchConditions = [{ name: 'not-system', expression: "!request.userInfo.username.startsWith('system:')" }])),
  m('namespace-selector-invalid', 'name-format', false, (o) => (w0(o).namespaceSelector = { matchLabels: { 'bad key!': 'x' } })),
];

const MUTATING_ONLY: Edit[] = [
  m('reinvocation-unknown', 'enum', false, (o) => (w0(o).reinvocationPolicy = 'Sometimes')),
  m('reinvocation-if-needed', 'enum', true, (o) => (w0(o).reinvocationPolicy = 'IfNeeded')),
];

const policy = (name: string): JsonObject => ({
  apiVersion: ADMISSION, kind: 'ValidatingAdmissionPolicy', metadata: { name },
  spec: {
    failurePolicy: 'Fail',
    matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] },
    validations: [{ expression: 'object.spec.replicas <= 5', message: 'at most 5 replicas' }],
  },
});
const POLICY: Edit[] = [
  m('expression-syntax-error', 'api-rules', false, (o) => (o.spec.validations[0].expression = 'object.spec.replicas <=')),
  m('expression-not-boolean', 'api-rules', false, (o) => (o.spec.validations[0].expression = 'object.spec.replicas')),
  m('failure-policy-unknown', 'enum', false, (o) => (o.spec.failurePolicy = 'Failed')),
  m('validations-missing', 'required', false, (o) => delete o.spec.validations),
  m('reason-unknown', 'enum', false, (o) => (o.spec.validations[0].reason = 'Nope')),
];

const binding = (name: string): JsonObject => ({
  apiVersion: ADMISSION, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name },
  spec: { policyName: 'replica-limit', validationActions: ['Deny'] },
});
const BINDING: Edit[] = [
  m('action-unknown', 'enum', false, (o) => (o.spec.validationActions = ['Block'])),
  m('actions-missing', 'required', false, (o) => delete o.spec.validationActions),
  m('deny-and-warn', 'enum', false, (o) => (o.spec.validationActions = ['Deny', 'Warn'])),
  m('warn-and-audit', 'enum', true, (o) => (o.spec.validationActions = ['Warn', 'Audit'])),
];

export function admissionEntries(): CorpusEntry[] {
  return [
    ...variants({ prefix: 'vwc', family: 'admission', base: validating, mutations: WEBHOOK }),
    ...variants({ prefix: 'mwc', family: 'admission', base: mutating, mutations: [...WEBHOOK.slice(0, 8), ...MUTATING_ONLY] }),
    ...variants({ prefix: 'vap', family: 'admission', base: policy, mutations: POLICY }),
    ...variants({ prefix: 'vapb', family: 'admission', base: binding, mutations: BINDING }),
  ];
}
