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

/** Per schema node: the properties with a default, and those (and additionalProperties) with defaults inside. */
interface DefaultsPlan {
  readonly properties: Readonly<Record<string, SchemaProps>>;
  readonly defaults: readonly (readonly [string, SchemaProps])[];
  readonly nested: readonly (readonly [string, SchemaProps])[];
  readonly additional: SchemaProps | undefined;
}

const plans = new WeakMap<SchemaProps, DefaultsPlan>();

function planOf(schema: SchemaProps): DefaultsPlan {
  let plan = plans.get(schema);
  if (!plan) {
    const properties = (schema.properties ?? {}) as Record<string, SchemaProps>;
    const entries = Object.entries(properties);
    const additional = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as SchemaProps) : undefined;
    plan = {
      properties,
      defaults: entries.filter(([, property]) => property.default !== undefined),
      nested: entries.filter(([, property]) => hasDefaults(property)),
      additional: additional && hasDefaults(additional) ? additional : undefined,
    };
    plans.set(schema, plan);
  }
  return plan;
}

function defaulted(value: Json, schema: SchemaProps | undefined): Json {
  if (!schema || !hasDefaults(schema)) return value;
  if (Array.isArray(value)) {
    const items = schema.items as SchemaProps | undefined;
    return value.map((item) => defaulted(nonNullableNull(item, items) && items?.default !== undefined ? copyOf(items.default) : item, items));
  }
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, Json> = { ...(value as Record<string, Json>) };
  // Only properties with defaults in them can change: the others are left as they are.
  const { properties, defaults, nested, additional } = planOf(schema);
  // Index loops without destructuring: this runs for every custom resource (1000 Kustomizations), mostly unoptimized.
  for (let i = 0; i < defaults.length; i++) {
    const key = defaults[i]![0];
    const property = defaults[i]![1];
    if (!Object.hasOwn(out, key) || nonNullableNull(out[key], property)) out[key] = copyOf(property.default);
  }
  for (let i = 0; i < nested.length; i++) {
    const key = nested[i]![0];
    if (Object.hasOwn(out, key)) out[key] = defaulted(out[key], nested[i]![1]);
  }
  if (additional) {
    for (const key of Object.keys(out)) {
      if (Object.hasOwn(properties, key)) continue;
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
