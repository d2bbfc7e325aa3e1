import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { readSchemaBundle, type SchemaBundle } from '../../src/validate/kubernetes-schemas.ts';

const require = createRequire(import.meta.url);

/** ajv's standalone code for a few kinds, with the options scripts/k8s-schemas.mjs uses. */
async function standalone(bundle: SchemaBundle, keys: readonly string[]): Promise<string> {
  const { Ajv } = await import('ajv');
  const { default: standaloneCode } = require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, inlineRefs: false, verbose: true, code: { source: true } });
  ajv.addSchema({ $id: 'k8s', definitions: bundle.definitions });
  return standaloneCode(ajv, Object.fromEntries(keys.map((key, i) => [`k${i}`, `k8s#/definitions/${bundle.kinds[key]!.definition}`])));
}

function load(code: string): Record<string, ValidateFunction> {
  const module = { exports: {} as Record<string, ValidateFunction> };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { memory: '1Gi' } } }] },
    },
  },
};

describe('precompiled validators: nested validators get the instance path alone (scripts/k8s-schemas.mjs leanCalls)', () => {
  it("check every object as ajv's own code does, with the same errors at the same paths", async () => {
    const { leanCalls } = (await import('../../scripts/k8s-schemas.mjs')) as { leanCalls: (code: string) => string };
    const bundle = (await readSchemaBundle('1.34')) as SchemaBundle;
    const code = await standalone(bundle, ['apps/v1/Deployment', 'v1/Service']);
    const lean = leanCalls(code);
    assert.notEqual(lean, code, 'the rewrite applies to the bundle ajv compiles');
    assert.doesNotMatch(lean, /parentData|rootData/);
    const before = load(code);
    const after = load(lean);
    const broken = structuredClone(DEPLOYMENT) as Record<string, any>;
    broken.metadata.labels = { app: 5 };
    broken.metadata.bogus = true;
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    broken.spec.template.spec.containers[0].env = [{ value: 'x' }];
    broken.spec.template.spec.containers.push({ image: 'x', readinessProbe: { httpGet: { port: [] } } });
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: '80', protocol: 'tcp' }], type: 'ClusterIp' } };
    for (const [name, object] of [['k0', DEPLOYMENT], ['k0', broken], ['k1', service], ['k0', { spec: 3 }], ['k0', null]] as const) {
      const verdict = before[name]!(object);
      assert.equal(after[name]!(object), verdict);
      assert.deepEqual(after[name]!.errors, before[name]!.errors);
    }
    assert.ok((after.k0!(broken), after.k0!.errors!.length) >= 6, 'the broken Deployment has errors in nested validators');
  });

  it('keeps the code as ajv wrote it when something else reads the options', async () => {
    const { leanCalls } = (await import('../../scripts/k8s-schemas.mjs')) as { leanCalls: (code: string) => string };
    const code = 'function validate1(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){return parentDataProperty === "x";}';
    assert.equal(leanCalls(code), code);
  });
});
