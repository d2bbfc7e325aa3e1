// The fast path: js-yaml (about ten times the yaml library's speed on chart output) with go-yaml v2's scalar rules, for
// the documents where go-yaml's own merge, duplicate-key, tag and key-conversion rules cannot matter. It declines the
// rest, which the reference reader (reference-reader.ts) reads with positions.
import jsyaml from 'js-yaml';
import { formatFloat32, HINT, mappedScalar, resolveScalar } from './go-scalars.ts';

/** Returned when the document needs the reference reader. */
export const DECLINED: unique symbol = Symbol('declined');

/**
 * Text that js-yaml (YAML 1.2) and go-yaml (YAML 1.1) read differently or that needs positions: escapes `\/`, `\'`,
 * surrogate and \U escapes, directives, "..." document ends, explicit `?` keys (complex or empty keys). Each pattern
 * runs only when a cheap `includes` finds its first character.
 */
function needsReference(text: string): boolean {
  return (text.includes('\\') && /\\(?:[/'U]|u[dD][89abAB])/.test(text))
    || text.startsWith('%') || text.includes('\n%')
    || (text.includes('...') && /^\.\.\.(?:[ \t\r\n]|$)/m.test(text))
    || (text.includes('?') && /^[ \t]*(?:-[ \t]+)*\?(?:[ \t\r\n]|$)|[[{,][ \t]*\?[ \t]/m.test(text));
}
const SAFE_DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;

let declined = false;
/** Key spellings js-yaml would give a null or float key where kubectl's differs ("null" is an error to kubectl). */
const riskyKeys = new Set<string>();

/**
 * A plain scalar as go-yaml resolves it. Values whose key form js-yaml would spell differently (null, floats, big
 * integers), values kubectl refuses (.inf, .nan) and merge keys decline the document instead.
 */
function plainScalar(text: string): unknown {
  const first = text.charCodeAt(0);
  const hint = first < 128 ? HINT[first]! : 0;
  if (hint === 0) {
    if (text === '<<') declined = true;
    return text;
  }
  if (hint === 77) {
    const mapped = mappedScalar(text);
    if (mapped === undefined) return text;
    if (mapped.kind === 'bool') return mapped.value;
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
      if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
    }
    if (resolved.kind === 'float' && Number.isFinite(resolved.value)) {
      const value = resolved.value === 0 ? 0 : resolved.value;
      if (String(value) !== formatFloat32(value)) riskyKeys.add(String(value));
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
  maxDepth: 100,
  listener(event: string, state: { anchor?: string | null }) {
    // Anchors mean aliases: go-yaml copies them (and bounds their expansion), so the reference reader takes them.
    if (event === 'close' && state.anchor != null) declined = true;
  },
} as jsyaml.LoadOptions;

/** The document's value (undefined when empty), or DECLINED. */
export function readFast(text: string): unknown {
  if (needsReference(text)) return DECLINED;
  declined = false;
  riskyKeys.clear();
  let value: unknown;
  try {
    value = jsyaml.load(text, options);
  } catch {
    return DECLINED;
  }
  if (declined || (riskyKeys.size > 0 && hasKeyIn(value, riskyKeys))) return DECLINED;
  return value;
}

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
