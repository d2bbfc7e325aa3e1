// The functions the API server's CEL environment adds to standard CEL (k8s.io/apiserver/pkg/cel/environment/base.go),
// registered on a @marcbachmann/cel-js Environment. What is not here (lists.sortBy, strings.format, the authz
// library that CRD rules cannot use anyway) makes a rule that uses it a warning, never a rejection: see ./rules.ts.
import { isIPv4, isIPv6 } from 'node:net';
import type { Environment } from '@marcbachmann/cel-js';
import { celModule } from './cel-module.ts';
import { translateRe2 } from '../re2.ts';
import { Quantity } from './quantity.ts';

/** A runtime error the API server raises too (a bad quantity, an out-of-range index): the rule fails. */
export class KubernetesCelError extends Error {}

type Scalar = bigint | number | string | boolean;

function compare(a: unknown, b: unknown): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === typeof b && (typeof a === 'string' || typeof a === 'boolean')) return (a as Scalar) < (b as Scalar) ? -1 : (a as Scalar) > (b as Scalar) ? 1 : 0;
  throw new KubernetesCelError('no such overload');
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return a == b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (a instanceof Map || b instanceof Map || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function regex(pattern: string): RegExp {
  const translated = translateRe2(pattern, { unicode: true });
  if (!translated.ok) throw new KubernetesCelError(`error parsing regexp: ${translated.reason}`);
  return new RegExp(translated.source, 'gu');
}

// ------------------------------------------------------------------ URLs, IPs, CIDRs

export class KubeUrl {
  constructor(readonly url: URL) {}
}

function parseUrl(text: string): KubeUrl | undefined {
  // Go's url.ParseRequestURI: an absolute URI or an absolute path, no fragment.
  if (text.includes('#')) return undefined;
  try {
    return new KubeUrl(new URL(text));
  } catch {
    if (text.startsWith('/')) return new KubeUrl(new URL(text, 'relative:/'));
    return undefined;
  }
}

export class KubeIp {
  constructor(
    readonly text: string,
    readonly family: 4 | 6,
    readonly value: bigint,
  ) {}
}

function parseIp(text: string): KubeIp | undefined {
  if (isIPv4(text)) {
    const value = text.split('.').reduce((sum, part) => (sum << 8n) + BigInt(part), 0n);
    return new KubeIp(text, 4, value);
  }
  // No zones; IPv4-mapped IPv6 is refused by the Kubernetes ip() function.
  if (!isIPv6(text) || text.includes('%') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(text)) return undefined;
  return new KubeIp(text, 6, ipv6Value(text));
}

function ipv6Value(text: string): bigint {
  let tail = text;
  let v4: bigint | undefined;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    v4 = parseIp(dotted[1]!)?.value ?? 0n;
    tail = text.slice(0, -dotted[1]!.length) + '0:0';
  }
  const [head = '', rest] = tail.split('::');
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  let value = groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group || '0', 16)), 0n);
  if (v4 !== undefined) value = (value & ~0xffffffffn) | v4;
  return value;
}

export class KubeCidr {
  constructor(
    readonly ip: KubeIp,
    readonly prefix: number,
  ) {}

  get bits(): number {
    return this.ip.family === 4 ? 32 : 128;
  }

  contains(ip: KubeIp): boolean {
    if (ip.family !== this.ip.family) return false;
    const shift = BigInt(this.bits - this.prefix);
    return ip.value >> shift === this.ip.value >> shift;
  }
}

function parseCidr(text: string): KubeCidr | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefix) || (prefix.length > 1 && prefix.startsWith('0'))) return undefined;
  const bits = Number(prefix);
  if (bits > (ip.family === 4 ? 32 : 128)) return undefined;
  return new KubeCidr(ip, bits);
}

function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // RFC 5952: the longest run (>1) of zero groups becomes "::".
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best === -1) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

// ------------------------------------------------------------------ semver library

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export class KubeSemver {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: readonly string[],
  ) {}

  compare(other: KubeSemver): number {
    for (const key of ['major', 'minor', 'patch'] as const) {
      if (this[key] !== other[key]) return this[key] < other[key] ? -1 : 1;
    }
    // A version without pre-release parts ranks above one with them (semver 2.0.0, item 11).
    if (this.pre.length === 0 || other.pre.length === 0) return other.pre.length - this.pre.length === 0 ? 0 : this.pre.length === 0 ? 1 : -1;
    for (let i = 0; i < Math.max(this.pre.length, other.pre.length); i++) {
      const [a, b] = [this.pre[i], other.pre[i]];
      if (a === undefined) return -1;
      if (b === undefined) return 1;
      const [na, nb] = [/^\d+$/.test(a), /^\d+$/.test(b)];
      if (na && nb && BigInt(a) !== BigInt(b)) return BigInt(a) < BigInt(b) ? -1 : 1;
      if (na !== nb) return na ? -1 : 1;
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  }
}

/** blang/semver's strict parse, or with `normalize` a leading "v" and missing minor/patch allowed (as Kubernetes' semver()). */
function parseSemver(text: string, normalize: boolean): KubeSemver | undefined {
  let candidate = text;
  if (normalize) {
    candidate = candidate.replace(/^v/, '');
    const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(candidate);
    if (match) candidate = `${BigInt(match[1]!)}.${BigInt(match[2] ?? '0')}.${BigInt(match[3] ?? '0')}${match[4]}`;
  }
  const match = SEMVER.exec(candidate);
  if (!match) return undefined;
  return new KubeSemver(BigInt(match[1]!), BigInt(match[2]!), BigInt(match[3]!), match[4] ? match[4].split('.') : []);
}

// ------------------------------------------------------------------ format library

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class KubeFormat {
  constructor(
    readonly name: string,
    readonly check: (value: string) => string[],
  ) {}
}

const rule = (test: (value: string) => boolean, message: string) => (value: string) => (test(value) ? [] : [message]);
const dnsPrefix = (pattern: RegExp, max: number, message: string) => (value: string) => {
  // Prefixes (generateName) may end in "-": validate with a trailing letter appended.
  const candidate = value.endsWith('-') ? `${value}a` : value;
  return candidate.length <= max && pattern.test(candidate) ? [] : [message];
};

const FORMATS: Record<string, KubeFormat['check']> = {
  dns1123Label: rule((v) => v.length <= 63 && DNS1123_LABEL.test(v), "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"),
  dns1123Subdomain: rule((v) => v.length <= 253 && DNS1123_SUBDOMAIN.test(v), "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"),
  dns1035Label: rule((v) => v.length <= 63 && DNS1035_LABEL.test(v), "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"),
  qualifiedName: (v) => {
    const parts = v.split('/');
    const name = parts[parts.length - 1]!;
    const prefix = parts.length === 2 ? parts[0]! : undefined;
    if (parts.length > 2) return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"];
    const errors: string[] = [];
    if (prefix !== undefined && !(prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix))) errors.push('prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters');
    if (!(name.length <= 63 && QUALIFIED_NAME.test(name))) errors.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    return errors;
  },
  dns1123LabelPrefix: dnsPrefix(DNS1123_LABEL, 63, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'"),
  dns1123SubdomainPrefix: dnsPrefix(DNS1123_SUBDOMAIN, 253, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"),
  dns1035LabelPrefix: dnsPrefix(DNS1035_LABEL, 63, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character"),
  labelValue: rule((v) => v.length <= 63 && LABEL_VALUE.test(v), "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"),
  uri: rule((v) => parseUrl(v) !== undefined, 'invalid URI'),
  uuid: rule((v) => UUID.test(v), 'does not match the UUID format'),
  byte: rule((v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v), 'invalid base64'),
  date: rule((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'invalid date'),
  datetime: rule((v) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), 'invalid datetime'),
};

// ------------------------------------------------------------------ registration

class SetsNamespace {}
class StringsNamespace {}
class ListsNamespace {}
class FormatNamespace {}

/** Registers the Kubernetes libraries on a fresh environment. */
export function registerKubernetesLibrary(env: Environment): Environment {
  const { Optional } = celModule();
  const fn = (signature: string, handler: (...args: never[]) => unknown) => env.registerFunction(signature, handler as never);

  // ext.Strings (version 2) beyond what the library has built in.
  fn('string.charAt(int): string', (s: string, i: bigint) => {
    const chars = Array.from(s);
    if (i < 0n || i > BigInt(chars.length)) throw new KubernetesCelError(`index out of range: ${i}`);
    return chars[Number(i)] ?? '';
  });
  fn('string.replace(string, string): string', (s: string, from: string, to: string) => s.split(from).join(to));
  fn('string.replace(string, string, int): string', (s: string, from: string, to: string, n: bigint) => {
    if (n < 0n) return s.split(from).join(to);
    let out = s;
    let index = 0;
    for (let done = 0n; done < n; done++) {
      const at = out.indexOf(from, index);
      if (at === -1) break;
      out = out.slice(0, at) + to + out.slice(at + from.length);
      index = at + to.length + (from === '' ? 1 : 0);
    }
    return out;
  });
  env.registerType('StringsNamespace', StringsNamespace as never);
  env.registerConstant('strings', 'StringsNamespace', new StringsNamespace());
  fn('StringsNamespace.quote(string): string', (_: unknown, s: string) => JSON.stringify(s));

  // Kubernetes lists library.
  fn('list<dyn>.isSorted(): bool', (list: unknown[]) => list.every((item, i) => i === 0 || compare(list[i - 1], item) <= 0));
  fn('list<dyn>.sum(): dyn', (list: (bigint | number)[]) => {
    if (list.length === 0) return 0n;
    return list.reduce((sum, item) => (typeof sum === 'bigint' && typeof item === 'bigint' ? sum + item : Number(sum) + Number(item)));
  });
  fn('list<dyn>.min(): dyn', (list: unknown[]) => {
    if (list.length === 0) throw new KubernetesCelError('min called on empty list');
    return list.reduce((best, item) => (compare(item, best) < 0 ? item : best));
  });
  fn('list<dyn>.max(): dyn', (list: unknown[]) => {
    if (list.length === 0) throw new KubernetesCelError('max called on empty list');
    return list.reduce((best, item) => (compare(item, best) > 0 ? item : best));
  });
  fn('list<dyn>.indexOf(dyn): int', (list: unknown[], item: unknown) => BigInt(list.findIndex((x) => equal(x, item))));
  fn('list<dyn>.lastIndexOf(dyn): int', (list: unknown[], item: unknown) => {
    for (let i = list.length - 1; i >= 0; i--) if (equal(list[i], item)) return BigInt(i);
    return -1n;
  });

  // ext.Lists (version 3).
  fn('list<dyn>.slice(int, int): list<dyn>', (list: unknown[], start: bigint, end: bigint) => {
    if (start < 0n || end < start || end > BigInt(list.length)) throw new KubernetesCelError(`cannot slice(${start}, ${end}), list is length ${list.length}`);
    return list.slice(Number(start), Number(end));
  });
  fn('list<dyn>.flatten(): list<dyn>', (list: unknown[]) => list.flatMap((item) => (Array.isArray(item) ? item : [item])));
  fn('list<dyn>.distinct(): list<dyn>', (list: unknown[]) => list.filter((item, i) => list.findIndex((x) => equal(x, item)) === i));
  fn('list<dyn>.reverse(): list<dyn>', (list: unknown[]) => [...list].reverse());
  fn('list<dyn>.sort(): list<dyn>', (list: unknown[]) => [...list].sort(compare));
  fn('list<dyn>.first(): optional<dyn>', (list: unknown[]) => (list.length > 0 ? Optional.of(list[0]) : Optional.none()));
  fn('list<dyn>.last(): optional<dyn>', (list: unknown[]) => (list.length > 0 ? Optional.of(list[list.length - 1]) : Optional.none()));
  env.registerType('ListsNamespace', ListsNamespace as never);
  env.registerConstant('lists', 'ListsNamespace', new ListsNamespace());
  fn('ListsNamespace.range(int): list<int>', (_: unknown, n: bigint) => Array.from({ length: Number(n) }, (__, i) => BigInt(i)));

  // ext.Sets.
  env.registerType('SetsNamespace', SetsNamespace as never);
  env.registerConstant('sets', 'SetsNamespace', new SetsNamespace());
  const contains = (a: unknown[], b: unknown[]) => b.every((item) => a.some((x) => equal(x, item)));
  fn('SetsNamespace.contains(list<dyn>, list<dyn>): bool', (_: unknown, a: unknown[], b: unknown[]) => contains(a, b));
  fn('SetsNamespace.equivalent(list<dyn>, list<dyn>): bool', (_: unknown, a: unknown[], b: unknown[]) => contains(a, b) && contains(b, a));
  fn('SetsNamespace.intersects(list<dyn>, list<dyn>): bool', (_: unknown, a: unknown[], b: unknown[]) => a.some((x) => b.some((y) => equal(x, y))));

  // Kubernetes regex library (RE2 semantics through the translator).
  fn('string.find(string): string', (s: string, pattern: string) => regex(pattern).exec(s)?.[0] ?? '');
  fn('string.findAll(string): list<string>', (s: string, pattern: string) => Array.from(s.matchAll(regex(pattern)), (m) => m[0]));
  fn('string.findAll(string, int): list<string>', (s: string, pattern: string, n: bigint) => {
    const all = Array.from(s.matchAll(regex(pattern)), (m) => m[0]);
    return n < 0n ? all : all.slice(0, Number(n));
  });

  // Kubernetes URL library.
  env.registerType('URL', KubeUrl as never);
  fn('url(string): URL', (s: string) => {
    const url = parseUrl(s);
    if (!url) throw new KubernetesCelError(`URL parse error during conversion from string: ${s}`);
    return url;
  });
  fn('isURL(string): bool', (s: string) => parseUrl(s) !== undefined);
  fn('URL.getScheme(): string', (u: KubeUrl) => (u.url.protocol === 'relative:' ? '' : u.url.protocol.replace(/:$/, '')));
  fn('URL.getHost(): string', (u: KubeUrl) => (u.url.protocol === 'relative:' ? '' : u.url.host));
  fn('URL.getHostname(): string', (u: KubeUrl) => (u.url.protocol === 'relative:' ? '' : u.url.hostname.replace(/^\[|\]$/g, '')));
  fn('URL.getPort(): string', (u: KubeUrl) => u.url.port);
  fn('URL.getEscapedPath(): string', (u: KubeUrl) => u.url.pathname);
  fn('URL.getQuery(): map<string, list<string>>', (u: KubeUrl) => {
    const query: Record<string, string[]> = {};
    for (const [key, value] of u.url.searchParams) (query[key] ??= []).push(value);
    return query;
  });

  // Kubernetes quantity library.
  env.registerType('Quantity', Quantity as never);
  const quantity = (s: string) => {
    const q = Quantity.parse(s);
    if (!q) throw new KubernetesCelError('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
    return q;
  };
  fn('quantity(string): Quantity', quantity);
  fn('isQuantity(string): bool', (s: string) => Quantity.parse(s) !== undefined);
  fn('Quantity.sign(): int', (q: Quantity) => q.sign());
  fn('Quantity.isInteger(): bool', (q: Quantity) => q.isInteger() && q.numerator / q.denominator <= 2n ** 63n - 1n && q.numerator / q.denominator >= -(2n ** 63n));
  fn('Quantity.asInteger(): int', (q: Quantity) => {
    if (!q.isInteger()) throw new KubernetesCelError('cannot convert value to integer');
    return q.numerator / q.denominator;
  });
  fn('Quantity.asApproximateFloat(): double', (q: Quantity) => q.approximate());
  fn('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => a.add(b));
  fn('Quantity.add(int): Quantity', (a: Quantity, b: bigint) => a.add(Quantity.ofInteger(b)));
  fn('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => a.add(b.negate()));
  fn('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) => a.add(Quantity.ofInteger(-b)));
  fn('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => a.compare(b) > 0);
  fn('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.compare(b) < 0);
  fn('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => BigInt(a.compare(b)));

  // Kubernetes IP and CIDR libraries.
  env.registerType('net.IP', KubeIp as never);
  env.registerType('net.CIDR', KubeCidr as never);
  const ip = (s: string) => {
    const parsed = parseIp(s);
    if (!parsed) throw new KubernetesCelError(`IP Address ${JSON.stringify(s)} parse error during conversion from string`);
    return parsed;
  };
  const cidr = (s: string) => {
    const parsed = parseCidr(s);
    if (!parsed) throw new KubernetesCelError(`network address parse error during conversion from string: ${s}`);
    return parsed;
  };
  fn('ip(string): net.IP', ip);
  fn('isIP(string): bool', (s: string) => parseIp(s) !== undefined);
  fn('net.IP.family(): int', (a: KubeIp) => BigInt(a.family));
  fn('net.IP.isUnspecified(): bool', (a: KubeIp) => a.value === 0n);
  fn('net.IP.isLoopback(): bool', (a: KubeIp) => (a.family === 4 ? a.value >> 24n === 127n : a.value === 1n));
  fn('net.IP.isLinkLocalMulticast(): bool', (a: KubeIp) => (a.family === 4 ? a.value >> 8n === 0xe00000n : a.value >> 112n === 0xff02n));
  fn('net.IP.isLinkLocalUnicast(): bool', (a: KubeIp) => (a.family === 4 ? a.value >> 16n === 0xa9fen : a.value >> 118n === 0x3fan));
  fn('net.IP.isGlobalUnicast(): bool', (a: KubeIp) => {
    if (a.family === 4) return a.value !== 0xffffffffn && a.value !== 0n && a.value >> 24n !== 127n && a.value >> 28n !== 0xen && a.value >> 16n !== 0xa9fen;
    return a.value !== 0n && a.value !== 1n && a.value >> 120n !== 0xffn && a.value >> 118n !== 0x3fan;
  });
  fn('cidr(string): net.CIDR', cidr);
  fn('isCIDR(string): bool', (s: string) => parseCidr(s) !== undefined);
  fn('net.CIDR.containsIP(net.IP): bool', (c: KubeCidr, a: KubeIp) => c.contains(a));
  fn('net.CIDR.containsIP(string): bool', (c: KubeCidr, a: string) => c.contains(ip(a)));
  fn('net.CIDR.containsCIDR(net.CIDR): bool', (c: KubeCidr, o: KubeCidr) => o.prefix >= c.prefix && c.contains(o.ip));
  fn('net.CIDR.containsCIDR(string): bool', (c: KubeCidr, s: string) => {
    const o = cidr(s);
    return o.prefix >= c.prefix && c.contains(o.ip);
  });
  fn('net.CIDR.ip(): net.IP', (c: KubeCidr) => c.ip);
  fn('net.CIDR.prefixLength(): int', (c: KubeCidr) => BigInt(c.prefix));
  fn('net.CIDR.masked(): net.CIDR', (c: KubeCidr) => {
    const shift = BigInt(c.bits - c.prefix);
    const value = (c.ip.value >> shift) << shift;
    return new KubeCidr(new KubeIp(formatIp(c.ip.family, value), c.ip.family, value), c.prefix);
  });
  fn('string(net.IP): string', (a: KubeIp) => formatIp(a.family, a.value));
  fn('string(net.CIDR): string', (c: KubeCidr) => `${formatIp(c.ip.family, c.ip.value)}/${c.prefix}`);

  // Kubernetes semver library (version 1).
  env.registerType('Semver', KubeSemver as never);
  const semver = (s: string, normalize: boolean) => {
    const parsed = parseSemver(s, normalize);
    if (!parsed) throw new KubernetesCelError(`could not parse ${JSON.stringify(s)} as semver`);
    return parsed;
  };
  fn('semver(string): Semver', (s: string) => semver(s, false));
  fn('semver(string, bool): Semver', (s: string, normalize: boolean) => semver(s, normalize));
  fn('isSemver(string): bool', (s: string) => parseSemver(s, false) !== undefined);
  fn('isSemver(string, bool): bool', (s: string, normalize: boolean) => parseSemver(s, normalize) !== undefined);
  fn('Semver.major(): int', (v: KubeSemver) => v.major);
  fn('Semver.minor(): int', (v: KubeSemver) => v.minor);
  fn('Semver.patch(): int', (v: KubeSemver) => v.patch);
  fn('Semver.isGreaterThan(Semver): bool', (a: KubeSemver, b: KubeSemver) => a.compare(b) > 0);
  fn('Semver.isLessThan(Semver): bool', (a: KubeSemver, b: KubeSemver) => a.compare(b) < 0);
  fn('Semver.compareTo(Semver): int', (a: KubeSemver, b: KubeSemver) => BigInt(Math.sign(a.compare(b))));

  registerTwoVariableComprehensions(env);

  // Kubernetes format library.
  env.registerType('FormatNamespace', FormatNamespace as never);
  env.registerType('Format', KubeFormat as never);
  env.registerConstant('format', 'FormatNamespace', new FormatNamespace());
  for (const [name, check] of Object.entries(FORMATS)) fn(`FormatNamespace.${name}(): Format`, () => new KubeFormat(name, check));
  fn('FormatNamespace.named(string): optional<Format>', (_: unknown, name: string) => (FORMATS[name] ? Optional.of(new KubeFormat(name, FORMATS[name]!)) : Optional.none()));
  fn('Format.validate(string): optional<list<string>>', (f: KubeFormat, value: string) => {
    const errors = f.check(value);
    return errors.length > 0 ? Optional.of(errors) : Optional.none();
  });
  return env;
}

// ------------------------------------------------------------------ two-variable comprehensions (ext.TwoVarComprehensions)

/** The library's macro hooks, as its cel.bind uses them: a type-check pass that forks the context, then evaluation. */
interface MacroContext {
  forkWithVariable(name: string, type: unknown): MacroContext;
  reuse(parent: MacroContext): MacroContext;
  setIterValue(value: unknown, evaluator: unknown): MacroContext;
}
interface Checker {
  readonly dynType: unknown;
  readonly boolType: unknown;
  readonly listType: unknown;
  readonly mapType: unknown;
  check(ast: unknown, ctx: MacroContext): unknown;
}
interface Evaluator {
  run(ast: unknown, ctx: MacroContext): unknown;
}
interface TwoVarMacro {
  readonly receiver: unknown;
  readonly first: string;
  readonly second: string;
  readonly exprs: readonly unknown[];
  context?: MacroContext;
  inner?: MacroContext;
}

type Kind = 'all' | 'exists' | 'existsOne' | 'transformList' | 'transformMap' | 'transformMapEntry';

/** `l.all(i, v, …)`, `m.exists(k, v, …)`, `existsOne`, `transformList`, `transformMap`, `transformMapEntry`. */
function registerTwoVariableComprehensions(env: Environment): void {
  const identifier = (node: unknown) => {
    const ast = node as { op?: string; args?: unknown };
    if (ast.op !== 'id' || typeof ast.args !== 'string') throw new KubernetesCelError('the first two arguments must be variable names');
    return ast.args;
  };
  const entries = (collection: unknown): [unknown, unknown][] => {
    if (Array.isArray(collection)) return collection.map((value, i) => [BigInt(i), value]);
    if (collection instanceof Map) return [...collection.entries()];
    if (collection && typeof collection === 'object') return Object.entries(collection);
    throw new KubernetesCelError('no such overload');
  };
  const define = (kind: Kind, receiver: 'list' | 'map', arity: 3 | 4) => {
    const result = kind === 'transformList' ? 'list<dyn>' : kind.startsWith('transformMap') ? 'map<dyn, dyn>' : 'bool';
    const signature = `${receiver}.${kind}(${Array(arity).fill('ast').join(', ')}): ${result}`;
    env.registerFunction(signature, (({ args, receiver: target }: { args: unknown[]; receiver: unknown }) => ({
      receiver: target,
      first: identifier(args[0]),
      second: identifier(args[1]),
      exprs: args.slice(2),
      typeCheck(checker: Checker, macro: TwoVarMacro, ctx: MacroContext) {
        checker.check(macro.receiver, ctx);
        macro.context = ctx.forkWithVariable(macro.first, checker.dynType);
        macro.inner = macro.context.forkWithVariable(macro.second, checker.dynType);
        for (const expr of macro.exprs) checker.check(expr, macro.inner);
        return kind === 'transformList' ? checker.listType : kind.startsWith('transformMap') ? checker.mapType : checker.boolType;
      },
      evaluate(evaluator: Evaluator, macro: TwoVarMacro, ctx: MacroContext) {
        const collection = evaluator.run(macro.receiver, ctx);
        const outer = macro.context!.reuse(ctx);
        const inner = macro.inner!.reuse(outer);
        const run = (expr: unknown, key: unknown, value: unknown) => {
          outer.setIterValue(key, evaluator);
          inner.setIterValue(value, evaluator);
          return evaluator.run(expr, inner);
        };
        const pairs = entries(collection);
        const [filter, transform] = macro.exprs.length === 2 ? macro.exprs : [undefined, macro.exprs[0]];
        switch (kind) {
          case 'all':
            return pairs.every(([k, v]) => run(transform, k, v) === true);
          case 'exists':
            return pairs.some(([k, v]) => run(transform, k, v) === true);
          case 'existsOne':
            return pairs.filter(([k, v]) => run(transform, k, v) === true).length === 1;
          case 'transformList':
            return pairs.filter(([k, v]) => filter === undefined || run(filter, k, v) === true).map(([k, v]) => run(transform, k, v));
          case 'transformMap': {
            const out: Record<string, unknown> = {};
            for (const [k, v] of pairs) if (filter === undefined || run(filter, k, v) === true) out[String(k)] = run(transform, k, v);
            return out;
          }
          case 'transformMapEntry': {
            const out: Record<string, unknown> = {};
            for (const [k, v] of pairs) {
              if (filter !== undefined && run(filter, k, v) !== true) continue;
              const entry = run(transform, k, v);
              for (const [key, value] of entries(entry)) {
                if (Object.hasOwn(out, String(key))) throw new KubernetesCelError(`insert failed: key ${String(key)} already exists`);
                out[String(key)] = value;
              }
            }
            return out;
          }
        }
      },
    })) as never);
  };
  for (const receiver of ['list', 'map'] as const) {
    for (const kind of ['all', 'exists', 'existsOne'] as const) define(kind, receiver, 3);
    define('transformList', receiver, 3);
    define('transformList', receiver, 4);
    define('transformMap', receiver, 3);
    define('transformMap', receiver, 4);
    define('transformMapEntry', receiver, 3);
    define('transformMapEntry', receiver, 4);
  }
}
