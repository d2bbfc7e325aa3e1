import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { validatorCompiler, type ValidatorCompiler } from '../../src/validate/compiled-validators.ts';
import { CRD_AJV_OPTIONS, customKinds } from '../../src/validate/custom-resources.ts';
import { runCliWith } from '../support/run-cli.ts';
import { FLUX_YAML, appsYaml, sourceRepo } from '../support/source-repo.ts';

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.dev' },
  spec: {
    group: 'example.dev',
    scope: 'Namespaced',
    names: { kind: 'Gadget', plural: 'gadgets' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: {
        size: { type: 'integer', maximum: 10 },
        label: { type: 'string', maxLength: 3 },
        mode: { type: 'string', enum: ['fast', 'slow'] },
      } } } } },
    }],
  },
} as KubeObject;

const gadget = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'example.dev/v1', kind: 'Gadget', metadata: { name, namespace: 'gadgets' }, spec });

/** The Gadget kind, checked with a compiler that counts what it is asked to compile. */
function gadgets(): { kind: NonNullable<ReturnType<ReturnType<typeof customKinds>['get']>>; compiles: () => number } {
  const inner = validatorCompiler(CRD_AJV_OPTIONS);
  let count = 0;
  const counting: ValidatorCompiler = { compile: (schema, formats) => (count++, inner.compile(schema, formats)) };
  const kind = customKinds([{ object: CRD }], counting, 34, () => undefined).get('example.dev/Gadget');
  assert.ok(kind);
  return { kind, compiles: () => count };
}

const messages = (issues: readonly { path: string; message: string }[]) => issues.map((issue) => `${issue.path}: ${issue.message}`);

describe('custom resources told before they are checked', () => {
  const shapes = [gadget('a', { size: 3 }), gadget('b', { label: 'toolong' }), gadget('c', { size: 12, mode: 'fast' }), gadget('d', { mode: 'warp' })];

  it('are checked against one validator compiled for all their shapes, with the verdicts of one validator per shape', () => {
    const alone = gadgets();
    const separately = shapes.map((object) => messages(alone.kind.validator('example.dev/v1')!(object)));
    assert.equal(alone.compiles(), 4);

    const told = gadgets();
    for (const object of shapes) told.kind.expect(object);
    // Each check reads a copy of what was told, as validate.ts's checks do.
    const together = shapes.map((object) => messages(told.kind.validator('example.dev/v1')!(structuredClone(object))));
    assert.equal(told.compiles(), 1);
    assert.deepEqual(together, separately);
    assert.deepEqual(together, [
      [],
      ['spec.label: Too long: may not be more than 3 bytes'],
      ['spec.size: Invalid value: 12: spec.size in body should be less than or equal to 10'],
      ['spec.mode: Unsupported value: "warp": supported values: "fast", "slow"'],
    ]);
  });

  it('leave an object that was not told to the part of the schema it reaches itself', () => {
    const told = gadgets();
    for (const object of [gadget('a', { size: 3 }), gadget('c', { size: 4 })]) told.kind.expect(object);
    const validate = told.kind.validator('example.dev/v1')!;
    assert.deepEqual(validate(gadget('a', { size: 3 })), []);
    assert.equal(told.compiles(), 1);
    // The validator compiled for the two told objects never reaches spec.label: this one is checked on its own.
    assert.deepEqual(messages(validate(gadget('e', { label: 'toolong' }))), ['spec.label: Too long: may not be more than 3 bytes']);
    assert.equal(told.compiles(), 2);
  });
});

describe('a render', () => {
  it("tells validation its custom resources before checking them: one validator is compiled (and cached) for a CRD version's objects", async () => {
    const documents = [CRD, gadget('a', { size: 3 }), gadget('b', { label: 'abc' }), gadget('c', { size: 4, mode: 'fast' })];
    const source = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: manifests\n    id: m\n    options: { paths: [m.yaml] }\n'),
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [gadgets]\n`,
      'm.yaml': documents.map((document) => JSON.stringify(document)).join('\n---\n'),
    });
    const cache = await mkdtemp(path.join(os.tmpdir(), 'homelab-expected-'));
    const run = await runCliWith({ HOMELAB_CACHE: cache }, 'validate --source', source);
    assert.equal(run.code, 0, run.stderr);
    // Validators of this file's CRD only: Flux's kinds come precompiled, and no other test of this process compiles.
    assert.equal((await readdir(path.join(cache, 'render', 'validator'))).length, 1);
  });
});
