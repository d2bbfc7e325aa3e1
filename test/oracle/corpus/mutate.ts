// Builds entries from a base object and a list of mutations, one entry per mutation (plus the base itself).
import { clone, type Cause, type CorpusEntry, type Family, type JsonObject } from './entry.ts';

/** One mutation: a slug (unique within its base), the cause it exercises, the expected verdict, and the edit. */
export interface Mutation<T = JsonObject> {
  readonly slug: string;
  readonly cause: Cause;
  readonly valid: boolean;
  readonly edit: (target: T, object: JsonObject) => void;
}

/** Shorthand for a mutation. */
export function m<T = JsonObject>(slug: string, cause: Cause, valid: boolean, edit: (target: T, object: JsonObject) => void): Mutation<T> {
  return { slug, cause, valid, edit };
}

export interface VariantsOptions<T> {
  /** Entry ids are `<prefix>/<slug>`; object names `<prefix>-<slug>` unless a mutation sets its own. */
  readonly prefix: string;
  readonly family: Family;
  /** A fresh valid base object named `name`. */
  readonly base: (name: string) => JsonObject;
  /** What a mutation edits inside the object (e.g. the pod spec of a Deployment). @default the object */
  readonly target?: (object: JsonObject) => T;
  readonly mutations: readonly Mutation<T>[];
  /** Also emit the unmutated base as `<prefix>/base`. @default true */
  readonly withBase?: boolean;
}

export function variants<T = JsonObject>(options: VariantsOptions<T>): CorpusEntry[] {
  const { prefix, family, base, mutations } = options;
  const target = options.target ?? ((object: JsonObject) => object as unknown as T);
  const entries: CorpusEntry[] = [];
  if (options.withBase ?? true) {
    entries.push({ id: `${prefix}/base`, family, cause: 'baseline', valid: true, object: base(`${prefix}-base`) });
  }
  for (const mutation of mutations) {
    const object = clone(base(`${prefix}-${mutation.slug}`));
    mutation.edit(target(object), object);
    entries.push({ id: `${prefix}/${mutation.slug}`, family, cause: mutation.cause, valid: mutation.valid, object });
  }
  return entries;
}

/** The value at a dotted path of plain keys and array indexes (`spec.template.spec`), for targets. */
export function at<T = JsonObject>(object: JsonObject, path: string): T {
  let value: unknown = object;
  for (const key of path.split('.')) value = (value as Record<string, unknown>)[key];
  return value as T;
}

/** The object's metadata, for mutations of names, labels and annotations. */
export function meta(object: JsonObject): JsonObject & { name: string; labels?: Record<string, string>; annotations?: Record<string, string> } {
  return object.metadata as JsonObject & { name: string };
}
