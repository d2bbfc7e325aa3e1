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
const FORMAT = 2;
/** Version of the precompiled validators' shape; keep in sync with VALIDATORS_FORMAT in src/validate/kubernetes-schemas.ts. */
const VALIDATORS_FORMAT = 5;

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
  const enums = goEnums(await readFile(path.join(dir, 'pkg', 'generated', 'openapi', 'zz_generated.openapi.go'), 'utf8'));
  const { kinds, definitions } = extract(documents, enums);
  const apis = servedApis(await readFile(path.join(dir, 'pkg', 'controlplane', 'instance.go'), 'utf8'), kinds);
  const bundle = { format: FORMAT, kubernetes: minor, source, kinds, definitions, apis };
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(sortKeys(bundle))}\n`);
  await rename(temp, target);
  console.error(`✔ wrote ${path.relative(process.cwd(), target)} (${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${apis.served.length} group/versions served by default)`);
  await writeValidators(minor, bundle);
}

/** The precompiled validators' export name for `apiVersion/Kind`; keep in sync with src/validate/kubernetes-schemas.ts. */
function exportName(key) {
  return key.replace(/[^A-Za-z0-9_$]/g, '_');
}

async function validatorsUpToDate(minor, source) {
  const linked = await readFile(path.join(schemasDir, `kubernetes-${minor}.validators.txt`), 'utf8').then(readStandaloneHeader, () => undefined);
  return linked?.source === source && linked?.format === VALIDATORS_FORMAT;
}

/**
 * Precompiles every kind's validator with ajv's standalone code, so a render loads ready functions instead of
 * compiling the schemas in every process (~350 ms for ten kinds). The code is stored split into its top-level
 * statements with, per kind, the statements it needs: a render links only its own kinds' code (a dozen of 89;
 * src/validate/linked-validators.ts), where importing the whole module cost ~100 ms. The options must be those
 * of src/validate/openapi.ts.
 */
async function writeValidators(minor, bundle) {
  const { Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, inlineRefs: false, verbose: true, code: { source: true } });
  ajv.addSchema({ $id: 'k8s', definitions: bundle.definitions });
  const refs = {};
  for (const key of Object.keys(bundle.kinds).sort()) refs[exportName(key)] = `k8s#/definitions/${bundle.kinds[key].definition}`;
  const target = path.join(schemasDir, `kubernetes-${minor}.validators.txt`);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, standaloneText({ source: bundle.source, format: VALIDATORS_FORMAT }, splitStandalone(leanCalls(standaloneCode(ajv, refs)))));
  await rename(temp, target);
  console.error(`✔ wrote ${path.relative(process.cwd(), target)} (precompiled validators)`);
}

const SIGNATURE = /\(data, \{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)/g;
const NESTED_CALL_OPTIONS = /\{instancePath:([^{}]+?),parentData:[\w$]+,parentDataProperty:[^,{}]+?,rootData\}/g;

/**
 * ajv's code hands every nested validator (a $ref: ObjectMeta, Container, Probe, ...) an options object
 * `{instancePath, parentData, parentDataProperty, rootData}`, made on each call, although these schemas use only
 * instancePath (for the errors). Passing instancePath alone checks the same and reports the same errors, with no
 * object per call: a quarter of the validators' time on the 1000-app bench, where most code runs unoptimized.
 * The code is kept as ajv wrote it unless every signature and call was rewritten and nothing else reads the others.
 */
export function leanCalls(code) {
  const lean = code.replace(SIGNATURE, '(data, instancePath="")').replace(NESTED_CALL_OPTIONS, '$1');
  return /\b(parentData|parentDataProperty|rootData)\b/.test(lean) ? code : lean;
}

/**
 * The file src/validate/linked-validators.ts reads: a JSON header (`header` and the exports) on the first line,
 * then one statement per line, read by splitting rather than unescaped by JSON.parse (2 MB of code).
 */
export function standaloneText(header, { statements, exports }) {
  for (const statement of statements) if (statement.includes('\n')) throw new Error('ajv standalone code: a statement spans lines');
  return `${JSON.stringify({ ...header, exports })}\n${statements.join('\n')}\n`;
}

/** The header of a file standaloneText wrote. */
export function readStandaloneHeader(text) {
  return JSON.parse(text.slice(0, text.indexOf('\n')));
}

/**
 * ajv's CommonJS standalone code (`exports.name = validateN;` and the statements defining validateN, schemaN,
 * funcN, patternN, ...), split into top-level statements: `statements[i]`, and per export the validator's name and
 * the indices, in source order, of every statement it reaches. Each statement is checked to compile on its own.
 */
export function splitStandalone(code) {
  const pieces = topLevelStatements(code.replace(/^"use strict";/, ''));
  const statements = [];
  const declared = new Map();
  const exported = {};
  for (const piece of pieces) {
    const exportMatch = /^exports\.([A-Za-z0-9_$]+) = (validate\d+);$/.exec(piece);
    if (exportMatch) {
      exported[exportMatch[1]] = exportMatch[2];
      continue;
    }
    const name = /^(?:const|let|var) ([A-Za-z_$][\w$]*) =|^function ([A-Za-z_$][\w$]*)\(/.exec(piece);
    // `validateN.evaluated = ...` and the like belong to the declaration before them.
    if (!name && statements.length > 0) statements[statements.length - 1] += piece;
    else {
      declared.set(name[1] ?? name[2], statements.length);
      statements.push(piece);
    }
  }
  for (const statement of statements) new Function('require', statement);
  const references = statements.map((statement) => {
    const found = new Set();
    for (const match of statement.matchAll(/[A-Za-z_$][\w$]*/g)) {
      const at = declared.get(match[0]);
      if (at !== undefined) found.add(at);
    }
    return [...found];
  });
  const exports = {};
  for (const [exportName, validator] of Object.entries(exported)) {
    const reached = new Set();
    const stack = [declared.get(validator)];
    while (stack.length > 0) {
      const at = stack.pop();
      if (reached.has(at)) continue;
      reached.add(at);
      stack.push(...references[at]);
    }
    exports[exportName] = { validator, statements: [...reached].sort((a, b) => a - b) };
  }
  return { statements, exports };
}

/** Splits JavaScript at the semicolons outside strings, regular expressions and brackets, and after function declarations. */
function topLevelStatements(code) {
  const pieces = [];
  let depth = 0;
  let start = 0;
  let previous = ';';
  for (let i = 0; i < code.length; i++) {
    const char = code[i];
    if (char === '"' || char === "'" || char === '`') {
      i = skipQuoted(code, i, char);
    } else if (char === '/' && '(,=:!&|?;{}['.includes(previous)) {
      i = skipRegExp(code, i);
    } else if (char === '{' || char === '(' || char === '[') {
      depth++;
    } else if (char === '}' || char === ')' || char === ']') {
      depth--;
      // A function declaration ends at its closing brace, without a semicolon.
      if (depth === 0 && char === '}' && code.startsWith('function ', start + code.slice(start).search(/\S/))) {
        pieces.push(code.slice(start, i + 1).trim());
        start = i + 1;
      }
    } else if (char === ';' && depth === 0) {
      pieces.push(code.slice(start, i + 1).trim());
      start = i + 1;
    }
    if (!/\s/.test(code[i])) previous = code[i];
  }
  if (code.slice(start).trim() !== '') pieces.push(code.slice(start).trim());
  if (depth !== 0) throw new Error('ajv standalone code: unbalanced brackets');
  return pieces.filter((piece) => piece !== ';' && piece !== '');
}

function skipQuoted(code, at, quote) {
  for (let i = at + 1; i < code.length; i++) {
    if (code[i] === '\\') i++;
    else if (code[i] === quote) return i;
  }
  throw new Error('ajv standalone code: unterminated string');
}

function skipRegExp(code, at) {
  let inClass = false;
  for (let i = at + 1; i < code.length; i++) {
    if (code[i] === '\\') i++;
    else if (code[i] === '[') inClass = true;
    else if (code[i] === ']') inClass = false;
    else if (code[i] === '/' && !inClass) {
      while (/[a-z]/.test(code[i + 1] ?? '')) i++;
      return i;
    }
  }
  throw new Error('ajv standalone code: unterminated regular expression');
}

/**
 * The creatable kinds (those with a collection POST, i.e. what a manifest can hold) with their scope and resource,
 * and the definitions they reach, stripped to what validation needs: types, properties, required, items, enums
 * (from the generated Go OpenAPI, see goEnums), list types and the defaults of list-map keys (server-side apply
 * keys associative lists by them), and int32 bounds.
 */
function extract(documents, enums) {
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
      const resource = route.split('/').pop();
      // A kind served both ways (rare) is namespaced: that is where kubectl would put it.
      if (!kinds[key] || scope === 'Namespaced') kinds[key] = { definition: refName(ref), scope, resource };
    }
  }
  const definitions = {};
  const queue = Object.values(kinds).map((kind) => kind.definition);
  while (queue.length > 0) {
    const name = queue.pop();
    if (name in definitions) continue;
    if (!all[name]) throw new Error(`definition ${name} is referenced but missing`);
    definitions[name] = compactDefinition(name, all[name], enums.get(name), (ref) => queue.push(ref));
  }
  keepKeyDefaults(definitions, all);
  dropStatusOnlyChecks(definitions, kinds);
  dropDefaultedRequired(definitions);
  return { kinds, definitions };
}

function refName(ref) {
  return ref.replace(/^#\/components\/schemas\//, '');
}

/**
 * Enum properties where "" means "unset": the API server's defaulting fills them in (pkg/apis/<group>/v1/defaults.go
 * compares with "") or its validation takes "" as a value of its own (a toleration's operator and effect). Checked
 * against a real kube-apiserver (test/validate/builtin-cases.ts, enum cases).
 */
const EMPTY_MEANS_DEFAULT = {
  'io.k8s.api.core.v1.Container': ['imagePullPolicy', 'terminationMessagePolicy'],
  'io.k8s.api.core.v1.EphemeralContainer': ['imagePullPolicy', 'terminationMessagePolicy'],
  'io.k8s.api.core.v1.ContainerPort': ['protocol'],
  'io.k8s.api.core.v1.ServicePort': ['protocol'],
  'io.k8s.api.core.v1.EndpointPort': ['protocol'],
  'io.k8s.api.core.v1.ServiceSpec': ['type', 'sessionAffinity', 'externalTrafficPolicy'],
  'io.k8s.api.core.v1.PodSpec': ['dnsPolicy', 'restartPolicy'],
  'io.k8s.api.core.v1.PersistentVolumeSpec': ['persistentVolumeReclaimPolicy'],
  'io.k8s.api.core.v1.HTTPGetAction': ['scheme'],
  'io.k8s.api.core.v1.Toleration': ['operator', 'effect'],
  'io.k8s.api.apps.v1.DeploymentStrategy': ['type'],
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy': ['type'],
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': ['type'],
  'io.k8s.api.apps.v1.StatefulSetSpec': ['podManagementPolicy'],
  'io.k8s.api.batch.v1.CronJobSpec': ['concurrencyPolicy'],
  'io.k8s.api.storage.v1.StorageClass': ['reclaimPolicy'],
};

/** A definition's schema, with the enums Go's generated OpenAPI gives its properties (or their items). */
function compactDefinition(name, schema, enums, onRef) {
  const out = compact(schema, onRef);
  const emptyAllowed = EMPTY_MEANS_DEFAULT[name] ?? [];
  for (const [property, { values, items }] of Object.entries(enums ?? {})) {
    const target = out.properties?.[property];
    if (!target) continue;
    // "" first, so messages (which leave it out) list the real values in their order.
    if (values && target.type === 'string') target.enum = emptyAllowed.includes(property) && !values.includes('') ? ['', ...values] : values;
    if (items && target.items?.type === 'string') target.items.enum = items;
  }
  return out;
}

const INT32 = { minimum: -2147483648, maximum: 2147483647 };

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
  // Go decodes these into int32: a larger number is refused before validation runs.
  if (schema.type === 'integer' && schema.format === 'int32') Object.assign(out, INT32);
  if (schema.required?.length) out.required = schema.required;
  if (schema.items) out.items = compact(schema.items, onRef);
  if (schema.type === 'array') Object.assign(out, listType(schema));
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

/**
 * How server-side apply treats a list, as k8s.io/kube-openapi pkg/schemaconv getListElementRelationship reads it:
 * x-kubernetes-list-type first, else a patch strategy "merge" (keyed by x-kubernetes-patch-merge-key, or a set
 * without one). Atomic lists carry nothing.
 */
function listType(schema) {
  const type = schema['x-kubernetes-list-type'];
  if (type === 'map') return { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': schema['x-kubernetes-list-map-keys'] };
  if (type === 'set') return { 'x-kubernetes-list-type': 'set' };
  if (type) return {};
  const strategy = schema['x-kubernetes-patch-strategy'];
  if (strategy === 'merge' || strategy === 'merge,retainKeys') {
    const key = schema['x-kubernetes-patch-merge-key'];
    return key ? { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': [key] } : { 'x-kubernetes-list-type': 'set' };
  }
  return {};
}

/** Server-side apply fills an omitted list-map key from its schema default (`protocol: TCP` of a port): keep those. */
function keepKeyDefaults(definitions, all) {
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    const keys = node['x-kubernetes-list-map-keys'];
    const item = node.items?.$ref && refName(node.items.$ref.replace('#/definitions/', '#/components/schemas/'));
    if (keys && item && definitions[item]?.properties) {
      for (const key of keys) {
        const value = all[item]?.properties?.[key]?.default;
        const target = definitions[item].properties[key];
        if (target && value !== undefined && value !== null && typeof value !== 'object') target.default = value;
      }
    }
    for (const child of Object.values(node)) if (child && typeof child === 'object') visit(child);
  };
  for (const definition of Object.values(definitions)) visit(definition);
}

/**
 * Enums and required fields of definitions that only `status` reaches are dropped: on create the API server resets
 * status instead of validating it, so `status: {}` on a DaemonSet is no error. Types and unknown fields still count.
 */
function dropStatusOnlyChecks(definitions, kinds) {
  const reached = new Set();
  const visit = (node, skipStatus) => {
    if (!node || typeof node !== 'object') return;
    if (node.$ref) {
      const name = node.$ref.replace('#/definitions/', '');
      if (reached.has(name)) return;
      reached.add(name);
      visit(definitions[name], false);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'properties') {
        for (const [property, schema] of Object.entries(child)) if (!(skipStatus && property === 'status')) visit(schema, false);
      } else if (child && typeof child === 'object') {
        visit(child, false);
      }
    }
  };
  for (const kind of Object.values(kinds)) {
    reached.add(kind.definition);
    visit(definitions[kind.definition], true);
  }
  const strip = (node) => {
    if (!node || typeof node !== 'object') return;
    delete node.enum;
    delete node.required;
    for (const child of Object.values(node)) strip(child);
  };
  for (const [name, definition] of Object.entries(definitions)) if (!reached.has(name)) strip(definition);
}

/**
 * Fields the OpenAPI documents mark required although the API server accepts objects without them: defaulting fills
 * them in, or their zero value passes validation. Each was checked against a real kube-apiserver
 * (test/validate/builtin-rules.test.ts) and its Go source.
 */
const DEFAULTED_REQUIRED = {
  // pkg/apis/rbac/v1/defaults.go SetDefaults_RoleBinding/ClusterRoleBinding: apiGroup defaults to rbac.authorization.k8s.io.
  'io.k8s.api.rbac.v1.RoleRef': ['apiGroup'],
  // pkg/apis/scheduling/validation ValidatePriorityClass: any value up to 1e9 (0 included).
  'io.k8s.api.scheduling.v1.PriorityClass': ['value'],
  // pkg/apis/apps/validation ValidateControllerRevisionCreate: revision only non-negative.
  'io.k8s.api.apps.v1.ControllerRevision': ['revision'],
  // pkg/apis/discovery/validation validateEndpoints: an empty list is fine.
  'io.k8s.api.discovery.v1.EndpointSlice': ['endpoints'],
  // pkg/apis/core/validation validateHTTPGetAction checks header names only; validateSysctls names only.
  'io.k8s.api.core.v1.HTTPHeader': ['value'],
  'io.k8s.api.core.v1.Sysctl': ['value'],
  // validateSleepAction: 0 seconds is allowed (PodLifecycleSleepActionAllowZero, on by default since 1.33).
  'io.k8s.api.core.v1.SleepAction': ['seconds'],
  // validateISCSIVolumeSource: lun 0 is valid (0-255).
  'io.k8s.api.core.v1.ISCSIVolumeSource': ['lun'],
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': ['lun'],
  // ValidatePreferredSchedulingTerms: an empty preference term is valid.
  'io.k8s.api.core.v1.PreferredSchedulingTerm': ['preference'],
  // apiextensions ValidateCustomResourceDefinitionVersion: served false is a valid (unserved) version.
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': ['served'],
};

function dropDefaultedRequired(definitions) {
  for (const [name, fields] of Object.entries(DEFAULTED_REQUIRED)) {
    const definition = definitions[name];
    if (!definition?.required) continue;
    definition.required = definition.required.filter((field) => !fields.includes(field));
    if (definition.required.length === 0) delete definition.required;
  }
}

/**
 * The enums of every definition's string properties, read from k8s.io/kubernetes pkg/generated/openapi/
 * zz_generated.openapi.go: the published OpenAPI documents leave them out, the generated Go code (from the
 * `+enum` markers of the API types) has them. Returns definition name → property → { values, items }.
 */
export function goEnums(source) {
  const functions = new Map();
  for (const match of source.matchAll(/^\t\t"([^"]+)":\s+(schema_\w+)\(ref\),$/gm)) functions.set(match[2], openapiName(match[1]));
  const enums = new Map();
  const lines = source.split('\n');
  let definition;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fn = /^func (schema_\w+)\(ref common\.ReferenceCallback\)/.exec(line);
    if (fn) {
      definition = functions.get(fn[1]);
      continue;
    }
    const enumMatch = /^(\t+)Enum:\s+\[\]interface\{\}\{(.*)\},$/.exec(line);
    if (!enumMatch || !definition) continue;
    const depth = enumMatch[1].length;
    // Walk up to the property that holds this enum: `"name": {` at a lower depth; note Items/AdditionalProperties.
    let where = 'values';
    let property;
    for (let j = i - 1; j >= 0; j--) {
      const up = lines[j];
      const indent = /^\t*/.exec(up)[0].length;
      if (indent >= depth) continue;
      if (/^\t+Items: &spec\.SchemaOrArray\{$/.test(up)) where = 'items';
      else if (/^\t+AdditionalProperties: &spec\.SchemaOrBool\{$/.test(up)) where = 'map';
      const name = /^\t+"([^"]+)": \{$/.exec(up);
      if (name) {
        property = name[1];
        break;
      }
      if (/^func /.test(up)) break;
    }
    if (!property || where === 'map') continue;
    const values = JSON.parse(`[${enumMatch[2]}]`);
    if (!enums.has(definition)) enums.set(definition, {});
    const entry = (enums.get(definition)[property] ??= {});
    entry[where] = values;
  }
  return enums;
}

/** `k8s.io/api/core/v1.ContainerPort` → `io.k8s.api.core.v1.ContainerPort`, the OpenAPI documents' name. */
function openapiName(goName) {
  const [domain, ...rest] = goName.split('/');
  return [...domain.split('.').reverse(), ...rest].join('.').replace(/\//g, '.');
}

/**
 * What a default kube-apiserver of this release serves, read from pkg/controlplane/instance.go: the group/versions
 * of the lists named …EnabledByDefault… (stableAPIGroupVersionsEnabledByDefault, and from 1.36
 * genericStableAPIGroupVersionsEnabledByDefault; GroupVersionResource lists such as legacyBetaEnabledByDefaultResources
 * enable single resources) are served; those of …DisabledByDefault… need --runtime-config (and usually a feature
 * gate). apiextensions.k8s.io and apiregistration.k8s.io are served by their own servers, whose GA versions are on.
 */
export function servedApis(instanceGo, kinds) {
  const imports = new Map();
  // k8s.io/kubernetes/pkg/apis/<group>/<version> (flowcontrol's) declares the same SchemeGroupVersion as k8s.io/api/<group>/<version>.
  for (const match of instanceGo.matchAll(/^\t(\w+)\s+"k8s\.io\/(?:api|kubernetes\/pkg\/apis)\/([^"]+)"$/gm)) imports.set(match[1], `k8s.io/api/${match[2]}`);
  // Go package of each group/version, from the definitions of its kinds (io.k8s.api.apps.v1.Deployment → k8s.io/api/apps/v1).
  const packages = new Map();
  for (const [key, kind] of Object.entries(kinds)) {
    const parts = kind.definition.split('.');
    packages.set(`${parts[1]}.${parts[0]}/${parts.slice(2, -1).join('/')}`, key.slice(0, key.lastIndexOf('/')));
  }
  const served = new Set();
  const partial = {};
  const disabled = new Set();
  const mentioned = new Set();
  for (const list of instanceGo.matchAll(/^\t(\w+)\s*=\s*\[\]schema\.(GroupVersion|GroupVersionResource)\{([\s\S]*?)\n\t\}/gm)) {
    const [, name, type, body] = list;
    const enabled = /EnabledByDefault/.test(name);
    if (!enabled && !/DisabledByDefault/.test(name)) continue;
    for (const entry of body.matchAll(/^\s*(\w+)\.SchemeGroupVersion(?:\.WithResource\("([^"]+)"\))?/gm)) {
      const pkg = imports.get(entry[1]);
      const groupVersion = pkg && packages.get(pkg);
      if (!groupVersion) {
        // A version without kinds in the documents (nothing a manifest could use) needs no verdict; an enabled one must resolve.
        if (enabled) throw new Error(`instance.go: cannot resolve ${entry[1]} (${pkg ?? 'not imported'}) of ${name} to a group/version`);
        continue;
      }
      mentioned.add(groupVersion);
      if (!enabled) disabled.add(groupVersion);
      else if (type === 'GroupVersion') served.add(groupVersion);
      else {
        const kind = Object.entries(kinds).find(([key, k]) => key.startsWith(`${groupVersion}/`) && k.resource === entry[2]);
        if (!kind) throw new Error(`instance.go: ${name} enables ${groupVersion} ${entry[2]}, which the documents do not define`);
        (partial[groupVersion] ??= []).push(kind[0].slice(groupVersion.length + 1));
      }
    }
  }
  const all = new Set(Object.keys(kinds).map((key) => key.slice(0, key.lastIndexOf('/'))));
  for (const groupVersion of all) {
    if (mentioned.has(groupVersion)) continue;
    const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
    if (/^v\d+$/.test(version) && ['apiextensions.k8s.io', 'apiregistration.k8s.io'].includes(group)) served.add(groupVersion);
    else if (/^v\d+$/.test(version)) throw new Error(`instance.go does not say whether ${groupVersion} is served by default`);
    else disabled.add(groupVersion);
  }
  for (const groupVersion of Object.keys(partial)) disabled.delete(groupVersion);
  for (const groupVersion of served) disabled.delete(groupVersion);
  return {
    served: [...served].sort(),
    partial: Object.fromEntries(Object.entries(partial).map(([gv, list]) => [gv, list.sort()])),
    optIn: [...disabled].sort(),
  };
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
