// A CRD's structural openAPIV3Schema as a JSON schema for ajv, with Kubernetes' extensions spelled out:
// RE2 patterns translated, the formats the API server checks, nullable, int-or-string, embedded resources,
// and unknown fields refused as `kubectl apply --validate=strict` does.
import { formatCheck, type FormatDefinition } from './crd-formats.ts';
import { translateRe2 } from './re2.ts';

export type SchemaProps = Readonly<Record<string, unknown>>;

/** A pattern or format that cannot be checked; the rest of the schema still applies. */
export interface SchemaNotice {
  /** Where in the custom resource, e.g. `spec.hostname`. */
  readonly field: string;
  readonly message: string;
}

export interface JsonSchemaResult {
  readonly schema: object;
  readonly notices: readonly SchemaNotice[];
  /** Custom formats the schema uses: ajv format name → definition. */
  readonly formats: ReadonlyMap<string, FormatDefinition>;
}

/** ajv keyword holding the original RE2 pattern, so messages show what the CRD says rather than its translation. */
export const RE2_KEYWORD = 'x-homelab-re2';
/** ajv keyword holding the original format name. */
export const FORMAT_KEYWORD = 'x-homelab-format';

const KEPT = ['enum', 'required', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'multipleOf'];

/** Conversions by schema object: a render's CRD definition check and its custom resources' checks share them. */
const converted = new WeakMap<SchemaProps, Map<number, JsonSchemaResult>>();

/** The JSON schema of `root`, converted once per schema object (callers only read it). */
export function toJsonSchema(root: SchemaProps, kubeMinor: number): JsonSchemaResult {
  let byMinor = converted.get(root);
  if (!byMinor) converted.set(root, (byMinor = new Map()));
  let result = byMinor.get(kubeMinor);
  if (!result) byMinor.set(kubeMinor, (result = convertSchema(root, kubeMinor)));
  return result;
}

function convertSchema(root: SchemaProps, kubeMinor: number): JsonSchemaResult {
  const notices: SchemaNotice[] = [];
  const formats = new Map<string, FormatDefinition>();

  const convert = (schema: SchemaProps, field: string, embedded: boolean): Record<string, unknown> => {
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
    const intOrString = schema['x-kubernetes-int-or-string'] === true;
    if (intOrString) out.type = ['integer', 'string'];
    else if (typeof schema.type === 'string') out.type = schema.type;

    if (typeof schema.pattern === 'string') {
      const translated = translateRe2(schema.pattern, { unicode: true });
      if (translated.ok) {
        out.pattern = translated.source;
        out[RE2_KEYWORD] = schema.pattern;
      } else {
        notices.push({ field, message: `pattern ${JSON.stringify(schema.pattern)} is not checked: ${translated.reason}` });
      }
    }
    if (typeof schema.format === 'string' && (schema.type === 'string' || intOrString)) {
      const check = formatCheck(schema.format, kubeMinor);
      if (check) {
        const name = `k8s-${schema.format.replace(/-/g, '')}`;
        formats.set(name, check);
        out.format = name;
        out[FORMAT_KEYWORD] = schema.format;
      }
    }

    const sub = (value: unknown, path: string) => {
      const child = (value ?? {}) as SchemaProps;
      return convert(child, path, child['x-kubernetes-embedded-resource'] === true);
    };
    const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
    if (schema.properties && typeof schema.properties === 'object') {
      const properties: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties)) properties[name] = sub(property, join(field, name));
      // An embedded object (a pod template, a raw resource) always allows apiVersion, kind and metadata.
      out.properties = embedded ? { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...properties } : properties;
    }
    // An embedded resource is an object of its own: the API server requires its apiVersion and kind (schema/objectmeta).
    if (embedded) out.required = [...new Set(['apiVersion', 'kind', ...((out.required as string[] | undefined) ?? [])])];
    if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) out.items = sub(schema.items, `${field}[*]`);
    if (typeof schema.additionalProperties === 'boolean') out.additionalProperties = schema.additionalProperties;
    else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') out.additionalProperties = sub(schema.additionalProperties, `${field}[*]`);
    // Unknown fields: the API server prunes them silently, which loses the user's intent; kubectl --validate=strict rejects them.
    else if (!preserve && (schema.properties || (schema.type === 'object' && !embedded))) out.additionalProperties = false;
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      if (!Array.isArray(schema[key])) continue;
      // The int-or-string idiom `anyOf: [{type: integer}, {type: string}]` is what x-kubernetes-int-or-string already says.
      if (key === 'anyOf' && intOrString && isIntOrStringAnyOf(schema[key] as unknown[])) continue;
      out[key] = (schema[key] as unknown[]).map((part) => valueValidation(part as SchemaProps, field));
    }
    if (schema.not && typeof schema.not === 'object') out.not = valueValidation(schema.not as SchemaProps, field);
    // A null passes every check of a nullable field (the API server short-circuits on it).
    if (schema.nullable === true) return { if: { type: 'null' }, then: true, else: out };
    return out;
  };

  /** allOf/anyOf/oneOf/not parts: value validations only, no structure of their own (no additionalProperties: false). */
  const valueValidation = (schema: SchemaProps, field: string): Record<string, unknown> => {
    const out = convert(schema, field, false);
    if (!schema.additionalProperties) delete out.additionalProperties;
    return out;
  };

  const schema = convert(root, '', false);
  // The API server always accepts apiVersion, kind and metadata at the root, whatever the schema lists.
  schema.properties = { ...((schema.properties as object | undefined) ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
  if (root['x-kubernetes-preserve-unknown-fields'] !== true) schema.additionalProperties = false;
  return { schema, notices, formats };
}

function isIntOrStringAnyOf(parts: unknown[]): boolean {
  return parts.length === 2 && JSON.stringify(parts.map((part) => (part as SchemaProps).type)) === '["integer","string"]' && parts.every((part) => Object.keys(part as object).length === 1);
}

function join(field: string, name: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(name) ? (field ? `${field}.${name}` : name) : `${field}[${JSON.stringify(name)}]`;
}
