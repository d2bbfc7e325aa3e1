// Configuration and storage: ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim, PersistentVolume, StorageClass.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import { NS, type CorpusEntry, type JsonObject } from './entry.ts';
import { m, meta, variants, type Mutation } from './mutate.ts';

type Obj = Record<string, any>;
type Edit = Mutation<Obj>;
const spec = (o: JsonObject): Obj => o.spec as Obj;
const b64 = (text: string) => Buffer.from(text).toString('base64');

const configMap = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data: { 'app.conf': 'mode = production\n', LEVEL: 'info' },
});
const CONFIG_MAP: Edit[] = [
  m('key-with-slash', 'name-format', false, (o) => (o.data['conf/app'] = 'x')),
  m('key-with-space', 'name-format', false, (o) => (o.data['my key'] = 'x')),
  m('key-dotfile', 'name-format', true, (o) => (o.data['.env'] = 'x')),
  m('key-dot-dot', 'name-format', false, (o) => (o.data['..'] = 'x')),
  m('key-254-characters', 'name-format', false, (o) => (o.data['k'.repeat(254)] = 'x')),
  m('key-253-characters', 'name-format', true, (o) => (o.data['k'.repeat(253)] = 'x')),
  m('key-in-data-and-binary', 'api-rules', false, (o) => (o.binaryData = { LEVEL: b64('info') })),
  m('too-large', 'api-rules', false, (o) => (o.data = { big: 'x'.repeat(1024 * 1024 + 1) })),
  m('binary-not-base64', 'schema', false, (o) => (o.binaryData = { blob: 'not base64!' })),
  m('value-number', 'schema', false, (o) => (o.data.LEVEL = 3)),
  m('immutable', 'baseline', true, (o) => (o.immutable = true)),
];

const secret = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, type: 'Opaque', stringData: { password: 'hunter2' },
});
const SECRET: Edit[] = [
  m('tls-without-key', 'required', false, (o) => Object.assign(o, { type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'cert' } })),
  m('tls-with-both', 'required', true, (o) => Object.assign(o, { type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'cert', 'tls.key': 'key' } })),
  m('docker-config-not-json', 'api-rules', false, (o) => Object.assign(o, { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'not json' } })),
  m('docker-config-json', 'api-rules', true, (o) => Object.assign(o, { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"auths":{}}' } })),
  m('basic-auth-empty', 'required', false, (o) => Object.assign(o, { type: 'kubernetes.io/basic-auth', stringData: { other: 'x' } })),
  m('ssh-auth-without-key', 'required', false, (o) => Object.assign(o, { type: 'kubernetes.io/ssh-auth', stringData: { other: 'x' } })),
  m('sa-token-without-annotation', 'required', false, (o) => Object.assign(o, { type: 'kubernetes.io/service-account-token', stringData: undefined })),
  m('data-not-base64', 'schema', false, (o) => Object.assign(o, { stringData: undefined, data: { password: 'not base64!' } })),
  m('data-base64', 'baseline', true, (o) => Object.assign(o, { stringData: undefined, data: { password: b64('hunter2') } })),
  m('key-with-slash', 'name-format', false, (o) => (o.stringData['a/b'] = 'x')),
  m('custom-type', 'api-rules', true, (o) => (o.type = 'example.test/custom')),
  m('no-data', 'baseline', true, (o) => delete o.stringData),
  m('too-large', 'api-rules', false, (o) => (o.stringData = { big: 'x'.repeat(1024 * 1024 + 1) })),
];

const serviceAccount = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS }, automountServiceAccountToken: false,
});
const SERVICE_ACCOUNT: Edit[] = [
  m('automount-string', 'schema', false, (o) => (o.automountServiceAccountToken = 'yes')),
  m('name-uppercase', 'name-format', false, (o) => (meta(o).name = 'Robot')),
  m('pull-secret-duplicate', 'list-keys', true, (o) => (o.imagePullSecrets = [{ name: 'regcred' }, { name: 'regcred' }])),
];

const pvc = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: NS },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } },
});
const PVC: Edit[] = [
  m('access-mode-unknown', 'enum', false, (o) => (spec(o).accessModes = ['ReadWriteAlways'])),
  m('access-modes-missing', 'required', false, (o) => delete spec(o).accessModes),
  m('storage-missing', 'required', false, (o) => (spec(o).resources = {})),
  m('storage-gb', 'quantity', false, (o) => (spec(o).resources.requests.storage = '1GB')),
  m('storage-zero', 'quantity', false, (o) => (spec(o).resources.requests.storage = '0')),
  m('storage-decimal', 'quantity', true, (o) => (spec(o).resources.requests.storage = '1.5G')),
  m('volume-mode-unknown', 'enum', false, (o) => (spec(o).volumeMode = 'Disk')),
  m('volume-mode-block', 'enum', true, (o) => (spec(o).volumeMode = 'Block')),
  m('read-write-once-pod-mixed', 'api-rules', false, (o) => (spec(o).accessModes = ['ReadWriteOncePod', 'ReadWriteOnce'])),
  m('limit-below-request', 'api-rules', true, (o) => (spec(o).resources.limits = { storage: '500Mi' })),
  m('selector-value-invalid', 'name-format', false, (o) => (spec(o).selector = { matchLabels: { tier: 'not valid!' } })),
  m('storage-class-empty', 'baseline', true, (o) => (spec(o).storageClassName = '')),
];

const pv = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: '/srv/data' } },
});
const PV: Edit[] = [
  m('capacity-missing', 'required', false, (o) => delete spec(o).capacity),
  m('access-modes-missing', 'required', false, (o) => delete spec(o).accessModes),
  m('source-missing', 'required', false, (o) => delete spec(o).hostPath),
  m('two-sources', 'api-rules', false, (o) => (spec(o).nfs = { server: 'nfs.example.test', path: '/export' })),
  m('reclaim-unknown', 'enum', false, (o) => (spec(o).persistentVolumeReclaimPolicy = 'Remove')),
  m('nfs-server-missing', 'required', false, (o) => {
    delete spec(o).hostPath;
    spec(o).nfs = { path: '/export' };
  }),
  m('capacity-gb', 'quantity', false, (o) => (spec(o).capacity.storage = '1Gb')),
  m('with-namespace', 'api-rules', true, (o) => (meta(o).namespace = NS)),
  m('claim-ref', 'baseline', true, (o) => (spec(o).claimRef = { namespace: NS, name: 'data' })),
];

const storageClass = (name: string): JsonObject => ({
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name },
  provisioner: 'example.test/csi', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer',
});
const STORAGE_CLASS: Edit[] = [
  m('provisioner-missing', 'required', false, (o) => delete o.provisioner),
  m('provisioner-invalid', 'name-format', false, (o) => (o.provisioner = 'Not Valid')),
  m('reclaim-recycle', 'enum', false, (o) => (o.reclaimPolicy = 'Recycle')),
  m('binding-mode-unknown', 'enum', false, (o) => (o.volumeBindingMode = 'Lazy')),
  m('topology-without-values', 'api-rules', false, (o) => (o.allowedTopologies = [{ matchLabelExpressions: [{ key: 'zone', values: [] }] }])),
  m('parameters-number', 'schema', false, (o) => (o.parameters = { replicas: 3 })),
];

export function configStorageEntries(): CorpusEntry[] {
  const family = 'config-storage' as const;
  return [
    ...variants({ prefix: 'cm', family, base: configMap, mutations: CONFIG_MAP }),
    ...variants({ prefix: 'secret', family, base: secret, mutations: SECRET }),
    ...variants({ prefix: 'sa', family, base: serviceAccount, mutations: SERVICE_ACCOUNT }),
    ...variants({ prefix: 'pvc', family, base: pvc, mutations: PVC }),
    ...variants({ prefix: 'pv', family, base: pv, mutations: PV }),
    ...variants({ prefix: 'sc', family, base: storageClass, mutations: STORAGE_CLASS }),
  ];
}
