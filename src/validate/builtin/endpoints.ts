// Endpoints as k8s.io/kubernetes checks them on create: pkg/apis/core/validation/validation.go ValidateEndpointsCreate
// (validateEndpointSubsets, validateEndpointAddress, ValidateEndpointIP, validateEndpointPort), after
// pkg/apis/core/v1/defaults.go SetDefaults_Endpoints (a port's protocol defaults to TCP).
import { EMPTY, FieldErrors, arr, child, index, num, obj, str, type Obj } from './field-errors.ts';
import { ipBits, isDNS1123Label, isDNS1123Subdomain, isIP, isQualifiedName, isValidPortNum } from './formats.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export function validateEndpoints(object: Obj, errors: FieldErrors): void {
  arr(object.subsets).forEach((item, i) => {
    const subset = obj(item) ?? EMPTY;
    const path = index('subsets', i);
    const addresses = arr(subset.addresses);
    const notReady = arr(subset.notReadyAddresses);
    if (addresses.length === 0 && notReady.length === 0) errors.required(path, 'must specify `addresses` or `notReadyAddresses`');
    addresses.forEach((address, j) => validateEndpointAddress(obj(address) ?? EMPTY, index(child(path, 'addresses'), j), errors));
    notReady.forEach((address, j) => validateEndpointAddress(obj(address) ?? EMPTY, index(child(path, 'notReadyAddresses'), j), errors));
    const ports = arr(subset.ports);
    ports.forEach((port, j) => validateEndpointPort(obj(port) ?? EMPTY, ports.length > 1, index(child(path, 'ports'), j), errors));
  });
}

function validateEndpointAddress(address: Obj, path: string, errors: FieldErrors): void {
  const ip = str(address.ip);
  const ipPath = child(path, 'ip');
  // IsValidIPForLegacyField, then ValidateEndpointIP: an unparsable IP is reported by both.
  if (!isIP(ip)) errors.invalid(ipPath, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  const hostname = str(address.hostname);
  if (hostname) errors.invalidEach(child(path, 'hostname'), hostname, isDNS1123Label(hostname));
  if (typeof address.nodeName === 'string') errors.invalidEach(child(path, 'nodeName'), address.nodeName, isDNS1123Subdomain(address.nodeName));
  validateEndpointIP(ip, ipPath, errors);
}

/** ValidateEndpointIP: no unspecified, loopback, link-local or link-local multicast addresses (net.IP's ranges). */
export function validateEndpointIP(ip: string, path: string, errors: FieldErrors): void {
  const bits = isIP(ip) ? ipBits(ip) : undefined;
  if (!bits) {
    errors.invalid(path, ip, 'must be a valid IP address');
    return;
  }
  // net.IP treats an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address.
  const mapped = bits.width === 128 && bits.value >> 32n === 0xffffn;
  const v4 = bits.width === 32 || mapped ? Number(bits.value & 0xffffffffn) : undefined;
  const inV4 = (prefix: number, length: number) => v4 !== undefined && v4 >>> (32 - length) === prefix >>> (32 - length);
  const inV6 = (prefix: bigint, length: number) => v4 === undefined && bits.value >> BigInt(128 - length) === prefix >> BigInt(128 - length);
  if (v4 === 0 || (v4 === undefined && bits.value === 0n)) errors.invalid(path, ip, `may not be unspecified (${ip})`);
  if (inV4(0x7f000000, 8) || (v4 === undefined && bits.value === 1n)) errors.invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)');
  if (inV4(0xa9fe0000, 16) || inV6(0xfe80n << 112n, 10)) errors.invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  // net.IP.IsLinkLocalMulticast: 224.0.0.0/24, or ff?2::/16 (any flags, scope 2).
  if (inV4(0xe0000000, 24) || (v4 === undefined && (bits.value >> 120n) === 0xffn && ((bits.value >> 112n) & 0x0fn) === 2n)) {
    errors.invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  }
}

function validateEndpointPort(port: Obj, requireName: boolean, path: string, errors: FieldErrors): void {
  const name = str(port.name);
  if (requireName && !name) errors.required(child(path, 'name'), '');
  else if (name) errors.invalidEach(child(path, 'name'), name, isDNS1123Label(name));
  const number = num(port.port);
  if (number !== undefined) errors.invalidEach(child(path, 'port'), number, isValidPortNum(number));
  const protocol = str(port.protocol) || 'TCP';
  if (!PROTOCOLS.includes(protocol)) errors.notSupported(child(path, 'protocol'), protocol, PROTOCOLS);
  if (typeof port.appProtocol === 'string') errors.invalidEach(child(path, 'appProtocol'), port.appProtocol, isQualifiedName(port.appProtocol));
}
