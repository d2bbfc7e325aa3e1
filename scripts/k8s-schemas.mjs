#!/usr/bin/env node
// Builds schemas/kubernetes-<minor>.json, the OpenAPI schemas `homelab validate` checks built-in kinds against,
// from the official documents in the Go module k8s.io/kubernetes (api/openapi-spec/v3), fetched with `go mod download`.
//
//   node scripts/k8s-schemas.mjs            the default minor (1.34), as `npm ci` / `npm run prepare` does
//   node scripts/k8s-schemas.mjs 1.31 1.36  those minors
//   node scripts/k8s-schemas.mjs --all      every supported minor (`npm pack` / `npm publish` does this)
//
// Needs `go` and a Go module proxy; the module zips are cached in GOMODCACHE, and a bundle that already
// exists for the pinned patch version is left alone, so re-runs are instant. Nothing upstream is committed.
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Supported minors → the pinned k8s.io/kubernetes patch release whose OpenAPI documents are used. */
export const KUBERNETES_RELEASES = {
  '1.30': 'v1.30.14',
  '1.31': 'v1.31.14',
  '1.32': 'v1.32.13',
  '1.33': 'v1.33.13',
  '1.34': 'v1.34.4',
  '1.35': 'v1.35.4',
  '1.36': 'v1.36.3',
  '1.37': 'v1.37.2',
};
export const DEFAULT_MINOR = '1.34';
/** Bumped when the bundle format changes, so old bundles are rebuilt. */
const FORMAT = 1;
/** Version of the precompiled validators' shape; keep in sync with VALIDATORS_FORMAT in src/validate/kubernetes-schemas.ts. */
const VALIDATORS_FORMAT = 1;

const schemasDir = fileURLToPath(new URL('../schemas/', import.meta.url));
const run = promisify(execFile);

async function main(args) {
  const unknown = args.filter((arg) => arg !== '--all' && !(arg in KUBERNETES_RELEASES));
  if (unknown.length > 0) {
    throw new Error(`unknown Kubernetes minor ${unknown.map((a) => `"${a}"`).join(', ')}; supported: ${Object.keys(KUBERNETES_RELEASES).join(', ')} (or --all)`);
  }
  const minors = args.includes('--all') ? Object.keys(KUBERNETES_RELEASES) : args.length > 0 ? args : [DEFAULT_MINOR];
  await mkdir(schemasDir, { recursive: true });
  for (const minor of minors) await buildBundle(minor);
}

async function buildBundle(minor) {
  const release = KUBERNETES_RELEASES[minor];
  const source = `k8s.io/kubernetes@${release}`;
  const target = path.join(schemasDir, `kubernetes-${minor}.json`);
  const existing = await readFile(target, 'utf8').then(JSON.parse, () => undefined);
  if (existing?.source === source && existing?.format === FORMAT) {
    if (!(await validatorsUpToDate(minor, source))) await writeValidators(minor, existing);
    console.error(`✔ schemas for Kubernetes ${minor} are up to date (${source})`);
    return;
  }
  console.error(`► fetching ${source} with go mod download`);
  let dir;
  try {
    const { stdout } = await run('go', ['mod', 'download', '-json', source], { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GOFLAGS: '-mod=mod' } });
    dir = JSON.parse(stdout).Dir;
  } catch (error) {
    const detail = error.code === 'ENOENT' ? '`go` is not installed (https://go.dev/dl/)' : (error.stdout || error.stderr || error.message).trim();
    throw new Error(`failed to download ${source}: ${detail}`, { cause: error });
  }
  const specDir = path.join(dir, 'api', 'openapi-spec', 'v3');
  const documents = [];
  for (const name of (await readdir(specDir)).sort()) {
    // api__v1_openapi.json and apis__<group>__<version>_openapi.json; the others only list groups.
    if (/^(api__v1|apis__[^_]+(?:_[^_]+)*__[^_]+)_openapi\.json$/.test(name)) documents.push(JSON.parse(await readFile(path.join(specDir, name), 'utf8')));
  }
  const bundle = { format: FORMAT, kubernetes: minor, source, ...extract(documents) };
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(sortKeys(bundle))}\n`);
  await rename(temp, target);
  console.error(`✔ wrote ${path.relative(process.cwd(), target)} (${Object.keys(bundle.kinds).length} kinds, ${Object.keys(bundle.definitions).length} definitions)`);
  await writeValidators(minor, bundle);
}

/** The validators module's export name for `apiVersion/Kind`; keep in sync with src/validate/kubernetes-schemas.ts. */
function exportName(key) {
  return key.replace(/[^A-Za-z0-9_$]/g, '_');
}

async function validatorsUpToDate(minor, source) {
  const text = await readFile(path.join(schemasDir, `kubernetes-${minor}.validators.mjs`), 'utf8').catch(() => '');
  return text.includes(`export const source = ${JSON.stringify(source)};`) && text.includes(`export const format = ${VALIDATORS_FORMAT};`);
}

/**
 * Precompiles every kind's validator with ajv's standalone code, so a render imports ready functions
 * (~25 ms) instead of compiling the schemas in every process (~350 ms for ten kinds). The options must
 * be those of src/validate/openapi.ts.
 */
async function writeValidators(minor, bundle) {
  const { Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, inlineRefs: false, verbose: true, code: { source: true, esm: true } });
  ajv.addSchema({ $id: 'k8s', definitions: bundle.definitions });
  const refs = {};
  for (const key of Object.keys(bundle.kinds).sort()) refs[exportName(key)] = `k8s#/definitions/${bundle.kinds[key].definition}`;
  const code = `${standaloneCode(ajv, refs)}\nexport const source = ${JSON.stringify(bundle.source)};\nexport const format = ${VALIDATORS_FORMAT};\n`;
  const target = path.join(schemasDir, `kubernetes-${minor}.validators.mjs`);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, code);
  await rename(temp, target);
  console.error(`✔ wrote ${path.relative(process.cwd(), target)} (precompiled validators)`);
}

/**
 * The creatable kinds (those with a collection POST, i.e. what a manifest can hold) with their scope, and the
 * definitions they reach, stripped to what validation needs: types, properties, required, enums, items.
 */
function extract(documents) {
  const all = {};
  const kinds = {};
  for (const document of documents) {
    Object.assign(all, document.components?.schemas ?? {});
    for (const [route, item] of Object.entries(document.paths ?? {})) {
      const post = item.post;
      const gvk = post?.['x-kubernetes-group-version-kind'];
      // Subresources (…/{name}/eviction) are not objects of their own.
      if (!gvk || route.includes('{name}')) continue;
      const ref = post.requestBody?.content?.['*/*']?.schema?.$ref ?? post.requestBody?.content?.['application/json']?.schema?.$ref;
      if (!ref) continue;
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const key = `${apiVersion}/${gvk.kind}`;
      const scope = route.includes('/namespaces/{namespace}/') ? 'Namespaced' : 'Cluster';
      // A kind served both ways (rare) is namespaced: that is where kubectl would put it.
      if (!kinds[key] || scope === 'Namespaced') kinds[key] = { definition: refName(ref), scope };
    }
  }
  const definitions = {};
  const queue = Object.values(kinds).map((kind) => kind.definition);
  while (queue.length > 0) {
    const name = queue.pop();
    if (name in definitions) continue;
    if (!all[name]) throw new Error(`definition ${name} is referenced but missing`);
    definitions[name] = compact(all[name], (ref) => queue.push(ref));
  }
  return { kinds, definitions };
}

function refName(ref) {
  return ref.replace(/^#\/components\/schemas\//, '');
}

function compact(schema, onRef) {
  if (schema.$ref) {
    onRef(refName(schema.$ref));
    return { $ref: `#/definitions/${refName(schema.$ref)}` };
  }
  // `allOf: [{$ref}]` is how OpenAPI v3 attaches a description or default to a reference.
  if (schema.allOf?.length === 1 && !schema.properties && !schema.type) return compact(schema.allOf[0], onRef);
  const out = {};
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.every((alt) => Object.keys(alt).length === 1 && typeof alt.type === 'string')) {
    // IntOrString and Quantity: a plain type union reads better in errors than oneOf.
    out.type = alternatives.map((alt) => alt.type);
  } else if (alternatives) {
    out[schema.oneOf ? 'oneOf' : 'anyOf'] = alternatives.map((alt) => compact(alt, onRef));
  }
  if (schema.type) out.type = schema.type;
  if (schema.enum) out.enum = schema.enum;
  if (schema.required?.length) out.required = schema.required;
  if (schema.items) out.items = compact(schema.items, onRef);
  if (schema.properties) {
    out.properties = {};
    for (const [name, property] of Object.entries(schema.properties)) out.properties[name] = compact(property, onRef);
  }
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties = typeof schema.additionalProperties === 'boolean' ? schema.additionalProperties : compact(schema.additionalProperties, onRef);
  } else if (schema.properties && !schema['x-kubernetes-preserve-unknown-fields']) {
    // The API server rejects unknown fields (kubectl's default --validate=strict): so do we.
    out.additionalProperties = false;
  }
  if (schema.allOf && schema.allOf.length > 1) out.allOf = schema.allOf.map((part) => compact(part, onRef));
  return out;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
  }
  return value;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`✗ ${error.message}`);
    process.exitCode = 1;
  });
}
