// Flux's own kinds (source-controller, kustomize-controller, helm-controller) against their CRDs.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import { NS, nameOfLength, type CorpusEntry, type JsonObject } from './entry.ts';
import { m, variants, type Mutation } from './mutate.ts';

type Obj = Record<string, any>;
type Edit = Mutation<Obj>;
const spec = (o: JsonObject): Obj => o.spec as Obj;
const SOURCE = 'source.toolkit.fluxcd.io';

const kustomization = (name: string): JsonObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: NS },
  spec: { interval: '10m', path: './apps/web', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, timeout: '2m', wait: true },
});
const KUSTOMIZATION: Edit[] = [
  m('interval-words', 'flux', false, (o) => (spec(o).interval = '10 minutes')),
  m('interval-compound', 'flux', true, (o) => (spec(o).interval = '1h30m')),
  m('interval-missing', 'flux', false, (o) => delete spec(o).interval),
  m('prune-missing', 'flux', false, (o) => delete spec(o).prune),
  m('prune-string', 'flux', false, (o) => (spec(o).prune = 'true')),
  m('source-kind-unknown', 'flux', false, (o) => (spec(o).sourceRef.kind = 'HelmRepository')),
  m('source-kind-oci', 'flux', true, (o) => (spec(o).sourceRef.kind = 'OCIRepository')),
  m('source-missing', 'flux', false, (o) => delete spec(o).sourceRef),
  m('source-name-missing', 'flux', false, (o) => delete spec(o).sourceRef.name),
  m('target-namespace-64', 'flux', false, (o) => (spec(o).targetNamespace = nameOfLength('ns', 64))),
  m('timeout-forever', 'flux', false, (o) => (spec(o).timeout = 'forever')),
  m('retry-interval-invalid', 'flux', false, (o) => (spec(o).retryInterval = '5 min')),
  m('depends-on-without-name', 'flux', false, (o) => (spec(o).dependsOn = [{ namespace: NS }])),
  m('depends-on', 'flux', true, (o) => (spec(o).dependsOn = [{ name: 'crds' }])),
  m('wait-string', 'flux', false, (o) => (spec(o).wait = 'yes')),
  m('health-check-without-kind', 'flux', false, (o) => (spec(o).healthChecks = [{ name: 'web', namespace: NS }])),
  m('decryption-provider-unknown', 'flux', false, (o) => (spec(o).decryption = { provider: 'age' })),
  m('decryption-sops', 'flux', true, (o) => (spec(o).decryption = { provider: 'sops', secretRef: { name: 'sops-age' } })),
  m('name-prefix-too-long', 'flux', false, (o) => (spec(o).namePrefix = 'p'.repeat(201))),
  m('unknown-field', 'flux', false, (o) => (spec(o).pruneAll = true)),
  m('post-build-substitute', 'flux', true, (o) => (spec(o).postBuild = { substitute: { cluster: 'home' } })),
  m('patches', 'flux', true, (o) => (spec(o).patches = [{ patch: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n', target: { kind: 'Namespace' } }])),
  m('patch-without-patch', 'flux', false, (o) => (spec(o).patches = [{ target: { kind: 'Namespace' } }])),
  m('v1beta2', 'api-version', false, (o) => (o.apiVersion = 'kustomize.toolkit.fluxcd.io/v1beta2')),
  m('v1beta1', 'api-version', false, (o) => (o.apiVersion = 'kustomize.toolkit.fluxcd.io/v1beta1')),
];

const gitRepository = (name: string): JsonObject => ({
  apiVersion: `${SOURCE}/v1`, kind: 'GitRepository', metadata: { name, namespace: NS },
  spec: { interval: '5m', url: 'https://git.example.test/me/manifests.git', ref: { branch: 'main' } },
});
const GIT_REPOSITORY: Edit[] = [
  m('url-scp-style', 'flux', false, (o) => (spec(o).url = 'git@git.example.test:me/manifests.git')),
  m('url-ssh', 'flux', true, (o) => (spec(o).url = 'ssh://git@git.example.test/me/manifests.git')),
  m('url-missing', 'flux', false, (o) => delete spec(o).url),
  m('interval-invalid', 'flux', false, (o) => (spec(o).interval = '5')),
  m('ref-empty', 'flux', true, (o) => (spec(o).ref = {})),
  m('ref-tag', 'flux', true, (o) => (spec(o).ref = { tag: 'v1.0.0' })),
  m('provider-github', 'flux', true, (o) => (spec(o).provider = 'github')),
  m('provider-unknown', 'flux', false, (o) => (spec(o).provider = 'gitlab')),
  m('secret-ref-without-name', 'flux', false, (o) => (spec(o).secretRef = {})),
  m('timeout-invalid', 'flux', false, (o) => (spec(o).timeout = '60')),
  m('recurse-submodules-string', 'flux', false, (o) => (spec(o).recurseSubmodules = 'true')),
  m('include-without-repository', 'flux', false, (o) => (spec(o).include = [{ fromPath: 'a', toPath: 'b' }])),
  m('verify-mode-unknown', 'flux', false, (o) => (spec(o).verify = { mode: 'always', secretRef: { name: 'keys' } })),
  m('v1beta2', 'api-version', false, (o) => (o.apiVersion = `${SOURCE}/v1beta2`)),
];

const helmRepository = (name: string): JsonObject => ({
  apiVersion: `${SOURCE}/v1`, kind: 'HelmRepository', metadata: { name, namespace: NS },
  spec: { interval: '1h', url: 'https://charts.example.test' },
});
const HELM_REPOSITORY: Edit[] = [
  m('type-unknown', 'flux', false, (o) => (spec(o).type = 'helm')),
  m('type-oci', 'flux', true, (o) => Object.assign(spec(o), { type: 'oci', url: 'oci://registry.example.test/charts' })),
  m('url-missing', 'flux', false, (o) => delete spec(o).url),
  m('url-not-a-url', 'flux', false, (o) => (spec(o).url = 'charts.example.test')),
  m('provider-unknown', 'flux', false, (o) => Object.assign(spec(o), { type: 'oci', url: 'oci://registry.example.test/charts', provider: 'docker' })),
  m('timeout-invalid', 'flux', false, (o) => (spec(o).timeout = 'soon')),
  m('pass-credentials-string', 'flux', false, (o) => (spec(o).passCredentials = 'yes')),
];

const ociRepository = (name: string): JsonObject => ({
  apiVersion: `${SOURCE}/v1`, kind: 'OCIRepository', metadata: { name, namespace: NS },
  spec: { interval: '5m', url: 'oci://registry.example.test/manifests/app', ref: { tag: 'latest' } },
});
const OCI_REPOSITORY: Edit[] = [
  m('url-https', 'flux', false, (o) => (spec(o).url = 'https://registry.example.test/manifests/app')),
  m('provider-unknown', 'flux', false, (o) => (spec(o).provider = 'gcr')),
  m('provider-aws', 'flux', true, (o) => (spec(o).provider = 'aws')),
  m('layer-operation-unknown', 'flux', false, (o) => (spec(o).layerSelector = { mediaType: 'application/vnd.cncf.flux.content.v1.tar+gzip', operation: 'unpack' })),
  m('ref-semver', 'flux', true, (o) => (spec(o).ref = { semver: '>=1.0.0' })),
  m('url-missing', 'flux', false, (o) => delete spec(o).url),
  m('v1beta2', 'api-version', false, (o) => (o.apiVersion = `${SOURCE}/v1beta2`)),
];

const bucket = (name: string): JsonObject => ({
  apiVersion: `${SOURCE}/v1`, kind: 'Bucket', metadata: { name, namespace: NS },
  spec: { interval: '5m', bucketName: 'manifests', endpoint: 'minio.example.test' },
});
const BUCKET: Edit[] = [
  m('bucket-name-missing', 'flux', false, (o) => delete spec(o).bucketName),
  m('endpoint-missing', 'flux', false, (o) => delete spec(o).endpoint),
  m('provider-unknown', 'flux', false, (o) => (spec(o).provider = 'minio')),
  m('provider-aws', 'flux', true, (o) => (spec(o).provider = 'aws')),
];

const helmChart = (name: string): JsonObject => ({
  apiVersion: `${SOURCE}/v1`, kind: 'HelmChart', metadata: { name, namespace: NS },
  spec: { interval: '5m', chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } },
});
const HELM_CHART: Edit[] = [
  m('source-kind-unknown', 'flux', false, (o) => (spec(o).sourceRef.kind = 'OCIRepository')),
  m('reconcile-strategy-unknown', 'flux', false, (o) => (spec(o).reconcileStrategy = 'Always')),
  m('reconcile-strategy-revision', 'flux', true, (o) => (spec(o).reconcileStrategy = 'Revision')),
  m('chart-missing', 'flux', false, (o) => delete spec(o).chart),
];

/** helm-controller's kinds: only in the corpus run when the test cluster has their CRD (see harness). */
const helmRelease = (name: string): JsonObject => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name, namespace: NS },
  spec: { interval: '10m', chart: { spec: { chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } }, values: { replicaCount: 2 } },
});
const HELM_RELEASE: Edit[] = [
  m('interval-invalid', 'flux', false, (o) => (spec(o).interval = '10 minutes')),
  m('chart-source-kind-unknown', 'flux', false, (o) => (spec(o).chart.spec.sourceRef.kind = 'Bucket2')),
  m('chart-and-chart-ref', 'flux', false, (o) => (spec(o).chartRef = { kind: 'OCIRepository', name: 'podinfo' })),
  m('chart-ref-only', 'flux', true, (o) => {
    delete spec(o).chart;
    spec(o).chartRef = { kind: 'OCIRepository', name: 'podinfo' };
  }),
  m('release-name-too-long', 'flux', false, (o) => (spec(o).releaseName = nameOfLength('r', 54))),
];

export function fluxEntries(): CorpusEntry[] {
  const family = 'flux' as const;
  return [
    ...variants({ prefix: 'ks', family, base: kustomization, mutations: KUSTOMIZATION }),
    ...variants({ prefix: 'gitrepo', family, base: gitRepository, mutations: GIT_REPOSITORY }),
    ...variants({ prefix: 'helmrepo', family, base: helmRepository, mutations: HELM_REPOSITORY }),
    ...variants({ prefix: 'ocirepo', family, base: ociRepository, mutations: OCI_REPOSITORY }),
    ...variants({ prefix: 'bucket', family, base: bucket, mutations: BUCKET }),
    ...variants({ prefix: 'helmchart', family, base: helmChart, mutations: HELM_CHART }),
    ...variants({ prefix: 'helmrelease', family, base: helmRelease, mutations: HELM_RELEASE }),
  ];
}
