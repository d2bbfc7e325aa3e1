// .helmignore rules, evaluated exactly as helm's pkg/ignore does, so homelab packages the files `helm package` would.
import { HomelabError } from '../errors.ts';

interface Pattern {
  readonly raw: string;
  readonly negate: boolean;
  readonly mustDir: boolean;
  /** Matched against the whole slash-separated path relative to the chart (anchored or structural rules). */
  readonly wholePath: boolean;
  readonly regex: RegExp;
}

export class HelmIgnore {
  private constructor(private readonly patterns: readonly Pattern[]) {}

  /**
   * Parses a .helmignore text; helm always adds `templates/.?*` (dotfiles in templates/) last.
   * `where` names the file for errors.
   */
  static parse(text: string | undefined, where: string): HelmIgnore {
    const patterns: Pattern[] = [];
    const lines = text === undefined ? [] : text.split(/\r?\n/);
    for (const [index, line] of [...lines, 'templates/.?*'].entries()) {
      try {
        const pattern = parseRule(line);
        if (pattern) patterns.push(pattern);
      } catch (error) {
        throw new HomelabError(`${where}:${index + 1}: ${(error as Error).message} (as helm reads .helmignore)`);
      }
    }
    return new HelmIgnore(patterns);
  }

  /** Whether helm skips `path` (relative, slash-separated); an ignored directory skips everything inside. */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.patterns) {
      const subject = p.wholePath ? path : path.slice(path.lastIndexOf('/') + 1);
      // helm's negative rules: a path that does not match one is ignored; one that matches goes on to the next rule.
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.regex.test(subject)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.regex.test(subject)) return true;
    }
    return false;
  }
}

function parseRule(line: string): Pattern | undefined {
  let rule = line.trim();
  if (rule === '' || rule.startsWith('#')) return undefined;
  if (rule.includes('**')) throw new Error(`"${rule}": double-star (**) syntax is not supported`);
  // helm compiles the raw rule (with any leading "!" or "/") once, to reject malformed ones.
  globToRegExp(rule);
  const raw = rule;
  const negate = rule.startsWith('!');
  if (negate) rule = rule.slice(1);
  const mustDir = rule.endsWith('/');
  if (mustDir) rule = rule.slice(0, -1);
  const anchored = rule.startsWith('/');
  if (anchored) rule = rule.slice(1);
  return { raw, negate, mustDir, wholePath: anchored || rule.includes('/'), regex: globToRegExp(rule) };
}

/** Go's path/filepath.Match as a RegExp: `*` and `?` never cross "/" (classes may), `[…]` with `^` negation, `\` escapes. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let i = 0;
  const bad = () => new Error(`"${pattern}": syntax error in pattern`);
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= pattern.length) throw bad();
      out += escape(pattern[i + 1]!);
      i += 2;
    } else if (c === '[') {
      i++;
      let negated = false;
      if (pattern[i] === '^') {
        negated = true;
        i++;
      }
      const ranges: string[] = [];
      let first = true;
      for (;;) {
        if (i >= pattern.length) throw bad();
        if (pattern[i] === ']' && !first) {
          i++;
          break;
        }
        first = false;
        const [lo, next] = classChar(pattern, i, bad);
        i = next;
        if (pattern[i] === '-') {
          const [hi, after] = classChar(pattern, i + 1, bad);
          // Go accepts a reversed range, which matches nothing.
          if (hi >= lo) ranges.push(`${escapeClass(lo)}-${escapeClass(hi)}`);
          i = after;
        } else {
          ranges.push(escapeClass(lo));
        }
      }
      const set = ranges.join('');
      out += negated ? (set ? `[^${set}]` : '[^]') : set ? `[${set}]` : '(?!)';
    } else {
      out += escape(c);
      i++;
    }
  }
  return new RegExp(`^${out}$`, 's');
}

function classChar(pattern: string, i: number, bad: () => Error): [string, number] {
  if (i >= pattern.length) throw bad();
  let c = pattern[i]!;
  if (c === '-' || c === ']') throw bad();
  if (c === '\\') {
    i++;
    if (i >= pattern.length) throw bad();
    c = pattern[i]!;
  }
  return [c, i + 1];
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(c: string): string {
  return c.replace(/[\]\\^-]/g, '\\$&');
}
