// The string formats of k8s.io/apimachinery pkg/util/validation (validation.go) and pkg/api/validation/path (name.go),
// ported with their messages: each check returns the API server's detail strings, empty when the value is valid.

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const WILDCARD_SUBDOMAIN_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_SUBDOMAIN_ERR = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const WILDCARD_SUBDOMAIN = new RegExp(`^${WILDCARD_SUBDOMAIN_FMT}$`);
const C_IDENTIFIER_FMT = '[A-Za-z_][A-Za-z0-9_]*';
const C_IDENTIFIER = new RegExp(`^${C_IDENTIFIER_FMT}$`);
const PERCENT_FMT = '[0-9]+%';
const PERCENT = new RegExp(`^${PERCENT_FMT}$`);
const HTTP_HEADER_NAME_FMT = '[-A-Za-z0-9]+';
const HTTP_HEADER_NAME = new RegExp(`^${HTTP_HEADER_NAME_FMT}$`);
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_MAP_KEY = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  // Byte for byte as Go builds it, double space before "or" included.
  return `${message} (e.g. ${examples.map((example) => `'${example}', `).join(' or ')}regex used for validation is '${format}')`;
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Go's len(): bytes of the UTF-8 encoding. */
function byteLength(value: string): number {
  // ASCII is the common case; only count bytes when there is more.
  return /^[\x00-\x7f]*$/.test(value) ? value.length : Buffer.byteLength(value);
}

/**
 * The same label keys, values and names recur in thousands of objects of a render: remember each string's verdict
 * (bounded, so a huge render cannot grow it without limit). Results are shared: callers must not modify them.
 */
function memo(check: (value: string) => string[]): (value: string) => string[] {
  const known = new Map<string, string[]>();
  return (value) => {
    let result = known.get(value);
    if (result === undefined) {
      if (known.size >= 20_000) known.clear();
      result = check(value);
      known.set(value, result);
    }
    return result;
  };
}

export const isQualifiedName = memo(qualifiedName);

function qualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else for (const message of isDNS1123Subdomain(prefix)) errors.push(`prefix part ${message}`);
  } else {
    return [`a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) errors.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

export const isValidLabelValue = memo(validLabelValue);

function validLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errors.push(maxLenError(LABEL_VALUE_MAX));
  if (!LABEL_VALUE.test(value)) errors.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errors;
}

export const isDNS1123Label = memo(dns1123Label);

function dns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX) errors.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL.test(value)) {
    errors.push(DNS1123_SUBDOMAIN.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errors;
}

export const isDNS1123Subdomain = memo(dns1123Subdomain);

function dns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN.test(value)) errors.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errors;
}

export const isDNS1035Label = memo(dns1035Label);

function dns1035Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value)) errors.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errors;
}

export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!WILDCARD_SUBDOMAIN.test(value)) errors.push(regexError(WILDCARD_SUBDOMAIN_ERR, WILDCARD_SUBDOMAIN_FMT, '*.example.com'));
  return errors;
}

export function isCIdentifier(value: string): string[] {
  if (C_IDENTIFIER.test(value)) return [];
  return [regexError("a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'", C_IDENTIFIER_FMT, 'my_name', 'MY_NAME', 'MyName')];
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isInRange(value: number, min: number, max: number): string[] {
  return value >= min && value <= max ? [] : [inclusiveRangeError(min, max)];
}

/** An IANA_SVC_NAME: what a named port may be called. */
export const isValidPortName = memo(validPortName);

function validPortName(port: string): string[] {
  const errors: string[] = [];
  if (port.length > 15) errors.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errors.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errors.push('must not begin or end with a hyphen');
  return errors;
}

export const isValidPercent = memo(validPercent);

function validPercent(value: string): string[] {
  return PERCENT.test(value) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%')];
}

export function isHTTPHeaderName(value: string): string[] {
  return HTTP_HEADER_NAME.test(value) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", HTTP_HEADER_NAME_FMT, 'X-Header-Name')];
}

/** The relaxed rule (RelaxedEnvironmentVariableValidation, on by default since 1.32): printable ASCII but '='. */
export function isRelaxedEnvVarName(value: string): string[] {
  const errors: string[] = [];
  if (value.length === 0) errors.push('environment variable name must be non-empty');
  if (/[^\x20-\x3c\x3e-\x7e]/.test(value)) errors.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  return errors;
}

const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';

/** The strict rule, before RelaxedEnvironmentVariableValidation. */
export function isEnvVarName(value: string): string[] {
  const errors: string[] = [];
  if (!new RegExp(`^${ENV_VAR_NAME_FMT}$`).test(value)) {
    errors.push(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit", ENV_VAR_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  return [...errors, ...hasChDirPrefix(value)];
}

export const isConfigMapKey = memo(configMapKey);

function configMapKey(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errors.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!CONFIG_MAP_KEY.test(value)) errors.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  return [...errors, ...hasChDirPrefix(value)];
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** pkg/api/validation/path IsValidPathSegmentName: RBAC names. */
export const isValidPathSegmentName = memo(validPathSegmentName);

function validPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errors: string[] = [];
  if (name.includes('/')) errors.push("may not contain '/'");
  if (name.includes('%')) errors.push("may not contain '%'");
  return errors;
}

/** A name validator: `prefix` is true for generateName, which may end in a dash. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** pkg/api/validation maskTrailingDash. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

export const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);
export const nameIsPathSegment: NameValidator = (name, prefix) =>
  prefix ? isValidPathSegmentName(name).filter((message) => message.startsWith('may not contain')) : isValidPathSegmentName(name);

/** netutils.ParseIPSloppy as IsValidIPForLegacyField accepts it: dotted IPv4 (leading zeros allowed) or IPv6. */
export function isIP(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

export function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

export function isIPv6(value: string): boolean {
  if (!value.includes(':') || /[^0-9A-Fa-f:.]/.test(value)) return false;
  let text = value;
  let groups = 8;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0`;
    groups = 7;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const count = (half: string) => (half === '' ? 0 : half.split(':').length);
  const valid = (half: string) => half === '' || half.split(':').every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group));
  if (!halves.every(valid)) return false;
  const total = halves.reduce((sum, half) => sum + count(half), 0);
  return halves.length === 2 ? total < groups : total === groups;
}

/** A CIDR as netutils.ParseCIDRSloppy reads it: an IP, "/", a prefix length that fits the family. */
export function isCIDR(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const ip = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

/** An IP as a big integer and its width in bits (32 or 128). */
export function ipBits(ip: string): { value: bigint; width: number } | undefined {
  if (isIPv4(ip)) return { value: ip.split('.').reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n), width: 32 };
  if (!isIPv6(ip)) return undefined;
  let text = ip;
  const last = text.lastIndexOf(':');
  if (text.slice(last + 1).includes('.')) {
    const v4 = ipBits(text.slice(last + 1))!.value;
    text = `${text.slice(0, last + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const all = tail === undefined ? groups(head) : [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
  return { value: all.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n), width: 128 };
}

/** ValidateIPBlock's "strict subset": the inner network lies in the outer one and is smaller. */
export function cidrStrictlyContains(outer: string, inner: string): boolean {
  const [outerIp, outerBits] = outer.split('/') as [string, string];
  const [innerIp, innerBits] = inner.split('/') as [string, string];
  const a = ipBits(outerIp);
  const b = ipBits(innerIp);
  if (!a || !b || a.width !== b.width) return false;
  const outerLength = Number(outerBits);
  if (outerLength >= Number(innerBits)) return false;
  const shift = BigInt(a.width - outerLength);
  return a.value >> shift === b.value >> shift;
}
