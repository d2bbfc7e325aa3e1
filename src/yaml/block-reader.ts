// The fastest path: YAML in the block style controller-gen and most chart templates write (block mappings and
// sequences, compact and indentless ones too; plain and quoted scalars, also folded over lines; literal blocks; one-line
// flow collections), read in one pass over its lines, about twice js-yaml's speed. A cold render's YAML is mostly big
// CRDs of exactly this style. Everything else (tabs, CRs, anchors, aliases, tags, folded `>` blocks, keep chomping and
// indentation indicators, merge and duplicate keys, keys or values kubectl would convert or warn about) is declined,
// to js-yaml's path (fast-reader.ts) and from there to the reference reader.
import { decodeDoubleQuoted } from './double-quoted.ts';
import { hintOf, jsonValue, resolveScalar, SAFE_DECIMAL, ScalarError } from './go-scalars.ts';
import { FAST_MAX_DEPTH } from './limits.ts';

/** Returned when the document needs a slower reader. */
export const DECLINED: unique symbol = Symbol('declined');

/** Thrown inside the reader to decline the document. */
const DECLINE = new Error('declined');

/** libyaml's limit on a simple key's length; beyond it go-yaml errs. */
const MAX_KEY_LENGTH = 1024;

/** The document's value (undefined when it holds only comments), or DECLINED. */
export function readBlock(text: string): unknown {
  if (text.includes('\t') || text.includes('\r')) return DECLINED;
  try {
    return new BlockReader(text).document();
  } catch {
    // DECLINE, or anything this reader did not foresee: the slower readers decide.
    return DECLINED;
  }
}

class BlockReader {
  private readonly text: string;
  private readonly length: number;
  /** The current line: where it starts, its indentation (-1 past the end) and where it ends (its "\n" or the end). */
  private line = 0;
  private indent = -1;
  private lineEnd = 0;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  document(): unknown {
    this.seek(0);
    if (this.indent < 0) return undefined;
    const start = this.line + this.indent;
    // A block collection, or the slower readers.
    const value = this.isEntryDash(start) ? this.sequence(this.indent, 0) : this.mapping(this.indent, start, 0);
    if (this.indent >= 0) throw DECLINE;
    return value;
  }

  /** Moves to the first line at or after `from` that is neither blank nor a comment. */
  private seek(from: number): void {
    const text = this.text;
    let at = from;
    while (at < this.length) {
      const i = this.nonSpace(at);
      const c = text.charCodeAt(i);
      if (i >= this.length) break;
      if (c === 10) {
        at = i + 1;
        continue;
      }
      const end = text.indexOf('\n', i);
      if (c === 35 /* # */) {
        if (end === -1) break;
        at = end + 1;
        continue;
      }
      this.line = at;
      this.indent = i - at;
      this.lineEnd = end === -1 ? this.length : end;
      return;
    }
    this.line = this.length;
    this.indent = -1;
    this.lineEnd = this.length;
  }

  private isEntryDash(at: number): boolean {
    if (this.text.charCodeAt(at) !== 45 /* - */) return false;
    const next = this.text.charCodeAt(at + 1);
    return next === 32 || next === 10 || at + 1 >= this.length;
  }

  /** A block mapping whose entries stand at `indent`, the first one's key at `keyStart` of the current line. */
  private mapping(indent: number, keyStart: number, depth: number): Record<string, unknown> {
    if (depth > FAST_MAX_DEPTH) throw DECLINE;
    const result: Record<string, unknown> = {};
    let start = keyStart;
    for (;;) {
      const [key, after] = this.key(start);
      if (Object.hasOwn(result, key)) throw DECLINE;
      result[key] = this.value(after, indent, depth, true);
      if (this.indent !== indent) {
        if (this.indent > indent) throw DECLINE;
        return result;
      }
      start = this.line + indent;
    }
  }

  /** A block sequence whose dashes stand at `indent`, the current line holding the first. */
  private sequence(indent: number, depth: number): unknown[] {
    if (depth > FAST_MAX_DEPTH) throw DECLINE;
    const result: unknown[] = [];
    for (;;) {
      result.push(this.value(this.line + indent + 1, indent, depth, false));
      if (this.indent !== indent) {
        if (this.indent > indent) throw DECLINE;
        return result;
      }
      // At the same indentation, anything but a dash belongs to the mapping around an indentless sequence.
      if (!this.isEntryDash(this.line + indent)) return result;
    }
  }

  /** A key at `start` of the current line, and where its ":" ends. */
  private key(start: number): [string, number] {
    const text = this.text;
    const c = text.charCodeAt(start);
    let key: string;
    let colon: number;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const end = this.quotedEnd(start);
      key = c === 34 ? this.doubleQuoted(start, end) : singleQuoted(text, start, end);
      colon = this.nonSpace(end);
      if (text.charCodeAt(colon) !== 58 /* : */ || !this.blankOrEnd(colon + 1) || end - start > MAX_KEY_LENGTH) throw DECLINE;
      if (key === '__proto__') throw DECLINE;
    } else {
      if (isIndicator(c)) throw DECLINE;
      colon = this.scan(start)[0];
      if (colon === -1 || colon - start > MAX_KEY_LENGTH) throw DECLINE;
      key = plainKey(text.slice(start, colon).trimEnd());
    }
    return [key, colon + 1];
  }

  /**
   * Where the ":" of a `key: value` entry starting at `start` stands on the current line (-1 when it is no entry), and
   * where the text before a comment ends. One pass: a line's comment is looked for only on that line.
   */
  private scan(start: number): [colon: number, contentEnd: number] {
    const text = this.text;
    const lineEnd = this.lineEnd;
    let colon = -1;
    for (let i = start; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 58 /* : */) {
        if (colon === -1 && this.blankOrEnd(i + 1)) colon = i;
      } else if (c === 35 /* # */ && text.charCodeAt(i - 1) === 32) {
        return [colon, i - 1];
      }
    }
    return [colon, lineEnd];
  }

  private blankOrEnd(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return c === 32 || c === 10 || at >= this.length;
  }

  /** The first position at or after `from` that is not a space. */
  private nonSpace(from: number): number {
    let i = from;
    while (this.text.charCodeAt(i) === 32) i++;
    return i;
  }

  /** Whether only blanks and a comment follow `end` on the current line. */
  private onlyCommentAfter(end: number): boolean {
    const i = this.nonSpace(end);
    return i >= this.lineEnd || (this.text.charCodeAt(i) === 35 /* # */ && i > end);
  }

  /**
   * The node after a key's ":" or an entry's "-" (at `after` on the current line), in a collection at `indent`; leaves
   * the reader on the next line that is neither blank nor a comment.
   */
  private value(after: number, indent: number, depth: number, inMapping: boolean): unknown {
    const text = this.text;
    const i = this.nonSpace(after);
    const lineEnd = this.lineEnd;
    const c = text.charCodeAt(i);
    if (i >= lineEnd || c === 35 /* # */) {
      // Nothing on the line: a node on the lines below, an indentless sequence, or null.
      this.seek(lineEnd + 1);
      if (this.indent > indent) {
        const start = this.line + this.indent;
        const first = text.charCodeAt(start);
        if (first === 91 || first === 123) {
          const [value, end] = this.flow(start, depth + 1);
          this.endOfLine(end);
          return value;
        }
        return this.isEntryDash(start) ? this.sequence(this.indent, depth + 1) : this.mapping(this.indent, start, depth + 1);
      }
      if (!inMapping) throw DECLINE;
      if (this.indent === indent && this.isEntryDash(this.line + indent)) return this.sequence(indent, depth + 1);
      return null;
    }
    let value: unknown;
    let end: number;
    switch (c) {
      case 124 /* | */:
        return this.literal(i, indent);
      case 34 /* " */:
      case 39 /* ' */: {
        end = this.quotedEnd(i, indent);
        const colon = this.nonSpace(end);
        if (text.charCodeAt(colon) === 58 /* : */ && this.blankOrEnd(colon + 1)) {
          // `- "key": value` starts a mapping; `key: "a": b` is no YAML.
          if (inMapping) throw DECLINE;
          return this.mapping(i - this.line, i, depth + 1);
        }
        value = c === 34 ? this.doubleQuoted(i, end) : singleQuoted(text, i, end);
        break;
      }
      case 91 /* [ */:
      case 123 /* { */:
        [value, end] = this.flow(i, depth + 1);
        break;
      case 45 /* - */:
        if (this.blankOrEnd(i + 1)) throw DECLINE;
        return this.plain(i, indent, depth, inMapping);
      default:
        if (isIndicator(c)) throw DECLINE;
        return this.plain(i, indent, depth, inMapping);
    }
    this.endOfLine(end);
    return value;
  }

  /**
   * A plain scalar at `start`, or (in a sequence) the mapping it is the first key of. It goes on over the lines below
   * indented deeper than its collection (`indent`), folded as YAML folds them: controller-gen wraps descriptions so.
   */
  private plain(start: number, indent: number, depth: number, inMapping: boolean): unknown {
    const text = this.text;
    const [colon, contentEnd] = this.scan(start);
    if (colon !== -1) {
      if (inMapping) throw DECLINE;
      return this.mapping(start - this.line, start, depth + 1);
    }
    let folded = text.slice(start, contentEnd).trimEnd();
    let at = this.lineEnd + 1;
    // After a comment nothing continues the scalar: a deeper line is then an error, which the collection declines.
    if (contentEnd === this.lineEnd) {
      let breaks = 0;
      while (at < this.length) {
        const k = this.nonSpace(at);
        const newline = text.indexOf('\n', k);
        const end = newline === -1 ? this.length : newline;
        if (k === end) {
          breaks++;
          at = end + 1;
          continue;
        }
        const c = text.charCodeAt(k);
        if (k - at <= indent || c === 35 /* # */) break;
        // Text, whatever it starts with; but lines that look like structure, hold a comment or a ":" indicator are left
        // to the slower readers.
        if ((c === 45 || c === 63 || c === 58) && this.blankOrEnd(k + 1)) throw DECLINE;
        this.lineEnd = end;
        const [lineColon, lineContentEnd] = this.scan(k);
        if (lineColon !== -1 || lineContentEnd !== end) throw DECLINE;
        folded += breaks > 0 ? '\n'.repeat(breaks) : ' ';
        folded += text.slice(k, end).trimEnd();
        breaks = 0;
        at = end + 1;
      }
    }
    const value = plainValue(folded);
    this.seek(at);
    return value;
  }

  /** After a quoted scalar or flow collection: only blanks and a comment may follow on its line. */
  private endOfLine(end: number): void {
    if (!this.onlyCommentAfter(end)) throw DECLINE;
    this.seek(this.lineEnd + 1);
  }

  /** A literal block scalar (`|` or `|-`) whose header is at `header`, in a collection at `indent`. */
  private literal(header: number, indent: number): string {
    const text = this.text;
    let i = header + 1;
    let strip = false;
    if (text.charCodeAt(i) === 45 /* - */) {
      strip = true;
      i++;
    }
    // Keep chomping and indentation indicators are rare: the slower readers take them.
    if (!this.onlyCommentAfter(i)) throw DECLINE;
    const lines: string[] = [];
    let contentIndent = -1;
    let leadingBlank = 0;
    let at = this.lineEnd + 1;
    while (at < this.length) {
      const k = this.nonSpace(at);
      const newline = text.indexOf('\n', k);
      // A last line without its line break: how chomping treats it is the slower readers' business.
      if (newline === -1) throw DECLINE;
      const spaces = k - at;
      if (k === newline) {
        // A blank line: part of the scalar if more content follows, else chomped.
        if (contentIndent < 0) leadingBlank = Math.max(leadingBlank, spaces);
        else if (spaces > contentIndent) throw DECLINE;
        lines.push('');
        at = newline + 1;
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= indent) break;
        if (leadingBlank > spaces) throw DECLINE;
        contentIndent = spaces;
      } else if (spaces < contentIndent) {
        break;
      }
      lines.push(text.slice(at + contentIndent, newline));
      at = newline + 1;
    }
    if (contentIndent < 0) throw DECLINE;
    let last = lines.length;
    while (last > 0 && lines[last - 1] === '') last--;
    const body = (last === lines.length ? lines : lines.slice(0, last)).join('\n');
    this.seek(at);
    return strip ? body : `${body}\n`;
  }

  /**
   * Just past the closing quote of the quoted scalar at `start`. With an `indent` (not -1) it may go on over lines
   * indented deeper than that, and the current line becomes the one it ends on.
   */
  private quotedEnd(start: number, indent = -1): number {
    const text = this.text;
    const double = text.charCodeAt(start) === 34;
    for (let at = start + 1; ;) {
      const quote = double ? this.closingDoubleQuote(at) : this.closingSingleQuote(at);
      if (quote !== -1) return quote + 1;
      if (indent < 0 || this.lineEnd >= this.length) throw DECLINE;
      const next = this.lineEnd + 1;
      const k = this.nonSpace(next);
      const newline = text.indexOf('\n', k);
      const lineEnd = newline === -1 ? this.length : newline;
      if (k < lineEnd && k - next <= indent) throw DECLINE;
      this.line = next;
      this.indent = k - next;
      this.lineEnd = lineEnd;
      at = next;
    }
  }

  /** The closing `"` at or after `at` on the current line, or -1. */
  private closingDoubleQuote(from: number): number {
    const text = this.text;
    for (let at = from; ;) {
      const quote = text.indexOf('"', at);
      if (quote === -1 || quote >= this.lineEnd) return -1;
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 92 /* \ */) backslashes++;
      if (backslashes % 2 === 0) return quote;
      at = quote + 1;
    }
  }

  /** The closing `'` at or after `at` on the current line (`''` is a quote inside), or -1. */
  private closingSingleQuote(from: number): number {
    const text = this.text;
    for (let at = from; ;) {
      const quote = text.indexOf("'", at);
      if (quote === -1 || quote >= this.lineEnd) return -1;
      if (text.charCodeAt(quote + 1) !== 39) return quote;
      at = quote + 2;
    }
  }

  private doubleQuoted(start: number, end: number): string {
    const raw = this.text.slice(start, end);
    if (!raw.includes('\\') && !raw.includes('\n')) return raw.slice(1, -1);
    const value = decodeDoubleQuoted(raw);
    if (typeof value !== 'string') throw DECLINE;
    return value;
  }

  /** A flow collection at `start`, on one line, and where it ends. */
  private flow(start: number, depth: number): [unknown, number] {
    if (depth > FAST_MAX_DEPTH) throw DECLINE;
    const text = this.text;
    const sequence = text.charCodeAt(start) === 91;
    const close = sequence ? 93 /* ] */ : 125 /* } */;
    const result: unknown[] | Record<string, unknown> = sequence ? [] : {};
    let i = this.skipSpaces(start + 1);
    if (text.charCodeAt(i) === close) return [result, i + 1];
    for (;;) {
      let value: unknown;
      if (sequence) {
        [value, i] = this.flowNode(i, depth);
        (result as unknown[]).push(value);
      } else {
        let key: unknown;
        [key, i] = this.flowNode(i, depth, true);
        if (typeof key !== 'string' || key === '__proto__' || Object.hasOwn(result, key)) throw DECLINE;
        i = this.skipSpaces(i);
        if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) throw DECLINE;
        [value, i] = this.flowNode(this.skipSpaces(i + 1), depth);
        (result as Record<string, unknown>)[key] = value;
      }
      i = this.skipSpaces(i);
      const c = text.charCodeAt(i);
      if (c === close) return [result, i + 1];
      if (c !== 44 /* , */) throw DECLINE;
      i = this.skipSpaces(i + 1);
      // A trailing comma, an empty entry: the slower readers.
      if (text.charCodeAt(i) === close || text.charCodeAt(i) === 44) throw DECLINE;
    }
  }

  private skipSpaces(from: number): number {
    const i = this.nonSpace(from);
    if (i >= this.lineEnd) throw DECLINE;
    return i;
  }

  /** A node inside a flow collection at `start` and where it ends; as a key, a plain or quoted string. */
  private flowNode(start: number, depth: number, asKey = false): [unknown, number] {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === 91 || c === 123) {
      if (asKey) throw DECLINE;
      return this.flow(start, depth + 1);
    }
    if (c === 34) {
      const end = this.quotedEnd(start);
      return [this.doubleQuoted(start, end), end];
    }
    if (c === 39) {
      const end = this.quotedEnd(start);
      return [singleQuoted(text, start, end), end];
    }
    if (isIndicator(c)) throw DECLINE;
    let end = start;
    for (; end < this.lineEnd; end++) {
      const d = text.charCodeAt(end);
      if (d === 44 || d === 93 || d === 125) break;
      // go-yaml v2 refuses a ":" inside a plain scalar of a flow collection; flow brackets and comments need care.
      if (d === 58 || d === 91 || d === 123 || (d === 35 && text.charCodeAt(end - 1) === 32)) {
        if (asKey && d === 58) break;
        throw DECLINE;
      }
    }
    const raw = text.slice(start, end).trimEnd();
    return [asKey ? plainKey(raw) : plainValue(raw), end];
  }
}

function singleQuoted(text: string, start: number, end: number): string {
  let raw = text.slice(start + 1, end - 1);
  if (raw.includes('\n')) raw = foldLines(raw);
  return raw.includes("''") ? raw.replaceAll("''", "'") : raw;
}

/** A quoted scalar's lines folded as YAML folds them: one break is a space, each blank line a break. */
function foldLines(raw: string): string {
  const lines = raw.split('\n');
  let folded = lines[0]!.trimEnd();
  let breaks = 0;
  for (let i = 1; i < lines.length; i++) {
    const last = i === lines.length - 1;
    const line = last ? lines[i]!.trimStart() : lines[i]!.trim();
    if (line === '' && !last) {
      breaks++;
      continue;
    }
    folded += breaks > 0 ? '\n'.repeat(breaks) : ' ';
    folded += line;
    breaks = 0;
  }
  return folded;
}

/** Characters that cannot start a plain scalar (or that start one only when followed by a non-blank: declined too). */
function isIndicator(c: number): boolean {
  switch (c) {
    case 45: case 63: case 58: case 44: case 91: case 93: case 123: case 125: case 35:
    case 38: case 42: case 33: case 124: case 62: case 39: case 34: case 37: case 64: case 96:
      return true;
    default:
      return false;
  }
}

/** A plain scalar value as kubectl reads it; DECLINED for what needs a warning or an error (see go-scalars.ts). */
function plainValue(raw: string): unknown {
  const hint = hintOf(raw);
  // Words longer than "false" are no booleans or nulls: text.
  if (hint === 0 || (hint === 77 && raw.length > 5)) {
    if (raw === '<<') throw DECLINE;
    return raw;
  }
  if (SAFE_DECIMAL.test(raw)) return Number(raw);
  const resolved = resolveScalar('', raw);
  if (typeof resolved === 'string' || resolved.kind === 'uint') throw DECLINE;
  if (resolved.kind === 'int' && !Number.isSafeInteger(Number(resolved.value))) throw DECLINE;
  const value = jsonValue(resolved, raw);
  if (value instanceof ScalarError) throw DECLINE;
  return value;
}

/** A plain key: only one kubectl reads as the string written (`on:`, `0644:`, `null:` are the slower readers'). */
function plainKey(raw: string): string {
  if (raw === '' || raw === '<<' || raw === '__proto__') throw DECLINE;
  const hint = hintOf(raw);
  if (hint !== 0 && !(hint === 77 && raw.length > 5)) {
    const resolved = resolveScalar('', raw);
    if (typeof resolved === 'string' || resolved.kind !== 'str' || resolved.value !== raw) throw DECLINE;
  }
  return raw;
}
