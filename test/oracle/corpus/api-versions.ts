// API versions: removed ones, and the alpha/beta versions the schema bundle lists that a default API server does not serve.
import { NS, type CorpusEntry, type JsonObject } from './entry.ts';

interface VersionCase {
  readonly slug: string;
  readonly valid: boolean;
  readonly object: (name: string) => JsonObject;
}

const podTemplate = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'registry.example.test/app:1.0' }] } };
const deployment = (apiVersion: string) => (name: string): JsonObject => ({
  apiVersion, kind: 'Deployment', metadata: { name, namespace: NS }, spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate },
});
const cluster = (apiVersion: string, kind: string, extra: JsonObject = {}) => (name: string): JsonObject => ({ apiVersion, kind, metadata: { name }, ...extra });
const namespaced = (apiVersion: string, kind: string, extra: JsonObject = {}) => (name: string): JsonObject => ({ apiVersion, kind, metadata: { name, namespace: NS }, ...extra });

const cronJob = { spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'registry.example.test/app:1.0' }] } } } } } };
const pdb = { spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } };
const hpaV2 = { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3 } };
const ingressV1beta1 = { spec: { rules: [{ host: 'web.example.test', http: { paths: [{ path: '/', backend: { serviceName: 'web', servicePort: 80 } }] } }] } };
const rules = { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
const endpointSlice = { addressType: 'IPv4', endpoints: [{ addresses: ['10.1.0.5'] }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] };
const flowSchema = { spec: { priorityLevelConfiguration: { name: 'global-default' }, matchingPrecedence: 9000, rules: [{ subjects: [{ kind: 'Group', group: { name: 'oracle' } }], resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], namespaces: ['*'] }] }] } };
const deviceClass = { spec: {} };
const claimV1beta1 = { spec: { devices: { requests: [{ name: 'gpu', deviceClassName: 'gpu.example.test' }] } } };
const claimV1 = { spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.test' } }] } } };
const slice = { spec: { driver: 'gpu.example.test', pool: { name: 'pool', generation: 1, resourceSliceCount: 1 }, allNodes: true } };
const bundle = { spec: { trustBundle: '' } };
const leaseCandidate = { spec: { leaseName: 'oracle', binaryVersion: '1.34.0', strategy: 'OldestEmulationVersion' } };
const mutatingPolicy = { spec: { matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] }, mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'Object{}' } }] } };
const vac = { driverName: 'csi.example.test', parameters: { iops: '1000' } };

const CASES: readonly VersionCase[] = [
  // removed from Kubernetes long ago
  { slug: 'extensions-v1beta1-deployment', valid: false, object: deployment('extensions/v1beta1') },
  { slug: 'apps-v1beta1-deployment', valid: false, object: deployment('apps/v1beta1') },
  { slug: 'apps-v1beta2-deployment', valid: false, object: deployment('apps/v1beta2') },
  { slug: 'batch-v1beta1-cronjob', valid: false, object: namespaced('batch/v1beta1', 'CronJob', cronJob) },
  { slug: 'policy-v1beta1-pdb', valid: false, object: namespaced('policy/v1beta1', 'PodDisruptionBudget', pdb) },
  { slug: 'autoscaling-v2beta2-hpa', valid: false, object: namespaced('autoscaling/v2beta2', 'HorizontalPodAutoscaler', hpaV2) },
  { slug: 'autoscaling-v2beta1-hpa', valid: false, object: namespaced('autoscaling/v2beta1', 'HorizontalPodAutoscaler', hpaV2) },
  { slug: 'networking-v1beta1-ingress', valid: false, object: namespaced('networking.k8s.io/v1beta1', 'Ingress', ingressV1beta1) },
  { slug: 'rbac-v1beta1-role', valid: false, object: namespaced('rbac.authorization.k8s.io/v1beta1', 'Role', rules) },
  { slug: 'storage-v1beta1-storageclass', valid: false, object: cluster('storage.k8s.io/v1beta1', 'StorageClass', { provisioner: 'example.test/csi' }) },
  { slug: 'scheduling-v1beta1-priorityclass', valid: false, object: cluster('scheduling.k8s.io/v1beta1', 'PriorityClass', { value: 10 }) },
  { slug: 'discovery-v1beta1-endpointslice', valid: false, object: namespaced('discovery.k8s.io/v1beta1', 'EndpointSlice', endpointSlice) },
  { slug: 'flowcontrol-v1beta3-flowschema', valid: false, object: cluster('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', flowSchema) },
  { slug: 'apiextensions-v1beta1-crd', valid: false, object: cluster('apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', { spec: { group: 'x.example.test', names: { kind: 'X', plural: 'xs' }, scope: 'Namespaced', version: 'v1' } }) },
  // served versions of the same kinds
  { slug: 'discovery-v1-endpointslice', valid: true, object: namespaced('discovery.k8s.io/v1', 'EndpointSlice', endpointSlice) },
  { slug: 'flowcontrol-v1-flowschema', valid: true, object: cluster('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', flowSchema) },
  { slug: 'coordination-v1-lease', valid: true, object: namespaced('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'oracle' } }) },
  { slug: 'node-v1-runtimeclass', valid: true, object: cluster('node.k8s.io/v1', 'RuntimeClass', { handler: 'runc' }) },
  { slug: 'resource-v1-deviceclass', valid: true, object: cluster('resource.k8s.io/v1', 'DeviceClass', deviceClass) },
  { slug: 'resource-v1-resourceclaim', valid: true, object: namespaced('resource.k8s.io/v1', 'ResourceClaim', claimV1) },
  { slug: 'storage-v1-volumeattributesclass', valid: true, object: cluster('storage.k8s.io/v1', 'VolumeAttributesClass', vac) },
  // alpha and beta versions in the schema bundle that need feature gates or --runtime-config
  { slug: 'admission-v1alpha1-mutatingpolicy', valid: false, object: cluster('admissionregistration.k8s.io/v1alpha1', 'MutatingAdmissionPolicy', mutatingPolicy) },
  { slug: 'admission-v1beta1-mutatingpolicy', valid: false, object: cluster('admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicy', mutatingPolicy) },
  { slug: 'admission-v1beta1-mutatingbinding', valid: false, object: cluster('admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicyBinding', { spec: { policyName: 'p' } }) },
  { slug: 'certificates-v1alpha1-trustbundle', valid: false, object: cluster('certificates.k8s.io/v1alpha1', 'ClusterTrustBundle', bundle) },
  { slug: 'certificates-v1beta1-trustbundle', valid: false, object: cluster('certificates.k8s.io/v1beta1', 'ClusterTrustBundle', bundle) },
  { slug: 'coordination-v1alpha2-leasecandidate', valid: false, object: namespaced('coordination.k8s.io/v1alpha2', 'LeaseCandidate', leaseCandidate) },
  { slug: 'coordination-v1beta1-leasecandidate', valid: false, object: namespaced('coordination.k8s.io/v1beta1', 'LeaseCandidate', leaseCandidate) },
  { slug: 'internal-v1alpha1-storageversion', valid: false, object: cluster('internal.apiserver.k8s.io/v1alpha1', 'StorageVersion', { spec: {} }) },
  { slug: 'networking-v1beta1-ipaddress', valid: false, object: () => cluster('networking.k8s.io/v1beta1', 'IPAddress', { spec: { parentRef: { resource: 'services', name: 'web', namespace: NS } } })('10.0.0.77') },
  { slug: 'networking-v1beta1-servicecidr', valid: false, object: cluster('networking.k8s.io/v1beta1', 'ServiceCIDR', { spec: { cidrs: ['10.9.0.0/24'] } }) },
  { slug: 'resource-v1alpha3-devicetaintrule', valid: false, object: cluster('resource.k8s.io/v1alpha3', 'DeviceTaintRule', { spec: { taint: { key: 'k', effect: 'NoSchedule' } } }) },
  { slug: 'resource-v1beta1-deviceclass', valid: false, object: cluster('resource.k8s.io/v1beta1', 'DeviceClass', deviceClass) },
  { slug: 'resource-v1beta1-resourceclaim', valid: false, object: namespaced('resource.k8s.io/v1beta1', 'ResourceClaim', claimV1beta1) },
  { slug: 'resource-v1beta1-claimtemplate', valid: false, object: namespaced('resource.k8s.io/v1beta1', 'ResourceClaimTemplate', { spec: claimV1beta1 }) },
  { slug: 'resource-v1beta1-resourceslice', valid: false, object: cluster('resource.k8s.io/v1beta1', 'ResourceSlice', slice) },
  { slug: 'resource-v1beta2-deviceclass', valid: false, object: cluster('resource.k8s.io/v1beta2', 'DeviceClass', deviceClass) },
  { slug: 'resource-v1beta2-resourceclaim', valid: false, object: namespaced('resource.k8s.io/v1beta2', 'ResourceClaim', claimV1) },
  { slug: 'resource-v1beta2-claimtemplate', valid: false, object: namespaced('resource.k8s.io/v1beta2', 'ResourceClaimTemplate', { spec: claimV1 }) },
  { slug: 'resource-v1beta2-resourceslice', valid: false, object: cluster('resource.k8s.io/v1beta2', 'ResourceSlice', slice) },
  { slug: 'storage-v1alpha1-volumeattributesclass', valid: false, object: cluster('storage.k8s.io/v1alpha1', 'VolumeAttributesClass', vac) },
  { slug: 'storage-v1beta1-volumeattributesclass', valid: false, object: cluster('storage.k8s.io/v1beta1', 'VolumeAttributesClass', vac) },
  { slug: 'storagemigration-v1alpha1-migration', valid: false, object: cluster('storagemigration.k8s.io/v1alpha1', 'StorageVersionMigration', { spec: { resource: { group: 'apps', version: 'v1', resource: 'deployments' } } }) },
  { slug: 'certificates-v1alpha1-podcertrequest', valid: false, object: namespaced('certificates.k8s.io/v1alpha1', 'PodCertificateRequest', { spec: {} }) },
];

export function apiVersionEntries(): CorpusEntry[] {
  return CASES.map(({ slug, valid, object }) => ({
    id: `apiversion/${slug}`,
    family: familyOf(slug),
    cause: 'api-version',
    valid,
    object: object(`av-${slug}`.slice(0, 60)),
  }));
}

function familyOf(slug: string): CorpusEntry['family'] {
  if (/deployment|cronjob|leasecandidate|lease/.test(slug)) return 'workloads';
  if (/ingress|endpointslice|ipaddress|servicecidr/.test(slug)) return 'services-networking';
  if (/rbac|role/.test(slug)) return 'rbac';
  if (/admission|mutatingpolicy|mutatingbinding/.test(slug)) return 'admission';
  if (/crd/.test(slug)) return 'crd';
  if (/storage|volume|resource-|device|claim|slice/.test(slug)) return 'config-storage';
  return 'policy-scheduling';
}
