// Verdicts of the per-object schema checks, remembered by what decides them: the object's published bytes and the
// identity of the schema it is checked against. An unchanged app then costs one cache read, not a schema walk of
// every object (the 91 CRDs of a realistic homelab are megabytes of JSONSchemaProps to check).
import type { ContentCache } from '../model/content-cache.ts';
import { sha256Hex } from '../util/sha256.ts';
import type { FieldIssue } from './schema-errors.ts';

/** One object's schema check. */
export interface SchemaCheck {
  /** What the object is checked against, e.g. `builtin/1.34/apps/v1/Deployment` or `crd/<digest>/example.com/v1`. */
  readonly validator: string;
  /** The object's digest (of its published YAML). */
  readonly digest: string;
  run(): FieldIssue[];
}

/** Every check's issues, in order; a group of checks (one app) is one cache entry, read or written whole. */
export async function checkAll(groups: readonly (readonly SchemaCheck[])[], cache: ContentCache | undefined): Promise<FieldIssue[][][]> {
  return Promise.all(groups.map(async (checks) => {
    if (!cache || checks.length === 0) return checks.map((check) => check.run());
    const key = sha256Hex(JSON.stringify(checks.map((check) => [check.validator, check.digest])));
    const stored = await cache.read(key);
    if (stored) {
      try {
        const issues = JSON.parse(stored.toString('utf8')) as FieldIssue[][];
        if (Array.isArray(issues) && issues.length === checks.length) return issues;
      } catch {
        // Recomputed below.
      }
    }
    const issues = checks.map((check) => check.run());
    await cache.write(key, JSON.stringify(issues));
    return issues;
  }));
}
