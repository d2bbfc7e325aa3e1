// The string formats the API server checks in custom resources, and how: k8s.io/apiextensions-apiserver
// pkg/apiserver/validation/formats.go lists them, k8s.io/kube-openapi pkg/validation/strfmt implements them.
// Every other format (int32, int64, float, double, password, and anything unknown) is not checked.
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { translateRe2 } from './re2.ts';

type Check = (value: string) => boolean;

/** A format as ajv takes it: a RegExp where one says it exactly (precompiled validators inline those), else a function. */
export type FormatDefinition = RegExp | { readonly type: 'string'; readonly validate: Check };

const HOSTNAME_RE2 = String.raw`^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$`;

function re2(pattern: string): RegExp {
  const translated = translateRe2(pattern, { unicode: true });
  if (!translated.ok) throw new Error(`strfmt pattern does not translate: ${translated.reason}`);
  return new RegExp(translated.source, 'u');
}

let hostname: RegExp | undefined;

const ipv4: Check = (s) => (isIPv4(s) || (isIPv6(s) && !s.includes('%'))) && s.includes('.');
const ipv6: Check = (s) => isIP(s) !== 0 && !s.includes('%') && s.includes(':');

/** Go's net.ParseCIDR: an address, "/", a prefix length without leading zeros. */
const cidr: Check = (s) => {
  const slash = s.indexOf('/');
  if (slash === -1) return false;
  const address = s.slice(0, slash);
  const prefix = s.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || address.includes('%')) return false;
  if (isIPv4(address)) return Number(prefix) <= 32;
  return isIPv6(address) && Number(prefix) <= 128;
};

/** Go's net.ParseMAC: 6, 8 or 20 octets as xx:xx…, xx-xx… or xxxx.xxxx…. */
const mac: Check = (s) => {
  const octets = (groups: string[]) => [6, 8, 20].includes(groups.length);
  if (/^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2})*$/.test(s)) return octets(s.split(/[:-]/));
  if (/^[0-9A-Fa-f]{4}(\.[0-9A-Fa-f]{4})*$/.test(s)) return [3, 4, 10].includes(s.split('.').length);
  return false;
};

/** Go's url.ParseRequestURI: an absolute URI or an absolute path (no fragment allowed in the raw text). */
const uri: Check = (s) => {
  if (s === '' || /[\s\u0000-\u001f\u007f]/.test(s)) return false;
  if (s.startsWith('/')) return true;
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
};

/** Go's net/mail.ParseAddress, approximately: `local@domain`, optionally as `Name <local@domain>`. */
const email: Check = (s) => {
  const angle = /^[^<>]*<([^<>]+)>\s*$/.exec(s);
  const address = (angle ? angle[1]! : s).trim();
  return /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+$/.test(address) && !address.startsWith('.') && !/\.\.|\.@|@\./.test(address);
};

const luhn = (digits: string) => {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = Number(digits[i]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
};

const CREDIT_CARD = /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/;

const isbn10: Check = (s) => {
  const d = s.replace(/[\s-]/g, '');
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(d[i]);
  sum += d[9] === 'X' ? 100 : 10 * Number(d[9]);
  return sum % 11 === 0;
};

const isbn13: Check = (s) => {
  const d = s.replace(/[\s-]/g, '');
  if (!/^[0-9]{13}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(d[12]);
};

/** Go's time.Parse("2006-01-02"): real calendar dates, leap years included. */
const DATE = String.raw`(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)`;
const date = new RegExp(`^${DATE}$`);
/** strfmt.IsDateTime: a date, "t" or "T", hh:mm:ss (up to 23:59:59), optional fraction, "z"/"Z" or an offset. */
const datetime = new RegExp(`^${DATE}[tT](?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:.[0-9]+)?(?:[zZ]|[+-][0-9]{2}:[0-9]{2})$`);

const GO_DURATION = /^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))*$|^[-+]?0$/;
const UNITS = [['ns', 'nano'], ['us', 'µs', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'], ['w', 'wk', 'week']];
/** strfmt.ParseDuration: Go's time.ParseDuration, or `<n> <unit>` pairs such as "3 days". */
const duration: Check = (s) => {
  if (GO_DURATION.test(s)) return true;
  let ok = false;
  for (const match of s.matchAll(/((\d+)\s*([A-Za-zµ]+))/g)) {
    const unit = match[3]!.toLowerCase().trim();
    if (UNITS.some((variants) => variants.some((variant, i) => (i === variants.length - 1 && unit.startsWith(variant)) || variant === unit))) ok = true;
  }
  return ok;
};

const K8S_SHORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K8S_LONG_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Format name (without "-", as go-openapi normalizes it) → its check. */
const CHECKS: Record<string, Check | RegExp> = {
  bsonobjectid: /^[0-9a-fA-F]{24}$/,
  uri,
  email,
  hostname: (s) => (hostname ??= re2(HOSTNAME_RE2)).test(s) && s.length <= 255 && s.split('.').every((part) => Buffer.byteLength(part) <= 63),
  ipv4,
  ipv6,
  cidr,
  mac,
  uuid: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  uuid3: /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  uuid4: /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i,
  uuid5: /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i,
  isbn: (s) => isbn10(s) || isbn13(s),
  isbn10,
  isbn13,
  creditcard: (s) => {
    const digits = s.replace(/[^0-9]+/g, '');
    return CREDIT_CARD.test(digits) && luhn(digits);
  },
  // 11 characters: both separators present.
  ssn: /^\d{3}[- ]\d{2}[- ]\d{4}$/,
  hexcolor: /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/,
  rgbcolor: /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/,
  password: /^[\s\S]*$/,
  date,
  duration,
  datetime,
  k8sshortname: new RegExp(`^(?=[\\s\\S]{0,63}$)${K8S_SHORT_NAME.source.slice(1)}`),
  k8slongname: new RegExp(`^(?=[\\s\\S]{0,253}$)${K8S_LONG_NAME.source.slice(1)}`),
};

/** Formats added in a later Kubernetes minor than 1.0 (formats.go's supportedVersionedFormats). */
const INTRODUCED: Record<string, number> = { k8sshortname: 34, k8slongname: 34 };

/** The check for a `format` of a string schema, or undefined when the API server ignores that format. */
export function formatCheck(format: string, kubeMinor: number): FormatDefinition | undefined {
  const normalized = format.replace(/-/g, '');
  const check = CHECKS[normalized];
  if (!check || (INTRODUCED[normalized] ?? 0) > kubeMinor) return undefined;
  return check instanceof RegExp ? check : { type: 'string', validate: check };
}
