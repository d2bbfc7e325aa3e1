// Objects for the agreement tests of the built-in validation: a valid base object per common kind, and per rule
// family the mutations that probe one rule each. Names are unique across all cases (the harness matches by name).
import type { KubeObject } from '../../src/model/kube-object.ts';
import { NAMESPACE } from './agreement.ts';

type Json = Record<string, unknown>;
type Mutate = (object: Json) => void;

const labels = { app: 'web' };
const container = () => ({ name: 'web', image: 'nginx:1.27' });
const podSpec = () => ({ containers: [container()] });
const template = () => ({ metadata: { labels: { ...labels } }, spec: podSpec() });

const BASES: Readonly<Record<string, () => Json>> = {
  Pod: () => ({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: podSpec() }),
  Deployment: () => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: { replicas: 1, selector: { matchLabels: { ...labels } }, template: template() } }),
  StatefulSet: () => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {}, spec: { serviceName: 'web', selector: { matchLabels: { ...labels } }, template: template() } }),
  DaemonSet: () => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {}, spec: { selector: { matchLabels: { ...labels } }, template: template() } }),
  ReplicaSet: () => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {}, spec: { selector: { matchLabels: { ...labels } }, template: template() } }),
  Job: () => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: {}, spec: { template: { spec: { ...podSpec(), restartPolicy: 'Never' } } } }),
  CronJob: () => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: {}, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } } } }),
  Service: () => ({ apiVersion: 'v1', kind: 'Service', metadata: {}, spec: { selector: { ...labels }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } }),
  ConfigMap: () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: { 'config.yaml': 'a: 1\n' } }),
  Secret: () => ({ apiVersion: 'v1', kind: 'Secret', metadata: {}, type: 'Opaque', data: { password: 'aHVudGVyMg==' } }),
  ServiceAccount: () => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: {} }),
  PersistentVolumeClaim: () => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {}, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
  Ingress: () => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {},
    spec: { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  }),
  NetworkPolicy: () => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {}, spec: { podSelector: { matchLabels: { ...labels } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] } }),
  HorizontalPodAutoscaler: () => ({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: {},
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
  }),
  PodDisruptionBudget: () => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {}, spec: { minAvailable: 1, selector: { matchLabels: { ...labels } } } }),
  Role: () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: {}, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] }),
  RoleBinding: () => ({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: {},
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NAMESPACE }],
  }),
  ClusterRole: () => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {}, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }),
  StorageClass: () => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: {}, provisioner: 'example.com/disk', reclaimPolicy: 'Delete' }),
  PriorityClass: () => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: {}, value: 1000 }),
  Namespace: () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: {} }),
  LimitRange: () => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: {}, spec: { limits: [{ type: 'Container', default: { memory: '256Mi' }, defaultRequest: { memory: '128Mi' } }] } }),
  ValidatingWebhookConfiguration: () => ({
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: {},
    webhooks: [{ name: 'check.web.example.com', sideEffects: 'None', admissionReviewVersions: ['v1'], clientConfig: { service: { name: 'web', namespace: NAMESPACE, path: '/validate' } } }],
  }),
  ValidatingAdmissionPolicy: () => ({
    apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: {},
    spec: {
      matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] },
      validations: [{ expression: 'object.spec.replicas <= 5', message: 'at most 5 replicas' }],
    },
  }),
  ValidatingAdmissionPolicyBinding: () => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: {}, spec: { policyName: 'replicas', validationActions: ['Deny'] } }),
  // The name must be `<version>.<group>`: variant() derives group and name from the case's unique name.
  APIService: () => ({
    apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: {},
    spec: { version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 10, insecureSkipTLSVerify: true, service: { name: 'web', namespace: NAMESPACE } },
  }),
  Endpoints: () => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: {}, subsets: [{ addresses: [{ ip: '192.168.1.10' }], ports: [{ port: 80 }] }] }),
  RuntimeClass: () => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: {}, handler: 'runc' }),
  CSIDriver: () => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: {}, spec: {} }),
};

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'APIService', 'RuntimeClass', 'CSIDriver']);

let counter = 0;

/** A copy of a base object, mutated; its name is unique (`<prefix>-<n>`) unless the mutation sets one. */
export function variant(kind: string, prefix: string, mutate: Mutate = () => undefined): KubeObject {
  const object = BASES[kind]!();
  const name = `${prefix}-${counter++}`;
  object.metadata = CLUSTER_SCOPED.has(kind) ? { name: `agreement-${name}` } : { name, namespace: NAMESPACE };
  if (kind === 'APIService') {
    const spec = at(object, 'spec');
    spec.group = `${name}.example.com`;
    object.metadata = { name: `${String(spec.version)}.${String(spec.group)}` };
  }
  mutate(object);
  return object as unknown as KubeObject;
}

/** Every base object, unmodified: all must pass both sides. */
export function bases(): KubeObject[] {
  return Object.keys(BASES).map((kind) => variant(kind, `base-${kind.toLowerCase()}`));
}

/** `object.a.b[0].c`-style access for mutations. */
export function at(object: Json, path: string): Json {
  let node: unknown = object;
  for (const part of path.split('.')) node = /^\d+$/.test(part) ? (node as unknown[])[Number(part)] : (node as Json)[part];
  return node as Json;
}

const pod = (object: Json): Json => (object.kind === 'Pod' ? at(object, 'spec') : at(object, 'spec.template.spec'));
const firstContainer = (object: Json): Json => (pod(object).containers as Json[])[0]!;

/** Enum values the API server refuses (Unsupported value), and "" where it means "unset" and is defaulted. */
export function enumCases(): KubeObject[] {
  return [
    variant('Service', 'enum-svc-type', (o) => (at(o, 'spec').type = 'ClusterIp')),
    variant('Service', 'enum-svc-type-empty', (o) => (at(o, 'spec').type = '')),
    variant('Service', 'enum-svc-protocol', (o) => (at(o, 'spec.ports.0').protocol = 'tcp')),
    variant('Service', 'enum-svc-affinity', (o) => (at(o, 'spec').sessionAffinity = 'ClientIp')),
    variant('Service', 'enum-svc-etp', (o) => Object.assign(at(o, 'spec'), { type: 'NodePort', externalTrafficPolicy: 'local' })),
    variant('Deployment', 'enum-port-protocol', (o) => (firstContainer(o).ports = [{ containerPort: 80, protocol: 'tcp' }])),
    variant('Deployment', 'enum-port-protocol-empty', (o) => (firstContainer(o).ports = [{ containerPort: 80, protocol: '' }])),
    variant('Deployment', 'enum-pull-policy', (o) => (firstContainer(o).imagePullPolicy = 'always')),
    variant('Deployment', 'enum-toleration-op', (o) => (pod(o).tolerations = [{ key: 'node', operator: 'Exist', effect: 'NoSchedule' }])),
    variant('Deployment', 'enum-toleration-effect', (o) => (pod(o).tolerations = [{ key: 'node', operator: 'Exists', effect: 'NoExecution' }])),
    variant('Deployment', 'enum-strategy', (o) => (at(o, 'spec').strategy = { type: 'Rolling' })),
    variant('Deployment', 'enum-dns-policy', (o) => (pod(o).dnsPolicy = 'ClusterFirstWithHostNetwork')),
    variant('Pod', 'enum-restart-policy', (o) => (pod(o).restartPolicy = 'Sometimes')),
    variant('Pod', 'enum-status-phase', (o) => (o.status = { phase: 'Dancing' })),
    variant('Deployment', 'enum-seccomp', (o) => (firstContainer(o).securityContext = { seccompProfile: { type: 'runtimeDefault' } })),
    variant('Deployment', 'enum-tsc', (o) => (pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Schedule', labelSelector: { matchLabels: { ...labels } } }])),
    variant('Deployment', 'enum-mount-propagation', (o) => {
      pod(o).volumes = [{ name: 'data', emptyDir: {} }];
      firstContainer(o).volumeMounts = [{ name: 'data', mountPath: '/data', mountPropagation: 'Shared' }];
    }),
    variant('Ingress', 'enum-path-type', (o) => (at(o, 'spec.rules.0.http.paths.0').pathType = 'prefix')),
    variant('PersistentVolumeClaim', 'enum-access-mode', (o) => (at(o, 'spec').accessModes = ['ReadWrite'])),
    variant('PersistentVolumeClaim', 'enum-volume-mode', (o) => (at(o, 'spec').volumeMode = 'Raw')),
    variant('HorizontalPodAutoscaler', 'enum-metric-type', (o) => (at(o, 'spec.metrics.0').type = 'cpu')),
    variant('NetworkPolicy', 'enum-policy-type', (o) => (at(o, 'spec').policyTypes = ['ingress'])),
    variant('StorageClass', 'enum-reclaim', (o) => (o.reclaimPolicy = 'Recycle')),
    variant('StorageClass', 'enum-binding-mode', (o) => (o.volumeBindingMode = 'Later')),
    variant('CronJob', 'enum-concurrency', (o) => (at(o, 'spec').concurrencyPolicy = 'Never')),
    variant('Job', 'enum-completion-mode', (o) => (at(o, 'spec').completionMode = 'Sequential')),
    variant('PodDisruptionBudget', 'enum-eviction-policy', (o) => (at(o, 'spec').unhealthyPodEvictionPolicy = 'Always')),
    variant('PriorityClass', 'enum-preemption', (o) => (o.preemptionPolicy = 'Sometimes')),
    variant('ValidatingWebhookConfiguration', 'enum-failure-policy', (o) => (at(o, 'webhooks.0').failurePolicy = 'Retry')),
    // "" is "unset" where defaulting or validation says so, and an unsupported value elsewhere.
    variant('Deployment', 'empty-pull-policy', (o) => (firstContainer(o).imagePullPolicy = '')),
    variant('Deployment', 'empty-dns-policy', (o) => (pod(o).dnsPolicy = '')),
    variant('Pod', 'empty-restart-policy', (o) => (pod(o).restartPolicy = '')),
    variant('Deployment', 'empty-toleration', (o) => (pod(o).tolerations = [{ key: 'node', operator: '', effect: '' }])),
    variant('Deployment', 'empty-strategy', (o) => (at(o, 'spec').strategy = { type: '' })),
    variant('Deployment', 'empty-probe-scheme', (o) => (firstContainer(o).readinessProbe = { httpGet: { port: 80, scheme: '' } })),
    variant('Service', 'empty-affinity', (o) => (at(o, 'spec').sessionAffinity = '')),
    variant('CronJob', 'empty-concurrency', (o) => (at(o, 'spec').concurrencyPolicy = '')),
    variant('StorageClass', 'empty-reclaim', (o) => (o.reclaimPolicy = '')),
    variant('StorageClass', 'empty-binding-mode', (o) => (o.volumeBindingMode = '')),
    variant('PersistentVolumeClaim', 'empty-volume-mode', (o) => (at(o, 'spec').volumeMode = '')),
    variant('Ingress', 'empty-path-type', (o) => (at(o, 'spec.rules.0.http.paths.0').pathType = '')),
    variant('Job', 'empty-completion-mode', (o) => (at(o, 'spec').completionMode = '')),
    variant('PodDisruptionBudget', 'empty-eviction-policy', (o) => (at(o, 'spec').unhealthyPodEvictionPolicy = '')),
    variant('PriorityClass', 'empty-preemption', (o) => (o.preemptionPolicy = '')),
    variant('ValidatingWebhookConfiguration', 'empty-failure-policy', (o) => (at(o, 'webhooks.0').failurePolicy = '')),
    variant('NetworkPolicy', 'empty-policy-type', (o) => (at(o, 'spec').policyTypes = [''])),
    variant('Deployment', 'empty-seccomp', (o) => (firstContainer(o).securityContext = { seccompProfile: { type: '' } })),
    variant('Deployment', 'empty-mount-propagation', (o) => {
      pod(o).volumes = [{ name: 'data', emptyDir: {} }];
      firstContainer(o).volumeMounts = [{ name: 'data', mountPath: '/data', mountPropagation: '' }];
    }),
  ];
}

/** Names per kind, label and annotation keys and values, the annotation size limit. */
export function nameCases(): KubeObject[] {
  const named = (kind: string, name: string) => variant(kind, 'name', (o) => (at(o, 'metadata').name = name));
  return [
    named('ConfigMap', 'My_Config'),
    named('ConfigMap', 'dots.are.fine'),
    named('Service', '1web'),
    named('Service', 'web.v2'),
    named('StatefulSet', 'db.v2'),
    named('CronJob', `cron-${'x'.repeat(48)}`),
    named('CronJob', `cron-${'y'.repeat(47)}`),
    named('Job', `job-${'z'.repeat(60)}`),
    named('Role', 'system:odd name'),
    named('Role', 'has/slash'),
    named('PodDisruptionBudget', 'Under_Score'),
    named('Deployment', `d${'e'.repeat(253)}`),
    named('Namespace', 'agreement-has.dot'),
    variant('ConfigMap', 'label-key', (o) => (at(o, 'metadata').labels = { 'bad key': 'x' })),
    variant('ConfigMap', 'label-prefix', (o) => (at(o, 'metadata').labels = { 'Example.com/app': 'x' })),
    variant('ConfigMap', 'label-value', (o) => (at(o, 'metadata').labels = { app: 'has space' })),
    variant('ConfigMap', 'label-value-long', (o) => (at(o, 'metadata').labels = { app: 'v'.repeat(64) })),
    variant('ConfigMap', 'label-ok', (o) => (at(o, 'metadata').labels = { 'app.kubernetes.io/name': 'Web_1.0' })),
    variant('ConfigMap', 'annotation-key', (o) => (at(o, 'metadata').annotations = { 'not/a/key': 'x' })),
    variant('ConfigMap', 'annotation-upper', (o) => (at(o, 'metadata').annotations = { 'Example.COM/Note': 'fine' })),
    variant('ConfigMap', 'annotation-size', (o) => (at(o, 'metadata').annotations = { big: 'a'.repeat(262_142) })),
    variant('ConfigMap', 'annotation-size-ok', (o) => (at(o, 'metadata').annotations = { big: 'a'.repeat(262_141) })),
    variant('ConfigMap', 'finalizer', (o) => (at(o, 'metadata').finalizers = ['bad finalizer'])),
    variant('ConfigMap', 'data-key', (o) => (o.data = { 'bad key': 'x' })),
    variant('Deployment', 'container-name', (o) => (firstContainer(o).name = 'Web')),
    variant('Deployment', 'volume-name', (o) => (pod(o).volumes = [{ name: 'Data', emptyDir: {} }])),
    variant('Deployment', 'sa-name', (o) => (pod(o).serviceAccountName = 'Web_SA')),
    variant('Deployment', 'selector-label', (o) => {
      at(o, 'spec.selector').matchLabels = { 'bad key': 'web' };
      at(o, 'spec.template.metadata').labels = { 'bad key': 'web' };
    }),
    variant('Ingress', 'ingress-host', (o) => (at(o, 'spec.rules.0').host = 'Web.Example.com')),
    variant('Ingress', 'ingress-wildcard', (o) => (at(o, 'spec.rules.0').host = '*.example.com')),
    variant('Ingress', 'ingress-ip-host', (o) => (at(o, 'spec.rules.0').host = '10.0.0.1')),
  ];
}

/** resource.Quantity's grammar and the rules on quantities (non-negative, requests <= limits, whole extended resources). */
export function quantityCases(): KubeObject[] {
  const resources = (prefix: string, value: Json) => variant('Deployment', prefix, (o) => (firstContainer(o).resources = value));
  return [
    resources('qty-gb', { limits: { memory: '1Gb' } }),
    resources('qty-space', { requests: { cpu: '500 m' } }),
    resources('qty-two-dots', { requests: { cpu: '1.5.5' } }),
    resources('qty-number', { requests: { cpu: 0.5, memory: 1e9 } }),
    resources('qty-exponent', { requests: { memory: '1e3' } }),
    resources('qty-negative', { requests: { cpu: '-1' } }),
    resources('qty-request-over-limit', { requests: { cpu: '2' }, limits: { cpu: '1' } }),
    resources('qty-extended-fraction', { requests: { 'example.com/gpu': '0.5' }, limits: { 'example.com/gpu': '0.5' } }),
    resources('qty-extended-no-limit', { requests: { 'example.com/gpu': '1' } }),
    resources('qty-bad-name', { requests: { cpus: '1' } }),
    resources('qty-empty', { requests: { cpu: '' } }),
    variant('Deployment', 'qty-emptydir', (o) => (pod(o).volumes = [{ name: 'tmp', emptyDir: { sizeLimit: '1Gb' } }])),
    variant('PersistentVolumeClaim', 'qty-pvc-zero', (o) => (at(o, 'spec.resources.requests').storage = '0')),
    variant('PersistentVolumeClaim', 'qty-pvc-missing', (o) => (at(o, 'spec').resources = {})),
    variant('LimitRange', 'qty-limitrange', (o) => (at(o, 'spec.limits.0').default = { memory: '256MB' })),
    variant('LimitRange', 'qty-limitrange-order', (o) => Object.assign(at(o, 'spec.limits.0'), { defaultRequest: { memory: '512Mi' }, max: { memory: '256Mi' } })),
    variant('HorizontalPodAutoscaler', 'qty-hpa-value', (o) => (at(o, 'spec.metrics.0.resource').target = { type: 'AverageValue', averageValue: '100 m' })),
  ];
}

/** A node port outside kube-apiserver's default --service-node-port-range: a dry run does not allocate it, a real apply refuses it. */
export function nodePortCase(): KubeObject {
  return variant('Service', 'range-node-port', (o) => Object.assign(at(o, 'spec'), { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }));
}

/** int32 bounds and port ranges. */
export function rangeCases(): KubeObject[] {
  return [
    variant('Deployment', 'range-replicas-overflow', (o) => (at(o, 'spec').replicas = 3_000_000_000)),
    variant('Deployment', 'range-replicas-negative', (o) => (at(o, 'spec').replicas = -1)),
    variant('Deployment', 'range-container-port-zero', (o) => (firstContainer(o).ports = [{ containerPort: 0 }])),
    variant('Deployment', 'range-container-port-high', (o) => (firstContainer(o).ports = [{ containerPort: 70000 }])),
    variant('Deployment', 'range-host-port', (o) => (firstContainer(o).ports = [{ containerPort: 80, hostPort: 65536 }])),
    variant('Deployment', 'range-probe-port', (o) => (firstContainer(o).readinessProbe = { httpGet: { path: '/', port: 0 } })),
    variant('Deployment', 'range-run-as-user', (o) => (firstContainer(o).securityContext = { runAsUser: -1 })),
    variant('Deployment', 'range-weight', (o) => (pod(o).affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: {} }] } })),
    variant('Deployment', 'range-file-mode', (o) => (pod(o).volumes = [{ name: 'cfg', configMap: { name: 'cfg', defaultMode: 1000 } }])),
    variant('Deployment', 'range-probe-negative', (o) => (firstContainer(o).livenessProbe = { tcpSocket: { port: 80 }, periodSeconds: -5 })),
    variant('Service', 'range-svc-port', (o) => (at(o, 'spec.ports.0').port = 0)),
    variant('Service', 'range-target-port', (o) => (at(o, 'spec.ports.0').targetPort = 70000)),
    variant('Service', 'range-node-port-ok', (o) => Object.assign(at(o, 'spec'), { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })),
    variant('Ingress', 'range-backend-port', (o) => (at(o, 'spec.rules.0.http.paths.0.backend.service.port').number = 70000)),
    variant('NetworkPolicy', 'range-np-port', (o) => (at(o, 'spec.ingress.0').ports = [{ port: 70000 }])),
    variant('NetworkPolicy', 'range-np-endport', (o) => (at(o, 'spec.ingress.0').ports = [{ port: 8080, endPort: 80 }])),
    variant('HorizontalPodAutoscaler', 'range-hpa-min-zero', (o) => (at(o, 'spec').minReplicas = 0)),
    variant('PriorityClass', 'range-priority', (o) => (o.value = 2_000_000_000)),
    variant('CronJob', 'range-history', (o) => (at(o, 'spec').successfulJobsHistoryLimit = -1)),
  ];
}

/** Associative lists: duplicate keys (server-side apply refuses them), elements without keys. */
export function listKeyCases(): KubeObject[] {
  return [
    variant('Deployment', 'keys-containers', (o) => (pod(o).containers = [container(), container()])),
    variant('Deployment', 'keys-env', (o) => (firstContainer(o).env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }])),
    variant('Deployment', 'keys-env-no-name', (o) => (firstContainer(o).env = [{ value: '1' }])),
    variant('Deployment', 'keys-ports', (o) => (firstContainer(o).ports = [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }])),
    variant('Deployment', 'keys-ports-udp', (o) => (firstContainer(o).ports = [{ containerPort: 53, name: 'dns-tcp' }, { containerPort: 53, protocol: 'UDP', name: 'dns-udp' }])),
    variant('Deployment', 'keys-volumes', (o) => (pod(o).volumes = [{ name: 'a', emptyDir: {} }, { name: 'a', emptyDir: {} }])),
    variant('Deployment', 'keys-mounts', (o) => {
      pod(o).volumes = [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }];
      firstContainer(o).volumeMounts = [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data' }];
    }),
    variant('Deployment', 'keys-pull-secrets', (o) => (pod(o).imagePullSecrets = [{ name: 'reg' }, { name: 'reg' }])),
    variant('Service', 'keys-svc-ports', (o) => (at(o, 'spec').ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80 }])),
    variant('ConfigMap', 'keys-finalizers', (o) => (at(o, 'metadata').finalizers = ['example.com/a', 'example.com/a'])),
    variant('ClusterRole', 'keys-rules-dupes', (o) => (o.rules = [{ nonResourceURLs: ['/a'], verbs: ['get'] }, { nonResourceURLs: ['/a'], verbs: ['get'] }])),
  ];
}

/** Fields the API server requires although the schema does not, and schema-required fields it defaults. */
export function requiredCases(): KubeObject[] {
  return [
    variant('Deployment', 'req-image', (o) => delete firstContainer(o).image),
    variant('Pod', 'req-pod-image', (o) => delete firstContainer(o).image),
    variant('CronJob', 'req-cron-image', (o) => delete (at(o, 'spec.jobTemplate.spec.template.spec').containers as Json[])[0]!.image),
    variant('Deployment', 'req-containers', (o) => (pod(o).containers = [])),
    variant('Service', 'req-svc-ports', (o) => delete at(o, 'spec').ports),
    variant('Service', 'req-headless-ports', (o) => Object.assign(at(o, 'spec'), { clusterIP: 'None', ports: undefined })),
    variant('Ingress', 'req-path-type', (o) => delete at(o, 'spec.rules.0.http.paths.0').pathType),
    variant('PersistentVolumeClaim', 'req-access-modes', (o) => delete at(o, 'spec').accessModes),
    variant('Secret', 'req-tls-key', (o) => Object.assign(o, { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==' } })),
    variant('Secret', 'req-sa-token', (o) => Object.assign(o, { type: 'kubernetes.io/service-account-token', data: undefined })),
    variant('Secret', 'req-base64', (o) => (o.data = { password: 'not base64!' })),
    variant('RoleBinding', 'req-roleref-group', (o) => delete at(o, 'roleRef').apiGroup),
    variant('RoleBinding', 'req-subject-kind', (o) => (o.subjects = [{ kind: 'Robot', name: 'x' }])),
    variant('Role', 'req-rule-resources', (o) => (o.rules = [{ apiGroups: [''], verbs: ['get'] }])),
    variant('PriorityClass', 'req-priority-value', (o) => delete o.value),
    variant('StorageClass', 'req-provisioner', (o) => (o.provisioner = '')),
    variant('ValidatingWebhookConfiguration', 'req-side-effects', (o) => delete at(o, 'webhooks.0').sideEffects),
    variant('ValidatingWebhookConfiguration', 'req-webhook-name', (o) => (at(o, 'webhooks.0').name = 'check')),
    variant('DaemonSet', 'req-status-empty', (o) => (o.status = {})),
    variant('StatefulSet', 'req-no-service-name', (o) => delete at(o, 'spec').serviceName),
    variant('Deployment', 'req-http-header-value', (o) => (firstContainer(o).readinessProbe = { httpGet: { port: 80, httpHeaders: [{ name: 'X-Probe' }] } })),
  ];
}

/** The most common cross-field rules. */
export function crossFieldCases(): KubeObject[] {
  return [
    variant('Deployment', 'x-selector-mismatch', (o) => (at(o, 'spec.template.metadata').labels = { app: 'other' })),
    variant('StatefulSet', 'x-sts-selector-mismatch', (o) => (at(o, 'spec.template.metadata').labels = { app: 'other' })),
    variant('DaemonSet', 'x-ds-selector-empty', (o) => (at(o, 'spec').selector = {})),
    variant('Deployment', 'x-selector-expression', (o) => (at(o, 'spec').selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })),
    variant('Deployment', 'x-selector-expression-bad', (o) => (at(o, 'spec').selector = { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] })),
    variant('Job', 'x-job-selector', (o) => (at(o, 'spec').selector = { matchLabels: { app: 'web' } })),
    variant('Job', 'x-job-restart', (o) => delete at(o, 'spec.template.spec').restartPolicy),
    variant('Deployment', 'x-restart-never', (o) => (pod(o).restartPolicy = 'Never')),
    variant('Deployment', 'x-two-volume-sources', (o) => (pod(o).volumes = [{ name: 'a', emptyDir: {}, configMap: { name: 'c' } }])),
    variant('Deployment', 'x-no-volume-source', (o) => (pod(o).volumes = [{ name: 'a' }])),
    variant('Deployment', 'x-mount-unknown', (o) => (firstContainer(o).volumeMounts = [{ name: 'missing', mountPath: '/m' }])),
    variant('Deployment', 'x-probe-no-handler', (o) => (firstContainer(o).livenessProbe = { periodSeconds: 10 })),
    variant('Deployment', 'x-probe-two-handlers', (o) => (firstContainer(o).livenessProbe = { tcpSocket: { port: 80 }, exec: { command: ['true'] } })),
    variant('Deployment', 'x-liveness-success', (o) => (firstContainer(o).livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 })),
    variant('Deployment', 'x-env-value-and-from', (o) => (firstContainer(o).env = [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }])),
    variant('Deployment', 'x-env-from-empty', (o) => (firstContainer(o).env = [{ name: 'A', valueFrom: {} }])),
    variant('Deployment', 'x-env-field-path', (o) => (firstContainer(o).env = [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } }])),
    variant('Deployment', 'x-strategy-recreate', (o) => (at(o, 'spec').strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } })),
    variant('Deployment', 'x-strategy-zero', (o) => (at(o, 'spec').strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })),
    variant('Deployment', 'x-toleration-empty-key', (o) => (pod(o).tolerations = [{ operator: 'Equal', value: 'x' }])),
    variant('Deployment', 'x-toleration-seconds', (o) => (pod(o).tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }])),
    variant('Deployment', 'x-init-probe', (o) => (pod(o).initContainers = [{ name: 'init', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } }])),
    variant('Deployment', 'x-dns-none', (o) => (pod(o).dnsPolicy = 'None')),
    variant('HorizontalPodAutoscaler', 'x-hpa-min-max', (o) => Object.assign(at(o, 'spec'), { minReplicas: 5, maxReplicas: 3 })),
    variant('HorizontalPodAutoscaler', 'x-hpa-target-group', (o) => (at(o, 'spec.scaleTargetRef').apiVersion = 'v1')),
    variant('HorizontalPodAutoscaler', 'x-hpa-two-sources', (o) => (at(o, 'spec.metrics.0').pods = { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } })),
    variant('PodDisruptionBudget', 'x-pdb-both', (o) => (at(o, 'spec').maxUnavailable = 1)),
    variant('Service', 'x-clusterip-nodeport', (o) => (at(o, 'spec.ports.0').nodePort = 30001)),
    variant('Service', 'x-externalname', (o) => Object.assign(at(o, 'spec'), { type: 'ExternalName', ports: undefined, selector: undefined })),
    variant('Service', 'x-etp-clusterip', (o) => (at(o, 'spec').externalTrafficPolicy = 'Local')),
    variant('Service', 'x-two-ports-unnamed', (o) => (at(o, 'spec').ports = [{ port: 80 }, { port: 443 }])),
    variant('Service', 'x-cluster-ip', (o) => (at(o, 'spec').clusterIP = '10.0.0.300')),
    variant('Ingress', 'x-ingress-empty', (o) => (at(o, 'spec').rules = [])),
    variant('Ingress', 'x-ingress-path', (o) => (at(o, 'spec.rules.0.http.paths.0').path = 'api')),
    variant('Ingress', 'x-ingress-backend-both', (o) => (at(o, 'spec.rules.0.http.paths.0.backend').resource = { kind: 'Bucket', name: 'b' })),
    variant('NetworkPolicy', 'x-np-peer', (o) => (at(o, 'spec.ingress.0').from = [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }])),
    variant('NetworkPolicy', 'x-np-cidr', (o) => (at(o, 'spec.ingress.0').from = [{ ipBlock: { cidr: '10.0.0.0/33' } }])),
    variant('CronJob', 'x-cron-fields', (o) => (at(o, 'spec').schedule = '*/5 * * *')),
    variant('CronJob', 'x-cron-range', (o) => (at(o, 'spec').schedule = '61 * * * *')),
    variant('CronJob', 'x-cron-descriptor', (o) => (at(o, 'spec').schedule = '@daily')),
    variant('CronJob', 'x-cron-tz', (o) => (at(o, 'spec').timeZone = 'Mars/Olympus')),
    variant('CronJob', 'x-cron-tz-ok', (o) => (at(o, 'spec').timeZone = 'Europe/Berlin')),
    variant('RoleBinding', 'x-roleref-kind', (o) => (at(o, 'roleRef').kind = 'Group')),
    variant('ClusterRole', 'x-clusterrole-mixed', (o) => (o.rules = [{ nonResourceURLs: ['/x'], resources: ['pods'], verbs: ['get'] }])),
    variant('ValidatingWebhookConfiguration', 'x-webhook-client', (o) => (at(o, 'webhooks.0').clientConfig = { url: 'https://hook.example.com', service: { name: 'web', namespace: NAMESPACE } })),
  ];
}

/** What a string means in an int-or-string field: a named port, or a percentage. */
export function intOrStringCases(): KubeObject[] {
  return [
    variant('Service', 'ios-target-digits', (o) => (at(o, 'spec.ports.0').targetPort = '8080')),
    variant('Service', 'ios-target-name', (o) => (at(o, 'spec.ports.0').targetPort = 'http')),
    variant('Service', 'ios-target-upper', (o) => (at(o, 'spec.ports.0').targetPort = 'HTTP')),
    variant('Deployment', 'ios-surge-no-percent', (o) => (at(o, 'spec').strategy = { rollingUpdate: { maxSurge: '25' } })),
    variant('Deployment', 'ios-unavailable-over', (o) => (at(o, 'spec').strategy = { rollingUpdate: { maxUnavailable: '110%' } })),
    variant('Deployment', 'ios-surge-over', (o) => (at(o, 'spec').strategy = { rollingUpdate: { maxSurge: '150%' } })),
    variant('PodDisruptionBudget', 'ios-pdb-no-percent', (o) => (at(o, 'spec').minAvailable = '50')),
    variant('PodDisruptionBudget', 'ios-pdb-percent', (o) => (at(o, 'spec').minAvailable = '50%')),
    variant('Deployment', 'ios-probe-string-digits', (o) => (firstContainer(o).readinessProbe = { httpGet: { path: '/', port: '80' } })),
    variant('Deployment', 'ios-probe-long-name', (o) => (firstContainer(o).readinessProbe = { tcpSocket: { port: 'a-very-long-port-name' } })),
    variant('NetworkPolicy', 'ios-np-port-digits', (o) => (at(o, 'spec.ingress.0').ports = [{ port: '8080' }])),
    variant('DaemonSet', 'ios-ds-unavailable', (o) => (at(o, 'spec').updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '1' } })),
  ];
}

/** Alpha and beta API versions a default API server of the release does not serve. */
export function apiVersionCases(): KubeObject[] {
  const object = (apiVersion: string, kind: string, spec: Json, prefix: string) =>
    ({ apiVersion, kind, metadata: { name: `agreement-${prefix}-${counter++}` }, ...spec }) as unknown as KubeObject;
  return [
    object('storage.k8s.io/v1beta1', 'VolumeAttributesClass', { driverName: 'example.com/disk' }, 'api-vac'),
    object('storage.k8s.io/v1', 'VolumeAttributesClass', { driverName: 'example.com/disk' }, 'api-vac-ga'),
    object('networking.k8s.io/v1beta1', 'IPAddress', { spec: { parentRef: { resource: 'services', name: 'x', namespace: 'default' } } }, 'api-ipaddress'),
    object('resource.k8s.io/v1beta2', 'DeviceClass', { spec: {} }, 'api-deviceclass'),
    object('admissionregistration.k8s.io/v1alpha1', 'MutatingAdmissionPolicy', { spec: {} }, 'api-map'),
    object('certificates.k8s.io/v1beta1', 'ClusterTrustBundle', { spec: { trustBundle: '' } }, 'api-ctb'),
  ];
}

/** Admission policies and webhook match conditions: their CEL expressions compiled, and the rules around them. */
export function admissionCases(): KubeObject[] {
  const vap = (prefix: string, mutate: Mutate) => variant('ValidatingAdmissionPolicy', prefix, mutate);
  const validation = (o: Json) => at(o, 'spec.validations.0');
  const rule = (o: Json) => at(o, 'spec.matchConstraints.resourceRules.0');
  const binding = (prefix: string, mutate: Mutate) => variant('ValidatingAdmissionPolicyBinding', prefix, mutate);
  const hook = (prefix: string, conditions: Json[]) => variant('ValidatingWebhookConfiguration', prefix, (o) => (at(o, 'webhooks.0').matchConditions = conditions));
  return [
    vap('cel-syntax', (o) => (validation(o).expression = 'object.spec.replicas <=')),
    vap('cel-dyn', (o) => (validation(o).expression = 'object.spec.replicas')),
    vap('cel-dyn-index', (o) => (validation(o).expression = "object.metadata.labels['app']")),
    vap('cel-int', (o) => (validation(o).expression = '1 + 2')),
    vap('cel-ok-has', (o) => (validation(o).expression = 'has(object.spec.replicas) && object.spec.replicas > 1')),
    vap('cel-ok-method', (o) => (validation(o).expression = 'object.metadata.name.startsWith("web")')),
    vap('cel-ok-request', (o) => (validation(o).expression = 'request.operation == "CREATE"')),
    vap('cel-message-dyn', (o) => (validation(o).messageExpression = 'object.spec.replicas')),
    vap('cel-message-ok', (o) => (validation(o).messageExpression = '"replicas: " + string(object.spec.replicas)')),
    vap('cel-message-int', (o) => (validation(o).messageExpression = '42')),
    vap('cel-message-blank', (o) => (validation(o).messageExpression = '  ')),
    vap('message-lines', (o) => (validation(o).message = 'two\nlines')),
    vap('no-expression', (o) => (validation(o).expression = ' ')),
    vap('reason-bad', (o) => (validation(o).reason = 'Teapot')),
    vap('no-constraints', (o) => delete at(o, 'spec').matchConstraints),
    vap('no-resource-rules', (o) => (at(o, 'spec').matchConstraints = { namespaceSelector: {} })),
    vap('rule-names-slash', (o) => (rule(o).resourceNames = ['a/b'])),
    vap('rule-names-dup', (o) => (rule(o).resourceNames = ['web', 'web'])),
    vap('rule-no-operations', (o) => (rule(o).operations = [])),
    vap('condition-syntax', (o) => (at(o, 'spec').matchConditions = [{ name: 'check', expression: 'request.userInfo.username.startsWith(' }])),
    vap('condition-dyn', (o) => (at(o, 'spec').matchConditions = [{ name: 'check', expression: 'object.metadata.name' }])),
    vap('condition-ok', (o) => (at(o, 'spec').matchConditions = [{ name: 'not-system', expression: '!request.userInfo.username.startsWith("system:")' }])),
    vap('condition-names', (o) => (at(o, 'spec').matchConditions = [{ name: 'a', expression: 'true' }, { name: 'a', expression: 'true' }, { name: 'bad name', expression: 'true' }, { expression: 'true' }])),
    vap('variable-ok', (o) => {
      at(o, 'spec').variables = [{ name: 'replicas', expression: 'object.spec.replicas' }];
      validation(o).expression = 'variables.replicas <= 5';
    }),
    vap('variable-names', (o) => (at(o, 'spec').variables = [{ name: '1st', expression: 'true' }, { name: 'in', expression: 'true' }, { name: ' ', expression: 'true' }])),
    vap('variable-syntax', (o) => (at(o, 'spec').variables = [{ name: 'broken', expression: 'object.spec.(' }])),
    vap('audit-ok', (o) => (at(o, 'spec').auditAnnotations = [{ key: 'replicas', valueExpression: '"replicas: " + string(object.spec.replicas)' }])),
    vap('audit-only', (o) => {
      delete at(o, 'spec').validations;
      at(o, 'spec').auditAnnotations = [{ key: 'replicas', valueExpression: "'seen'" }];
    }),
    vap('audit-key', (o) => (at(o, 'spec').auditAnnotations = [{ key: 'bad key!', valueExpression: "'x'" }])),
    vap('audit-dup', (o) => (at(o, 'spec').auditAnnotations = [{ key: 'a', valueExpression: "'x'" }, { key: 'a', valueExpression: "'y'" }])),
    vap('audit-syntax', (o) => (at(o, 'spec').auditAnnotations = [{ key: 'a', valueExpression: "'x' +" }])),
    vap('param-kind-ok', (o) => (at(o, 'spec').paramKind = { apiVersion: 'v1', kind: 'ConfigMap' })),
    vap('param-kind-version', (o) => (at(o, 'spec').paramKind = { apiVersion: 'a/b/c', kind: 'ConfigMap' })),
    vap('param-kind-kind', (o) => (at(o, 'spec').paramKind = { apiVersion: 'example.com/v1', kind: 'Config_Map' })),
    vap('param-kind-no-kind', (o) => (at(o, 'spec').paramKind = { apiVersion: 'v1' })),
    binding('binding-ref-ok', (o) => (at(o, 'spec').paramRef = { name: 'limits', parameterNotFoundAction: 'Deny' })),
    binding('binding-ref-both', (o) => (at(o, 'spec').paramRef = { name: 'limits', selector: {}, parameterNotFoundAction: 'Deny' })),
    binding('binding-ref-none', (o) => (at(o, 'spec').paramRef = { parameterNotFoundAction: 'Deny' })),
    binding('binding-ref-action', (o) => (at(o, 'spec').paramRef = { name: 'limits' })),
    binding('binding-ref-action-bad', (o) => (at(o, 'spec').paramRef = { name: 'limits', parameterNotFoundAction: 'Maybe' })),
    binding('binding-match-ok', (o) => (at(o, 'spec').matchResources = { namespaceSelector: { matchLabels: { team: 'web' } } })),
    binding('binding-match-rule', (o) => (at(o, 'spec').matchResources = { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }] })),
    hook('hook-condition-syntax', [{ name: 'check', expression: 'request.userInfo.username.startsWith(' }]),
    hook('hook-condition-dyn', [{ name: 'check', expression: 'object.metadata.name' }]),
    hook('hook-condition-ok', [{ name: 'not-system', expression: '!request.userInfo.username.startsWith("system:")' }]),
    hook('hook-condition-dup', [{ name: 'a', expression: 'true' }, { name: 'a', expression: 'true' }]),
  ];
}

/** Kinds whose Go validation is ported beyond the common workloads: APIService, Endpoints, RuntimeClass, CSIDriver. */
export function moreKindCases(): KubeObject[] {
  const apiService = (prefix: string, mutate: Mutate) => variant('APIService', prefix, mutate);
  const subset = (o: Json) => at(o, 'subsets.0');
  const address = (prefix: string, ip: string) => variant('Endpoints', prefix, (o) => (subset(o).addresses = [{ ip }]));
  return [
    apiService('apisvc-name', (o) => (at(o, 'metadata').name = `v1beta1.other-${counter++}.example.com`)),
    apiService('apisvc-version', (o) => Object.assign(at(o, 'spec'), { version: 'V1' })),
    apiService('apisvc-group-priority', (o) => (at(o, 'spec').groupPriorityMinimum = 20001)),
    apiService('apisvc-group-priority-zero', (o) => (at(o, 'spec').groupPriorityMinimum = 0)),
    apiService('apisvc-version-priority', (o) => (at(o, 'spec').versionPriority = 1001)),
    apiService('apisvc-local-ca', (o) => Object.assign(at(o, 'spec'), { service: undefined, insecureSkipTLSVerify: undefined, caBundle: 'Y2VydA==' })),
    apiService('apisvc-local-insecure', (o) => (at(o, 'spec').service = undefined)),
    apiService('apisvc-local-ok', (o) => Object.assign(at(o, 'spec'), { service: undefined, insecureSkipTLSVerify: undefined })),
    apiService('apisvc-no-namespace', (o) => delete at(o, 'spec.service').namespace),
    apiService('apisvc-port', (o) => (at(o, 'spec.service').port = 70000)),
    apiService('apisvc-port-ok', (o) => (at(o, 'spec.service').port = 8443)),
    apiService('apisvc-insecure-and-ca', (o) => (at(o, 'spec').caBundle = 'Y2VydA==')),
    variant('Endpoints', 'ep-no-addresses', (o) => (subset(o).addresses = [])),
    variant('Endpoints', 'ep-not-ready-only', (o) => Object.assign(subset(o), { addresses: [], notReadyAddresses: [{ ip: '10.1.2.3' }] })),
    address('ep-loopback', '127.0.0.1'),
    address('ep-link-local', '169.254.10.1'),
    address('ep-unspecified', '0.0.0.0'),
    address('ep-multicast', '224.0.0.5'),
    address('ep-multicast-ok', '224.0.1.5'),
    address('ep-v6-link-local', 'fe80::1'),
    address('ep-v6-loopback', '::1'),
    address('ep-v6-mapped-loopback', '::ffff:127.0.0.1'),
    address('ep-v6-multicast', 'ff12::1'),
    address('ep-v6-ok', '2001:db8::10'),
    address('ep-leading-zeros', '010.1.2.3'),
    address('ep-not-an-ip', '10.0.0'),
    address('ep-hostname-ip', 'nas.example.com'),
    variant('Endpoints', 'ep-ports-unnamed', (o) => (subset(o).ports = [{ port: 80 }, { port: 443 }])),
    variant('Endpoints', 'ep-port-zero', (o) => (subset(o).ports = [{ port: 0 }])),
    variant('Endpoints', 'ep-port-name', (o) => (subset(o).ports = [{ name: 'HTTP', port: 80 }])),
    variant('Endpoints', 'ep-app-protocol', (o) => (subset(o).ports = [{ port: 80, appProtocol: 'not a protocol' }])),
    variant('Endpoints', 'ep-hostname', (o) => (subset(o).addresses = [{ ip: '10.1.2.3', hostname: 'Nas_1' }])),
    variant('Endpoints', 'ep-node-name', (o) => (subset(o).addresses = [{ ip: '10.1.2.3', nodeName: 'Node 1' }])),
    variant('RuntimeClass', 'rc-handler', (o) => (o.handler = 'Run.C')),
    variant('RuntimeClass', 'rc-overhead-negative', (o) => (o.overhead = { podFixed: { cpu: '-100m' } })),
    variant('RuntimeClass', 'rc-overhead-name', (o) => (o.overhead = { podFixed: { cpus: '1' } })),
    variant('RuntimeClass', 'rc-overhead-ok', (o) => (o.overhead = { podFixed: { cpu: '250m', memory: '120Mi' } })),
    variant('RuntimeClass', 'rc-node-selector', (o) => (o.scheduling = { nodeSelector: { 'bad key': 'x' } })),
    variant('RuntimeClass', 'rc-toleration', (o) => (o.scheduling = { tolerations: [{ key: 'gpu', operator: 'Exists', value: 'yes' }] })),
    variant('RuntimeClass', 'rc-scheduling-ok', (o) => (o.scheduling = { nodeSelector: { 'example.com/runtime': 'kata' }, tolerations: [{ key: 'kata', operator: 'Exists', effect: 'NoSchedule' }] })),
    variant('CSIDriver', 'csi-fs-group', (o) => (at(o, 'spec').fsGroupPolicy = 'Files')),
    variant('CSIDriver', 'csi-fs-group-ok', (o) => (at(o, 'spec').fsGroupPolicy = 'File')),
    variant('CSIDriver', 'csi-lifecycle', (o) => (at(o, 'spec').volumeLifecycleModes = ['Transient'])),
    variant('CSIDriver', 'csi-audience', (o) => (at(o, 'spec').tokenRequests = [{ audience: 'vault' }, { audience: 'vault' }])),
    variant('CSIDriver', 'csi-expiration', (o) => (at(o, 'spec').tokenRequests = [{ audience: 'vault', expirationSeconds: 60 }])),
    variant('CSIDriver', 'csi-expiration-long', (o) => (at(o, 'spec').tokenRequests = [{ audience: 'vault', expirationSeconds: 2 ** 32 + 1 }])),
    variant('CSIDriver', 'csi-tokens-ok', (o) => (at(o, 'spec').tokenRequests = [{ audience: 'vault', expirationSeconds: 3600 }, { audience: '' }])),
  ];
}
