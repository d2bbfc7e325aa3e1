#!/usr/bin/env node
// Builds schemas/flux-crds.json, the CustomResourceDefinitions `homelab validate` checks Flux's own kinds against
// (Kustomization, GitRepository, HelmRelease, OCIRepository, …), from the controllers' Go modules
// (config/crd/bases/*.yaml) fetched with `go mod download`, at the versions pinned in scripts/tools/versions.env.
//
//   node scripts/flux-schemas.mjs     as `npm ci` / `npm run prepare` does
//
// It also precompiles each CRD version's JSON-schema validator with ajv's standalone code into
// schemas/flux-crds.validators.txt (with homelab's own conversion from dist/, so run it after `npm run build`), so
// renders need not load ajv to check the app-of-apps' Kustomizations; the code is split into statements as
// scripts/k8s-schemas.mjs splits it, so a render links only the versions it checks.
//
// Needs `go` and a Go module proxy; module zips are cached in GOMODCACHE, and a bundle already built from the
// pinned versions is left alone. The notification and image-automation controllers are not bundled: the module
// proxy refuses the versions flux v2.9.5 ships (403), so their kinds pass unchecked with a warning.
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

/** Bumped when the bundle format changes; keep in sync with FLUX_BUNDLE_FORMAT in src/validate/flux-kinds.ts. */
const FORMAT = 1;
/** Version of the precompiled validators' shape; keep in sync with FLUX_VALIDATORS_FORMAT in src/validate/flux-kinds.ts. */
const VALIDATORS_FORMAT = 3;

/** Controller module → its key in versions.env. */
const CONTROLLERS = {
  'github.com/fluxcd/source-controller': 'SOURCE_CONTROLLER_VERSION',
  'github.com/fluxcd/kustomize-controller': 'KUSTOMIZE_CONTROLLER_VERSION',
  'github.com/fluxcd/helm-controller': 'HELM_CONTROLLER_VERSION',
};

const root = fileURLToPath(new URL('../', import.meta.url));
const target = path.join(root, 'schemas', 'flux-crds.json');
const validatorsTarget = path.join(root, 'schemas', 'flux-crds.validators.txt');
const run = promisify(execFile);

async function pinnedVersions() {
  const text = await readFile(path.join(root, 'scripts', 'tools', 'versions.env'), 'utf8');
  const values = new Map();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(\S+)\s*$/.exec(line);
    if (match) values.set(match[1], match[2]);
  }
  return Object.entries(CONTROLLERS).map(([module, key]) => {
    const version = values.get(key);
    if (!version) throw new Error(`scripts/tools/versions.env has no ${key}`);
    return `${module}@${version}`;
  });
}

/** Schema descriptions make up most of a CRD's size and nothing of its validation. */
function withoutDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' && typeof value === 'string') continue;
    // Under `properties`, keys are field names (a field may be called "description").
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value).map(([name, property]) => [name, withoutDescriptions(property)])) : withoutDescriptions(value);
  }
  return out;
}

async function crdsOf(module) {
  let dir;
  try {
    const { stdout } = await run('go', ['mod', 'download', '-json', module], { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GOFLAGS: '-mod=mod' } });
    dir = JSON.parse(stdout).Dir;
  } catch (error) {
    const detail = error.code === 'ENOENT' ? '`go` is not installed (https://go.dev/dl/)' : (error.stdout || error.stderr || error.message).trim();
    throw new Error(`failed to download ${module}: ${detail}`, { cause: error });
  }
  const bases = path.join(dir, 'config', 'crd', 'bases');
  const crds = [];
  for (const name of (await readdir(bases)).filter((file) => file.endsWith('.yaml')).sort()) {
    for (const document of parseAllDocuments(await readFile(path.join(bases, name), 'utf8'))) {
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec?.versions ?? []) {
        if (version.schema?.openAPIV3Schema) version.schema.openAPIV3Schema = withoutDescriptions(version.schema.openAPIV3Schema);
      }
      crds.push({ apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: crd.metadata.name }, spec: crd.spec });
    }
  }
  return crds;
}

/**
 * Standalone validators for every CRD version whose formats ajv can inline (RegExps), named and hashed as
 * src/validate/custom-resources.ts expects; the runtime uses one only when its hash matches what it derives itself.
 */
async function writeValidators(bundle) {
  const { Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const { toJsonSchema } = await import('../dist/validate/crd-json-schema.js');
  const { CRD_AJV_OPTIONS, jsonSchemaHash, validatorName } = await import('../dist/validate/custom-resources.js');
  const { splitStandalone, standaloneText } = await import('./k8s-schemas.mjs');
  const ajv = new Ajv({ ...CRD_AJV_OPTIONS, code: { source: true } });
  const refs = {};
  const hashes = {};
  for (const crd of bundle.crds) {
    for (const version of crd.spec.versions ?? []) {
      const schema = version.schema?.openAPIV3Schema;
      if (!schema) continue;
      const converted = toJsonSchema(schema, 34);
      if ([...converted.formats.values()].some((format) => !(format instanceof RegExp))) continue;
      for (const [name, format] of converted.formats) if (!ajv.formats[name]) ajv.addFormat(name, format);
      const name = validatorName(crd.metadata.name, version.name);
      ajv.addSchema(converted.schema, name);
      refs[name] = name;
      hashes[name] = jsonSchemaHash(schema, 34);
    }
  }
  const temp = `${validatorsTarget}.${process.pid}.tmp`;
  await writeFile(temp, standaloneText({ source: bundle.source, format: VALIDATORS_FORMAT, hashes }, splitStandalone(standaloneCode(ajv, refs))));
  await rename(temp, validatorsTarget);
  console.error(`✔ wrote ${path.relative(process.cwd(), validatorsTarget)} (${Object.keys(refs).length} precompiled validators)`);
}

async function validatorsCurrent(bundle) {
  try {
    const { readStandaloneHeader } = await import('./k8s-schemas.mjs');
    const linked = readStandaloneHeader(await readFile(validatorsTarget, 'utf8'));
    if (linked.source !== bundle.source || linked.format !== VALIDATORS_FORMAT) return false;
    const { jsonSchemaHash, validatorName } = await import('../dist/validate/custom-resources.js');
    return bundle.crds.every((crd) => (crd.spec.versions ?? []).every((version) => linked.hashes[validatorName(crd.metadata.name, version.name)] === jsonSchemaHash(version.schema.openAPIV3Schema, 34)));
  } catch {
    return false;
  }
}

async function main() {
  const modules = await pinnedVersions();
  const source = modules.join(' ');
  const existing = await readFile(target, 'utf8').then(JSON.parse, () => undefined);
  if (existing?.source === source && existing?.format === FORMAT) {
    if (!(await validatorsCurrent(existing))) await writeValidators(existing);
    console.error(`✔ Flux schemas are up to date (${source})`);
    return;
  }
  const crds = [];
  for (const module of modules) {
    console.error(`► fetching ${module} with go mod download`);
    crds.push(...(await crdsOf(module)));
  }
  crds.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ format: FORMAT, source, crds })}\n`);
  await rename(temp, target);
  console.error(`✔ wrote ${path.relative(process.cwd(), target)} (${crds.length} CRDs: ${crds.map((crd) => crd.spec.names.kind).join(', ')})`);
  await writeValidators({ source, crds });
}

main().catch((error) => {
  console.error(`✗ ${error.message}`);
  process.exitCode = 1;
});
