// Lists with `x-kubernetes-list-type: set` or `map` hold no two equal items or keys, as the API server checks
// (pkg/apiserver/schema/listtype/validation.go) and server-side apply, which Flux uses, requires.
import type { SchemaProps } from './crd-json-schema.ts';
import type { FieldIssue } from './schema-errors.ts';

type Path = (string | number)[];

export function listTypeIssues(value: unknown, schema: SchemaProps | undefined, format: (path: Path) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const walk = (node: unknown, sub: SchemaProps | undefined, path: Path) => {
    if (!sub || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      const type = sub['x-kubernetes-list-type'];
      if (type === 'set') {
        for (const i of duplicates(node.map(canonical))) issues.push({ path: format([...path, i]), message: `Duplicate value: ${goValue(node[i])}` });
      } else if (type === 'map') {
        const keys = (sub['x-kubernetes-list-map-keys'] ?? []) as string[];
        const bad = node.findIndex((item) => item !== null && (typeof item !== 'object' || Array.isArray(item)));
        if (bad !== -1) issues.push({ path: format([...path, bad]), message: `Invalid value: ${goValue(node[bad])}: must be an object for an array of list-type map` });
        else {
          const entries = node.map((item) => {
            const key: Record<string, unknown> = {};
            for (const name of keys) if (item && Object.hasOwn(item, name)) key[name] = (item as Record<string, unknown>)[name];
            return key;
          });
          for (const i of duplicates(entries.map(canonical))) issues.push({ path: format([...path, i]), message: `Duplicate value: ${goValue(entries[i])}` });
        }
      }
      node.forEach((item, i) => walk(item, sub.items as SchemaProps | undefined, [...path, i]));
      return;
    }
    const properties = (sub.properties ?? {}) as Record<string, SchemaProps>;
    const additional = typeof sub.additionalProperties === 'object' ? (sub.additionalProperties as SchemaProps) : undefined;
    for (const [key, item] of Object.entries(node)) walk(item, Object.hasOwn(properties, key) ? properties[key] : additional, [...path, key]);
  };
  walk(value, schema, []);
  return issues;
}

/** Indices of the second occurrence of each repeated value (later repeats are not reported again, as in Go). */
function duplicates(keys: string[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  keys.forEach((key, i) => {
    const times = seen.get(key) ?? 0;
    if (times === 1) out.push(i);
    seen.set(key, times + 1);
  });
  return out;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Values as the API server prints them in field errors: strings quoted, objects as Go maps. */
function goValue(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.keys(value).sort().map((key) => `"${key}":${goScalar((value as Record<string, unknown>)[key])}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return goScalar(value);
}

function goScalar(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? `${value}` : `${value}`;
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}
