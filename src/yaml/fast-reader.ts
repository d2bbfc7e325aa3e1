// The fast path: js-yaml (about ten times the yaml library's speed on chart output) with go-yaml v2's scalar rules, for
// the documents where go-yaml's own merge, duplicate-key, tag and key-conversion rules cannot matter. It declines the
// rest, which the reference reader (reference-reader.ts) reads with positions.
import jsyaml from 'js-yaml';
import { DECLINED, readBlock } from './block-reader.ts';
import { decodeDoubleQuoted } from './double-quoted.ts';
import { formatFloat32, hintOf, mappedScalar, resolveScalar, SAFE_DECIMAL, unsafeIntegerWarning } from './go-scalars.ts';
import { FAST_MAX_DEPTH } from './limits.ts';

export { DECLINED };

/** A warning of an accepted document, at `offset` of its text: the caller locates it in the stream. */
export interface FastWarning {
  readonly offset: number;
  readonly message: string;
}

/**
 * Text that js-yaml (YAML 1.2) and go-yaml (YAML 1.1) read differently, or that needs positions: directives and "..."
 * document ends; outside block scalars, explicit `?` keys and flow collections as keys (go-yaml refuses those, js-yaml
 * stringifies them) and the non-specific tag `!` (go-yaml merges `! <<: {...}`, js-yaml makes it a key; other tags make
 * js-yaml throw); and sequence entries with nothing on their line (`-` alone), after which js-yaml 4 misreads a nested
 * sequence. One pass over the lines, plus `includes` guards for the rest. Escapes are checked while loading (escapeOptions).
 */
function needsReference(text: string): boolean {
  if (text.includes('? ') && /[{[,][ \t]*\?[ \t]/.test(text)) return true;
  const length = text.length;
  // Lines of a block scalar (indented deeper than the key of its `|` or `>` header) are text, not structure.
  let blockIndent = -1;
  for (let start = 0; start < length;) {
    let i = start;
    let c = text.charCodeAt(i);
    if (c === 37 /* % */ || (c === 46 /* . */ && text.startsWith('...', i) && isBlankOrEnd(text.charCodeAt(i + 3)))) return true;
    while (c === 32 || c === 9) c = text.charCodeAt(++i);
    const next = text.indexOf('\n', i);
    if (blockIndent >= 0) {
      if (isBreakOrEnd(c) || i - start > blockIndent) {
        if (next === -1) break;
        start = next + 1;
        continue;
      }
      blockIndent = -1;
    }
    let entry = false;
    while (c === 45 /* - */) {
      const after = text.charCodeAt(i + 1);
      if (after !== 32 && after !== 9 && !isBreakOrEnd(after)) break;
      entry = true;
      c = text.charCodeAt(++i);
      while (c === 32 || c === 9) c = text.charCodeAt(++i);
    }
    if (entry && (isBreakOrEnd(c) || c === 35 /* # */)) return true;
    if (c === 63 /* ? */ && isBlankOrEnd(text.charCodeAt(i + 1))) return true;
    const line = text.slice(i, next === -1 ? length : next);
    if (line.includes('!') && NON_SPECIFIC_TAG.test(line)) return true;
    if ((line.includes(']:') || line.includes('}:')) && FLOW_KEY.test(line)) return true;
    if ((line.includes('|') || line.includes('>')) && BLOCK_HEADER.test(line)) blockIndent = i - start;
    if (next === -1) break;
    start = next + 1;
  }
  return false;
}

/** A `!` alone (or `!<!>`) where a node may start, outside block scalars; in other scalars it makes a needless decline. */
const NON_SPECIFIC_TAG = /(?:^|[ \t[{,])!(?:[ \t\r,\]}]|$|<!>)/;

/** A flow collection as a key (`[a, b]: c`, `{a: b}: c`), outside block scalars, whose text may say "[1]: see". */
const FLOW_KEY = /[\]}][ \t]*:(?:[ \t\r]|$)/;

/** A line ending in a block scalar header: `key: |`, `key: >-`, `- |2`, `|` (with an optional comment). */
const BLOCK_HEADER = /(?:^|:[ \t]+)[|>][-+0-9]{0,2}[ \t]*(?:[ \t]#.*)?\r?$/;

function isBreakOrEnd(c: number): boolean {
  return c === 10 || c === 13 || Number.isNaN(c);
}

function isBlankOrEnd(c: number): boolean {
  return c === 32 || c === 9 || isBreakOrEnd(c);
}

/**
 * Escapes that go-yaml v2 reads unlike js-yaml inside double quotes (`\/` is an error, `\'` a quote, surrogate and
 * out-of-range \u/\U escapes errors); in plain, single-quoted and block scalars and in comments a backslash is text.
 */
const RISKY_ESCAPE = /\\(?:[/'U]|u[dD][89abAB])/;

let declined = false;
/** The integers beyond 2^53 read, by their text, with the number of times read: the reference reader warns about each. */
const unsafeIntegers = new Map<string, { value: number; count: number }>();
/**
 * JSON keys that need the reference reader if they occur as keys: js-yaml spells null and some float keys unlike
 * kubectl ("null" is an error to kubectl), and keys kubectl reads as something else than written (`on:` is "true",
 * `0644:` is "420") get a warning there.
 */
const riskyKeys = new Set<string>();

/**
 * A plain scalar as go-yaml resolves it. Values whose key form js-yaml would spell differently (null, floats, big
 * integers), values kubectl refuses (.inf, .nan) and merge keys decline the document instead.
 */
function plainScalar(text: string): unknown {
  const hint = hintOf(text);
  if (hint === 0) {
    if (text === '<<') declined = true;
    return text;
  }
  if (hint === 77) {
    const mapped = mappedScalar(text);
    if (mapped === undefined) return text;
    if (mapped.kind === 'bool') {
      // As a key, `on` or `True` becomes "true": the reference reader warns about that.
      if (text !== 'true' && text !== 'false') riskyKeys.add(mapped.value ? 'true' : 'false');
      return mapped.value;
    }
    if (mapped.kind === 'null') {
      riskyKeys.add('null');
      return null;
    }
    declined = true;
    return null;
  }
  if (SAFE_DECIMAL.test(text)) return Number(text);
  if (hint === 46 && mappedScalar(text) === undefined && !/^\.[0-9]/.test(text)) return text;
  const resolved = resolveScalar('', text);
  if (typeof resolved !== 'string') {
    if (resolved.kind === 'str' || resolved.kind === 'timestamp') return resolved.value;
    if (resolved.kind === 'bool') return resolved.value;
    if (resolved.kind === 'int') {
      const value = Number(resolved.value);
      if (Number.isSafeInteger(value)) {
        // As a key, `0644` becomes "420": the reference reader warns about that.
        if (String(value) !== text) riskyKeys.add(String(value));
        return value === 0 ? 0 : value;
      }
      // Beyond 2^53 as a value: the nearest double, with a warning readFast locates. As a key, kubectl's key is the exact
      // integer, not the double's text.
      const seen = unsafeIntegers.get(text);
      if (seen) seen.count++;
      else unsafeIntegers.set(text, { value, count: 1 });
      riskyKeys.add(String(value));
      return value;
    }
    if (resolved.kind === 'uint') {
      // Beyond int64: a float64 to kubectl, without a warning; as a key, an error.
      const value = Number(resolved.value);
      riskyKeys.add(String(value));
      return value;
    }
    if (resolved.kind === 'float' && Number.isFinite(resolved.value)) {
      const value = resolved.value === 0 ? 0 : resolved.value;
      if (String(value) !== formatFloat32(value) || String(value) !== text) riskyKeys.add(String(value));
      return value;
    }
  }
  declined = true;
  return null;
}

const plainType = new jsyaml.Type('tag:homelab.dev,2026:go-yaml-plain', { kind: 'scalar', resolve: () => true, construct: plainScalar });
/** No explicit tags: a tagged node makes js-yaml throw, and the reference reader decides. */
const schema = new jsyaml.Schema({ implicit: [plainType], explicit: [] });

const options = {
  schema,
  // Duplicate keys throw (go-yaml's last-wins with a warning needs positions).
  json: false,
  maxDepth: FAST_MAX_DEPTH,
} as jsyaml.LoadOptions;

/** js-yaml's loader state, with the node properties its types leave out. */
type ListenerState = jsyaml.State & { readonly tag: string | null; readonly anchor: string | null };

/** With a listener for anchors: js-yaml calls it for every node, so only for text with an "&" in it. */
const anchorOptions = {
  ...options,
  listener(event: string, state: jsyaml.State) {
    // Anchors mean aliases: go-yaml copies them (and bounds their expansion), so the reference reader takes them.
    if (event === 'close' && (state as ListenerState).anchor != null) declined = true;
  },
} as jsyaml.LoadOptions;

/**
 * With a listener that checks every double-quoted scalar against go-yaml's decoding (double-quoted.ts), and anchors as
 * above: only for text with a risky escape in it.
 */
function escapeOptions(): jsyaml.LoadOptions {
  const starts: number[] = [];
  return {
    ...options,
    listener(event: string, loader: jsyaml.State) {
      const state = loader as ListenerState;
      if (event === 'open') {
        starts.push(state.position);
        return;
      }
      const start = starts.pop()!;
      if (state.anchor != null) declined = true;
      else if (state.kind === 'scalar' && state.tag === null && !sameAsGoYaml(state.input, start, state.position, state.result)) declined = true;
    },
  } as jsyaml.LoadOptions;
}

/**
 * Whether a quoted or block scalar that js-yaml read from `input` between `start` (before the blanks and comments ahead
 * of it) and `end` as `result` reads the same to go-yaml: a double-quoted one is decoded again as go-yaml decodes it.
 * Anything else ending in a quote is not understood here, and declined.
 */
function sameAsGoYaml(input: string, start: number, end: number, result: unknown): boolean {
  if (input.charCodeAt(end - 1) !== 34 /* " */) return true;
  let i = start;
  for (;;) {
    let c = input.charCodeAt(i);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = input.charCodeAt(++i);
    if (c !== 35 /* # */) break;
    const next = input.indexOf('\n', i);
    if (next === -1 || next >= end) return false;
    i = next + 1;
  }
  const first = input.charCodeAt(i);
  if (first === 124 /* | */ || first === 62 /* > */) return true;
  if (first !== 34 || i >= end - 1) return false;
  return decodeDoubleQuoted(input.slice(i, end)) === result;
}

/**
 * The document's value (undefined when empty), or DECLINED. Its warnings (integers beyond 2^53) go to `warnings`, when
 * given and the document is read; without it, a document with warnings is declined.
 */
export function readFast(text: string, warnings?: FastWarning[]): unknown {
  const block = readBlock(text);
  if (block !== DECLINED) return block;
  if (needsReference(text)) return DECLINED;
  declined = false;
  riskyKeys.clear();
  unsafeIntegers.clear();
  let value: unknown;
  try {
    const escapes = text.includes('\\') && RISKY_ESCAPE.test(text);
    value = jsyaml.load(text, escapes ? escapeOptions() : text.includes('&') ? anchorOptions : options);
  } catch {
    return DECLINED;
  }
  if (declined || (riskyKeys.size > 0 && hasKeyIn(value, riskyKeys))) return DECLINED;
  if (unsafeIntegers.size > 0) {
    const found = warnings && locateUnsafeIntegers(text, unsafeIntegers);
    if (!found) return DECLINED;
    warnings.push(...found);
  }
  return value;
}

/**
 * The warnings for the integers beyond 2^53 that js-yaml read, located by looking for their text: undefined when the
 * text holds another count of one than was read (the same digits in a comment, a quoted or block scalar), since then
 * which is which is unknown. A match is bounded by characters that cannot continue a plain scalar (a real one is never
 * missed: no TOKEN character ever stands next to it). In document order, as the reference reader warns.
 */
function locateUnsafeIntegers(text: string, integers: ReadonlyMap<string, { value: number; count: number }>): FastWarning[] | undefined {
  const found: FastWarning[] = [];
  for (const [integer, { value, count }] of integers) {
    const message = unsafeIntegerWarning(integer, value);
    let matches = 0;
    for (let at = text.indexOf(integer); at !== -1; at = text.indexOf(integer, at + 1)) {
      if (TOKEN.test(text.charAt(at - 1)) || TOKEN.test(text.charAt(at + integer.length))) continue;
      if (++matches > count) return undefined;
      found.push({ offset: at, message });
    }
    if (matches !== count) return undefined;
  }
  return found.sort((a, b) => a.offset - b.offset);
}

const TOKEN = /^[0-9A-Za-z_.+-]$/;

function hasKeyIn(root: unknown, keys: ReadonlySet<string>): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...(value as unknown[]));
    else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (keys.has(key)) return true;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}
