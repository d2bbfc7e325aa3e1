// Field errors worded as k8s.io/apimachinery pkg/util/validation/field (errors.go) words them, so homelab's
// messages read like the API server's: `Invalid value: "tcp": …`, `Required value`, `Unsupported value: …`.
import type { FieldIssue } from '../schema-errors.ts';

/** A value as ErrorBody prints it: strings quoted (%q), numbers and booleans bare, anything else as JSON. */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? 'null';
}

/** Collects one object's errors; paths are the API server's (`spec.containers[0].image`, `metadata.labels[app]`). */
export class FieldErrors {
  readonly list: FieldIssue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  invalid(path: string, value: unknown, detail: string): void {
    this.add(path, `Invalid value: ${goValue(value)}${detail ? `: ${detail}` : ''}`);
  }

  /** One Invalid error per detail, as the Go code loops over a check's messages. */
  invalidEach(path: string, value: unknown, details: readonly string[]): void {
    for (const detail of details) this.invalid(path, value, detail);
  }

  required(path: string, detail = ''): void {
    this.add(path, `Required value${detail ? `: ${detail}` : ''}`);
  }

  notSupported(path: string, value: unknown, supported: readonly string[]): void {
    const detail = supported.length > 0 ? `: supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '';
    this.add(path, `Unsupported value: ${goValue(value)}${detail}`);
  }

  forbidden(path: string, detail: string): void {
    this.add(path, `Forbidden${detail ? `: ${detail}` : ''}`);
  }

  duplicate(path: string, value: unknown): void {
    this.add(path, `Duplicate value: ${goValue(value)}`);
  }

  tooLong(path: string, max: number): void {
    this.add(path, `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`);
  }

  tooMany(path: string, actual: number, max: number): void {
    this.add(path, `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}`);
  }
}

/** field.Path: `.name` for a child, `[i]` for an index, `[key]` for a map key (unquoted, as Go prints it). */
export const child = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);
export const index = (path: string, i: number): string => `${path}[${i}]`;
export const key = (path: string, k: string): string => `${path}[${k}]`;

// Defensive readers: the schema check reports wrong types; rules just skip what is not the expected shape.
export type Obj = Readonly<Record<string, unknown>>;

export function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

const NONE: readonly unknown[] = Object.freeze([]);

/** Shared empty mapping for `obj(x) ?? EMPTY` (no allocation per absent field). */
export const EMPTY: Obj = Object.freeze({});

export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : NONE;
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function strMap(value: unknown): Readonly<Record<string, unknown>> {
  return obj(value) ?? EMPTY;
}
