// Custom resources against the openAPIV3Schema of the CRDs in the render, made strict like the API server's pruning.
import type { KubeObject } from '../model/kube-object.ts';
import type { Scope } from '../model/scope.ts';
import type { RenderedObject } from './object-problem.ts';
import type { ValidatorCompiler } from './compiled-validators.ts';
import { schemaForInstances } from './schema-for-instances.ts';
import { fieldIssues, withoutNulls, type FieldIssue } from './schema-errors.ts';

interface CrdVersion {
  readonly name: string;
  readonly served?: boolean;
  readonly schema?: { readonly openAPIV3Schema?: Record<string, unknown> };
}

interface CrdSpec {
  readonly group?: string;
  readonly scope?: string;
  readonly names?: { readonly kind?: string };
  readonly versions?: readonly CrdVersion[];
}

export interface CustomKind {
  readonly crd: string;
  readonly scope: Scope;
  /** `group/version` of every served version. */
  readonly served: readonly string[];
  /** Validates an object of one served version; undefined when the CRD does not serve it. */
  validator(apiVersion: string): ((object: KubeObject) => FieldIssue[]) | undefined;
}

/** ajv's options for CRD schemas. */
export const CRD_AJV_OPTIONS = { allErrors: true, strict: false, validateFormats: false, validateSchema: false, verbose: true } as const;

/**
 * `group/Kind` → what the CRDs in the render say about it. Each object is checked against its version's schema cut
 * down to what the object reaches (schema-for-instances.ts), compiled once per process for every shape.
 */
export function customKinds(crds: readonly RenderedObject[], compiler: ValidatorCompiler | undefined): Map<string, CustomKind> {
  if (crds.length === 0 || !compiler) return new Map();
  const kinds = new Map<string, CustomKind>();
  for (const { object } of crds) {
    const spec = (object.spec ?? {}) as CrdSpec;
    if (!spec.group || !spec.names?.kind) continue;
    const versions = (spec.versions ?? []).filter((version) => version.served !== false);
    kinds.set(`${spec.group}/${spec.names.kind}`, {
      crd: object.metadata.name ?? `${spec.group}/${spec.names.kind}`,
      scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
      served: versions.map((version) => `${spec.group}/${version.name}`),
      validator(apiVersion) {
        const version = versions.find((v) => `${spec.group}/${v.name}` === apiVersion);
        if (!version) return undefined;
        return (object) => {
          const schema = version.schema?.openAPIV3Schema;
          const data = withoutNulls(object);
          // A schema ajv cannot compile (say, an RE2-only pattern) is left to the API server rather than guessed at.
          const fn = schema ? compiler.compile(rootSchema(schemaForInstances(schema, [data]) as Record<string, unknown>)) : undefined;
          if (!fn) return [];
          return fn(data) ? [] : fieldIssues(fn.errors, data);
        };
      },
    });
  }
  return kinds;
}

/** The API server always accepts apiVersion, kind and metadata at the root, whatever the schema lists. */
function rootSchema(schema: Record<string, unknown>): object {
  const root = structural(schema) as Record<string, unknown>;
  if (root.properties) {
    root.properties = {
      ...(root.properties as object),
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
    };
  }
  return root;
}

const KEPT = ['type', 'enum', 'required', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf'];

/** An OpenAPI v3 structural schema as JSON schema, with Kubernetes' extensions spelled out. */
function structural(schema: Record<string, unknown>): object {
  const out: Record<string, unknown> = {};
  for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
  // OpenAPI 3.0 spells exclusive bounds as booleans next to minimum/maximum.
  if (schema.exclusiveMinimum === true && typeof schema.minimum === 'number') {
    out.exclusiveMinimum = schema.minimum;
    delete out.minimum;
  }
  if (schema.exclusiveMaximum === true && typeof schema.maximum === 'number') {
    out.exclusiveMaximum = schema.maximum;
    delete out.maximum;
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    return out;
  }
  const sub = (value: unknown) => structural((value ?? {}) as Record<string, unknown>);
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (schema.properties && typeof schema.properties === 'object') {
    const properties: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(schema.properties)) properties[name] = sub(property);
    // An embedded object (a pod template's metadata, say) always allows apiVersion, kind and metadata.
    out.properties = schema['x-kubernetes-embedded-resource'] === true
      ? { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...properties }
      : properties;
  }
  if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) out.items = sub(schema.items);
  if (typeof schema.additionalProperties === 'boolean') out.additionalProperties = schema.additionalProperties;
  else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.additionalProperties = sub(schema.additionalProperties);
  // Unknown fields: the API server prunes them silently, which loses the user's intent; kubectl --validate=strict rejects them.
  else if (schema.properties && !preserve) out.additionalProperties = false;
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) out[key] = (schema[key] as unknown[]).map(sub);
  }
  if (schema.not && typeof schema.not === 'object') out.not = sub(schema.not);
  return out;
}
