// What one corpus entry is: an object, the cause it exercises, and whether its author expects the API server to accept it.

/** The causes of disagreement issue 11 lists, plus baselines, plain schema checks and rendered charts. */
export const CAUSES = [
  'baseline', // a valid object of the kind, as users write it
  'schema', // types and unknown fields: what the OpenAPI schema alone decides
  'api-rules', // the API server's own Go validation: ranges, cross-field rules, ports, cron schedules
  'enum', // enum values the built-in schemas do not carry
  'name-format', // names, labels, annotations, keys: formats and lengths
  'api-version', // alpha/beta/removed API versions a default API server does not serve
  'required', // fields required by the Go code but optional in the schema
  'crd-definition', // what apiextensions refuses in a CustomResourceDefinition
  'quantity', // resource quantities
  'list-keys', // duplicate keys in associative lists (server-side apply)
  'cr-rules', // custom resources against their CRD: CEL, formats, list types, bounds
  'int-or-string', // what an int-or-string field means
  'flux', // Flux's own kinds against their CRDs
  're2', // RE2-only regular expressions in CRD patterns and CEL
  'chart', // an object of a real chart, rendered by helm
] as const;

export type Cause = (typeof CAUSES)[number];

/** Kind families, for the coverage figure. */
export type Family =
  | 'workloads'
  | 'services-networking'
  | 'config-storage'
  | 'rbac'
  | 'policy-scheduling'
  | 'admission'
  | 'crd'
  | 'custom-resource'
  | 'flux'
  | 'chart';

export type JsonObject = { [key: string]: unknown };

export interface CorpusEntry {
  /** Stable and unique, e.g. `deployment/selector-mismatch`; known gaps name entries by it. */
  readonly id: string;
  readonly family: Family;
  readonly cause: Cause;
  /** The author's expectation of the API server's verdict; `undefined` for rendered charts (no expectation). */
  readonly valid: boolean | undefined;
  /** The object, as a JSON value (generated entries). */
  readonly object: JsonObject;
  /** The document exactly as a tool wrote it (rendered charts): what homelab reads. @default JSON of `object` */
  readonly text?: string;
  /** Namespace for namespaced objects that name none (charts rely on `helm --namespace`). @default the object's */
  readonly namespace?: string;
}

/** The oracle's own namespace: every generated namespaced object lives here unless it says otherwise. */
export const NS = 'oracle';

/** Deep copy of a JSON value, so every mutation starts from a fresh base. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** A lower-case DNS label of `length` characters, e.g. for name-length limits. */
export function nameOfLength(prefix: string, length: number): string {
  return (prefix + 'x'.repeat(Math.max(0, length - prefix.length))).slice(0, length);
}
