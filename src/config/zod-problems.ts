// Turns zod issues into located problems that read like compiler output, with did-you-mean for unknown keys.
import type { z } from 'zod';
import type { Problem } from '../errors.ts';
import { redactUrlCredentials } from '../git/redact.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { KeyPath, YamlFile } from './yaml-file.ts';

/**
 * Maps every issue of a failed parse to a problem in `file`.
 * `base` is where the parsed value sits in the file (e.g. `['apps', 3, 'options']` for template options).
 */
export function zodProblems(
  error: z.ZodError,
  file: YamlFile,
  schema: z.ZodType,
  data: unknown,
  base: KeyPath = [],
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of flattenIssues(error.issues)) {
    const relative = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    const path = [...base, ...relative];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, relative);
      for (const key of issue.keys) {
        problems.push(file.problem([...path, key], `unknown key${didYouMean(key, known)}${knownList(known)}`, { key: true }));
      }
      continue;
    }
    const value = valueAt(data, relative);
    problems.push(file.problem(path, describeIssue(issue, value), { key: value === undefined }));
  }
  return dedupe(problems);
}

/** A union's issues hide in `errors`; surface the branch that got furthest, so messages stay specific. */
function flattenIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.filter((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      // A union's own message wins, unless the value is a mapping of the one branch that fits and the problems are inside it.
      const inside = branches.length === 1 && branches[0]!.every((i) => i.path.length > 0 || i.code === 'unrecognized_keys');
      if (branches.length === 1 && (!hasCustomMessage(issue) || inside)) {
        out.push(...flattenIssues(branches[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))));
        continue;
      }
    }
    out.push(issue);
  }
  return out;
}

function hasCustomMessage(issue: z.core.$ZodIssue): boolean {
  return issue.message !== 'Invalid input';
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `missing required key (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${describeValue(value)}`;
    case 'invalid_key':
      // A record key that fails its own schema: the key schema's message says why.
      return lowerFirst(issue.issues[0]?.message ?? issue.message);
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`;
    default:
      return `${lowerFirst(issue.message)}${gotValue(issue.message, value)}`;
  }
}

/** `, got "../evil"`: the offending value, quoted (URL credentials masked), unless the message already names it. */
function gotValue(message: string, value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  const text = redactUrlCredentials(describeValue(value));
  return message.includes(text) ? '' : `, got ${text}`;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function knownList(known: string[]): string {
  return known.length > 0 && known.length <= 12 ? ` (known keys: ${known.join(', ')})` : '';
}

function valueAt(data: unknown, path: KeyPath): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The keys an object schema accepts at `path`, found by walking zod's definitions. */
export function knownKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  let current: z.core.$ZodType | undefined = schema;
  for (const segment of path) {
    current = unwrap(current);
    const def = current?._zod.def as unknown as Record<string, unknown> | undefined;
    if (!def) return [];
    if (def.type === 'object') current = (def.shape as Record<string, z.core.$ZodType>)[String(segment)];
    else if (def.type === 'array') current = def.element as z.core.$ZodType;
    else if (def.type === 'record') current = def.valueType as z.core.$ZodType;
    else return [];
  }
  const def = unwrap(current)?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 20; depth++) {
    const def = current._zod.def as unknown as Record<string, unknown>;
    if ('innerType' in def) current = def.innerType as z.core.$ZodType;
    else if (def.type === 'pipe') current = def.in as z.core.$ZodType;
    else if (def.type === 'union') {
      const object = (def.options as z.core.$ZodType[]).find((o) => (o._zod.def as { type: string }).type === 'object');
      if (!object) return current;
      current = object;
    } else return current;
  }
  return current;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
