// RBAC, autoscaling, disruption budgets, namespaces, limits, quotas and priorities.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import { NS, nameOfLength, type CorpusEntry, type JsonObject } from './entry.ts';
import { m, meta, variants, type Mutation } from './mutate.ts';

type Obj = Record<string, any>;
type Edit = Mutation<Obj>;
const spec = (o: JsonObject): Obj => o.spec as Obj;
const RBAC = 'rbac.authorization.k8s.io';

const role = (name: string): JsonObject => ({
  apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace: NS },
  rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }],
});
const ROLE: Edit[] = [
  m('verbs-missing', 'required', false, (o) => delete o.rules[0].verbs),
  m('verbs-empty', 'required', false, (o) => (o.rules[0].verbs = [])),
  m('api-groups-missing', 'required', false, (o) => delete o.rules[0].apiGroups),
  m('non-resource-urls', 'api-rules', false, (o) => (o.rules = [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }])),
  m('name-with-percent', 'name-format', false, (o) => (meta(o).name = 'role%admin')),
  m('name-path-segment', 'name-format', true, (o) => (meta(o).name = 'Role:Admin_1')),
  m('resource-names', 'baseline', true, (o) => (o.rules[0].resourceNames = ['web-0'])),
];

const clusterRole = (name: string): JsonObject => ({
  apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name },
  rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] }, { nonResourceURLs: ['/metrics'], verbs: ['get'] }],
});
const CLUSTER_ROLE: Edit[] = [
  m('aggregation-rule', 'baseline', true, (o) => (o.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.test/aggregate': 'true' } }] })),
  m('non-resource-with-resources', 'api-rules', false, (o) => (o.rules = [{ nonResourceURLs: ['/metrics'], resources: ['pods'], apiGroups: [''], verbs: ['get'] }])),
  m('aggregation-selector-invalid', 'name-format', false, (o) => (o.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { 'bad key!': 'true' } }] })),
];

const roleBinding = (name: string): JsonObject => ({
  apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name, namespace: NS },
  roleRef: { apiGroup: RBAC, kind: 'Role', name: 'reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: NS }],
});
const ROLE_BINDING: Edit[] = [
  m('role-ref-kind-unknown', 'enum', false, (o) => (o.roleRef.kind = 'Group')),
  m('role-ref-group-wrong', 'api-rules', false, (o) => (o.roleRef.apiGroup = 'rbac')),
  m('role-ref-name-missing', 'required', false, (o) => delete o.roleRef.name),
  m('role-ref-missing', 'required', false, (o) => delete o.roleRef),
  m('subject-kind-unknown', 'enum', false, (o) => (o.subjects[0].kind = 'Robot')),
  m('subject-sa-without-namespace', 'api-rules', true, (o) => delete o.subjects[0].namespace),
  m('subject-user-without-group', 'api-rules', true, (o) => (o.subjects = [{ kind: 'User', name: 'jane', apiGroup: '' }])),
  m('subject-user', 'baseline', true, (o) => (o.subjects = [{ kind: 'User', name: 'jane@example.test', apiGroup: RBAC }])),
  m('subject-name-missing', 'required', false, (o) => delete o.subjects[0].name),
  m('subjects-duplicate', 'list-keys', true, (o) => o.subjects.push({ ...o.subjects[0] })),
  m('cluster-role-ref', 'baseline', true, (o) => (o.roleRef.kind = 'ClusterRole')),
];

const clusterRoleBinding = (name: string): JsonObject => ({
  apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
  subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: NS }],
});
const CLUSTER_ROLE_BINDING: Edit[] = [
  m('subject-sa-without-namespace', 'required', false, (o) => delete o.subjects[0].namespace),
  m('role-ref-role', 'api-rules', false, (o) => (o.roleRef.kind = 'Role')),
  m('subject-group', 'baseline', true, (o) => (o.subjects = [{ kind: 'Group', name: 'system:authenticated', apiGroup: RBAC }])),
];

const hpa = (name: string): JsonObject => ({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: NS },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1, maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
  },
});
const target0 = (o: JsonObject): Obj => spec(o).metrics[0].resource.target;
const HPA: Edit[] = [
  m('min-above-max', 'api-rules', false, (o) => Object.assign(spec(o), { minReplicas: 6, maxReplicas: 5 })),
  m('min-zero', 'api-rules', false, (o) => (spec(o).minReplicas = 0)),
  m('max-zero', 'api-rules', false, (o) => (spec(o).maxReplicas = 0)),
  m('max-missing', 'required', false, (o) => delete spec(o).maxReplicas),
  m('metric-type-unknown', 'enum', false, (o) => (spec(o).metrics[0].type = 'CPU')),
  m('target-type-unknown', 'enum', false, (o) => (target0(o).type = 'Percent')),
  m('utilization-without-value', 'required', false, (o) => delete target0(o).averageUtilization),
  m('utilization-zero', 'api-rules', false, (o) => (target0(o).averageUtilization = 0)),
  m('average-value-quantity', 'quantity', true, (o) => (spec(o).metrics[0].resource.target = { type: 'AverageValue', averageValue: '500m' })),
  m('average-value-bad-quantity', 'quantity', false, (o) => (spec(o).metrics[0].resource.target = { type: 'AverageValue', averageValue: '500 m' })),
  m('target-kind-missing', 'required', false, (o) => delete spec(o).scaleTargetRef.kind),
  m('select-policy-unknown', 'enum', false, (o) => (spec(o).behavior = { scaleDown: { selectPolicy: 'Maximum' } })),
  m('policy-period-zero', 'api-rules', false, (o) => (spec(o).behavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 0 }] } })),
  m('policy-period-too-long', 'api-rules', false, (o) => (spec(o).behavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 1801 }] } })),
  m('stabilization-too-long', 'api-rules', false, (o) => (spec(o).behavior = { scaleDown: { stabilizationWindowSeconds: 3601 } })),
  m('behavior-valid', 'baseline', true, (o) => (spec(o).behavior = { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } })),
  m('v1-target-cpu', 'baseline', true, (o) => {
    o.apiVersion = 'autoscaling/v1';
    o.spec = { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 70 };
  }),
];

const pdb = (name: string): JsonObject => ({
  apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: NS },
  spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
});
const PDB: Edit[] = [
  m('min-and-max', 'api-rules', false, (o) => (spec(o).maxUnavailable = 1)),
  m('min-percent', 'int-or-string', true, (o) => (spec(o).minAvailable = '50%')),
  m('min-numeric-string', 'int-or-string', false, (o) => (spec(o).minAvailable = '50')),
  m('max-over-100-percent', 'int-or-string', false, (o) => {
    delete spec(o).minAvailable;
    spec(o).maxUnavailable = '150%';
  }),
  m('min-negative', 'api-rules', false, (o) => (spec(o).minAvailable = -1)),
  m('eviction-policy-unknown', 'enum', false, (o) => (spec(o).unhealthyPodEvictionPolicy = 'Always')),
  m('eviction-policy-always-allow', 'enum', true, (o) => (spec(o).unhealthyPodEvictionPolicy = 'AlwaysAllow')),
  m('selector-operator-unknown', 'enum', false, (o) => (spec(o).selector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] })),
];

const namespace = (name: string): JsonObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team: 'oracle' } } });
const NAMESPACE: Edit[] = [
  m('name-with-dot', 'name-format', false, (o) => (meta(o).name = 'team.apps')),
  m('name-uppercase', 'name-format', false, (o) => (meta(o).name = 'Team')),
  m('name-64-characters', 'name-format', false, (o) => (meta(o).name = nameOfLength('ns-long', 64))),
  m('name-63-characters', 'name-format', true, (o) => (meta(o).name = nameOfLength('ns-long', 63))),
  m('finalizer-valid', 'baseline', true, (o) => (o.spec = { finalizers: ['kubernetes'] })),
  m('finalizer-invalid', 'name-format', false, (o) => (o.spec = { finalizers: ['not a finalizer'] })),
];

const limitRange = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace: NS },
  spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '64Mi' }, max: { cpu: '2', memory: '1Gi' }, min: { cpu: '10m', memory: '16Mi' } }] },
});
const limit0 = (o: JsonObject): Obj => spec(o).limits[0];
const LIMIT_RANGE: Edit[] = [
  m('type-unknown', 'enum', false, (o) => (limit0(o).type = 'Node')),
  m('type-missing', 'required', false, (o) => delete limit0(o).type),
  m('default-above-max', 'api-rules', false, (o) => (limit0(o).default.memory = '2Gi')),
  m('min-above-max', 'api-rules', false, (o) => (limit0(o).min.cpu = '3')),
  m('default-request-above-default', 'api-rules', false, (o) => (limit0(o).defaultRequest.cpu = '1')),
  m('quantity-gb', 'quantity', false, (o) => (limit0(o).max.memory = '1Gb')),
  m('pvc-limits', 'baseline', true, (o) => (spec(o).limits = [{ type: 'PersistentVolumeClaim', max: { storage: '10Gi' }, min: { storage: '1Gi' } }])),
];

const resourceQuota = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: NS }, spec: { hard: { pods: '10', 'requests.cpu': '4', 'requests.memory': '8Gi' } },
});
const RESOURCE_QUOTA: Edit[] = [
  m('hard-negative', 'api-rules', false, (o) => (spec(o).hard.pods = '-1')),
  m('hard-bad-quantity', 'quantity', false, (o) => (spec(o).hard['requests.memory'] = '8GB')),
  m('hard-fractional-pods', 'api-rules', false, (o) => (spec(o).hard.pods = '1.5')),
  m('scope-unknown', 'enum', false, (o) => (spec(o).scopes = ['Cheap'])),
  m('scope-best-effort-with-cpu', 'api-rules', false, (o) => (spec(o).scopes = ['BestEffort'])),
  m('scope-best-effort-pods', 'api-rules', true, (o) => Object.assign(spec(o), { scopes: ['BestEffort'], hard: { pods: '5' } })),
  m('scope-selector-operator', 'enum', false, (o) => (spec(o).scopeSelector = { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'Equals', values: ['high'] }] })),
];

const priorityClass = (name: string): JsonObject => ({
  apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value: 1000, description: 'oracle',
});
const PRIORITY_CLASS: Edit[] = [
  m('value-too-high', 'api-rules', false, (o) => (o.value = 1_000_000_001)),
  m('value-max', 'api-rules', true, (o) => (o.value = 1_000_000_000)),
  m('name-system-prefix', 'name-format', false, (o) => (meta(o).name = 'system-oracle')),
  m('value-missing', 'required', true, (o) => delete o.value),
  m('preemption-unknown', 'enum', false, (o) => (o.preemptionPolicy = 'Sometimes')),
  m('preemption-never', 'enum', true, (o) => (o.preemptionPolicy = 'Never')),
];

export function rbacPolicyEntries(): CorpusEntry[] {
  return [
    ...variants({ prefix: 'role', family: 'rbac', base: role, mutations: ROLE }),
    ...variants({ prefix: 'crole', family: 'rbac', base: clusterRole, mutations: CLUSTER_ROLE }),
    ...variants({ prefix: 'rb', family: 'rbac', base: roleBinding, mutations: ROLE_BINDING }),
    ...variants({ prefix: 'crb', family: 'rbac', base: clusterRoleBinding, mutations: CLUSTER_ROLE_BINDING }),
    ...variants({ prefix: 'hpa', family: 'policy-scheduling', base: hpa, mutations: HPA }),
    ...variants({ prefix: 'pdb', family: 'policy-scheduling', base: pdb, mutations: PDB }),
    ...variants({ prefix: 'ns', family: 'policy-scheduling', base: namespace, mutations: NAMESPACE }),
    ...variants({ prefix: 'limits', family: 'policy-scheduling', base: limitRange, mutations: LIMIT_RANGE }),
    ...variants({ prefix: 'quota', family: 'policy-scheduling', base: resourceQuota, mutations: RESOURCE_QUOTA }),
    ...variants({ prefix: 'pc', family: 'policy-scheduling', base: priorityClass, mutations: PRIORITY_CLASS }),
  ];
}
