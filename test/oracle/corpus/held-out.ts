// Held-out mutations: written after homelab's built-in rules were tuned against the rest of the corpus, to measure how
// far those rules reach beyond the cases they were written for (ids `ho-<kind>/…`). Same causes, other fields and kinds.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import { NS, type CorpusEntry, type JsonObject } from './entry.ts';
import { m, variants, type Mutation } from './mutate.ts';
import { podSpec } from './workloads.ts';

type Obj = Record<string, any>;
type Edit = Mutation<JsonObject>;

const spec = (o: JsonObject): Obj => o.spec as Obj;
const c0 = (o: JsonObject): Obj => spec(o).containers[0];

const pod = (name: string): JsonObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels: { app: name } }, spec: podSpec() });
const POD: Edit[] = [
  m('ephemeral-container-on-create', 'api-rules', false, (o) => (spec(o).ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36' }])),
  m('prestop-sleep-negative', 'api-rules', false, (o) => (c0(o).lifecycle = { preStop: { sleep: { seconds: -1 } } })),
  m('poststart-no-handler', 'required', false, (o) => (c0(o).lifecycle = { postStart: {} })),
  m('memory-request-negative', 'quantity', false, (o) => (c0(o).resources.requests.memory = '-1Mi')),
  m('capabilities-add', 'baseline', true, (o) => (c0(o).securityContext = { capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } })),
  m('run-as-group-negative', 'api-rules', false, (o) => (spec(o).securityContext = { runAsGroup: -1 })),
  m('proc-mount-unknown', 'enum', false, (o) => (c0(o).securityContext = { procMount: 'Weird' })),
  m('apparmor-localhost-without-profile', 'required', false, (o) => (spec(o).securityContext = { appArmorProfile: { type: 'Localhost' } })),
  m('seccomp-localhost-without-profile', 'required', false, (o) => (spec(o).securityContext = { seccompProfile: { type: 'Localhost' } })),
  m('probe-timeout-negative', 'api-rules', false, (o) => (c0(o).readinessProbe.timeoutSeconds = -1)),
  m('grpc-probe-port-too-big', 'api-rules', false, (o) => (c0(o).livenessProbe = { grpc: { port: 70000 } })),
  m('probe-header-name-space', 'name-format', false, (o) => (c0(o).readinessProbe.httpGet.httpHeaders = [{ name: 'bad header', value: 'x' }])),
  m('probe-header-valid', 'name-format', true, (o) => (c0(o).readinessProbe.httpGet.httpHeaders = [{ name: 'X-Probe', value: 'x' }])),
  m('configmap-key-ref-bad-key', 'name-format', false, (o) => (c0(o).env = [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'bad key!' } } }])),
  m('env-from-no-source', 'required', false, (o) => (c0(o).envFrom = [{ prefix: 'P_' }])),
  m('spread-unsatisfiable-unknown', 'enum', false, (o) => (spec(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Maybe', labelSelector: { matchLabels: { app: 'x' } } }])),
  m('spread-topology-key-missing', 'required', false, (o) => (spec(o).topologySpreadConstraints = [{ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'x' } } }])),
  m('host-path-type-unknown', 'enum', false, (o) => (spec(o).volumes = [{ name: 'data', hostPath: { path: '/srv', type: 'Folder' } }])),
  m('host-path-type-directory', 'enum', true, (o) => (spec(o).volumes = [{ name: 'data', hostPath: { path: '/srv', type: 'DirectoryOrCreate' } }])),
  m('host-path-empty', 'required', false, (o) => (spec(o).volumes = [{ name: 'data', hostPath: { path: '' } }])),
  m('nfs-without-server', 'required', false, (o) => (spec(o).volumes = [{ name: 'data', nfs: { path: '/exports' } }])),
  m('token-expiration-too-short', 'api-rules', false, (o) => (spec(o).volumes = [{ name: 'data', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 100 } }] } }])),
  m('token-expiration-ok', 'api-rules', true, (o) => (spec(o).volumes = [{ name: 'data', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } }])),
  m('downward-path-backsteps', 'api-rules', false, (o) => (spec(o).volumes = [{ name: 'data', downwardAPI: { items: [{ path: '../name', fieldRef: { fieldPath: 'metadata.name' } }] } }])),
  m('configmap-item-path-absolute', 'api-rules', false, (o) => (spec(o).volumes = [{ name: 'data', configMap: { name: 'cm', items: [{ key: 'a', path: '/etc/a' }] } }])),
  m('secret-mode-too-big', 'api-rules', false, (o) => (spec(o).volumes = [{ name: 'data', secret: { secretName: 's', defaultMode: 512 } }])),
  m('secret-mode-max', 'api-rules', true, (o) => (spec(o).volumes = [{ name: 'data', secret: { secretName: 's', defaultMode: 511 } }])),
  m('subpath-backsteps', 'api-rules', false, (o) => (c0(o).volumeMounts[0].subPath = '../etc')),
  m('subpath-and-expr', 'api-rules', false, (o) => Object.assign(c0(o).volumeMounts[0], { subPath: 'a', subPathExpr: '$(POD_NAME)' })),
  m('recursive-read-only-not-read-only', 'api-rules', false, (o) => (c0(o).volumeMounts[0].recursiveReadOnly = 'Enabled')),
  m('overhead-without-runtime-class', 'api-rules', false, (o) => (spec(o).overhead = { cpu: '100m' })),
  m('scheduling-gate-invalid', 'name-format', false, (o) => (spec(o).schedulingGates = [{ name: 'bad gate' }])),
  m('scheduling-gate-valid', 'name-format', true, (o) => (spec(o).schedulingGates = [{ name: 'example.com/wait' }])),
  m('windows-with-fsgroup', 'api-rules', false, (o) => Object.assign(spec(o), { os: { name: 'windows' }, securityContext: { fsGroup: 2000 } })),
  m('os-unknown', 'enum', false, (o) => (spec(o).os = { name: 'plan9' })),
  m('host-users-with-host-network', 'api-rules', false, (o) => Object.assign(spec(o), { hostUsers: false, hostNetwork: true })),
  // hostIP is not validated (the kubelet ignores what it cannot bind): the API server accepts it.
  m('host-ip-invalid', 'api-rules', true, (o) => Object.assign(c0(o).ports[0], { hostPort: 8080, hostIP: 'not-an-ip' })),
  m('resize-policy-unknown', 'enum', false, (o) => (c0(o).resizePolicy = [{ resourceName: 'cpu', restartPolicy: 'Sometimes' }])),
  m('resize-policy-storage', 'api-rules', false, (o) => (c0(o).resizePolicy = [{ resourceName: 'storage', restartPolicy: 'NotRequired' }])),
  m('readiness-termination-grace', 'api-rules', false, (o) => (c0(o).readinessProbe.terminationGracePeriodSeconds = 10)),
  m('liveness-termination-grace-zero', 'api-rules', false, (o) => (c0(o).livenessProbe = { tcpSocket: { port: 8080 }, terminationGracePeriodSeconds: 0 })),
];

const service = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});
const SERVICE: Edit[] = [
  m('ip-families-duplicate', 'api-rules', false, (o) => Object.assign(spec(o), { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv4'] })),
  m('affinity-timeout-too-long', 'api-rules', false, (o) => Object.assign(spec(o), { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } })),
  m('publish-not-ready-string', 'schema', false, (o) => (spec(o).publishNotReadyAddresses = 'yes')),
  m('traffic-distribution-unknown', 'enum', false, (o) => (spec(o).trafficDistribution = 'Nearest')),
  m('traffic-distribution-prefer-close', 'enum', true, (o) => (spec(o).trafficDistribution = 'PreferClose')),
];

const netpol = (name: string): JsonObject => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: NS },
  spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }] },
});
const NETPOL: Edit[] = [
  m('protocol-icmp', 'enum', false, (o) => (spec(o).ingress[0].ports[0].protocol = 'ICMP')),
  m('selector-key-invalid', 'name-format', false, (o) => (spec(o).podSelector = { matchLabels: { 'bad key!': 'x' } })),
];

const job = (name: string): JsonObject => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: NS },
  spec: { template: { spec: podSpec('Never') } },
});
const JOB: Edit[] = [
  m('exit-code-in-zero', 'api-rules', false, (o) => (spec(o).podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [0] } }] })),
  m('exit-code-in-valid', 'api-rules', true, (o) => (spec(o).podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] })),
  m('success-policy-not-indexed', 'api-rules', false, (o) => (spec(o).successPolicy = { rules: [{ succeededCount: 1 }] })),
];

const cronJob = (name: string): JsonObject => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: NS },
  spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: podSpec('OnFailure') } } } },
});
const CRONJOB: Edit[] = [
  m('schedule-step-zero', 'api-rules', false, (o) => (spec(o).schedule = '*/0 * * * *')),
  m('schedule-february-31', 'api-rules', true, (o) => (spec(o).schedule = '0 0 31 2 *')),
  m('schedule-range-reversed', 'api-rules', false, (o) => (spec(o).schedule = '0 5-2 * * *')),
];

const lease = (name: string): JsonObject => ({
  apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: NS },
  spec: { holderIdentity: 'me', leaseDurationSeconds: 15 },
});
const LEASE: Edit[] = [
  m('duration-zero', 'api-rules', false, (o) => (spec(o).leaseDurationSeconds = 0)),
  m('transitions-negative', 'api-rules', false, (o) => (spec(o).leaseTransitions = -1)),
];

const endpointSlice = (name: string): JsonObject => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: NS, labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
});
const ENDPOINT_SLICE: Edit[] = [
  m('address-type-unknown', 'enum', false, (o) => (o.addressType = 'IPv5')),
  m('address-not-an-ip', 'api-rules', false, (o) => ((o.endpoints as Obj[])[0]!.addresses = ['not-an-ip'])),
];

const runtimeClass = (name: string): JsonObject => ({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler: 'runc' });
const RUNTIME_CLASS: Edit[] = [
  m('handler-underscore', 'name-format', false, (o) => (o.handler = 'run_c')),
  m('overhead-negative', 'quantity', false, (o) => (o.overhead = { podFixed: { cpu: '-1' } })),
];

const csiDriver = (name: string): JsonObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: `${name}.csi.example.test` }, spec: { attachRequired: false } });
const CSI_DRIVER: Edit[] = [
  m('fs-group-policy-unknown', 'enum', false, (o) => (spec(o).fsGroupPolicy = 'Sometimes')),
  m('volume-lifecycle-unknown', 'enum', false, (o) => (spec(o).volumeLifecycleModes = ['Forever'])),
];

const secret = (name: string): JsonObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, type: 'kubernetes.io/dockercfg', data: { '.dockercfg': Buffer.from('{}').toString('base64') } });
const SECRET: Edit[] = [m('dockercfg-without-key', 'required', false, (o) => (o.data = { other: 'eA==' }))];

const helmRelease = (name: string): JsonObject => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name, namespace: NS },
  spec: { interval: '10m', chart: { spec: { chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } } },
});
const HELM_RELEASE: Edit[] = [
  m('neither-chart-nor-ref', 'flux', false, (o) => delete spec(o).chart),
  m('interval-missing', 'flux', false, (o) => delete spec(o).interval),
  m('values-from-kind-unknown', 'flux', false, (o) => (spec(o).valuesFrom = [{ kind: 'Deployment', name: 'x' }])),
];

export function heldOutEntries(): CorpusEntry[] {
  return [
    ...variants({ prefix: 'ho-pod', family: 'workloads', base: pod, mutations: POD, withBase: false }),
    ...variants({ prefix: 'ho-job', family: 'workloads', base: job, mutations: JOB, withBase: false }),
    ...variants({ prefix: 'ho-cj', family: 'workloads', base: cronJob, mutations: CRONJOB, withBase: false }),
    ...variants({ prefix: 'ho-svc', family: 'services-networking', base: service, mutations: SERVICE, withBase: false }),
    ...variants({ prefix: 'ho-netpol', family: 'services-networking', base: netpol, mutations: NETPOL, withBase: false }),
    ...variants({ prefix: 'ho-eps', family: 'services-networking', base: endpointSlice, mutations: ENDPOINT_SLICE }),
    ...variants({ prefix: 'ho-lease', family: 'policy-scheduling', base: lease, mutations: LEASE }),
    ...variants({ prefix: 'ho-rc', family: 'policy-scheduling', base: runtimeClass, mutations: RUNTIME_CLASS }),
    ...variants({ prefix: 'ho-csidriver', family: 'config-storage', base: csiDriver, mutations: CSI_DRIVER }),
    ...variants({ prefix: 'ho-secret', family: 'config-storage', base: secret, mutations: SECRET }),
    ...variants({ prefix: 'ho-helmrelease', family: 'flux', base: helmRelease, mutations: HELM_RELEASE, withBase: false }),
  ];
}
