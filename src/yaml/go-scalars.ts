// How kubectl turns one YAML scalar into a JSON value: go-yaml v2's resolve() and sigs.k8s.io/yaml's key conversion.
//
// Sources, followed rule by rule (test/yaml/kubectl-oracle.test.ts checks the rules against the real kubectl):
// - gopkg.in/yaml.v2 v2.4.0 (vendored by Kubernetes as sigs.k8s.io/yaml/goyaml.v2) resolve.go: resolveTable, resolveMapList,
//   resolve() (ints through strconv.ParseInt(s, 0, 64) after removing "_", then ParseUint, then yamlStyleFloat), parseTimestamp()
// - gopkg.in/yaml.v2 decode.go scalar(): untagged quoted scalars are strings; a timestamp decoded into interface{} stays the
//   source text; !!binary is base64-decoded into a string
// - sigs.k8s.io/yaml yaml.go convertToJSONableObject(): map keys become strings (int: strconv.Itoa, float: FormatFloat(f, 'g',
//   -1, 32) with .inf/-.inf/.nan, bool: true/false; null and uint64 keys are errors), then encoding/json (NaN and ±Inf are errors)
// - k8s.io/apimachinery/pkg/util/json: kubectl decodes that JSON into unstructured objects, so an integer beyond int64 arrives as
//   a float64, the same double JavaScript reads.
//
// | plain scalar                                   | go-yaml v2                     | JSON kubectl sends        | homelab                        |
// |------------------------------------------------|--------------------------------|---------------------------|--------------------------------|
// | y Y yes Yes YES on On ON true True TRUE        | bool true                      | true                      | true                           |
// | n N no No NO off Off OFF false False FALSE     | bool false                     | false                     | false                          |
// | (empty) ~ null Null NULL                       | nil                            | null                      | null                           |
// | tRue yES oN (other case mixes)                 | string                         | "tRue"                    | "tRue"                         |
// | 0644 0o644 0x1F 0b101 +12 -0 1_000 0_644       | int (ParseInt base 0, "_" out) | 420 420 31 5 12 0 1000 420 | same                          |
// | 08 09 1e3 1. .5 +.5 1.5e-3                      | float64 (yamlStyleFloat)       | 8 9 1000 1 0.5 0.5 0.0015 | same                           |
// | 9007199254740993 (beyond 2^53, within int64)   | int64, exact                   | 9007199254740993          | nearest double, with a warning |
// | 12345678901234567890 (beyond int64)            | uint64 (or float64)            | a float64 after decoding  | the same float64               |
// | .inf -.Inf .NaN                                | float64 ±Inf, NaN              | error: json: unsupported  | error                          |
// | 1e400                                          | string (ParseFloat range error)| "1e400"                   | "1e400"                        |
// | 2001-12-14, 2001-12-14T21:59:43Z               | timestamp → the source string  | "2001-12-14"              | "2001-12-14"                   |
// | 1:20 (sexagesimal), 0x, 0o, _1                 | string                         | "1:20"                    | "1:20"                         |
// | key yes: / 1.0: / 0644: / 1000000.0:           | bool / float / int keys        | "true" "1" "420" "1e+06"  | same                           |
// | key ~: / 12345678901234567890: / [a]:          | nil / uint64 / sequence key    | error                     | error                          |
//
// Explicit tags: !!str !!int !!float !!bool !!null !!timestamp resolve as go-yaml's resolve(tag, value) does, failing with
// "cannot decode !!<found> `<value>` as a !!<tag>" (an !!int where a !!float is asked is converted); !!binary is base64
// (must decode to UTF-8 text here; kubectl would put U+FFFD in its place); !!merge marks "<<"; any other tag on a scalar is
// ignored by go-yaml (the value is the plain string, even for `!foo 12`) and so it is here, with a warning.

export const TAG = {
  str: 'tag:yaml.org,2002:str',
  int: 'tag:yaml.org,2002:int',
  float: 'tag:yaml.org,2002:float',
  bool: 'tag:yaml.org,2002:bool',
  null: 'tag:yaml.org,2002:null',
  timestamp: 'tag:yaml.org,2002:timestamp',
  binary: 'tag:yaml.org,2002:binary',
  merge: 'tag:yaml.org,2002:merge',
  map: 'tag:yaml.org,2002:map',
  seq: 'tag:yaml.org,2002:seq',
} as const;

/** A scalar as go-yaml v2 decodes it into interface{}, before the JSON conversion. */
export type GoScalar =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  /** Go int/int64: fits in int64. */
  | { readonly kind: 'int'; readonly value: bigint }
  /** Go uint64: beyond int64. */
  | { readonly kind: 'uint'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'timestamp'; readonly value: string };

const NULL: GoScalar = { kind: 'null' };
const TRUE: GoScalar = { kind: 'bool', value: true };
const FALSE: GoScalar = { kind: 'bool', value: false };

/** resolve.go resolveMapList. */
const RESOLVE_MAP = new Map<string, GoScalar>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, TRUE] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, FALSE] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, NULL] as const),
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, { kind: 'float', value: Number.NaN }] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, { kind: 'float', value: Number.POSITIVE_INFINITY }] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, { kind: 'float', value: Number.NEGATIVE_INFINITY }] as const),
]);

/** Decimal integers that need no resolving: exactly the number they spell, safe below 2^53. */
export const SAFE_DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;

/** resolve.go resolveTable: which first characters may start a non-string (S sign, D digit, M in map, . float). */
const HINT = new Uint8Array(128);
for (const c of '+-') HINT[c.charCodeAt(0)] = 83; // 'S'
for (const c of '0123456789') HINT[c.charCodeAt(0)] = 68; // 'D'
for (const c of 'yYnNtTfFoO~') HINT[c.charCodeAt(0)] = 77; // 'M'
HINT[46] = 46; // '.'

/** The resolve hint of a plain scalar's first character (0: it can only be a string). */
export function hintOf(text: string): number {
  const first = text.charCodeAt(0);
  return first < 128 ? HINT[first]! : 0;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat on text starting with ".": decimals, "_" only between digits. */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseUint(s, 0, 64) digits after the sign: 0x / 0o / 0b / leading-0 octal / decimal. Undefined on a syntax error. */
function parseGoUnsigned(s: string): bigint | undefined {
  if (s === '') return undefined;
  let base = 10;
  let digits = s;
  if (s[0] === '0') {
    const second = s.length >= 3 ? s[1]!.toLowerCase() : '';
    if (second === 'b') [base, digits] = [2, s.slice(2)];
    else if (second === 'o') [base, digits] = [8, s.slice(2)];
    else if (second === 'x') [base, digits] = [16, s.slice(2)];
    else [base, digits] = [8, s.slice(1)];
  }
  let value = 0n;
  const big = BigInt(base);
  for (const c of digits) {
    const code = c.toLowerCase().charCodeAt(0);
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 122 ? code - 87 : 99;
    if (digit >= base) return undefined;
    value = value * big + BigInt(digit);
  }
  return value;
}

/** The D/S branch of resolve(): timestamp, ParseInt, ParseUint, yamlStyleFloat, 0b/-0b. */
function resolveNumber(text: string, tag: string): GoScalar | undefined {
  if ((tag === '' || tag === TAG.timestamp) && isGoTimestamp(text)) return { kind: 'timestamp', value: text };
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  const negative = plain[0] === '-';
  const unsigned = parseGoUnsigned(plain[0] === '-' || plain[0] === '+' ? plain.slice(1) : plain);
  if (unsigned !== undefined) {
    const signed = negative ? -unsigned : unsigned;
    if (signed >= INT64_MIN && signed <= INT64_MAX) return { kind: 'int', value: signed };
    // ParseUint takes no sign.
    if (plain[0] !== '-' && plain[0] !== '+' && unsigned <= UINT64_MAX) return { kind: 'uint', value: unsigned };
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return { kind: 'float', value };
  }
  // The "0b"/"-0b" fallbacks of resolve() only matter for values ParseInt already handles.
  return undefined;
}

/**
 * go-yaml v2 resolve(tag, value): `tag` is '' for a plain scalar, else the full tag. Returns the value, or an error
 * message for a tag the value cannot have. Custom and collection tags leave the value a string, as in go-yaml.
 */
export function resolveScalar(tag: string, text: string): GoScalar | string {
  if (tag !== '' && tag !== TAG.str && tag !== TAG.bool && tag !== TAG.int && tag !== TAG.float && tag !== TAG.null && tag !== TAG.timestamp) {
    return { kind: 'str', value: text };
  }
  let resolved: GoScalar = { kind: 'str', value: text };
  const hint = text === '' ? 78 : hintOf(text);
  if (hint !== 0 && tag !== TAG.str) {
    const mapped = RESOLVE_MAP.get(text);
    if (mapped) resolved = mapped;
    else if (hint === 46) {
      if (DOT_FLOAT.test(text)) {
        const value = Number(text.replaceAll('_', ''));
        if (Number.isFinite(value)) resolved = { kind: 'float', value };
      }
    } else if (hint === 68 || hint === 83) {
      resolved = resolveNumber(text, tag) ?? resolved;
    }
  }
  if (tag === '' || tag === TAG.str || tag === tagOf(resolved)) return resolved;
  if (tag === TAG.float && resolved.kind === 'int') return { kind: 'float', value: Number(resolved.value) };
  return `cannot decode !!${shortTag(tagOf(resolved))} \`${text}\` as a !!${shortTag(tag)}`;
}

function tagOf(scalar: GoScalar): string {
  switch (scalar.kind) {
    case 'null': return TAG.null;
    case 'bool': return TAG.bool;
    case 'int': case 'uint': return TAG.int;
    case 'float': return TAG.float;
    case 'timestamp': return TAG.timestamp;
    default: return TAG.str;
  }
}

export function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? tag.slice('tag:yaml.org,2002:'.length) : tag;
}

/** The value kubectl sends for a scalar value, or an error message. */
export function jsonValue(scalar: GoScalar, text: string): unknown {
  switch (scalar.kind) {
    case 'null': return null;
    case 'bool': return scalar.value;
    case 'str': case 'timestamp': return scalar.value;
    case 'float':
      if (!Number.isFinite(scalar.value)) {
        return new ScalarError(`${text} is not a number JSON can carry (kubectl fails with "json: unsupported value"); quote it if you mean the string`);
      }
      return scalar.value === 0 ? 0 : scalar.value;
    case 'int': {
      // Beyond ±2^53 this is the nearest double: what the API server reads into a float64 field (a CRD's
      // `maximum: 9223372036854775000`), not what an int64 field gets. The reader warns (isUnsafeInteger).
      const value = Number(scalar.value);
      return value === 0 ? 0 : value;
    }
    case 'uint': return Number(scalar.value);
  }
}

/** The JSON key kubectl makes of a scalar map key, or an error (null and uint64 keys). */
export function jsonKey(scalar: GoScalar, text: string): string | ScalarError {
  switch (scalar.kind) {
    case 'str': case 'timestamp': return scalar.value;
    case 'bool': return scalar.value ? 'true' : 'false';
    case 'int': return scalar.value.toString();
    case 'float': return formatFloat32(scalar.value);
    case 'null': return new ScalarError(`the key ${JSON.stringify(text)} is null, which kubectl cannot turn into a JSON key ("unsupported map key"); quote it if you mean the string`);
    case 'uint': return new ScalarError(`the key ${text} is beyond int64, which kubectl cannot turn into a JSON key ("unsupported map key of type: uint64"); quote it`);
  }
}

/** A scalar kubectl would refuse or read differently: the caller turns it into a located error. */
export class ScalarError {
  constructor(readonly message: string) {}
}

/** strconv.FormatFloat(f, 'g', -1, 32), with sigs.k8s.io/yaml's .inf/-.inf/.nan. */
export function formatFloat32(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  const single = Math.fround(value);
  if (single === Number.POSITIVE_INFINITY) return '.inf';
  if (single === Number.NEGATIVE_INFINITY) return '-.inf';
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  let precision = 1;
  while (precision < 9 && Math.fround(Number(single.toPrecision(precision))) !== single) precision++;
  const [mantissa, exponentText] = single.toExponential(precision - 1).split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  // %e when the exponent is < -4 or >= 6 (the shortest form uses precision 6 for this choice), else %f.
  if (exponent < -4 || exponent >= 6) {
    const e = Math.abs(exponent).toString().padStart(2, '0');
    return `${negative ? '-' : ''}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exponent < 0 ? '-' : '+'}${e}`;
  }
  const point = exponent + 1;
  const text = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : digits.length <= point ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${negative ? '-' : ''}${text}`;
}

/**
 * resolve.go parseTimestamp(): "2006-1-2", "2006-1-2T15:4:5.999999999Z07:00" (t or T), "2006-1-2 15:4:5.999999999",
 * checked like time.Parse (month 1-12, a day the month has, hour < 24, minute and second < 60).
 */
const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function isGoTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [, year, month, day, t, space, hour, minute, second, zone] = match;
  if (t && !zone) return false;
  if (space && zone) return false;
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(Number(year), m, 0)).getUTCDate()) return false;
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)) return false;
  if (zone && zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return false;
  return true;
}

/** base64.StdEncoding.DecodeString (padding required; CR and LF ignored), as UTF-8 text. */
export function decodeBinary(text: string): string | ScalarError {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
    return new ScalarError('!!binary value contains invalid base64 data (as kubectl says); use standard base64 with padding');
  }
  const bytes = Buffer.from(compact, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return new ScalarError('!!binary value decodes to bytes that are not UTF-8 text; kubectl would replace them with U+FFFD. Put binary data in a Secret\'s or ConfigMap\'s data/binaryData as base64 without the !!binary tag');
  }
}

/** resolveMapList's entry for a text (booleans, nulls, .inf/.nan), if any. */
export function mappedScalar(text: string): GoScalar | undefined {
  return RESOLVE_MAP.get(text);
}

/** The warning for an integer isUnsafeInteger() finds, written `text` and carried as `value`: both readers say the same. */
export function unsafeIntegerWarning(text: string, value: number): string {
  return `${text} is beyond 2^53: homelab carries it as ${String(value)}, the nearest double (right for float fields such as a CRD's maximum, not for an int64 field, which kubectl would send exactly)`;
}

/** An int64 that a JavaScript number cannot hold exactly (kubectl sends it exactly). */
export function isUnsafeInteger(scalar: GoScalar): boolean {
  return scalar.kind === 'int' && (scalar.value > BigInt(Number.MAX_SAFE_INTEGER) || scalar.value < BigInt(Number.MIN_SAFE_INTEGER));
}
