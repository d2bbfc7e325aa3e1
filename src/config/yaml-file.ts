// A parsed YAML file that remembers where every key and value came from, so errors can point at them.
// homelab's own files (config/*.yaml, assets/lock.yaml) are strict YAML 1.2 with unique keys; a plain value that
// YAML 1.1 (kubectl) would read differently is an error saying how to write it (see yaml-1.1-ambiguity.ts).
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { ConfigError, type Problem, type SourcePosition } from '../errors.ts';
import { decodeYamlText } from '../yaml/decode-text.ts';
import { MAX_CONFIG_BYTES } from '../yaml/limits.ts';
import { ambiguityProblem } from './yaml-1.1-ambiguity.ts';

/** The YAML 1.2 core schema's tags: the only ones homelab's own files take. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((name) => `tag:yaml.org,2002:${name}`));
/** Aliases a file may expand (yaml's maxAliasCount): enough for any real config, far from an alias bomb. */
const MAX_ALIAS_COUNT = 100;

export type KeyPath = readonly (string | number)[];

/**
 * A parsed file's shape as plain data: every map key and sequence item with its position, and no values. Another
 * thread (the templates' worker) locates problems in the file from it, as the file itself would, without parsing it.
 */
export interface YamlOutline {
  readonly file: string;
  readonly root: OutlineNode | null;
}

/** A node: its position, and its entries when it is a map (scalar keys only) or a sequence. */
interface OutlineNode {
  readonly at?: SourcePosition;
  readonly map?: readonly (readonly [key: string, at: SourcePosition | undefined, value: OutlineNode | null])[];
  readonly seq?: readonly (OutlineNode | null)[];
}

export class YamlFile {
  private constructor(
    /** The path users see in errors, relative to the source repo, e.g. `config/apps.yaml`. */
    readonly file: string,
    readonly data: unknown,
    private readonly document: Document | undefined,
    private readonly lines: LineCounter | undefined,
    private readonly outlined?: OutlineNode | null,
  ) {}

  /**
   * A file that only locates problems, from another's outline(): `data` is undefined. For the templates' worker, which
   * reports problems in config files the render thread has parsed.
   */
  static fromOutline(outline: YamlOutline): YamlFile {
    return new YamlFile(outline.file, undefined, undefined, undefined, outline.root);
  }

  /** The file's shape, for fromOutline() in another thread: locate() there gives what it gives here. */
  outline(): YamlOutline {
    if (this.outlined !== undefined || !this.document || !this.lines) return { file: this.file, root: this.outlined ?? null };
    const lines = this.lines;
    const at = (node: unknown) => {
      const offset = rangeStart(node);
      return offset === undefined ? undefined : toPosition(lines, offset);
    };
    const walk = (node: unknown): OutlineNode | null => {
      if (node === null || node === undefined) return null;
      const position = at(node);
      const base = position ? { at: position } : {};
      if (isMap(node)) return { ...base, map: node.items.filter((pair) => isScalar(pair.key)).map((pair) => [String((pair.key as { value: unknown }).value), at(pair.key), walk(pair.value)] as const) };
      if (isSeq(node)) return { ...base, seq: node.items.map(walk) };
      return base;
    };
    return { file: this.file, root: walk(this.document.contents) };
  }

  /**
   * Parses one YAML document; syntax errors, an empty file, several documents, invalid UTF-8, more than 4 MiB, tags
   * other than the core schema's, unknown aliases, alias bombs and values YAML 1.1 reads differently throw a ConfigError.
   */
  static parse(file: string, input: string | Uint8Array): YamlFile {
    const text = decodeYamlText(input, file, MAX_CONFIG_BYTES);
    const lines = new LineCounter();
    const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const list = Array.isArray(documents) ? documents : [];
    const problems: Problem[] = [];
    for (const document of list) {
      for (const error of [...document.errors]) {
        const located = locateSyntaxError(text, error.code, error.pos);
        if (located) problems.push({ file, position: toPosition(lines, located.offset), message: `invalid YAML: ${located.message ?? firstLine(error.message)}` });
      }
    }
    if (problems.length > 0) throw new ConfigError(dedupe(problems));
    const meaningful = list.filter((document) => document.contents !== null);
    if (meaningful.length === 0) {
      throw new ConfigError([{ file, message: 'the file is empty: expected a YAML mapping with apiVersion and kind' }]);
    }
    if (meaningful.length > 1) {
      const second = meaningful[1]!;
      throw new ConfigError([{
        file,
        position: toPosition(lines, second.range[0]),
        message: 'expected one YAML document, found several (remove the extra "---")',
      }]);
    }
    const document = meaningful[0]!;
    const at = (node: Node | undefined | null, message: string): Problem => ({ file, position: toPosition(lines, node?.range?.[0] ?? 0), message });
    problems.push(...nodeProblems(document, at));
    if (problems.length > 0) throw new ConfigError(problems);
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // yaml counts every node an alias expands to; only an alias can get here.
      let first: Node | undefined;
      visit(document, { Alias: (_key, node) => { first ??= node; } });
      throw new ConfigError([at(first, `invalid YAML: aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} per alias; an alias bomb?): ${(error as Error).message}`)]);
    }
    return new YamlFile(file, data, document, lines);
  }

  /**
   * Where a key path points in the file: the value's position, or the key's with `key: true`.
   * Paths that do not exist resolve to the deepest ancestor that does.
   */
  locate(path: KeyPath, options: { key?: boolean } = {}): SourcePosition | undefined {
    if (!this.document) return locateInOutline(this.outlined ?? null, path, options);
    let node: unknown = this.document.contents;
    let position = rangeStart(node);
    for (const [index, segment] of path.entries()) {
      const isLast = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        if (isLast && options.key) return this.position(rangeStart(pair.key));
        node = pair.value;
        position = rangeStart(pair.value) ?? rangeStart(pair.key);
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        if (node === undefined) break;
        position = rangeStart(node);
      } else {
        break;
      }
    }
    return this.position(position);
  }

  problem(path: KeyPath, message: string, options: { key?: boolean } = {}): Problem {
    const position = this.locate(path, options);
    return { file: this.file, ...(position && { position }), path: formatKeyPath(path), message };
  }

  private position(offset: number | undefined): SourcePosition | undefined {
    return offset === undefined || !this.lines ? undefined : toPosition(this.lines, offset);
  }
}

/** YamlFile.locate over an outline: the same walk, on the plain data. */
function locateInOutline(root: OutlineNode | null, path: KeyPath, options: { key?: boolean }): SourcePosition | undefined {
  let node = root;
  let position = node?.at;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    if (node?.map) {
      const pair = node.map.find(([key]) => key === String(segment));
      if (!pair) break;
      if (isLast && options.key) return pair[1];
      node = pair[2];
      position = node?.at ?? pair[1];
    } else if (node?.seq && typeof segment === 'number') {
      const item = node.seq[segment];
      if (item === undefined) break;
      node = item;
      position = item?.at;
    } else {
      break;
    }
  }
  return position;
}

/** `['apps', 3, 'options', 'replicas']` → `apps[3].options.replicas`. */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | undefined)?.range?.[0];
}

function toPosition(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/**
 * Checks yaml leaves to toJS or accepts: tags outside the core schema, aliases of anchors not (yet) defined, plain
 * values YAML 1.1 reads differently, and integers beyond 2^53 (which a JavaScript number would round).
 */
function nodeProblems(document: Document.Parsed, at: (node: Node | undefined | null, message: string) => Problem): Problem[] {
  const problems: Problem[] = [];
  const anchors = new Set<string>();
  visit(document, (key, node) => {
    if (isAlias(node)) {
      if (!anchors.has(node.source)) problems.push(at(node, `invalid YAML: unknown alias *${node.source}: define the anchor &${node.source} before using it`));
      return;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return;
    if (node.anchor) anchors.add(node.anchor);
    if (node.tag && !CORE_TAGS.has(node.tag)) {
      problems.push(at(node, `invalid YAML: the tag ${node.tag.replace('tag:yaml.org,2002:', '!!')} is not supported in homelab's configuration; remove it (values are strings, numbers, booleans, null, lists and mappings)`));
      return;
    }
    if (isScalar(node) && node.type === 'PLAIN' && !node.tag) {
      const message = ambiguityProblem(String(node.source ?? node.value), node.value, key === 'key');
      if (message) problems.push(at(node, message));
    }
  });
  return problems;
}

/**
 * Where a syntax error is the user's mistake. A key indented deeper than its siblings turns the value above it into a
 * multi-line implicit key: report the mis-indented line, not the value above it (and only once).
 */
function locateSyntaxError(text: string, code: string, [start, end]: [number, number]): { offset: number; message?: string } | undefined {
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && text.slice(start, text.indexOf(':', start) + 1).includes('\n')) return undefined;
  if (code === 'MULTILINE_IMPLICIT_KEY' || code === 'BLOCK_AS_IMPLICIT_KEY') {
    const span = text.slice(start, end);
    const lastBreak = span.lastIndexOf('\n');
    if (lastBreak !== -1) {
      const lineStart = start + lastBreak + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0].length;
      const key = /^[^:\n]*/.exec(text.slice(lineStart + indent))![0].trim();
      return { offset: lineStart + indent, message: `"${key}" is indented deeper than the line above it, so YAML reads it as part of that line's value; align it with the keys it belongs to` };
    }
  }
  // Errors at the start of a line point at its first character that is not a blank.
  if (start === 0 || text[start - 1] === '\n') start += /^[ \t]*/.exec(text.slice(start))![0].length;
  return { offset: start };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.position?.line}:${problem.position?.column}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
