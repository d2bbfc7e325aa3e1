import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import path from 'node:path';
import type { SchemaProps } from '../../src/validate/crd-json-schema.ts';
import { jsonSchemaHash, validatorName } from '../../src/validate/custom-resources.ts';
import { readFluxBundle } from '../../src/validate/flux-kinds.ts';
import { SCHEMAS_DIR } from '../../src/validate/kubernetes-schemas.ts';
import { readStandaloneStatements } from '../../src/validate/linked-validators.ts';

describe("Flux's bundled CRDs", () => {
  it('come from the pinned controllers, with a precompiled validator for every version, built from the JSON schema homelab derives now', async () => {
    const bundle = await readFluxBundle();
    assert.ok(bundle, 'npm ci (prepare) runs scripts/flux-schemas.mjs');
    assert.match(bundle.source, /github\.com\/fluxcd\/source-controller@v\S+ github\.com\/fluxcd\/kustomize-controller@v\S+ github\.com\/fluxcd\/helm-controller@v\S+/);
    const kinds = bundle.crds.map((crd) => (crd.spec as { names: { kind: string } }).names.kind).sort();
    assert.deepEqual(kinds, ['Bucket', 'ExternalArtifact', 'GitRepository', 'HelmChart', 'HelmRelease', 'HelmRepository', 'Kustomization', 'OCIRepository']);
    const validators = (await readStandaloneStatements<{ hashes: Record<string, string> }>(path.join(SCHEMAS_DIR, 'flux-crds.validators.txt')))!;
    assert.ok(validators, 'scripts/flux-schemas.mjs writes schemas/flux-crds.validators.txt');
    assert.equal(validators.source, bundle.source);
    for (const crd of bundle.crds) {
      for (const version of (crd.spec as { versions: { name: string; schema: { openAPIV3Schema: SchemaProps } }[] }).versions) {
        const name = validatorName(crd.metadata.name!, version.name);
        assert.equal(validators.hashes![name], jsonSchemaHash(version.schema.openAPIV3Schema, 34), `${name}: run npm run build && node scripts/flux-schemas.mjs`);
      }
    }
  });
});
