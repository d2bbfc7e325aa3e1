// Double-quoted scalars as go-yaml v2's scanner reads them (scannerc.go yaml_parser_scan_flow_scalar), which differs
// from YAML 1.2 parsers in its escapes: `\/` is an error, `\'` is a quote, and \u/\U escapes of surrogates are errors.

export interface QuotedError {
  readonly message: string;
  /** Offset of the problem inside the raw scalar. */
  readonly offset: number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', "'": "'", '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** `raw` runs from the opening to the closing quote. Line breaks fold like libyaml's (one break → space). */
export function decodeDoubleQuoted(raw: string): string | QuotedError {
  let out = '';
  let i = 1;
  const end = raw.length - 1;
  const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
  while (i < end) {
    let leadingBlanks = false;
    while (i < end && !isBlank(raw[i]) && !isBreak(raw[i])) {
      const c = raw[i]!;
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const next = raw[i + 1];
      if (isBreak(next)) {
        // An escaped line break joins the lines without a space.
        i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2;
        leadingBlanks = true;
        break;
      }
      const simple = next === undefined ? undefined : SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      const length = next === undefined ? undefined : HEX_LENGTH[next];
      if (length === undefined) {
        const hint = next === '/' ? ' (YAML 1.1 has no \\/ escape: write / on its own)' : '';
        return { message: `found unknown escape character \\${next ?? ''}, as kubectl says${hint}`, offset: i };
      }
      const hex = raw.slice(i + 2, i + 2 + length);
      if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) return { message: 'did not find expected hexadecimal number', offset: i };
      const code = Number.parseInt(hex, 16);
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
        return { message: `found invalid Unicode character escape code \\${next}${hex}, as kubectl says (write the character itself)`, offset: i };
      }
      out += String.fromCodePoint(code);
      i += 2 + length;
    }
    if (i >= end) break;
    let whitespace = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    while (i < end && (isBlank(raw[i]) || isBreak(raw[i]))) {
      if (isBlank(raw[i])) {
        if (!leadingBlanks) whitespace += raw[i];
        i++;
        continue;
      }
      i += raw[i] === '\r' && raw[i + 1] === '\n' ? 2 : 1;
      if (!leadingBlanks) {
        whitespace = '';
        leadingBreak = '\n';
        leadingBlanks = true;
      } else {
        trailingBreaks += '\n';
      }
    }
    if (leadingBlanks) {
      out += leadingBreak === '\n' ? (trailingBreaks === '' ? ' ' : trailingBreaks) : trailingBreaks;
    } else {
      out += whitespace;
    }
  }
  return out;
}
