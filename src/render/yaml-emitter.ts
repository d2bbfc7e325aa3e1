// Block-style YAML for plain JSON data, ~15x faster than yaml.stringify (which builds a full document
// AST first and was half of a 10k-object render). Scalars are quoted whenever a YAML 1.1 or 1.2 reader
// could take them for anything but the same string; test/render/yaml-emitter.test.ts checks every
// output against the `yaml` parser under both schemas.

import { Schema } from 'yaml';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function emitYaml(value: unknown): string {
  if (isCollection(value)) {
    const text = emitCollection(value, '');
    if (text !== '') return text;
  }
  return `${scalar(value, '')}\n`;
}

type Collection = readonly unknown[] | Record<string, unknown>;

function isCollection(value: unknown): value is Collection {
  return typeof value === 'object' && value !== null;
}

/**
 * A collection at `indent`, its first line led by `first` instead (after "- ", that line's own indentation is
 * already written); '' when it is empty (then it is written as a flow scalar, `[]` or `{}`). Strings are
 * concatenated (V8 joins them lazily): much faster than collecting parts, as long as none is sliced again.
 */
function emitCollection(value: Collection, indent: string, first = indent): string {
  let out = '';
  let lead = first;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    for (const item of value) {
      out += `${lead}- `;
      lead = indent;
      // The first line of a nested collection goes right after "- " instead of on a line of its own.
      const nested = isCollection(item) ? emitCollection(item, inner, '') : '';
      out += nested !== '' ? nested : `${scalar(item, inner)}\n`;
    }
    return out;
  }
  const map = value as Record<string, unknown>;
  for (const key of Object.keys(map)) {
    const child = map[key];
    if (child === undefined) continue;
    out += `${lead}${mapKey(key)}:`;
    lead = indent;
    // Sequences under a key are indented like yaml's default (indentSeq).
    const nested = isCollection(child) ? emitCollection(child, inner) : '';
    out += nested !== '' ? `\n${nested}` : ` ${scalar(child, inner)}\n`;
  }
  return out;
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

/** Keys repeat across objects (type, name, description, …): each is judged once per process. */
const keys = new Map<string, string>();

function mapKey(key: string): string {
  let written = keys.get(key);
  if (written === undefined) {
    written = isPlainSafe(key) ? key : doubleQuoted(key);
    if (keys.size > 100_000) keys.clear();
    keys.set(key, written);
  }
  return written;
}

const PLAIN_CHARS = /^(?:[A-Za-z0-9_/.]|-(?=[^ ]))[A-Za-z0-9 _/.,:@+=()-]*$/;
const NUMBER_LIKE = /^[-+.0-9][-+.0-9a-fA-FxXoObB_,: ]*$/;
/**
 * The patterns by which YAML 1.1 and 1.2 readers turn plain scalars into booleans, numbers, nulls or
 * timestamps, taken from the yaml library's own schemas so the two can never disagree.
 */
const IMPLICIT_TYPES: readonly RegExp[] = (['yaml-1.1', 'core'] as const).flatMap((name) =>
  new Schema({ schema: name }).tags.flatMap((tag) => (tag.default && tag.test instanceof RegExp ? [tag.test] : [])));

/** Short values repeat too (label values, enums, images): judged once per process. */
const plainSafe = new Map<string, boolean>();

/** Plain (unquoted) only for a conservative subset that every YAML reader takes as this exact string. */
function isPlainSafe(text: string): boolean {
  if (text.length > 64) return judgePlainSafe(text);
  let safe = plainSafe.get(text);
  if (safe === undefined) {
    safe = judgePlainSafe(text);
    if (plainSafe.size > 100_000) plainSafe.clear();
    plainSafe.set(text, safe);
  }
  return safe;
}

function judgePlainSafe(text: string): boolean {
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
  // No line ends in a blank.
  return !/[ \t](?:\n|$)/.test(text);
}

function blockLiteral(text: string, indent: string): string {
  let trailing = 0;
  while (trailing < text.length && text.charCodeAt(text.length - 1 - trailing) === 10) trailing++;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing > 0 ? text.slice(0, text.length - 1) : text;
  // Every non-empty line indented; empty lines stay empty.
  const first = body === '' || body.startsWith('\n') ? '' : indent;
  return `|${chomp}\n${first}${body.replace(/\n(?=[^\n])/g, `\n${indent}`)}`;
}

function doubleQuoted(text: string): string {
  // JSON escapes are valid YAML double-quoted escapes; YAML also breaks lines at NEL, LS and PS.
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029\ufeff\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
