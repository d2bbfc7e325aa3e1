// Translates RE2 regular expressions (Go's regexp/syntax, what the API server runs) into JavaScript ones with the same meaning.
//
// CRD `pattern`s and CEL `matches()` use RE2. JavaScript lacks some of its syntax — flag groups `(?i)`,
// `(?s:…)`, `\z`, `\A`, `(?P<name>…)`, `[[:alpha:]]`, `\Q…\E`, `\x{…}` — and reads some shared syntax
// differently (`.` skips `\r` in JS, `\s` includes Unicode spaces, a lone `{` is a syntax error in
// Unicode mode). This parses the RE2 syntax and writes an equivalent pattern that needs no flags.
// Patterns RE2 itself refuses (lookarounds, backreferences, nested repetition, `(?#…)`) are reported
// as invalid, with Go's wording where it is short.

export type Re2Translation =
  | { readonly ok: true; readonly source: string }
  /** `invalid`: RE2 refuses the pattern too. `unsupported`: valid RE2 this translator cannot express in JavaScript. */
  | { readonly ok: false; readonly kind: 'invalid' | 'unsupported'; readonly reason: string };

export interface Re2Options {
  /**
   * The target is a `u`-flag RegExp (ajv compiles patterns so). Without it (CEL's `matches()`), `\p{…}`
   * classes and characters outside the BMP in classes cannot be expressed.
   */
  readonly unicode: boolean;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

class Re2Error extends Error {
  constructor(readonly kind: 'invalid' | 'unsupported', message: string) {
    super(message);
  }
}

const cache = new Map<string, Re2Translation>();

/** The JavaScript source for an RE2 pattern (memoized: CRDs repeat patterns a lot). */
export function translateRe2(pattern: string, options: Re2Options): Re2Translation {
  const key = `${options.unicode ? 'u' : '-'}${pattern}`;
  let result = cache.get(key);
  if (!result) {
    result = translate(pattern, options);
    cache.set(key, result);
  }
  return result;
}

function translate(pattern: string, options: Re2Options): Re2Translation {
  let source: string;
  try {
    source = new Translator(pattern, options).run();
  } catch (error) {
    if (error instanceof Re2Error) return { ok: false, kind: error.kind, reason: error.message };
    throw error;
  }
  try {
    new RegExp(source, options.unicode ? 'u' : '');
  } catch (error) {
    return { ok: false, kind: 'unsupported', reason: `no JavaScript equivalent (${(error as Error).message})` };
  }
  return { ok: true, source };
}

/** A set of code point ranges, inclusive, as a character class is built. */
type Ranges = [number, number][];

const PERL_CLASSES: Record<string, Ranges> = {
  d: [[0x30, 0x39]],
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
};

const POSIX_CLASSES: Record<string, Ranges> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/** Unicode general categories Go knows by their short names; anything else after \p is a script. */
const CATEGORIES = new Set(['C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs']);

const MAX_REPEAT = 1000;

class Translator {
  private pos = 0;
  private readonly chars: string[];
  private flags: Flags = { i: false, m: false, s: false, U: false };
  private readonly names = new Set<string>();

  constructor(
    private readonly pattern: string,
    private readonly options: Re2Options,
  ) {
    this.chars = Array.from(pattern);
  }

  run(): string {
    const out = this.alternation();
    if (this.pos < this.chars.length) throw new Re2Error('invalid', `unexpected ): \`${this.pattern}\``);
    return out;
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  private alternation(): string {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches.join('|');
  }

  private sequence(): string {
    let out = '';
    // A group's flags apply up to the end of the group, across alternatives: restored by group().
    while (this.pos < this.chars.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom === undefined) continue;
      out += this.quantified(atom);
    }
    return out;
  }

  /** An atom's translation; undefined for a flag group like `(?i)` that only changes the flags. */
  private atom(): string | undefined {
    const c = this.chars[this.pos++]!;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        return this.flags.s ? '[\\s\\S]' : '[^\\n]';
      // Without (?m), RE2's ^ and $ match only at the ends of the text, like JavaScript's without the m flag.
      case '^':
        return this.flags.m ? '(?<![^\\n])' : '^';
      case '$':
        return this.flags.m ? '(?![^\\n])' : '$';
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Re2Error('invalid', `missing argument to repetition operator: \`${c}\``);
      case '{':
        if (this.repeatBounds(this.pos - 1)) throw new Re2Error('invalid', `missing argument to repetition operator: \`${this.repeatText}\``);
        return this.literal(c);
      default:
        return this.literal(c);
    }
  }

  private group(): string | undefined {
    if (this.peek() !== '?') return `(${this.groupBody()})`;
    this.pos++;
    const next = this.peek();
    if (next === 'P' && this.peek(1) === '<') {
      this.pos += 2;
      return `(?<${this.groupName()}>${this.groupBody()})`;
    }
    if (next === '<' && this.peek(1) !== '=' && this.peek(1) !== '!') {
      this.pos++;
      return `(?<${this.groupName()}>${this.groupBody()})`;
    }
    if (next === '=' || next === '!' || next === '<') throw new Re2Error('invalid', 'invalid or unsupported Perl syntax: lookaround assertions are not RE2');
    if (next === '#') throw new Re2Error('invalid', 'invalid or unsupported Perl syntax: `(?#`');
    // Flags: (?i) (?-s) (?im-s:…) (?:…)
    const saved = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    for (;;) {
      const f = this.chars[this.pos++];
      if (f === undefined) throw new Re2Error('invalid', 'missing closing ): unterminated flag group');
      if (f === 'i' || f === 'm' || f === 's' || f === 'U') {
        this.flags[f] = !negate;
        sawFlag = true;
      } else if (f === '-') {
        if (negate) throw new Re2Error('invalid', 'invalid or unsupported Perl syntax: double negation in flags');
        negate = true;
        sawFlag = false;
      } else if (f === ')') {
        if (negate && !sawFlag) throw new Re2Error('invalid', 'invalid or unsupported Perl syntax: `(?-)`');
        // (?flags) changes the flags until the end of the enclosing group.
        return undefined;
      } else if (f === ':') {
        if (negate && !sawFlag) throw new Re2Error('invalid', 'invalid or unsupported Perl syntax: `(?-:`');
        const body = this.groupBody();
        this.flags = saved;
        return `(?:${body})`;
      } else {
        throw new Re2Error('invalid', `invalid or unsupported Perl syntax: \`(?${f}\``);
      }
    }
  }

  private groupName(): string {
    let name = '';
    while (this.peek() !== undefined && this.peek() !== '>') name += this.chars[this.pos++];
    if (this.peek() !== '>') throw new Re2Error('invalid', 'invalid named capture: missing >');
    this.pos++;
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Re2Error('invalid', `invalid named capture: \`${name}\``);
    if (this.names.has(name)) throw new Re2Error('invalid', `duplicate capture group name: \`${name}\``);
    this.names.add(name);
    // JavaScript names cannot start with a digit; Go's can.
    if (/^[0-9]/.test(name)) throw new Re2Error('unsupported', `capture group name "${name}" starts with a digit`);
    return name;
  }

  /** The inside of a group up to its `)`; flags set inside do not leak out. */
  private groupBody(): string {
    const saved = { ...this.flags };
    const body = this.alternation();
    if (this.peek() !== ')') throw new Re2Error('invalid', `missing closing ): \`${this.pattern}\``);
    this.pos++;
    this.flags = saved;
    return body;
  }

  private repeatText = '';

  /** Parses `{n}`, `{n,}`, `{n,m}` at `start`; undefined when it is not a repetition (then `{` is a literal, as in Go). */
  private repeatBounds(start: number): { min: number; max: number | undefined; end: number } | undefined {
    const rest = this.chars.slice(start).join('');
    const match = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (!match) return undefined;
    this.repeatText = match[0];
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? undefined : Number(match[3]);
    if (min > MAX_REPEAT || (max !== undefined && (max > MAX_REPEAT || max < min))) {
      throw new Re2Error('invalid', `invalid repeat count: \`${match[0]}\``);
    }
    return { min, max, end: start + Array.from(match[0]).length };
  }

  private quantified(atom: string): string {
    let out = atom;
    let quantified = false;
    for (;;) {
      const c = this.peek();
      let quantifier: string;
      if (c === '*' || c === '+' || c === '?') {
        quantifier = c;
        this.pos++;
      } else if (c === '{') {
        const bounds = this.repeatBounds(this.pos);
        if (!bounds) return out;
        quantifier = this.repeatText;
        this.pos = bounds.end;
      } else {
        return out;
      }
      if (quantified) throw new Re2Error('invalid', `invalid nested repetition operator: \`${quantifier}\``);
      if (atom === '') throw new Re2Error('invalid', `missing argument to repetition operator: \`${quantifier}\``);
      let lazy = false;
      if (this.peek() === '?') {
        this.pos++;
        lazy = true;
      }
      if (this.flags.U) lazy = !lazy;
      // Lookaround assertions (^, $ translated) cannot be quantified in Unicode mode: wrap them.
      out = `(?:${out})${quantifier}${lazy ? '?' : ''}`;
      quantified = true;
    }
  }

  private escape(): string {
    const c = this.chars[this.pos++];
    if (c === undefined) throw new Re2Error('invalid', 'trailing backslash at end of expression');
    switch (c) {
      case 'A':
        return '(?<![\\s\\S])';
      case 'z':
        return '(?![\\s\\S])';
      case 'b':
        return '\\b';
      case 'B':
        return '\\B';
      case 'Q': {
        let text = '';
        while (this.pos < this.chars.length && !(this.peek() === '\\' && this.peek(1) === 'E')) text += this.literal(this.chars[this.pos++]!);
        if (this.pos < this.chars.length) this.pos += 2;
        return text === '' ? '' : `(?:${text})`;
      }
      case 'C':
        throw new Re2Error('unsupported', '\\C (any byte) has no JavaScript equivalent');
      case 'd':
      case 's':
      case 'w':
        return this.classSource(this.fold(PERL_CLASSES[c]!), false);
      case 'D':
      case 'S':
      case 'W':
        return this.classSource(this.fold(PERL_CLASSES[c.toLowerCase()]!), true);
      case 'p':
      case 'P':
        if (this.flags.i) throw new Re2Error('unsupported', 'case-insensitive Unicode property classes');
        return this.unicodeProperty(c === 'P');
      default: {
        const code = this.escapedCodePoint(c);
        return this.literalCode(code);
      }
    }
  }

  /** A single-character escape (`\n`, `\x41`, `\x{263a}`, `\101`, `\.`) as a code point. */
  private escapedCodePoint(c: string): number {
    switch (c) {
      case 'a':
        return 0x07;
      case 'f':
        return 0x0c;
      case 't':
        return 0x09;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 'v':
        return 0x0b;
      case 'x': {
        if (this.peek() === '{') {
          const end = this.chars.indexOf('}', this.pos);
          const hex = end === -1 ? '' : this.chars.slice(this.pos + 1, end).join('');
          if (!/^[0-9A-Fa-f]{1,8}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) throw new Re2Error('invalid', 'invalid escape sequence: `\\x{`');
          this.pos = end + 1;
          return parseInt(hex, 16);
        }
        const hex = this.chars.slice(this.pos, this.pos + 2).join('');
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Re2Error('invalid', 'invalid escape sequence: `\\x`');
        this.pos += 2;
        return parseInt(hex, 16);
      }
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      // Go: octal escapes of up to three digits; a single non-zero digit would be a backreference.
      if (c !== '0' && !(this.peek() !== undefined && this.peek()! >= '0' && this.peek()! <= '7')) {
        throw new Re2Error('invalid', `invalid escape sequence: \`\\${c}\` (backreferences are not RE2)`);
      }
      let digits = c;
      while (digits.length < 3 && this.peek() !== undefined && this.peek()! >= '0' && this.peek()! <= '7') digits += this.chars[this.pos++];
      return parseInt(digits, 8);
    }
    // Escaped punctuation is the character itself; escaped letters and digits are errors in Go.
    if (/^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(c)) return c.codePointAt(0)!;
    throw new Re2Error('invalid', `invalid escape sequence: \`\\${c}\``);
  }

  /** `\pL`, `\p{Greek}`, `\p{^Greek}`, `\PL` as a JavaScript property escape (Unicode mode only). */
  private unicodeProperty(negated: boolean): string {
    let name: string;
    if (this.peek() === '{') {
      const end = this.chars.indexOf('}', this.pos);
      if (end === -1) throw new Re2Error('invalid', 'invalid character class range: missing }');
      name = this.chars.slice(this.pos + 1, end).join('');
      this.pos = end + 1;
    } else {
      const one = this.chars[this.pos++];
      if (one === undefined) throw new Re2Error('invalid', 'invalid character class range: `\\p`');
      name = one;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    if (!this.options.unicode) throw new Re2Error('unsupported', `\\p{${name}} needs a Unicode-mode JavaScript RegExp`);
    if (name === 'Any') return negated ? '[^\\s\\S]' : '[\\s\\S]';
    const property = CATEGORIES.has(name) ? name : `Script=${name}`;
    try {
      new RegExp(`\\p{${property}}`, 'u');
    } catch {
      throw new Re2Error('invalid', `invalid character class range: \`\\p{${name}}\``);
    }
    return `\\${negated ? 'P' : 'p'}{${property}}`;
  }

  private charClass(): string {
    let negated = false;
    if (this.peek() === '^') {
      this.pos++;
      negated = true;
    }
    const ranges: Ranges = [];
    const properties: string[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Re2Error('invalid', `missing closing ]: \`${this.pattern}\``);
      // A `]` first in the class is a literal, as in Go.
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && this.peek(1) === ':') {
        const end = this.chars.indexOf(']', this.pos + 2);
        const text = end === -1 ? '' : this.chars.slice(this.pos, end + 1).join('');
        const match = /^\[:(\^?)([a-z]+):\]$/.exec(text);
        if (match) {
          const posix = POSIX_CLASSES[match[2]!];
          if (!posix) throw new Re2Error('invalid', `invalid character class range: \`${text}\``);
          ranges.push(...(match[1] ? complement(posix) : posix));
          this.pos = end + 1;
          continue;
        }
      }
      if (c === '\\') {
        const e = this.peek(1);
        if (e !== undefined && 'dswDSW'.includes(e)) {
          this.pos += 2;
          const perl = PERL_CLASSES[e.toLowerCase()]!;
          ranges.push(...(e === e.toUpperCase() ? complement(perl) : perl));
          continue;
        }
        if (e === 'p' || e === 'P') {
          this.pos += 2;
          properties.push(this.unicodeProperty(e === 'P'));
          continue;
        }
      }
      const low = this.classChar();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const high = this.classChar();
        if (high < low) throw new Re2Error('invalid', 'invalid character class range');
        ranges.push([low, high]);
      } else {
        ranges.push([low, low]);
      }
    }
    const folded = this.fold(ranges);
    if (properties.length === 0) return this.classSource(folded, negated);
    if (this.flags.i) throw new Re2Error('unsupported', 'case-insensitive Unicode property classes');
    const items = rangesSource(normalize(folded), this.options.unicode) + properties.join('');
    return `[${negated ? '^' : ''}${items}]`;
  }

  /** One character inside a class: a literal or a single-character escape. */
  private classChar(): number {
    const c = this.chars[this.pos++]!;
    if (c !== '\\') return c.codePointAt(0)!;
    const e = this.chars[this.pos++];
    if (e === undefined) throw new Re2Error('invalid', 'trailing backslash at end of expression');
    return this.escapedCodePoint(e);
  }

  /** Under (?i), adds the other case of every ASCII letter (and the letters Go folds with k and s). */
  private fold(ranges: Ranges): Ranges {
    if (!this.flags.i) return ranges;
    const out: Ranges = [...ranges];
    for (const [low, high] of ranges) {
      const add = (from: number, to: number, delta: number) => {
        const a = Math.max(low, from);
        const b = Math.min(high, to);
        if (a <= b) out.push([a + delta, b + delta]);
      };
      add(0x41, 0x5a, 0x20);
      add(0x61, 0x7a, -0x20);
      if (low <= 0x6b && high >= 0x6b) out.push([0x212a, 0x212a]);
      if (low <= 0x4b && high >= 0x4b) out.push([0x212a, 0x212a]);
      if (low <= 0x73 && high >= 0x73) out.push([0x17f, 0x17f]);
      if (low <= 0x53 && high >= 0x53) out.push([0x17f, 0x17f]);
      if (low <= 0x212a && high >= 0x212a) out.push([0x4b, 0x4b], [0x6b, 0x6b]);
      if (low <= 0x17f && high >= 0x17f) out.push([0x53, 0x53], [0x73, 0x73]);
      // Other scripts' cases, character by character, for small non-ASCII ranges.
      if (high > 0x7f && high - low < 256) {
        for (let code = Math.max(low, 0x80); code <= high; code++) {
          const char = String.fromCodePoint(code);
          for (const other of [char.toLowerCase(), char.toUpperCase()]) {
            if (Array.from(other).length === 1 && other !== char) out.push([other.codePointAt(0)!, other.codePointAt(0)!]);
          }
        }
      }
    }
    return out;
  }

  private classSource(ranges: Ranges, negated: boolean): string {
    const normalized = normalize(ranges);
    if (!this.options.unicode && normalized.some(([, high]) => high > 0xffff)) {
      throw new Re2Error('unsupported', 'characters outside the Basic Multilingual Plane in a class need a Unicode-mode JavaScript RegExp');
    }
    if (normalized.length === 0) return negated ? '[\\s\\S]' : '[^\\s\\S]';
    return `[${negated ? '^' : ''}${rangesSource(normalized, this.options.unicode)}]`;
  }

  private literal(c: string): string {
    return this.literalCode(c.codePointAt(0)!);
  }

  private literalCode(code: number): string {
    if (this.flags.i) {
      const folded = normalize(this.fold([[code, code]]));
      if (folded.length > 1 || folded[0]![0] !== folded[0]![1]) return this.classSource(folded, false);
    }
    if (!this.options.unicode && code > 0xffff) return `(?:${String.fromCodePoint(code)})`;
    return charSource(code, false, this.options.unicode);
  }
}

function normalize(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [low, high] of sorted) {
    const last = out[out.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else out.push([low, high]);
  }
  return out;
}

function complement(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [low, high] of normalize(ranges)) {
    if (low > next) out.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

function rangesSource(ranges: Ranges, unicode: boolean): string {
  return ranges.map(([low, high]) => (low === high ? charSource(low, true, unicode) : `${charSource(low, true, unicode)}-${charSource(high, true, unicode)}`)).join('');
}

/** One code point as JavaScript pattern source, valid in and out of Unicode mode. */
function charSource(code: number, inClass: boolean, unicode: boolean): string {
  const char = String.fromCodePoint(code);
  if (inClass ? '\\]^-['.includes(char) : '^$\\.*+?()[]{}|/'.includes(char)) return `\\${char}`;
  if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || (code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029) {
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  if (code > 0xffff) return unicode ? `\\u{${code.toString(16)}}` : char;
  return char;
}
