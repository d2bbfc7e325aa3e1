// What the API server does to a custom resource before validating it: drop nulls of non-nullable fields
// without a default, then apply the schema's defaults (pkg/apiserver/schema/defaulting: prunenulls.go, algorithm.go).
import type { SchemaProps } from './crd-json-schema.ts';

type Json = unknown;

/** A deep copy of `value` with nulls pruned and defaults applied, as the API server stores it. */
export function applyDefaults(value: Json, schema: SchemaProps | undefined): Json {
  return defaulted(pruneNulls(value, schema), schema);
}

function fieldSchema(schema: SchemaProps | undefined, key: string): SchemaProps | undefined {
  if (!schema) return undefined;
  const properties = schema.properties as Record<string, SchemaProps> | undefined;
  if (properties && Object.hasOwn(properties, key)) return properties[key];
  return typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaProps) : undefined;
}

function pruneNulls(value: Json, schema: SchemaProps | undefined): Json {
  if (Array.isArray(value)) return value.map((item) => pruneNulls(item, schema?.items as SchemaProps | undefined));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    const sub = fieldSchema(schema, key);
    if (item === null && sub && sub.nullable !== true && sub.default === undefined) continue;
    out[key] = pruneNulls(item, sub);
  }
  return out;
}

const nonNullableNull = (value: Json, schema: SchemaProps | undefined) => value === null && schema !== undefined && schema.nullable !== true;

function defaulted(value: Json, schema: SchemaProps | undefined): Json {
  if (!schema) return value;
  if (Array.isArray(value)) {
    const items = schema.items as SchemaProps | undefined;
    return value.map((item) => defaulted(nonNullableNull(item, items) && items?.default !== undefined ? structuredClone(items.default) : item, items));
  }
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, Json> = { ...(value as Record<string, Json>) };
  const properties = (schema.properties ?? {}) as Record<string, SchemaProps>;
  for (const [key, property] of Object.entries(properties)) {
    if (property.default === undefined) continue;
    if (!Object.hasOwn(out, key) || nonNullableNull(out[key], property)) out[key] = structuredClone(property.default);
  }
  const additional = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaProps) : undefined;
  for (const key of Object.keys(out)) {
    if (Object.hasOwn(properties, key)) out[key] = defaulted(out[key], properties[key]);
    else if (additional) {
      if (nonNullableNull(out[key], additional) && additional.default !== undefined) out[key] = structuredClone(additional.default);
      out[key] = defaulted(out[key], additional);
    }
  }
  return out;
}
