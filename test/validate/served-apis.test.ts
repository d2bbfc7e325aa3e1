// Which API versions a cluster serves: read from the Kubernetes source by scripts/k8s-schemas.mjs, answered by
// src/kubernetes/served-apis.ts, and enforced by validation unless config/flux.yaml enables them, as a real
// kube-apiserver started with --runtime-config does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readServedApis, servedApis, type ApiCatalog } from '../../src/kubernetes/served-apis.ts';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { runCli } from '../support/run-cli.ts';
import { FLUX_YAML, appsYaml, sourceRepo } from '../support/source-repo.ts';
import { disagreements, verdicts } from './agreement.ts';

type ScriptServedApis = (instanceGo: string, kinds: Record<string, { definition: string; resource: string }>) => ApiCatalog['apis'];

const script = (await import('../../scripts/k8s-schemas.mjs')) as { servedApis: ScriptServedApis };

/** An instance.go in the shape of 1.30's: a stable list, single beta resources enabled, the rest disabled. */
const INSTANCE_1_30 = `package controlplane

import (
	appsv1 "k8s.io/api/apps/v1"
	apiv1 "k8s.io/api/core/v1"
	flowcontrolv1 "k8s.io/kubernetes/pkg/apis/flowcontrol/v1"
	flowcontrolv1beta3 "k8s.io/kubernetes/pkg/apis/flowcontrol/v1beta3"
	storageapiv1beta1 "k8s.io/api/storage/v1beta1"
)

var (
	stableAPIGroupVersionsEnabledByDefault = []schema.GroupVersion{
		apiv1.SchemeGroupVersion,
		appsv1.SchemeGroupVersion,
		flowcontrolv1.SchemeGroupVersion,
	}

	legacyBetaEnabledByDefaultResources = []schema.GroupVersionResource{
		flowcontrolv1beta3.SchemeGroupVersion.WithResource("flowschemas"), // deprecate in 1.29, remove in 1.32
	}
	betaAPIGroupVersionsDisabledByDefault = []schema.GroupVersion{
		flowcontrolv1beta3.SchemeGroupVersion,
		storageapiv1beta1.SchemeGroupVersion,
	}
)
`;

const KINDS = {
  'v1/Pod': { definition: 'io.k8s.api.core.v1.Pod', resource: 'pods' },
  'apps/v1/Deployment': { definition: 'io.k8s.api.apps.v1.Deployment', resource: 'deployments' },
  'flowcontrol.apiserver.k8s.io/v1/FlowSchema': { definition: 'io.k8s.api.flowcontrol.v1.FlowSchema', resource: 'flowschemas' },
  'flowcontrol.apiserver.k8s.io/v1beta3/FlowSchema': { definition: 'io.k8s.api.flowcontrol.v1beta3.FlowSchema', resource: 'flowschemas' },
  'flowcontrol.apiserver.k8s.io/v1beta3/PriorityLevelConfiguration': { definition: 'io.k8s.api.flowcontrol.v1beta3.PriorityLevelConfiguration', resource: 'prioritylevelconfigurations' },
  'storage.k8s.io/v1beta1/VolumeAttributesClass': { definition: 'io.k8s.api.storage.v1beta1.VolumeAttributesClass', resource: 'volumeattributesclasses' },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { definition: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition', resource: 'customresourcedefinitions' },
};

describe('served API versions, read from pkg/controlplane/instance.go', () => {
  it('serves the …EnabledByDefault… lists, single beta resources, and the GA versions of apiextensions; the disabled ones are opt-in', () => {
    assert.deepEqual(script.servedApis(INSTANCE_1_30, KINDS), {
      served: ['apiextensions.k8s.io/v1', 'apps/v1', 'flowcontrol.apiserver.k8s.io/v1', 'v1'],
      partial: { 'flowcontrol.apiserver.k8s.io/v1beta3': ['FlowSchema'] },
      optIn: ['storage.k8s.io/v1beta1'],
    });
  });

  it('reads the generic and kube-apiserver lists of 1.36 alike', () => {
    const split = INSTANCE_1_30.replace('stableAPIGroupVersionsEnabledByDefault = []schema.GroupVersion{\n\t\tapiv1.SchemeGroupVersion,\n', 'genericStableAPIGroupVersionsEnabledByDefault = []schema.GroupVersion{\n\t\tapiv1.SchemeGroupVersion,\n\t}\n\tstableAPIGroupVersionsEnabledByDefault = []schema.GroupVersion{\n');
    assert.notEqual(split, INSTANCE_1_30);
    assert.deepEqual(script.servedApis(split, KINDS).served, ['apiextensions.k8s.io/v1', 'apps/v1', 'flowcontrol.apiserver.k8s.io/v1', 'v1']);
  });

  it('refuses to guess: a GA version in no list, or an enabled entry it cannot resolve, fails the bundle', () => {
    const withoutApps = INSTANCE_1_30.replace('\t\tappsv1.SchemeGroupVersion,\n', '');
    assert.throws(() => script.servedApis(withoutApps, KINDS), /does not say whether apps\/v1 is served by default/);
    const unknownImport = INSTANCE_1_30.replace('\t\tappsv1.SchemeGroupVersion,\n', '\t\tbatchv1.SchemeGroupVersion,\n\t\tappsv1.SchemeGroupVersion,\n');
    assert.throws(() => script.servedApis(unknownImport, KINDS), /cannot resolve batchv1/);
  });
});

describe('servedApis: the one answer to "what does this cluster serve"', () => {
  it('gives the group/versions and group/version/Kinds a default 1.34 API server serves', async () => {
    const served = await readServedApis('1.34');
    for (const gv of ['v1', 'apps/v1', 'batch/v1', 'resource.k8s.io/v1', 'storage.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1']) assert.ok(served.groupVersions.includes(gv), gv);
    for (const gv of ['resource.k8s.io/v1beta2', 'storage.k8s.io/v1beta1', 'admissionregistration.k8s.io/v1alpha1']) assert.ok(!served.groupVersions.includes(gv), gv);
    assert.ok(served.kinds.includes('apps/v1/Deployment'));
    assert.ok(served.serves('v1', 'ConfigMap'));
    assert.ok(!served.serves('storage.k8s.io/v1beta1', 'VolumeAttributesClass'));
    assert.ok(served.optIn.includes('storage.k8s.io/v1beta1'));
  });

  it('adds what config/flux.yaml enables, and names entries the release does not know', async () => {
    const served = await readServedApis('v1.34.2', ['storage.k8s.io/v1beta1']);
    assert.ok(served.serves('storage.k8s.io/v1beta1', 'VolumeAttributesClass'));
    assert.ok(!served.optIn.includes('storage.k8s.io/v1beta1'));
    const catalog: ApiCatalog = { kubernetes: '1.30', kinds: KINDS, apis: { served: ['v1', 'apps/v1'], partial: { 'flowcontrol.apiserver.k8s.io/v1beta3': ['FlowSchema'] }, optIn: ['storage.k8s.io/v1beta1'] } };
    const result = servedApis(catalog, ['apps/v1', 'example.com/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta3']);
    assert.deepEqual(result.unknown, [
      { index: 0, message: 'apps/v1 is served by default in Kubernetes 1.30: remove it from enabledApiVersions' },
      { index: 1, message: 'Kubernetes 1.30 has no API version "example.com/v1beta1"; alpha/beta versions it can enable: flowcontrol.apiserver.k8s.io/v1beta3, storage.k8s.io/v1beta1' },
    ]);
    // Enabling a partly served version serves all of its kinds.
    assert.ok(result.serves('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration'));
    assert.ok(!servedApis(catalog).serves('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration'));
    assert.ok(servedApis(catalog).serves('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'));
  });
});

/** What the API server's discovery documents list: its group/versions and the kinds of its top-level resources. */
async function discovered(cluster: Cluster): Promise<{ groupVersions: string[]; kinds: string[] }> {
  const get = async (url: string) => JSON.parse((await cluster.kubectl(['get', '--raw', url])).stdout) as Record<string, unknown>;
  const groups = (await get('/apis')).groups as { versions: { groupVersion: string }[] }[];
  const groupVersions = ['v1', ...groups.flatMap((group) => group.versions.map((version) => version.groupVersion))];
  const kinds: string[] = [];
  for (const groupVersion of groupVersions) {
    const list = await get(groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`);
    for (const resource of list.resources as { name: string; kind: string }[]) {
      if (!resource.name.includes('/')) kinds.push(`${groupVersion}/${resource.kind}`);
    }
  }
  return { groupVersions: [...new Set(groupVersions)].sort(), kinds: [...new Set(kinds)].sort() };
}

/** ComponentStatus (deprecated, read-only: no create) is served but has no object in the schema bundle, so no kind. */
const READ_ONLY = new Set(['v1/ComponentStatus']);

describe('servedApis agrees with the discovery of a default kube-apiserver', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ flux: false, fluxCrds: false });
  }, { timeout: 300_000 });
  after(() => cluster?.stop());

  it('lists exactly the group/versions and kinds the API server serves', async () => {
    const served = await readServedApis('1.34');
    const real = await discovered(cluster);
    assert.deepEqual(served.groupVersions, real.groupVersions);
    assert.deepEqual(served.kinds, real.kinds.filter((kind) => !READ_ONLY.has(kind)));
  });
});

describe('enabledApiVersions against an API server started with --runtime-config', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ flux: false, fluxCrds: false, apiServerArgs: ['--runtime-config=storage.k8s.io/v1beta1=true'] });
  }, { timeout: 300_000 });
  after(() => cluster?.stop());

  const vac = (name: string) => ({ apiVersion: 'storage.k8s.io/v1beta1', kind: 'VolumeAttributesClass', metadata: { name }, driverName: 'example.com/disk', parameters: { iops: '100' } }) as unknown as KubeObject;

  it('accepts an enabled beta version as the API server that enables it does', async () => {
    const results = await verdicts(cluster, [vac('enabled-vac'), { ...vac('enabled-vac-bad'), parameters: {} } as unknown as KubeObject], `${FLUX_YAML}enabledApiVersions: [storage.k8s.io/v1beta1]\n`);
    assert.deepEqual(disagreements(results), []);
    assert.equal(results.get('VolumeAttributesClass/enabled-vac')?.apiServer, undefined);
    assert.notEqual(results.get('VolumeAttributesClass/enabled-vac-bad')?.apiServer, undefined);
  });

  it('serves what that API server serves once config/flux.yaml lists it', async () => {
    const served = await readServedApis('1.34', ['storage.k8s.io/v1beta1']);
    const real = await discovered(cluster);
    assert.ok(real.groupVersions.includes('storage.k8s.io/v1beta1'));
    assert.deepEqual(served.groupVersions, real.groupVersions);
    assert.deepEqual(served.kinds.filter((kind) => kind.startsWith('storage.k8s.io/v1beta1/')), real.kinds.filter((kind) => kind.startsWith('storage.k8s.io/v1beta1/')));
  });

  it('refuses it while config/flux.yaml does not list it', async () => {
    const results = await verdicts(cluster, [vac('not-enabled-vac')]);
    assert.match(results.get('VolumeAttributesClass/not-enabled-vac')?.homelab ?? '', /apiVersion: Kubernetes 1\.34 does not serve storage\.k8s\.io\/v1beta1 by default .*list "storage\.k8s\.io\/v1beta1" under enabledApiVersions in config\/flux\.yaml/);
  });
});

describe('enabledApiVersions in config/flux.yaml', () => {
  it('is an error, located in the file, when it lists what the release cannot enable', async () => {
    const source = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: manifests\n    id: m\n    options: { paths: [m.yaml] }\n'),
      'config/flux.yaml': `${FLUX_YAML}enabledApiVersions:\n  - resource.k8s.io/v1beta9\n`,
      'm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n',
    });
    const run = await runCli('validate --source', source);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /config\/flux\.yaml:5:5 enabledApiVersions\[0\]: Kubernetes 1\.34 has no API version "resource\.k8s\.io\/v1beta9"; alpha\/beta versions it can enable: .*resource\.k8s\.io\/v1beta2/);
  });
});
