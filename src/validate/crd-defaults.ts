// What the API server does to a custom resource before validating it: apply the schema's defaults, also in place
// of nulls in non-nullable fields (pkg/apiserver/schema/defaulting/algorithm.go). Other nulls stay, and a null
// in a field that is not nullable is an error, as `kubectl apply --server-side` shows.
import type { SchemaProps } from './crd-json-schema.ts';

type Json = unknown;

/** `value` with the schema's defaults applied, as the API server stores it (a copy where anything changes). */
export function applyDefaults(value: Json, schema: SchemaProps | undefined): Json {
  return defaulted(value, schema);
}

const nonNullableNull = (value: Json, schema: SchemaProps | undefined) => value === null && schema !== undefined && schema.nullable !== true;

/** Whether a default sits anywhere in the schema (memoized): other subtrees are returned as they are, uncopied. */
const withDefaults = new WeakMap<SchemaProps, boolean>();

function hasDefaults(schema: SchemaProps): boolean {
  let known = withDefaults.get(schema);
  if (known === undefined) {
    const additional = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaProps) : undefined;
    const items = schema.items as SchemaProps | undefined;
    known = schema.default !== undefined
      || (items !== undefined && hasDefaults(items))
      || (additional !== undefined && hasDefaults(additional))
      || Object.values((schema.properties ?? {}) as Record<string, SchemaProps>).some(hasDefaults);
    withDefaults.set(schema, known);
  }
  return known;
}

function defaulted(value: Json, schema: SchemaProps | undefined): Json {
  if (!schema || !hasDefaults(schema)) return value;
  if (Array.isArray(value)) {
    const items = schema.items as SchemaProps | undefined;
    return value.map((item) => defaulted(nonNullableNull(item, items) && items?.default !== undefined ? copyOf(items.default) : item, items));
  }
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, Json> = { ...(value as Record<string, Json>) };
  const properties = (schema.properties ?? {}) as Record<string, SchemaProps>;
  for (const [key, property] of Object.entries(properties)) {
    if (property.default === undefined) continue;
    if (!Object.hasOwn(out, key) || nonNullableNull(out[key], property)) out[key] = copyOf(property.default);
  }
  const additional = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaProps) : undefined;
  for (const key of Object.keys(out)) {
    if (Object.hasOwn(properties, key)) out[key] = defaulted(out[key], properties[key]);
    else if (additional) {
      if (nonNullableNull(out[key], additional) && additional.default !== undefined) out[key] = copyOf(additional.default);
      out[key] = defaulted(out[key], additional);
    }
  }
  return out;
}

/** A default's own copy: defaults are JSON (a CRD's schema), so arrays and plain objects are all there is to copy. */
function copyOf(value: Json): Json {
  if (Array.isArray(value)) return value.map(copyOf);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(value)) out[key] = copyOf((value as Record<string, Json>)[key]);
  return out;
}
