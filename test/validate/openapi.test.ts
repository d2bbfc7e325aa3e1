import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { readPrecompiledValidators, readSchemaBundle, type SchemaBundle } from '../../src/validate/kubernetes-schemas.ts';
import { loadAjv } from '../../src/validate/ajv.ts';
import { KubernetesApi } from '../../src/validate/openapi.ts';

const broken: KubeObject[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { replicas: 'two', selector: {}, template: { spec: { containers: [{ image: 'x', ports: [{ containerPort: 'http' }] }] } } } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' }, spec: { ports: [{ port: 80, protocl: 'TCP' }] } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { n: 3 } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'd' }, spec: { rules: 'all' } },
];

describe('built-in kind validators', () => {
  it('precompiled by scripts/k8s-schemas.mjs, report exactly what ajv compiled at run time reports', async () => {
    const bundle = (await readSchemaBundle('1.34')) as SchemaBundle;
    assert.ok('kinds' in bundle, 'npm ci fetches the 1.34 schemas');
    const precompiled = await readPrecompiledValidators(bundle);
    assert.ok(precompiled, 'scripts/k8s-schemas.mjs writes schemas/kubernetes-1.34.validators.txt');
    const fast = new KubernetesApi(bundle, precompiled);
    const compiled = new KubernetesApi(bundle, undefined, await loadAjv());
    for (const object of broken) {
      const issues = fast.kind(object.apiVersion, object.kind)!.validate(object);
      assert.ok(issues.length > 0, `${object.kind} is broken`);
      assert.deepEqual(issues, compiled.kind(object.apiVersion, object.kind)!.validate(object), object.kind);
    }
  });

  it('are ignored when they were built from other schemas', async () => {
    const bundle = (await readSchemaBundle('1.34')) as SchemaBundle;
    assert.equal(await readPrecompiledValidators({ ...bundle, source: 'k8s.io/kubernetes@v0.0.0' }), undefined);
  });
});
