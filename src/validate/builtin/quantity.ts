// resource.Quantity as k8s.io/apimachinery pkg/api/resource (quantity.go ParseQuantity, suffix.go) reads it:
// the grammar, the suffixes, and the value (as a number, close enough to compare requests with limits).

export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";

const DECIMAL: Readonly<Record<string, number>> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export interface Quantity {
  readonly value: number;
  /** The value is a whole number (extended resources and hugepages need that). */
  readonly integer: boolean;
}

const parsed = new Map<string, Quantity | { readonly error: string }>();

/** Parses a quantity as Quantity.UnmarshalJSON does (numbers are read as their JSON text, strings are trimmed). */
export function parseQuantity(input: string | number): Quantity | { readonly error: string } {
  const text = typeof input === 'number' ? jsonNumber(input) : input.trim();
  // A render repeats a handful of quantities ("50m", "128Mi") thousands of times.
  let result = parsed.get(text);
  if (result === undefined) {
    if (parsed.size >= 10_000) parsed.clear();
    result = parse(text);
    parsed.set(text, result);
  }
  return result;
}

function parse(text: string): Quantity | { readonly error: string } {
  if (text.length === 0) return { error: QUANTITY_FORMAT_ERROR };
  const scanned = scan(text);
  if ('error' in scanned) return scanned;
  const { positive, num, denom, suffix } = scanned;
  let exponent: number;
  let base: 2 | 10;
  if (suffix in DECIMAL) {
    base = 10;
    exponent = DECIMAL[suffix]!;
  } else if (suffix in BINARY) {
    base = 2;
    exponent = BINARY[suffix]!;
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?\d+$/.test(suffix.slice(1))) {
    base = 10;
    exponent = Number(suffix.slice(1));
  } else {
    return { error: SUFFIX_ERROR };
  }
  const mantissa = Number(`${num}.${denom || '0'}`);
  const value = (positive ? 1 : -1) * mantissa * (base === 10 ? 10 ** exponent : 2 ** exponent);
  return { value, integer: Number.isInteger(value) };
}

/** parseQuantityString: sign, digits, optional fraction, suffix (letters from "eEinumkKMGTP", then an optional signed number). */
function scan(text: string): { positive: boolean; num: string; denom: string; suffix: string } | { error: string } {
  let pos = 0;
  let positive = true;
  if (text[0] === '-' || text[0] === '+') {
    positive = text[0] === '+';
    pos++;
  }
  while (pos < text.length && text[pos] === '0') pos++;
  let start = pos;
  while (pos < text.length && isDigit(text[pos]!)) pos++;
  const num = text.slice(start, pos) || '0';
  let denom = '';
  if (text[pos] === '.') {
    pos++;
    start = pos;
    while (pos < text.length && isDigit(text[pos]!)) pos++;
    denom = text.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < text.length && 'eEinumkKMGTP'.includes(text[pos]!)) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (pos < text.length && isDigit(text[pos]!)) pos++;
  if (pos < text.length) return { error: QUANTITY_FORMAT_ERROR };
  return { positive, num, denom, suffix: text.slice(suffixStart) };
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/** How encoding/json would print a number that YAML gave us (kubectl sends JSON). */
function jsonNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}
