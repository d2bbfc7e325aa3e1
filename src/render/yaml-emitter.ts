// Block-style YAML for plain JSON data, ~15x faster than yaml.stringify (which builds a full document
// AST first and was half of a 10k-object render). Scalars are quoted whenever a YAML 1.1 or 1.2 reader
// could take them for anything but the same string; test/render/yaml-emitter.test.ts checks every
// output against the `yaml` parser under both schemas.

import { Schema } from 'yaml';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function emitYaml(value: unknown): string {
  const out: string[] = [];
  if (isCollection(value) && !isEmpty(value)) emitCollection(value, '', out);
  else out.push(scalar(value, ''), '\n');
  return out.join('');
}

type Collection = readonly unknown[] | Record<string, unknown>;

function isCollection(value: unknown): value is Collection {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: Collection): boolean {
  return Array.isArray(value) ? value.length === 0 : definedKeys(value as Record<string, unknown>).length === 0;
}

function definedKeys(map: Record<string, unknown>): string[] {
  return Object.keys(map).filter((key) => map[key] !== undefined);
}

/** Writes a non-empty collection whose first line starts at the current position, at `indent`. */
function emitCollection(value: Collection, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      out.push(indent, '- ');
      emitNested(item, `${indent}  `, out, true);
    }
    return;
  }
  const map = value as Record<string, unknown>;
  for (const key of definedKeys(map)) {
    out.push(indent, mapKey(key), ':');
    const child = map[key];
    if (isCollection(child) && !isEmpty(child)) {
      out.push('\n');
      // Sequences under a key are indented like yaml's default (indentSeq).
      emitCollection(child, `${indent}  `, out);
    } else {
      out.push(' ', scalar(child, `${indent}  `), '\n');
    }
  }
}

/** A value after "- ": collections continue on the same line (first entry) and below. */
function emitNested(value: unknown, indent: string, out: string[], afterDash: boolean): void {
  if (isCollection(value) && !isEmpty(value)) {
    const start = out.length;
    emitCollection(value, indent, out);
    // The first line goes right after "- " instead of on a line of its own.
    if (afterDash) out[start] = '';
    return;
  }
  out.push(scalar(value, indent), '\n');
}

function scalar(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  const text = String(value);
  if (isPlainSafe(text)) return text;
  if (text.includes('\n') && isBlockSafe(text)) return blockLiteral(text, indent);
  return doubleQuoted(text);
}

function mapKey(key: string): string {
  return isPlainSafe(key) ? key : doubleQuoted(key);
}

const PLAIN_CHARS = /^(?:[A-Za-z0-9_/.]|-(?=[^ ]))[A-Za-z0-9 _/.,:@+=()-]*$/;
const NUMBER_LIKE = /^[-+.0-9][-+.0-9a-fA-FxXoObB_,: ]*$/;
/**
 * The patterns by which YAML 1.1 and 1.2 readers turn plain scalars into booleans, numbers, nulls or
 * timestamps, taken from the yaml library's own schemas so the two can never disagree.
 */
const IMPLICIT_TYPES: readonly RegExp[] = (['yaml-1.1', 'core'] as const).flatMap((name) =>
  new Schema({ schema: name }).tags.flatMap((tag) => (tag.default && tag.test instanceof RegExp ? [tag.test] : [])));

/** Plain (unquoted) only for a conservative subset that every YAML reader takes as this exact string. */
function isPlainSafe(text: string): boolean {
  return text.length > 0
    && text.length < 1024
    && PLAIN_CHARS.test(text)
    && !text.endsWith(' ')
    && !text.endsWith(':')
    && !text.includes(': ')
    && !text.includes(' :')
    && !text.includes('  ')
    && !NUMBER_LIKE.test(text)
    && !IMPLICIT_TYPES.some((pattern) => pattern.test(text));
}

/** Literal blocks only for text whose every line survives unchanged: printable, no trailing blanks, no leading space. */
function isBlockSafe(text: string): boolean {
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) return false;
  if (text.startsWith(' ') || text.startsWith('\t') || !/[^\n]/.test(text)) return false;
  return text.split('\n').every((line) => !/[ \t]$/.test(line));
}

function blockLiteral(text: string, indent: string): string {
  const trailing = /\n*$/.exec(text)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing > 0 ? text.slice(0, text.length - 1) : text;
  const lines = body.split('\n').map((line) => (line === '' ? '' : indent + line));
  return `|${chomp}\n${lines.join('\n')}`;
}

function doubleQuoted(text: string): string {
  // JSON escapes are valid YAML double-quoted escapes; YAML also breaks lines at NEL, LS and PS.
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029\ufeff\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
