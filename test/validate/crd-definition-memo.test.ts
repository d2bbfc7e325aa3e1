// A CRD's definition verdict is remembered for the process by what decides it: its JSON, or the digest of its
// published bytes when the caller has one (validation does, for the render cache's verdicts), which spares serializing
// megabytes of schema again.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CacheStore } from '../../src/cache/store.ts';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { sha256Hex } from '../../src/util/sha256.ts';
import { crdDefinitionIssues } from '../../src/validate/crd-definition.ts';
import { customKindChecks } from '../../src/validate/custom-kind-checks.ts';
import type { RenderedObject } from '../../src/validate/object-problem.ts';

const crd = (name: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name },
  spec: {
    group: 'example.dev',
    scope: 'Namespaced',
    names: { kind: 'Gizmo', plural: 'gizmos' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
  },
} as KubeObject);

const digest = (object: KubeObject) => sha256Hex(JSON.stringify(object));

describe('CRD definition verdicts in the process', () => {
  it('are told apart by their published digest in a render with the render cache', async () => {
    const store = new CacheStore({ dir: await mkdtemp(path.join(os.tmpdir(), 'homelab-crd-memo-')), version: 'homelab@test', warn: () => {}, maxBytes: 1024 ** 3 });
    const check = async (object: KubeObject) => {
      const at: RenderedObject = { app: 'crds', file: `crds/${object.metadata.name}.yaml`, object };
      const checks = await customKindChecks([at], 34, undefined, { verdicts: store.namespace('verdict'), digestOf: (of) => digest(of.object) });
      return checks.problems.map((problem) => problem.message);
    };
    assert.deepEqual(await check(crd('gizmos.example.dev')), []);
    const wrong = await check(crd('gizmo.example.dev'));
    assert.equal(wrong.length, 1);
    assert.match(wrong[0]!, /Invalid value: "gizmo\.example\.dev": must be spec\.names\.plural\+"\."\+spec\.group/);
  });

  it('are remembered by the published digest the caller gives, without reading the object again', () => {
    const right = crd('widgets.example.dev');
    const published = digest(right);
    assert.equal(crdDefinitionIssues({ ...right, spec: { ...(right.spec as object), names: { kind: 'Widget', plural: 'widgets' } } }, 34, published).issues.length, 0);
    // The same digest decides the same verdict: the object is not serialized (nor checked) again.
    assert.equal(crdDefinitionIssues(crd('not-widgets.example.dev'), 34, published).issues.length, 0);
    // Without one, the object's JSON decides.
    assert.equal(crdDefinitionIssues(crd('not-widgets.example.dev'), 34).issues.length, 1);
  });
});
