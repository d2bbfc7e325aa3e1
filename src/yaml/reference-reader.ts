// The reference reader: one document, with positions, read exactly as kubectl reads it (go-yaml v2 decode.go semantics,
// then sigs.k8s.io/yaml's JSON conversion). The fast path (fast-reader.ts) must give the same values or decline.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Alias, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Problem } from '../errors.ts';
import { decodeDoubleQuoted } from './double-quoted.ts';
import { decodeBinary, isUnsafeInteger, jsonKey, jsonValue, resolveScalar, ScalarError, shortTag, TAG, unsafeIntegerWarning, type GoScalar } from './go-scalars.ts';
import { allowedAliasRatio, MAX_DEPTH, positionAt, yamlError } from './limits.ts';
import type { DocumentText } from './split-documents.ts';

export interface ReadContext {
  /** The input as the user knows it: `manifests/app.yaml`, `helm template of chart "x" 1.0.0`. */
  readonly file: string;
  /** The whole stream, for positions. */
  readonly stream: string;
  readonly warnings: Problem[];
  /** Where the document came from, added to messages: Helm's `# Source: chart/templates/x.yaml`. */
  readonly note?: string;
}

/** Yaml's own complaints that go-yaml does not share: double-quoted escapes are decoded (and checked) here. */
const IGNORED_ERRORS = new Set(['BAD_DQ_ESCAPE']);
const DIRECTIVE = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*%/;

/** The document's value; undefined for an empty document (only comments or blank). */
export function readReference(document: DocumentText, context: ReadContext): unknown {
  const fail = (offset: number, message: string) => yamlError(context.file, context.stream, document.offset + offset, withNote(message, context));
  if (DIRECTIVE.test(document.text)) {
    throw fail(document.text.indexOf('%'), 'kubectl cannot read YAML directives (%YAML, %TAG): its document splitter cuts them off their document; remove the line');
  }
  let parsed: Document.Parsed[];
  try {
    const all = parseAllDocuments(document.text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, merge: false, prettyErrors: false });
    parsed = Array.isArray(all) ? all : [];
  } catch (error) {
    if (error instanceof RangeError) throw fail(0, `collections nested too deeply (homelab reads at most ${MAX_DEPTH} levels)`);
    throw error;
  }
  const [first, second] = parsed;
  if (!first) return undefined;
  for (const error of first.errors) {
    if (IGNORED_ERRORS.has(error.code)) continue;
    const overflow = error.message.includes('Maximum call stack size exceeded');
    throw fail(error.pos[0], overflow ? `collections nested too deeply (homelab reads at most ${MAX_DEPTH} levels)` : firstLine(error.message));
  }
  if (second && (second.contents !== null || second.errors.length > 0)) {
    throw fail(second.range[0], 'a second document after "...": kubectl reads only the first one and silently drops the rest; separate documents with "---"');
  }
  if (first.contents === null) return undefined;
  return new Constructor(first, document.offset, context).document();
}

/** A warning at `offset` of the stream, worded as this reader words it (the fast path's warnings go through it too). */
export function addWarning(context: ReadContext, offset: number, message: string): void {
  context.warnings.push({ file: context.file, position: positionAt(context.stream, offset), message: withNote(message, context) });
}

function withNote(message: string, context: ReadContext): string {
  return context.note ? `${message} (${context.note})` : message;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

class Constructor {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private depth = 0;
  private readonly targets = new Map<Alias, Node>();
  private readonly expanding = new Set<Alias>();
  private readonly warned = new Set<string>();

  constructor(private readonly doc: Document.Parsed, private readonly offset: number, private readonly context: ReadContext) {
    // Aliases refer to the last anchor of that name before them in document order (go-yaml links them while parsing).
    const anchors = new Map<string, Node>();
    visit(doc, (_key, node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (!target) throw this.fail(node, `unknown anchor '${node.source}' referenced (as kubectl says): define "&${node.source}" before using "*${node.source}"`);
        this.targets.set(node, target);
      } else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) {
        anchors.set(node.anchor, node);
      }
    });
  }

  document(): unknown {
    this.count();
    return this.value(this.doc.contents);
  }

  private fail(node: Node | null | undefined, message: string): Error {
    const at = node?.range?.[0] ?? 0;
    return yamlError(this.context.file, this.context.stream, this.offset + at, withNote(message, this.context));
  }

  private warn(node: Node, message: string): void {
    const offset = this.offset + (node.range?.[0] ?? 0);
    const key = `${offset}\u0000${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    addWarning(this.context, offset, message);
  }

  /** go-yaml decode.go unmarshal(): every decoded node counts, and those reached through an alias count as aliased. */
  private count(node?: Node | null): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw this.fail(node, `document contains excessive aliasing (as kubectl says): ${this.aliasCount} of ${this.decodeCount} nodes come from aliases`);
    }
  }

  private value(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.alias(node, (target) => this.value(target));
    if (isScalar(node)) {
      const value = this.scalarValue(node);
      if (value instanceof ScalarError) throw this.fail(node, value.message);
      return value;
    }
    if (++this.depth > MAX_DEPTH) throw this.fail(node, `collections nested too deeply (homelab reads at most ${MAX_DEPTH} levels)`);
    this.collectionTag(node);
    let result: unknown;
    if (isMap(node)) {
      const target: Record<string, unknown> = {};
      this.fillMap(node, target, new Map());
      result = target;
    } else if (isSeq(node)) {
      const items: unknown[] = [];
      for (const item of node.items as (Node | null)[]) {
        this.count(item);
        items.push(this.value(item));
      }
      result = items;
    }
    this.depth--;
    return result;
  }

  private alias<T>(node: Alias, decode: (target: Node) => T): T {
    if (this.expanding.has(node)) throw this.fail(node, `anchor '${node.source}' value contains itself (as kubectl says)`);
    const target = this.targets.get(node)!;
    this.expanding.add(node);
    this.aliasDepth++;
    this.count(target);
    try {
      return decode(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(node);
    }
  }

  private collectionTag(node: Node): void {
    const tag = node.tag;
    if (tag && tag !== TAG.map && tag !== TAG.seq) this.warn(node, `the tag !${shortTag(tag).replace(/^!/, '')} is ignored, as kubectl ignores it; remove it`);
  }

  /** The scalar as go-yaml resolves it, before the JSON conversion. */
  private goScalar(node: Scalar): GoScalar | ScalarError {
    const text = this.scalarText(node);
    if (text instanceof ScalarError) return text;
    const tag = node.tag;
    // go-yaml resolves untagged plain scalars only: `! 12` keeps the tag "!", which resolve() leaves a string.
    const implicit = node.type === 'PLAIN' && !tag;
    if (!tag && !implicit) return { kind: 'str', value: text };
    if (tag === TAG.binary) {
      const decoded = decodeBinary(text);
      return decoded instanceof ScalarError ? decoded : { kind: 'str', value: decoded };
    }
    if (tag && tag !== '!' && !tag.startsWith('tag:yaml.org,2002:')) {
      this.warn(node, `the tag ${tag} is ignored, as kubectl ignores it: the value is the string ${JSON.stringify(text)}; remove the tag`);
    }
    const resolved = resolveScalar(implicit ? '' : tag ?? '', text);
    return typeof resolved === 'string' ? new ScalarError(`${resolved} (as kubectl says); remove the tag or fix the value`) : resolved;
  }

  private scalarText(node: Scalar): string | ScalarError {
    if (node.type === 'QUOTE_DOUBLE' && node.range) {
      const raw = sourceOf(this.context.stream, this.offset, node);
      if (raw.includes('\\')) {
        const decoded = decodeDoubleQuoted(raw);
        return typeof decoded === 'string' ? decoded : new ScalarError(decoded.message);
      }
    }
    return String(node.value ?? '');
  }

  private scalarValue(node: Scalar): unknown {
    const scalar = this.goScalar(node);
    if (scalar instanceof ScalarError) return scalar;
    const value = jsonValue(scalar, String(node.source ?? node.value));
    if (isUnsafeInteger(scalar)) {
      this.warn(node, unsafeIntegerWarning(String(node.value), value as number));
    }
    return value;
  }

  /** A key as kubectl's JSON has it; `type` tells keys apart that become the same string (`1` and `"1"`). */
  private key(node: Node | null): { key: string; type: string } {
    if (node === null) throw this.fail(node, 'an empty key is null, which kubectl cannot turn into a JSON key ("unsupported map key"); write the key');
    if (isAlias(node)) return this.alias(node, (target) => this.key(target));
    if (!isScalar(node)) throw this.fail(node, 'a sequence or mapping as a key: kubectl refuses it ("invalid map key"); use a string key');
    const scalar = this.goScalar(node);
    if (scalar instanceof ScalarError) throw this.fail(node, scalar.message);
    const key = jsonKey(scalar, String(node.source ?? node.value));
    if (key instanceof ScalarError) throw this.fail(node, key.message);
    return { key, type: scalar.kind === 'timestamp' ? 'str' : scalar.kind };
  }

  /**
   * go-yaml decode.go mapping(): pairs apply in order, a later key overwrites an earlier one (kubectl keeps the last), and
   * `<<` merges its mapping(s) in at that point, overwriting what came before.
   */
  private fillMap(node: YAMLMap, target: Record<string, unknown>, types: Map<string, string>): void {
    const seen = new Map<string, Node | null>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (isMergeKey(keyNode)) {
        this.merge(pair.value as Node | null, target, types);
        continue;
      }
      this.count(keyNode);
      const { key, type } = this.key(keyNode);
      const previousType = types.get(key);
      if (previousType !== undefined && previousType !== type) {
        throw this.fail(keyNode, `two keys of this mapping become "${key}" in JSON (a ${previousType} and a ${type}); kubectl keeps one of them at random. Quote both or remove one`);
      }
      const earlier = seen.get(key);
      if (earlier !== undefined && keyNode) {
        const line = earlier?.range ? positionAt(this.context.stream, this.offset + earlier.range[0]).line : undefined;
        const written = isScalar(keyNode) && String(keyNode.value) !== key ? ` (${String(keyNode.value)} is "${key}" to kubectl)` : '';
        this.warn(keyNode, `duplicate key "${key}"${written}${line ? `, also on line ${line}` : ''}: the last value wins, as with kubectl; remove the other one`);
      }
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && !keyNode.tag && type !== 'str' && String(keyNode.value) !== key) {
        this.warn(keyNode, `the key ${String(keyNode.value)} is "${key}" to kubectl (YAML 1.1 reads it as a ${type === 'bool' ? 'boolean' : 'number'}); quote it ("${String(keyNode.value)}") if you mean the text`);
      }
      seen.set(key, keyNode);
      types.set(key, type);
      this.count(pair.value as Node | null);
      setKey(target, key, this.value(pair.value as Node | null));
    }
  }

  /** go-yaml decode.go merge(): a mapping, an alias of one, or a sequence of those (earlier entries win). */
  private merge(value: Node | null, target: Record<string, unknown>, types: Map<string, string>): void {
    const wantMap = () => this.fail(value, 'map merge requires map or sequence of maps as the value (as kubectl says)');
    const mergeOne = (node: Node | null) => {
      this.count(node);
      if (isMap(node)) return this.fillMap(node, target, types);
      if (isAlias(node)) {
        if (!isMap(this.targets.get(node))) throw wantMap();
        return this.alias(node, (map) => this.fillMap(map as YAMLMap, target, types));
      }
      throw wantMap();
    };
    if (isSeq(value)) {
      const items = value.items as (Node | null)[];
      for (let index = items.length - 1; index >= 0; index--) {
        const item = items[index]!;
        if (!isMap(item) && !(isAlias(item) && isMap(this.targets.get(item)))) throw wantMap();
        mergeOne(item);
      }
      return;
    }
    mergeOne(value);
  }
}

/** go-yaml decode.go isMerge(): a plain `<<` (or one tagged !!merge). */
function isMergeKey(node: Node | null): boolean {
  return isScalar(node) && node.value === '<<' && ((node.type === 'PLAIN' && (!node.tag || node.tag === '!')) || node.tag === TAG.merge);
}

function sourceOf(stream: string, offset: number, node: Scalar): string {
  const [start, end] = node.range!;
  return stream.slice(offset + start, offset + end);
}

/** Sets a key, including `__proto__`, as an own property. */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
