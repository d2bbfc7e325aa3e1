// A schema cut down to the parts some given values can reach. A CRD's schema can be a megabyte (Prometheus embeds
// whole pod specs) while a custom resource sets a few dozen fields; compiling all of it costs about a second, compiling
// what the resource reaches a few milliseconds. For those values the cut schema decides exactly as the whole one does:
// a keyword applies to a value only through the path from the root to it, and every node on such a path keeps all its
// own keywords (required, enum, bounds, the names of its properties for unknown-field checks); only subschemas that
// no value reaches become `{}`.

type Schema = Readonly<Record<string, unknown>>;

const EMPTY: Schema = Object.freeze({});
/** Keywords whose subschemas apply at nested values or again at this one; everything else is kept as it is. */
const NESTED = new Set(['properties', 'items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']);
/** Keywords that reach values in ways this cut does not follow: a schema holding any of them is kept whole. */
const UNFOLLOWED = ['$ref', 'patternProperties', 'additionalItems', 'prefixItems', 'contains', 'propertyNames', 'dependencies', 'dependentSchemas', 'dependentRequired', 'unevaluatedProperties', 'unevaluatedItems', 'definitions', '$defs'];

/** `schema` (an OpenAPI v3 / JSON schema node) with what none of `values` can reach replaced by `{}`. */
export function schemaForInstances(schema: unknown, values: readonly unknown[]): unknown {
  if (!isObject(schema)) return schema;
  if (UNFOLLOWED.some((keyword) => keyword in schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) if (!NESTED.has(key)) out[key] = schema[key];

  const objects = values.filter(isObject);
  if (isObject(schema.properties)) {
    const properties: Record<string, unknown> = {};
    for (const name of Object.keys(schema.properties)) {
      const reached = objects.filter((value) => Object.hasOwn(value, name)).map((value) => value[name]);
      properties[name] = reached.length > 0 ? schemaForInstances(schema.properties[name], reached) : EMPTY;
    }
    out.properties = properties;
  } else if ('properties' in schema) {
    out.properties = schema.properties;
  }
  if ('additionalProperties' in schema) {
    if (isObject(schema.additionalProperties)) {
      const named = isObject(schema.properties) ? schema.properties : {};
      const reached = objects.flatMap((value) => Object.keys(value).filter((name) => !Object.hasOwn(named, name)).map((name) => value[name]));
      out.additionalProperties = reached.length > 0 ? schemaForInstances(schema.additionalProperties, reached) : EMPTY;
    } else {
      out.additionalProperties = schema.additionalProperties;
    }
  }
  if ('items' in schema) {
    if (isObject(schema.items)) {
      const reached = values.filter(Array.isArray).flat();
      out.items = reached.length > 0 ? schemaForInstances(schema.items, reached) : EMPTY;
    } else {
      // A tuple (items as a list) is kept as written.
      out.items = schema.items;
    }
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (keyword in schema) out[keyword] = Array.isArray(branches) ? branches.map((branch) => schemaForInstances(branch, values)) : branches;
  }
  // Schemas applied to the value itself (homelab writes a nullable field as if: {type: null}, then: true, else: …).
  for (const keyword of ['not', 'if', 'then', 'else'] as const) if (keyword in schema) out[keyword] = schemaForInstances(schema[keyword], values);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
