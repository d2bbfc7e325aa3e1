// The CRDs of a render are checked as definitions on a thread of their own while the objects are checked: the
// problems and warnings must be the same, in the same order, as when everything is checked on one thread.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../src/errors.ts';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { checkCrdDefinitions, MIN_CRDS_FOR_A_THREAD } from '../../src/pipeline/crd-definitions-thread.ts';
import { loadConfig } from '../../src/pipeline/pipeline.ts';
import type { CrdDefinitionsCheck } from '../../src/validate/custom-kind-checks.ts';
import { validateRender } from '../../src/validate/validate.ts';
import { appsYaml, FLUX_YAML, sourceRepo } from '../support/source-repo.ts';

/** A CRD of group `<i>.example.dev`; some with a problem the API server refuses, most with a pattern homelab cannot check. */
function crd(i: number): KubeObject {
  const group = i % 7 === 3 ? `nodot${i}` : `g${i}.example.dev`;
  const schema = {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { word: { type: 'string', pattern: i % 2 === 0 ? '^a\\Cb$' : '^[a-z]+$' } } },
    },
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `widgets.${group}` },
    spec: { group, scope: i % 5 === 4 ? 'Sideways' : 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
  } as unknown as KubeObject;
}

/** Objects whose checks warn while the objects are checked: a Flux kind homelab has no schema for. */
const alert = (name: string): KubeObject => ({ apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: { name, namespace: 'flux-system' }, spec: { providerRef: { name: 'slack' } } }) as unknown as KubeObject;

async function validateWith(objects: readonly KubeObject[], checkDefinitions?: CrdDefinitionsCheck): Promise<{ problems: Problem[]; warnings: Problem[] }> {
  const source = await sourceRepo({ 'config/apps.yaml': appsYaml('  []\n').replace('apps:\n  []', 'apps: []'), 'config/flux.yaml': FLUX_YAML });
  const config = await loadConfig(source);
  const warnings: Problem[] = [];
  const files = objects.map((object, i) => ({ file: `${String(i).padStart(3, '0')}.yaml`, object }));
  const problems = await validateRender({ config, apps: [{ id: 'crds', files }], warn: (warning) => warnings.push(warning), ...(checkDefinitions && { checkDefinitions }) });
  return { problems, warnings };
}

describe('CRD definitions checked on their own thread', () => {
  it('gives the same problems and warnings, in the same order, as one thread', async () => {
    const objects = [alert('first'), ...Array.from({ length: MIN_CRDS_FOR_A_THREAD + 4 }, (_, i) => crd(i)), alert('last')];
    let threads = 0;
    const counted: CrdDefinitionsCheck = (crds, minor) => ((threads += crds.length >= MIN_CRDS_FOR_A_THREAD ? 1 : 0), checkCrdDefinitions(crds, minor));
    const alone = await validateWith(objects);
    const aside = await validateWith(objects, counted);
    assert.equal(threads, 1);
    assert.ok(alone.problems.some((problem) => problem.path === 'spec.group'), JSON.stringify(alone.problems));
    assert.ok(alone.problems.some((problem) => problem.path === 'spec.scope'));
    assert.ok(alone.warnings.some((warning) => /pattern .* is not checked/.test(warning.message)));
    assert.ok(alone.warnings.some((warning) => /Alert .* is not checked/.test(warning.message)));
    // As before checks ran on two threads: the CRDs' warnings first, then those told while objects are checked.
    const lastNotice = alone.warnings.findLastIndex((warning) => /pattern .* is not checked/.test(warning.message));
    assert.ok(lastNotice < alone.warnings.findIndex((warning) => /Alert .* is not checked/.test(warning.message)));
    assert.ok(alone.problems.findLastIndex((problem) => problem.object?.startsWith('CustomResourceDefinition/')) < alone.problems.findIndex((problem) => !problem.object?.startsWith('CustomResourceDefinition/')) || alone.problems.every((problem) => problem.object?.startsWith('CustomResourceDefinition/')));
    assert.deepEqual(aside.problems, alone.problems);
    assert.deepEqual(aside.warnings, alone.warnings);
  });

  it('checks a few CRDs on the render thread', async () => {
    const crds = Array.from({ length: 3 }, (_, i) => crd(i));
    assert.deepEqual(await checkCrdDefinitions(crds, 34), (await checkCrdDefinitions([...crds, ...Array.from({ length: MIN_CRDS_FOR_A_THREAD }, (_, i) => crd(i + 3))], 34)).slice(0, 3));
  });
});
