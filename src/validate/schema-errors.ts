// Turns JSON-schema (ajv) errors into field paths and messages users can act on: `spec.replicas: expected integer, got "two"`.
import type { ErrorObject } from 'ajv';
import { formatKeyPath } from '../config/yaml-file.ts';
import { didYouMean } from '../util/did-you-mean.ts';

export interface FieldIssue {
  /** The JSON path of the field, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly message: string;
}

export function fieldIssues(errors: readonly ErrorObject[] | null | undefined, data: unknown): FieldIssue[] {
  if (!errors) return [];
  // oneOf/anyOf report every branch's failure too: keep only the summary.
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath);
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (alternatives.some((prefix) => error.schemaPath.startsWith(`${prefix}/`))) continue;
    const issue = toIssue(error, data);
    const key = `${issue.path}\0${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function toIssue(error: ErrorObject, data: unknown): FieldIssue {
  const segments = pointerSegments(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = ([] as unknown[]).concat(params.type).map(String);
      return { path: formatKeyPath(segments), message: `expected ${types.join(' or ')}, got ${describeValue(error.data)}` };
    }
    case 'required':
      return { path: formatKeyPath([...segments, String(params.missingProperty)]), message: 'Required value' };
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return { path: formatKeyPath([...segments, property]), message: `unknown field${didYouMean(property, known)}` };
    }
    case 'enum': {
      // The API server's field.NotSupported wording; "" stands for "unset" and is not offered.
      const allowed = (params.allowedValues as unknown[]).filter((value) => value !== '').map((value) => JSON.stringify(value)).join(', ');
      return { path: formatKeyPath(segments), message: `Unsupported value: ${JSON.stringify(error.data)}: supported values: ${allowed}` };
    }
    case 'oneOf':
    case 'anyOf':
      return { path: formatKeyPath(segments), message: `${describeValue(error.data)} matches none of the allowed forms` };
    case 'maximum':
    case 'minimum':
      // The built-in schemas bound int32 fields so: Go would wrap the number around instead of refusing it.
      if (params.limit === 2147483647 || params.limit === -2147483648) {
        return { path: formatKeyPath(segments), message: `Invalid value: ${String(error.data)}: does not fit in 32 bits; the API server would read it as ${(Number(error.data) << 0) | 0}` };
      }
      return { path: formatKeyPath(segments), message: error.message ?? `fails ${error.keyword}` };
    default:
      return { path: formatKeyPath(segments), message: error.message ?? `fails ${error.keyword}` };
  }
}

/** `/spec/containers/0/image` → `['spec', 'containers', 0, 'image']`, numbers where the data is a list. */
function pointerSegments(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const segments: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      segments.push(Number(key));
      node = node[Number(key)];
    } else {
      segments.push(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return segments;
}

/** How a wrong value reads in a message: `"two"`, `3`, `true`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** The API server treats a null field as absent; so does validation (Helm charts emit many). */
export function withoutNulls<T>(value: T): T {
  return hasNull(value) ? (stripNulls(value) as T) : value;
}

function hasNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasNull);
  for (const key in value) if (hasNull((value as Record<string, unknown>)[key])) return true;
  return false;
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = stripNulls(item);
    return out;
  }
  return value;
}
