// Custom resources against their CRD's openAPIV3Schema as the API server checks them: defaults and nulls first,
// then the structural schema (types, RE2 patterns, formats, unknown fields), list types and CEL rules.
// Each CRD version's schema is converted once per process, whichever render asks for it; objects are checked against
// the part of it they reach (schema-for-instances.ts): the part all of a render's objects of the version reach when
// the render tells them ahead (expect), else each object's own; either compiled once per process.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import type { ValidatorCompiler } from './compiled-validators.ts';
import { schemaForInstances } from './schema-for-instances.ts';
import { formatKeyPath } from '../config/yaml-file.ts';
import type { KubeObject } from '../model/kube-object.ts';
import type { Scope } from '../model/scope.ts';
import { CelRules } from './cel/rules.ts';
import { applyDefaults } from './crd-defaults.ts';
import type { FormatDefinition } from './crd-formats.ts';
import { FORMAT_KEYWORD, RE2_KEYWORD, toJsonSchema, type SchemaProps } from './crd-json-schema.ts';
import { listTypeIssues } from './crd-list-types.ts';
import { fieldIssues, describeValue, type FieldIssue } from './schema-errors.ts';

interface CrdVersion {
  readonly name: string;
  readonly served?: boolean;
  readonly schema?: { readonly openAPIV3Schema?: SchemaProps };
}

interface CrdSpec {
  readonly group?: string;
  readonly scope?: string;
  readonly names?: { readonly kind?: string };
  readonly versions?: readonly CrdVersion[];
}

/** Something about a CRD that homelab cannot check (the API server will): a pattern, a CEL rule. */
export interface CrdNotice {
  /** Where in the CRD, e.g. `spec.versions[0].schema.openAPIV3Schema.properties[spec]…`. */
  readonly path: string;
  readonly message: string;
}

export interface CustomKind {
  readonly crd: string;
  readonly scope: Scope;
  /** `group/version` of every served version. */
  readonly served: readonly string[];
  /** Validates an object of one served version; undefined when the CRD does not serve it. */
  validator(apiVersion: string): ((object: KubeObject) => FieldIssue[]) | undefined;
  /**
   * Tells an object about to be checked, before the first of its version is: the objects told are then checked against
   * one validator, compiled once for the part of the schema all of them reach, rather than one compile per shape.
   */
  expect(resource: KubeObject): void;
}

/** One version's schema, compiled: the JSON-schema validator, the CEL rules, and what cannot be checked. */
export interface CompiledSchema {
  readonly schema: SchemaProps;
  /** A precompiled validator of the whole schema (Flux's), used as it is. */
  readonly validate: ValidateFunction | undefined;
  /** Otherwise: the JSON schema homelab derives and its custom formats, compiled in the parts objects reach. */
  readonly jsonSchema: object;
  readonly formats: ReadonlyMap<string, FormatDefinition>;
  readonly definitionPath: string;
  readonly rules: CelRules;
  /** Whether any node has a default or a set/map list type: objects of schemas without skip those walks. */
  readonly hasDefaults: boolean;
  readonly hasListTypes: boolean;
  /** Compile-time notices (untranslatable patterns); rules' notices come when they are compiled. */
  readonly notices: readonly CrdNotice[];
}

const compiledSchemas = new Map<string, CompiledSchema>();

/**
 * ajv's options for CRD schemas; scripts/flux-schemas.mjs precompiles Flux's with the same (and its own code options).
 * Without ajv's optimizing pass over the code it generates, compiling takes about half the time, which a cold render
 * pays for every shape of custom resource it checks; the code is as correct, a few names and branches longer.
 */
export const CRD_AJV_OPTIONS = { allErrors: true, strict: false, validateSchema: false, verbose: true, code: { optimize: false } } as const;

/** A validator scripts/flux-schemas.mjs precompiled, and the hash of the JSON schema it was compiled from. */
export interface PrecompiledSchema {
  readonly validate: ValidateFunction;
  readonly hash: string;
}

/** A precompiled validator for a schema, used when it was built from the same JSON schema homelab derives now. */
export interface SchemaCompiler {
  readonly precompiled?: PrecompiledSchema | undefined;
}

/** Identifies the JSON schema homelab derives from a CRD schema, so precompiled validators are used only when current. */
export function jsonSchemaHash(schema: SchemaProps, kubeMinor: number): string {
  return createHash('sha256').update(JSON.stringify(toJsonSchema(schema, kubeMinor).schema)).digest('hex');
}

/**
 * Converts (once per process) the schema of one CRD version; `definitionPath` locates it in the CRD for messages.
 * Nothing is compiled here: objects are checked against the parts they reach (validateCustomResource).
 */
export function compileSchema(schema: SchemaProps, definitionPath: string, kubeMinor: number, compiler: SchemaCompiler): CompiledSchema {
  const key = createHash('sha256').update(`${kubeMinor}\0${definitionPath}\0${JSON.stringify(schema)}`).digest('hex');
  const cached = compiledSchemas.get(key);
  if (cached) return cached;
  const converted = toJsonSchema(schema, kubeMinor);
  const notices: CrdNotice[] = converted.notices.map((notice) => ({ path: `${definitionPath} (field ${notice.field || '<root>'})`, message: notice.message }));
  const hash = compiler.precompiled ? createHash('sha256').update(JSON.stringify(converted.schema)).digest('hex') : undefined;
  const validate = compiler.precompiled && compiler.precompiled.hash === hash ? compiler.precompiled.validate : undefined;
  const rules = new CelRules(schema, definitionPath);
  const text = JSON.stringify(schema);
  const compiled: CompiledSchema = {
    schema, validate, jsonSchema: converted.schema, formats: converted.formats, definitionPath, rules, notices,
    hasDefaults: text.includes('"default":'), hasListTypes: /"x-kubernetes-list-type":"(set|map)"/.test(text),
  };
  compiledSchemas.set(key, compiled);
  return compiled;
}

/**
 * Every issue of one custom resource against a compiled schema; `notice` hears about what homelab could not check.
 * `compiler` compiles the part of the schema the object reaches, unless a precompiled validator covers it all.
 */
export function validateCustomResource(compiled: CompiledSchema, object: KubeObject, notice: (notice: CrdNotice) => void, compiler: ValidatorCompiler | undefined, expected?: ExpectedResources): FieldIssue[] {
  const data = checkedData(compiled, object);
  const validate = compiled.validate ?? (compiler && (expected?.validator(compiled, compiler, object) ?? validatorOfShape(compiled, compiler, data, notice)));
  if (validate && !validate(data)) return schemaIssues(validate.errors ?? [], data);
  const issues = compiled.hasListTypes ? listTypeIssues(data, compiled.schema, formatKeyPath) : [];
  // The API server skips CEL rules when the object is malformed; so does homelab.
  if (issues.length > 0 || compiled.rules.empty) return issues;
  return compiled.rules.evaluate(data, formatKeyPath, notice);
}

/** The object as its schema checks it. */
function checkedData(compiled: CompiledSchema, object: KubeObject): unknown {
  // kustomize-controller removes the sops block when it decrypts; the API server never sees it. The checks only
  // read the object (defaults go to a copy), so one without a sops block is not copied.
  const rest = Object.hasOwn(object, 'sops') ? withoutSops(object) : object;
  return compiled.hasDefaults ? applyDefaults(rest, compiled.schema) : rest;
}

/**
 * The objects of one CRD version a render is about to check, and one validator for all of them: the part of the schema
 * they reach together, compiled at the first check. A cold render of the realistic homelab (bench/realistic.ts) checks
 * 56 custom resources of 22 shapes against 9 CRD versions: 9 compiles instead of 22. The validator serves only objects
 * with the JSON text of one it was cut for; any other is checked against the part it reaches alone.
 */
export class ExpectedResources {
  #texts: Set<string> | undefined;
  /** null when ajv could not compile the whole part (each object's own part may still compile). */
  #validate: ValidateFunction | null | undefined;

  constructor(private readonly resources: readonly KubeObject[]) {}

  validator(compiled: CompiledSchema, compiler: ValidatorCompiler, object: KubeObject): ValidateFunction | undefined {
    if (this.resources.length < 2) return undefined;
    this.#texts ??= new Set(this.resources.map((resource) => JSON.stringify(resource)));
    if (!this.#texts.has(JSON.stringify(object))) return undefined;
    if (this.#validate === undefined) {
      const part = schemaForInstances(compiled.jsonSchema, this.resources.map((resource) => checkedData(compiled, resource))) as object;
      const result = compiler.compile(part, compiled.formats);
      this.#validate = 'error' in result ? null : result.validate;
    }
    return this.#validate ?? undefined;
  }
}

function withoutSops(object: KubeObject): KubeObject {
  const { sops: _sops, ...rest } = object;
  return rest as KubeObject;
}

/**
 * The validator of the part of the schema `data` reaches: it decides `data` exactly as the whole schema would, and
 * compiles in milliseconds where the whole can take a second (Prometheus's CRD embeds entire pod specs).
 */
function validatorOfShape(compiled: CompiledSchema, compiler: ValidatorCompiler, data: unknown, notice: (notice: CrdNotice) => void): ValidateFunction | undefined {
  const part = schemaForInstances(compiled.jsonSchema, [data]) as object;
  const result = compiler.compile(part, compiled.formats);
  if ('error' in result) {
    notice({ path: compiled.definitionPath, message: `the schema is not checked: ${result.error}` });
    return undefined;
  }
  return result.validate;
}

/**
 * ajv errors as field issues, in the API server's words where it has its own (kube-openapi's messages as
 * apiextensions-apiserver turns them into field errors), with the CRD's own pattern rather than its translation.
 * Types, required and unknown fields keep homelab's wording, shared with built-in kinds.
 */
function schemaIssues(errors: readonly ErrorObject[], data: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const relevant = errors.filter((error) => error.keyword !== 'if');
  const alternatives = relevant.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath);
  for (const error of relevant) {
    if (alternatives.some((prefix) => error.schemaPath.startsWith(`${prefix}/`))) continue;
    const [base] = fieldIssues([error], data);
    if (!base) continue;
    const message = apiServerMessage(error, base.path) ?? base.message;
    const key = `${base.path}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: base.path, message });
  }
  return issues;
}

function apiServerMessage(error: ErrorObject, path: string): string | undefined {
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  const value = describeValue(error.data);
  const field = path || '<root>';
  switch (error.keyword) {
    case 'enum':
      return `Unsupported value: ${value}: supported values: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
    case 'maxLength':
      return `Too long: may not be more than ${String(params.limit)} ${params.limit === 1 ? 'byte' : 'bytes'}`;
    case 'maxItems':
      return `Too many: ${Array.isArray(error.data) ? error.data.length : '?'}: must have at most ${String(params.limit)} ${params.limit === 1 ? 'item' : 'items'}`;
    case 'maxProperties':
      return `Too many: ${error.data && typeof error.data === 'object' ? Object.keys(error.data).length : '?'}: must have at most ${String(params.limit)} ${params.limit === 1 ? 'item' : 'items'}`;
    case 'minLength':
      return `Invalid value: ${value}: ${field} in body should be at least ${String(params.limit)} chars long`;
    case 'minItems':
      return `Invalid value: ${value}: ${field} in body should have at least ${String(params.limit)} items`;
    case 'minProperties':
      return `Invalid value: ${value}: ${field} in body should have at least ${String(params.limit)} properties`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words = { minimum: 'greater than or equal to', maximum: 'less than or equal to', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' }[error.keyword];
      return `Invalid value: ${value}: ${field} in body should be ${words} ${String(params.limit)}`;
    }
    case 'multipleOf':
      return `Invalid value: ${value}: ${field} in body should be a multiple of ${String(params.multipleOf)}`;
    case 'pattern':
      return `Invalid value: ${value}: ${field} in body should match '${String(parent?.[RE2_KEYWORD] ?? params.pattern)}'`;
    case 'format':
      return `Invalid value: ${value}: ${field} in body must be of type ${String(parent?.[FORMAT_KEYWORD] ?? params.format)}: ${value}`;
    default:
      return undefined;
  }
}

/** The export name of a CRD version's precompiled validator (scripts/flux-schemas.mjs). */
export function validatorName(crd: string, version: string): string {
  return `${crd}/${version}`.replace(/[^A-Za-z0-9_$]/g, '_');
}

/**
 * `group/Kind` → what these CRDs say about it. Validators compile with `compiler`, or come from `precompiled`
 * (by validatorName) when it has them.
 */
export function customKinds(
  crds: readonly { readonly object: KubeObject }[],
  compiler: ValidatorCompiler | undefined,
  kubeMinor: number,
  notice: (crd: KubeObject, notice: CrdNotice) => void,
  precompiled?: Readonly<Record<string, PrecompiledSchema>>,
): Map<string, CustomKind> {
  const kinds = new Map<string, CustomKind>();
  for (const { object } of crds) {
    const spec = (object.spec ?? {}) as CrdSpec;
    if (!spec.group || !spec.names?.kind) continue;
    // apiVersion → the objects told by expect().
    const expected = new Map<string, KubeObject[]>();
    const allVersions = spec.versions ?? [];
    const versions = allVersions.filter((version) => version.served !== false);
    type Made = ((resource: KubeObject) => FieldIssue[]) | undefined;
    const makeValidator = (apiVersion: string): Made => {
      const version = versions.find((v) => `${spec.group}/${v.name}` === apiVersion);
      if (!version) return undefined;
      const schema = version.schema?.openAPIV3Schema;
      if (!schema) return () => [];
      const ready = precompiled?.[validatorName(object.metadata.name ?? '', version.name)];
      // Converted when an object is checked, not when its kind is looked up: a check whose verdict is remembered
      // (validate.ts) needs no schema at all. The schema's notices belong to every check, so they are told there.
      let converted: CompiledSchema | undefined;
      let together: ExpectedResources | undefined;
      return (resource) => {
        const compiled = (converted ??= compileSchema(schema, `spec.versions[${allVersions.indexOf(version)}].schema.openAPIV3Schema`, kubeMinor, { precompiled: ready }));
        for (const item of compiled.notices) notice(object, item);
        together ??= new ExpectedResources(expected.get(apiVersion) ?? []);
        return validateCustomResource(compiled, resource, (item) => notice(object, item), compiler, together);
      };
    };
    // One validator per version, made on first use: it is asked for every object of the kind (1000 Kustomizations).
    const validators = new Map<string, Made>();
    kinds.set(`${spec.group}/${spec.names.kind}`, {
      crd: object.metadata.name ?? `${spec.group}/${spec.names.kind}`,
      scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
      served: versions.map((version) => `${spec.group}/${version.name}`),
      validator(apiVersion) {
        if (!validators.has(apiVersion)) validators.set(apiVersion, makeValidator(apiVersion));
        return validators.get(apiVersion);
      },
      expect(resource) {
        const told = expected.get(resource.apiVersion);
        if (told) told.push(resource);
        else expected.set(resource.apiVersion, [resource]);
      },
    });
  }
  return kinds;
}
