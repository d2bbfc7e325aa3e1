// A parsed YAML file that remembers where every key and value came from, so errors can point at them.
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { ConfigError, type Problem, type SourcePosition } from '../errors.ts';

export type KeyPath = readonly (string | number)[];

export class YamlFile {
  private constructor(
    /** The path users see in errors, relative to the source repo, e.g. `config/apps.yaml`. */
    readonly file: string,
    readonly data: unknown,
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses one YAML document; syntax errors, an empty file or several documents throw a ConfigError. */
  static parse(file: string, text: string): YamlFile {
    const lines = new LineCounter();
    const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const list = Array.isArray(documents) ? documents : [];
    const problems: Problem[] = [];
    for (const document of list) {
      for (const error of [...document.errors]) {
        const [start] = error.pos;
        problems.push({ file, position: toPosition(lines, start), message: `invalid YAML: ${firstLine(error.message)}` });
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
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
    return new YamlFile(file, document.toJS({ maxAliasCount: 100 }), document, lines);
  }

  /**
   * Where a key path points in the file: the value's position, or the key's with `key: true`.
   * Paths that do not exist resolve to the deepest ancestor that does.
   */
  locate(path: KeyPath, options: { key?: boolean } = {}): SourcePosition | undefined {
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
    return offset === undefined ? undefined : toPosition(this.lines, offset);
  }
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

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
