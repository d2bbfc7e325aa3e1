// Workloads: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, with pod-spec mutations in each wrapper.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import { NS, nameOfLength, type CorpusEntry, type JsonObject } from './entry.ts';
import { at, m, meta, variants, type Mutation } from './mutate.ts';

type Obj = Record<string, any>;

const IMAGE = 'registry.example.test/app:1.0';

/** A pod spec as a careful user writes it. */
export function podSpec(restartPolicy?: string): Obj {
  return {
    ...(restartPolicy && { restartPolicy }),
    containers: [
      {
        name: 'app',
        image: IMAGE,
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [{ name: 'MODE', value: 'production' }],
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 10 },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
  };
}

const c0 = (spec: Obj): Obj => spec.containers[0];

type Wrapper = 'pod' | 'deployment' | 'statefulset' | 'daemonset' | 'replicaset' | 'job' | 'cronjob';

/** A pod-spec mutation whose verdict may depend on the wrapper (restartPolicy Never is fine in a Pod, not in a Deployment). */
interface PodMutation {
  readonly slug: string;
  readonly cause: Mutation['cause'];
  readonly valid: boolean | ((wrapper: Wrapper) => boolean);
  readonly edit: (spec: Obj) => void;
}
const p = (slug: string, cause: Mutation['cause'], valid: PodMutation['valid'], edit: (spec: Obj) => void): PodMutation => ({ slug, cause, valid, edit });

const controllers: readonly Wrapper[] = ['deployment', 'statefulset', 'daemonset', 'replicaset'];
const alwaysOnly = (w: Wrapper) => !controllers.includes(w);

/** Every pod-spec mutation; each runs inside a Pod and a Deployment, a chosen few inside the other wrappers. */
const POD_MUTATIONS: readonly PodMutation[] = [
  // enum values
  p('protocol-lowercase', 'enum', false, (s) => (c0(s).ports[0].protocol = 'tcp')),
  p('protocol-sctp', 'enum', true, (s) => (c0(s).ports[0].protocol = 'SCTP')),
  p('protocol-http', 'enum', false, (s) => (c0(s).ports[0].protocol = 'HTTP')),
  p('pull-policy-lowercase', 'enum', false, (s) => (c0(s).imagePullPolicy = 'always')),
  p('pull-policy-ifnotpresent', 'enum', true, (s) => (c0(s).imagePullPolicy = 'IfNotPresent')),
  p('restart-policy-unknown', 'enum', false, (s) => (s.restartPolicy = 'Sometimes')),
  p('restart-policy-never', 'api-rules', alwaysOnly, (s) => (s.restartPolicy = 'Never')),
  p('toleration-operator-exist', 'enum', false, (s) => (s.tolerations = [{ key: 'dedicated', operator: 'Exist', effect: 'NoSchedule' }])),
  p('toleration-operator-exists', 'enum', true, (s) => (s.tolerations = [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }])),
  p('toleration-effect-unknown', 'enum', false, (s) => (s.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'x', effect: 'NoExecution' }])),
  p('toleration-exists-with-value', 'api-rules', false, (s) => (s.tolerations = [{ key: 'dedicated', operator: 'Exists', value: 'x' }])),
  p('dns-policy-unknown', 'enum', false, (s) => (s.dnsPolicy = 'Cluster')),
  p('dns-policy-hostnet', 'enum', true, (s) => (s.dnsPolicy = 'ClusterFirstWithHostNet')),
  p('node-affinity-operator', 'enum', false, (s) => (s.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Equals', values: ['ssd'] }] }] } } })),
  p('node-affinity-valid', 'baseline', true, (s) => (s.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } })),
  p('termination-message-policy', 'enum', false, (s) => (c0(s).terminationMessagePolicy = 'Always')),
  p('seccomp-type-default', 'enum', false, (s) => (s.securityContext = { seccompProfile: { type: 'Default' } })),
  p('seccomp-runtime-default', 'enum', true, (s) => (s.securityContext = { seccompProfile: { type: 'RuntimeDefault' } })),
  p('fsgroup-change-policy', 'enum', false, (s) => (s.securityContext = { fsGroup: 2000, fsGroupChangePolicy: 'Sometimes' })),
  p('probe-scheme-lowercase', 'enum', false, (s) => (c0(s).readinessProbe.httpGet.scheme = 'http')),
  p('mount-propagation', 'enum', false, (s) => (c0(s).volumeMounts[0].mountPropagation = 'Shared')),
  // fields the Go code requires
  p('image-missing', 'required', false, (s) => delete c0(s).image),
  p('container-name-missing', 'required', false, (s) => delete c0(s).name),
  p('env-name-missing', 'required', false, (s) => (c0(s).env = [{ value: 'x' }])),
  p('volume-source-missing', 'required', true, (s) => (s.volumes = [{ name: 'data' }])),
  p('container-port-missing', 'required', false, (s) => (c0(s).ports = [{ name: 'http' }])),
  p('mount-path-missing', 'required', false, (s) => (c0(s).volumeMounts = [{ name: 'data' }])),
  p('configmap-volume-no-name', 'required', false, (s) => (s.volumes = [{ name: 'data', configMap: {} }])),
  p('secret-volume-no-name', 'required', false, (s) => (s.volumes = [{ name: 'data', secret: {} }])),
  p('env-valuefrom-empty', 'required', false, (s) => (c0(s).env = [{ name: 'X', valueFrom: {} }])),
  p('exec-probe-no-command', 'required', false, (s) => (c0(s).readinessProbe = { exec: {} })),
  p('containers-empty', 'required', false, (s) => (s.containers = [])),
  // the API server's own rules: ranges and cross-field rules
  p('container-port-zero', 'api-rules', false, (s) => (c0(s).ports[0].containerPort = 0)),
  p('container-port-too-big', 'api-rules', false, (s) => (c0(s).ports[0].containerPort = 70000)),
  p('container-port-max', 'api-rules', true, (s) => (c0(s).ports[0].containerPort = 65535)),
  p('host-port-mismatch', 'api-rules', false, (s) => {
    s.hostNetwork = true;
    c0(s).ports[0].hostPort = 9090;
  }),
  p('host-network', 'api-rules', true, (s) => (s.hostNetwork = true)),
  p('probe-two-handlers', 'api-rules', false, (s) => (c0(s).readinessProbe.exec = { command: ['true'] })),
  p('probe-no-handler', 'api-rules', false, (s) => (c0(s).readinessProbe = { periodSeconds: 5 })),
  p('liveness-success-threshold', 'api-rules', false, (s) => (c0(s).livenessProbe = { tcpSocket: { port: 8080 }, successThreshold: 2 })),
  p('probe-period-negative', 'api-rules', false, (s) => (c0(s).readinessProbe.periodSeconds = -1)),
  p('volume-two-sources', 'api-rules', false, (s) => (s.volumes = [{ name: 'data', emptyDir: {}, hostPath: { path: '/tmp' } }])),
  p('env-value-and-valuefrom', 'api-rules', false, (s) => (c0(s).env = [{ name: 'X', value: 'a', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }])),
  p('env-fieldpath-unsupported', 'api-rules', false, (s) => (c0(s).env = [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.nothing' } } }])),
  p('requests-above-limits', 'api-rules', false, (s) => (c0(s).resources = { requests: { memory: '256Mi' }, limits: { memory: '128Mi' } })),
  p('limits-only', 'api-rules', true, (s) => (c0(s).resources = { limits: { cpu: '1', memory: '128Mi' } })),
  p('cpu-request-negative', 'api-rules', false, (s) => (c0(s).resources.requests.cpu = '-100m')),
  p('run-as-user-negative', 'api-rules', false, (s) => (s.securityContext = { runAsUser: -1 })),
  p('privileged-no-escalation', 'api-rules', false, (s) => (c0(s).securityContext = { privileged: true, allowPrivilegeEscalation: false })),
  p('mount-of-unknown-volume', 'api-rules', false, (s) => (c0(s).volumeMounts[0].name = 'missing')),
  p('mount-path-backsteps', 'api-rules', true, (s) => (c0(s).volumeMounts[0].mountPath = '/data/../etc')),
  p('termination-grace-negative', 'api-rules', true, (s) => (s.terminationGracePeriodSeconds = -5)),
  p('active-deadline-zero', 'api-rules', false, (s) => (s.activeDeadlineSeconds = 0)),
  p('dns-none-without-config', 'api-rules', false, (s) => (s.dnsPolicy = 'None')),
  p('dns-four-nameservers', 'api-rules', false, (s) => {
    s.dnsPolicy = 'None';
    s.dnsConfig = { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] };
  }),
  p('host-alias-bad-ip', 'api-rules', false, (s) => (s.hostAliases = [{ ip: 'not-an-ip', hostnames: ['a.example.test'] }])),
  p('spread-max-skew-zero', 'api-rules', false, (s) => (s.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'x' } } }])),
  p('sysctl-name-invalid', 'api-rules', false, (s) => (s.securityContext = { sysctls: [{ name: 'not valid!', value: '1' }] })),
  p('init-container-same-name', 'api-rules', false, (s) => (s.initContainers = [{ name: 'app', image: IMAGE }])),
  p('sidecar-init-container', 'api-rules', true, (s) => (s.initContainers = [{ name: 'proxy', image: IMAGE, restartPolicy: 'Always' }])),
  p('container-restart-policy', 'api-rules', true, (s) => (c0(s).restartPolicy = 'Never')),
  p('share-pid-and-host-pid', 'api-rules', false, (s) => {
    s.shareProcessNamespace = true;
    s.hostPID = true;
  }),
  p('image-leading-space', 'api-rules', (w) => w !== 'pod', (s) => (c0(s).image = ` ${IMAGE}`)),
  p('priority-without-class', 'api-rules', (w) => w !== 'pod', (s) => (s.priority = 5)),
  p('startup-success-threshold', 'api-rules', false, (s) => (c0(s).startupProbe = { tcpSocket: { port: 8080 }, successThreshold: 2 })),
  p('extended-resource-fraction', 'api-rules', false, (s) => (c0(s).resources = { requests: { 'example.com/gpu': '0.5' }, limits: { 'example.com/gpu': '0.5' } })),
  p('extended-resource-no-limit', 'api-rules', false, (s) => (c0(s).resources = { requests: { 'example.com/gpu': '1' } })),
  // names, labels and keys
  p('container-name-uppercase', 'name-format', false, (s) => (c0(s).name = 'App')),
  p('container-name-underscore', 'name-format', false, (s) => (c0(s).name = 'my_app')),
  p('port-name-too-long', 'name-format', false, (s) => (c0(s).ports[0].name = 'http-metrics-port')),
  p('port-name-uppercase', 'name-format', false, (s) => (c0(s).ports[0].name = 'HTTP')),
  p('port-name-digits', 'name-format', false, (s) => (c0(s).ports[0].name = '8080')),
  p('volume-name-invalid', 'name-format', false, (s) => {
    s.volumes[0].name = 'Data_Vol';
    c0(s).volumeMounts[0].name = 'Data_Vol';
  }),
  p('env-name-with-equals', 'name-format', false, (s) => (c0(s).env = [{ name: 'A=B', value: 'x' }])),
  p('env-name-relaxed', 'name-format', true, (s) => (c0(s).env = [{ name: 'my.var-1', value: 'x' }])),
  p('service-account-invalid', 'name-format', false, (s) => (s.serviceAccountName = 'Bad_SA')),
  p('node-selector-value', 'name-format', false, (s) => (s.nodeSelector = { disk: 'has space' })),
  p('node-selector-key', 'name-format', false, (s) => (s.nodeSelector = { 'bad key': 'ssd' })),
  p('hostname-invalid', 'name-format', false, (s) => (s.hostname = 'Not_Valid')),
  // quantities
  p('memory-gb', 'quantity', false, (s) => (c0(s).resources.requests.memory = '1Gb')),
  p('cpu-with-space', 'quantity', false, (s) => (c0(s).resources.requests.cpu = '500 m')),
  p('memory-decimal-si', 'quantity', true, (s) => (c0(s).resources.limits.memory = '1G')),
  p('cpu-fraction', 'quantity', true, (s) => (c0(s).resources.requests.cpu = '0.5')),
  p('cpu-exponent', 'quantity', true, (s) => (c0(s).resources.requests.cpu = '1e2')),
  p('cpu-number', 'quantity', true, (s) => (c0(s).resources.requests.cpu = 1)),
  p('memory-lowercase-mi', 'quantity', false, (s) => (c0(s).resources.requests.memory = '64mi')),
  p('memory-mb', 'quantity', false, (s) => (c0(s).resources.requests.memory = '64MB')),
  p('cpu-comma', 'quantity', false, (s) => (c0(s).resources.requests.cpu = '1,5')),
  p('memory-plus-sign', 'quantity', true, (s) => (c0(s).resources.requests.memory = '+64Mi')),
  p('emptydir-size-gb', 'quantity', false, (s) => (s.volumes[0].emptyDir = { sizeLimit: '1GB' })),
  p('emptydir-size-gi', 'quantity', true, (s) => (s.volumes[0].emptyDir = { sizeLimit: '1Gi' })),
  // duplicate keys in associative lists
  p('duplicate-container', 'list-keys', false, (s) => s.containers.push({ name: 'app', image: IMAGE })),
  p('duplicate-env', 'list-keys', false, (s) => c0(s).env.push({ name: 'MODE', value: 'debug' })),
  p('duplicate-port', 'list-keys', false, (s) => c0(s).ports.push({ name: 'http2', containerPort: 8080, protocol: 'TCP' })),
  p('same-port-two-protocols', 'list-keys', true, (s) => c0(s).ports.push({ name: 'dns', containerPort: 8080, protocol: 'UDP' })),
  p('duplicate-port-name', 'list-keys', false, (s) => c0(s).ports.push({ name: 'http', containerPort: 9090, protocol: 'TCP' })),
  p('duplicate-volume', 'list-keys', false, (s) => s.volumes.push({ name: 'data', emptyDir: {} })),
  p('duplicate-mount-path', 'list-keys', false, (s) => {
    s.volumes.push({ name: 'other', emptyDir: {} });
    c0(s).volumeMounts.push({ name: 'other', mountPath: '/data' });
  }),
  p('duplicate-pull-secret', 'list-keys', false, (s) => (s.imagePullSecrets = [{ name: 'regcred' }, { name: 'regcred' }])),
  p('duplicate-host-alias', 'list-keys', false, (s) => (s.hostAliases = [{ ip: '10.0.0.9', hostnames: ['a.example.test'] }, { ip: '10.0.0.9', hostnames: ['b.example.test'] }])),
  p('duplicate-toleration', 'list-keys', true, (s) => (s.tolerations = [{ key: 'k', operator: 'Exists' }, { key: 'k', operator: 'Exists' }])),
  p('duplicate-spread', 'list-keys', false, (s) => {
    const constraint = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'x' } } };
    s.topologySpreadConstraints = [constraint, { ...constraint, maxSkew: 2 }];
  }),
  // int-or-string
  p('probe-port-number', 'int-or-string', true, (s) => (c0(s).readinessProbe.httpGet.port = 8080)),
  p('probe-port-numeric-string', 'int-or-string', false, (s) => (c0(s).readinessProbe.httpGet.port = '8080')),
  p('probe-port-undeclared-name', 'int-or-string', true, (s) => (c0(s).readinessProbe.httpGet.port = 'metrics')),
  p('probe-port-zero', 'int-or-string', false, (s) => (c0(s).readinessProbe.httpGet.port = 0)),
  p('probe-port-float', 'int-or-string', false, (s) => (c0(s).readinessProbe.httpGet.port = 80.5)),
  p('tcp-port-name-too-long', 'int-or-string', false, (s) => (c0(s).readinessProbe = { tcpSocket: { port: 'very-long-port-name' } })),
  // plain schema
  p('unknown-field', 'schema', false, (s) => (c0(s).imagePullPolcy = 'Always')),
  p('port-as-string', 'schema', false, (s) => (c0(s).ports[0].containerPort = '8080')),
  p('command-as-string', 'schema', false, (s) => (c0(s).command = 'run --fast')),
];

/** The few pod-spec mutations that also run inside StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs. */
const IN_EVERY_WRAPPER = new Set([
  'protocol-lowercase', 'pull-policy-lowercase', 'restart-policy-never', 'toleration-operator-exist', 'image-missing',
  'container-port-too-big', 'probe-two-handlers', 'requests-above-limits', 'container-name-uppercase', 'memory-gb',
  'cpu-with-space', 'duplicate-container', 'duplicate-env', 'probe-port-numeric-string', 'unknown-field',
]);

function labels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name.slice(0, 63) };
}

function podTemplate(restartPolicy?: string): Obj {
  return { metadata: { labels: { app: 'web' } }, spec: podSpec(restartPolicy) };
}

function selectorOf(template: Obj): Obj {
  return { matchLabels: { ...template.metadata.labels } };
}

const bases: Record<Wrapper, { prefix: string; base: (name: string) => JsonObject; spec: (object: JsonObject) => Obj }> = {
  pod: {
    prefix: 'pod',
    base: (name) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels: labels(name) }, spec: podSpec() }),
    spec: (o) => at(o, 'spec'),
  },
  deployment: {
    prefix: 'deploy',
    base: (name) => {
      const template = podTemplate();
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS, labels: labels(name) }, spec: { replicas: 2, selector: selectorOf(template), template } };
    },
    spec: (o) => at(o, 'spec.template.spec'),
  },
  statefulset: {
    prefix: 'sts',
    base: (name) => {
      const template = podTemplate();
      return {
        apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: NS, labels: labels(name) },
        spec: {
          serviceName: 'web', replicas: 1, selector: selectorOf(template), template,
          volumeClaimTemplates: [{ metadata: { name: 'state' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      };
    },
    spec: (o) => at(o, 'spec.template.spec'),
  },
  daemonset: {
    prefix: 'ds',
    base: (name) => {
      const template = podTemplate();
      return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: NS, labels: labels(name) }, spec: { selector: selectorOf(template), template } };
    },
    spec: (o) => at(o, 'spec.template.spec'),
  },
  replicaset: {
    prefix: 'rs',
    base: (name) => {
      const template = podTemplate();
      return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: NS, labels: labels(name) }, spec: { replicas: 1, selector: selectorOf(template), template } };
    },
    spec: (o) => at(o, 'spec.template.spec'),
  },
  job: {
    prefix: 'job',
    base: (name) => ({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: NS, labels: labels(name) },
      spec: { backoffLimit: 2, template: { spec: podSpec('Never') } },
    }),
    spec: (o) => at(o, 'spec.template.spec'),
  },
  cronjob: {
    prefix: 'cj',
    base: (name) => ({
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: NS, labels: labels(name) },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: podSpec('OnFailure') } } } },
    }),
    spec: (o) => at(o, 'spec.jobTemplate.spec.template.spec'),
  },
};

/** Pod-spec mutations in every wrapper (all of them in Pod and Deployment). */
function podSpecEntries(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const [wrapper, { prefix, base, spec }] of Object.entries(bases) as [Wrapper, (typeof bases)[Wrapper]][]) {
    const chosen = wrapper === 'pod' || wrapper === 'deployment' ? POD_MUTATIONS : POD_MUTATIONS.filter((mu) => IN_EVERY_WRAPPER.has(mu.slug));
    entries.push(
      ...variants({
        prefix, family: 'workloads', base, target: spec,
        mutations: chosen.map((mu) => m<Obj>(mu.slug, mu.cause, typeof mu.valid === 'function' ? mu.valid(wrapper) : mu.valid, (s) => mu.edit(s))),
      }),
    );
  }
  return entries;
}

type Edit = Mutation<Obj>;
const spec = (o: JsonObject): Obj => o.spec as Obj;

/** Controller-level rules: selectors, strategies, replicas. */
const CONTROLLER_MUTATIONS: Record<'deployment' | 'statefulset' | 'daemonset' | 'replicaset', Edit[]> = {
  deployment: [
    m('selector-mismatch', 'api-rules', false, (o) => (spec(o).selector = { matchLabels: { app: 'other' } })),
    m('selector-missing', 'required', false, (o) => delete spec(o).selector),
    m('selector-empty', 'api-rules', false, (o) => (spec(o).selector = {})),
    m('selector-expression-operator', 'enum', false, (o) => (spec(o).selector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] })),
    m('selector-in-without-values', 'api-rules', false, (o) => (spec(o).selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'app', operator: 'In', values: [] }] })),
    m('selector-expression-valid', 'baseline', true, (o) => (spec(o).selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] })),
    m('template-without-labels', 'api-rules', false, (o) => delete spec(o).template.metadata),
    m('replicas-negative', 'api-rules', false, (o) => (spec(o).replicas = -1)),
    m('replicas-zero', 'api-rules', true, (o) => (spec(o).replicas = 0)),
    m('replicas-string', 'schema', false, (o) => (spec(o).replicas = '2')),
    m('replicas-int32-overflow', 'api-rules', false, (o) => (spec(o).replicas = 2147483648)),
    m('strategy-type-unknown', 'enum', false, (o) => (spec(o).strategy = { type: 'Rolling' })),
    m('recreate-with-rolling-update', 'api-rules', false, (o) => (spec(o).strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } })),
    m('max-surge-percent', 'int-or-string', true, (o) => (spec(o).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } })),
    m('max-surge-number', 'int-or-string', true, (o) => (spec(o).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2 } })),
    m('max-surge-numeric-string', 'int-or-string', false, (o) => (spec(o).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '2' } })),
    m('max-surge-word', 'int-or-string', false, (o) => (spec(o).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'half' } })),
    m('max-unavailable-over-100', 'int-or-string', false, (o) => (spec(o).strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } })),
    m('max-surge-negative', 'api-rules', false, (o) => (spec(o).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: -1 } })),
    m('surge-and-unavailable-zero', 'api-rules', false, (o) => (spec(o).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })),
    m('progress-deadline-below-min-ready', 'api-rules', false, (o) => Object.assign(spec(o), { progressDeadlineSeconds: 5, minReadySeconds: 10 })),
    m('revision-history-negative', 'api-rules', false, (o) => (spec(o).revisionHistoryLimit = -1)),
    m('min-ready-negative', 'api-rules', false, (o) => (spec(o).minReadySeconds = -1)),
    m('template-label-value-invalid', 'name-format', false, (o) => {
      spec(o).template.metadata.labels.app = 'not valid!';
      spec(o).selector.matchLabels.app = 'not valid!';
    }),
  ],
  statefulset: [
    m('selector-mismatch', 'api-rules', false, (o) => (spec(o).selector = { matchLabels: { app: 'other' } })),
    m('pod-management-unknown', 'enum', false, (o) => (spec(o).podManagementPolicy = 'Ordered')),
    m('pod-management-parallel', 'enum', true, (o) => (spec(o).podManagementPolicy = 'Parallel')),
    m('update-strategy-unknown', 'enum', false, (o) => (spec(o).updateStrategy = { type: 'Rolling' })),
    m('partition-negative', 'api-rules', false, (o) => (spec(o).updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } })),
    m('claim-without-storage', 'required', false, (o) => (spec(o).volumeClaimTemplates[0].spec.resources = {})),
    m('claim-access-mode-unknown', 'enum', false, (o) => (spec(o).volumeClaimTemplates[0].spec.accessModes = ['ReadWriteAlways'])),
    m('claim-duplicate-name', 'list-keys', true, (o) => spec(o).volumeClaimTemplates.push(structuredClone(spec(o).volumeClaimTemplates[0]))),
    m('retention-policy-unknown', 'enum', false, (o) => (spec(o).persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep', whenScaled: 'Retain' })),
    m('ordinals-start-negative', 'api-rules', false, (o) => (spec(o).ordinals = { start: -1 })),
    m('service-name-missing', 'required', true, (o) => delete spec(o).serviceName),
    m('name-60-characters', 'name-format', true, (o) => (meta(o).name = nameOfLength('sts-long', 60))),
    m('replicas-negative', 'api-rules', false, (o) => (spec(o).replicas = -1)),
  ],
  daemonset: [
    m('selector-mismatch', 'api-rules', false, (o) => (spec(o).selector = { matchLabels: { app: 'other' } })),
    m('update-strategy-unknown', 'enum', false, (o) => (spec(o).updateStrategy = { type: 'Rolling' })),
    m('surge-and-unavailable-zero', 'api-rules', false, (o) => (spec(o).updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })),
    m('max-surge-percent', 'int-or-string', true, (o) => (spec(o).updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } })),
    m('max-unavailable-numeric-string', 'int-or-string', false, (o) => (spec(o).updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '1' } })),
  ],
  replicaset: [
    m('selector-mismatch', 'api-rules', false, (o) => (spec(o).selector = { matchLabels: { app: 'other' } })),
    m('replicas-negative', 'api-rules', false, (o) => (spec(o).replicas = -1)),
  ],
};

const JOB_MUTATIONS: Edit[] = [
  m('restart-always', 'api-rules', false, (o) => (at<Obj>(o, 'spec.template.spec').restartPolicy = 'Always')),
  m('restart-missing', 'required', false, (o) => delete at<Obj>(o, 'spec.template.spec').restartPolicy),
  m('backoff-negative', 'api-rules', false, (o) => (spec(o).backoffLimit = -1)),
  m('parallelism-negative', 'api-rules', false, (o) => (spec(o).parallelism = -1)),
  m('completions-negative', 'api-rules', false, (o) => (spec(o).completions = -1)),
  m('completion-mode-unknown', 'enum', false, (o) => (spec(o).completionMode = 'Random')),
  m('indexed-without-completions', 'api-rules', true, (o) => (spec(o).completionMode = 'Indexed')),
  m('indexed-with-completions', 'api-rules', true, (o) => Object.assign(spec(o), { completionMode: 'Indexed', completions: 3 })),
  m('active-deadline-zero', 'api-rules', true, (o) => (spec(o).activeDeadlineSeconds = 0)),
  m('ttl-negative', 'api-rules', false, (o) => (spec(o).ttlSecondsAfterFinished = -1)),
  m('name-63-characters', 'name-format', true, (o) => (meta(o).name = nameOfLength('job-long', 63))),
  m('name-64-characters', 'name-format', false, (o) => (meta(o).name = nameOfLength('job-long', 64))),
  m('selector-without-manual', 'api-rules', false, (o) => (spec(o).selector = { matchLabels: { app: 'web' } })),
  m('manual-selector-mismatch', 'api-rules', false, (o) => {
    spec(o).manualSelector = true;
    spec(o).selector = { matchLabels: { app: 'other' } };
    spec(o).template.metadata = { labels: { app: 'web' } };
  }),
  m('pod-failure-action-unknown', 'enum', false, (o) => (spec(o).podFailurePolicy = { rules: [{ action: 'Retry', onExitCodes: { operator: 'In', values: [1] } }] })),
  m('pod-failure-with-on-failure', 'api-rules', false, (o) => {
    spec(o).template.spec.restartPolicy = 'OnFailure';
    spec(o).podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] };
  }),
  m('backoff-per-index-not-indexed', 'api-rules', false, (o) => (spec(o).backoffLimitPerIndex = 1)),
  m('suspended', 'baseline', true, (o) => (spec(o).suspend = true)),
];

const CRONJOB_MUTATIONS: Edit[] = [
  m('schedule-three-fields', 'api-rules', false, (o) => (spec(o).schedule = '* * *')),
  m('schedule-minute-61', 'api-rules', false, (o) => (spec(o).schedule = '61 * * * *')),
  m('schedule-every', 'api-rules', true, (o) => (spec(o).schedule = '@every 5m')),
  m('schedule-hourly', 'api-rules', true, (o) => (spec(o).schedule = '@hourly')),
  m('schedule-cron-tz', 'api-rules', false, (o) => (spec(o).schedule = 'CRON_TZ=UTC 0 * * * *')),
  m('schedule-weekday-7', 'api-rules', false, (o) => (spec(o).schedule = '0 0 * * 7')),
  m('schedule-names', 'api-rules', true, (o) => (spec(o).schedule = '0 0 * JAN MON')),
  m('schedule-six-fields', 'api-rules', false, (o) => (spec(o).schedule = '0 0 0 * * *')),
  m('schedule-garbage', 'api-rules', false, (o) => (spec(o).schedule = 'every five minutes')),
  m('schedule-missing', 'required', false, (o) => delete spec(o).schedule),
  m('time-zone-unknown', 'api-rules', false, (o) => (spec(o).timeZone = 'Mars/Olympus')),
  m('time-zone-valid', 'api-rules', true, (o) => (spec(o).timeZone = 'Europe/Paris')),
  m('time-zone-offset', 'api-rules', false, (o) => (spec(o).timeZone = '+02:00')),
  m('concurrency-unknown', 'enum', false, (o) => (spec(o).concurrencyPolicy = 'Maybe')),
  m('concurrency-forbid', 'enum', true, (o) => (spec(o).concurrencyPolicy = 'Forbid')),
  m('history-limit-negative', 'api-rules', false, (o) => (spec(o).successfulJobsHistoryLimit = -1)),
  m('starting-deadline-negative', 'api-rules', false, (o) => (spec(o).startingDeadlineSeconds = -1)),
  m('name-52-characters', 'name-format', true, (o) => (meta(o).name = nameOfLength('cj-long', 52))),
  m('name-53-characters', 'name-format', false, (o) => (meta(o).name = nameOfLength('cj-long', 53))),
  m('job-restart-always', 'api-rules', false, (o) => (at<Obj>(o, 'spec.jobTemplate.spec.template.spec').restartPolicy = 'Always')),
];

export function workloadEntries(): CorpusEntry[] {
  const entries = podSpecEntries();
  for (const wrapper of ['deployment', 'statefulset', 'daemonset', 'replicaset'] as const) {
    entries.push(...variants({ prefix: bases[wrapper].prefix, family: 'workloads', base: bases[wrapper].base, mutations: CONTROLLER_MUTATIONS[wrapper], withBase: false }));
  }
  entries.push(...variants({ prefix: 'job', family: 'workloads', base: bases.job.base, mutations: JOB_MUTATIONS, withBase: false }));
  entries.push(...variants({ prefix: 'cj', family: 'workloads', base: bases.cronjob.base, mutations: CRONJOB_MUTATIONS, withBase: false }));
  return entries;
}
