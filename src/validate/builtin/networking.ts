// networking.k8s.io objects as k8s.io/kubernetes pkg/apis/networking/validation/validation.go checks them on create:
// ValidateIngressCreate (rules, paths, backends, TLS), ValidateIngressClass, ValidateNetworkPolicy (ports, peers, ipBlock).
import { EMPTY, FieldErrors, arr, child, index, num, obj, str, type Obj } from './field-errors.ts';
import {
  cidrStrictlyContains,
  isCIDR,
  isDNS1035Label,
  isDNS1123Subdomain,
  isIP,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from './formats.ts';
import { validateLabelSelector } from './metadata.ts';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

export function validateIngress(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const rules = arr(spec.rules);
  if (rules.length === 0 && spec.defaultBackend === undefined) errors.invalid('spec', rules, 'either `defaultBackend` or `rules` must be specified');
  const defaultBackend = obj(spec.defaultBackend);
  if (defaultBackend) validateBackend(defaultBackend, 'spec.defaultBackend', errors);
  rules.forEach((item, i) => {
    const rule = obj(item);
    if (!rule) return;
    const rulePath = index('spec.rules', i);
    const host = str(rule.host);
    if (host) {
      if (isIP(host)) errors.invalid(child(rulePath, 'host'), host, 'must be a DNS name, not an IP address');
      errors.invalidEach(child(rulePath, 'host'), host, host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host));
    }
    const http = obj(rule.http);
    if (!http) return;
    const paths = arr(http.paths);
    if (paths.length === 0) errors.required(child(child(rulePath, 'http'), 'paths'), '');
    paths.forEach((pathItem, j) => {
      const path = obj(pathItem);
      if (path) validateHTTPPath(path, index(child(child(rulePath, 'http'), 'paths'), j), errors);
    });
  });
  arr(spec.tls).forEach((item, i) => {
    const tls = obj(item);
    if (!tls) return;
    arr(tls.hosts).forEach((host, j) => {
      const value = str(host);
      errors.invalidEach(`spec.tls[${i}].hosts[${j}]`, value, value.includes('*') ? isWildcardDNS1123Subdomain(value) : isDNS1123Subdomain(value));
    });
    const secretName = str(tls.secretName);
    if (secretName) errors.invalidEach(`spec.tls[${i}].secretName`, secretName, isDNS1123Subdomain(secretName));
  });
  if (typeof spec.ingressClassName === 'string') errors.invalidEach('spec.ingressClassName', spec.ingressClassName, isDNS1123Subdomain(spec.ingressClassName));
  const annotation = obj(obj(object.metadata)?.annotations)?.['kubernetes.io/ingress.class'];
  if (typeof annotation === 'string' && typeof spec.ingressClassName === 'string' && annotation !== spec.ingressClassName) {
    errors.invalid('annotations.kubernetes.io/ingress.class', annotation, 'must match `ingressClassName` when both are specified');
  }
}

function validateHTTPPath(path: Obj, fieldPath: string, errors: FieldErrors): void {
  const pathType = path.pathType;
  if (pathType === undefined) {
    errors.required(child(fieldPath, 'pathType'), 'pathType must be specified');
    return;
  }
  const value = str(path.path);
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errors.invalid(child(fieldPath, 'path'), value, 'must be an absolute path');
    for (const sequence of INVALID_SEQUENCES) if (value.includes(sequence)) errors.invalid(child(fieldPath, 'path'), value, `must not contain '${sequence}'`);
    for (const suffix of INVALID_SUFFIXES) if (value.endsWith(suffix)) errors.invalid(child(fieldPath, 'path'), value, `cannot end with '${suffix}'`);
  } else if (pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) errors.invalid(child(fieldPath, 'path'), value, 'must be an absolute path');
  } else {
    errors.notSupported(child(fieldPath, 'pathType'), pathType, PATH_TYPES);
  }
  validateBackend(obj(path.backend) ?? EMPTY, child(fieldPath, 'backend'), errors);
}

function validateBackend(backend: Obj, path: string, errors: FieldErrors): void {
  const resource = obj(backend.resource);
  const service = obj(backend.service);
  if (resource && service) {
    errors.invalid(path, '', 'cannot set both resource and service backends');
    return;
  }
  if (resource) {
    validateTypedLocalObjectReference(resource, child(path, 'resource'), errors);
    return;
  }
  if (!service) {
    errors.invalid(path, '', 'resource or service backend is required');
    return;
  }
  const name = str(service.name);
  if (!name) errors.required(`${path}.service.name`, '');
  else errors.invalidEach(`${path}.service.name`, name, isDNS1035Label(name));
  const port = obj(service.port) ?? EMPTY;
  const portName = str(port.name);
  const portNumber = num(port.number) ?? 0;
  if (portName && portNumber) errors.invalid(path, '', 'cannot set both port name & port number');
  else if (portName) errors.invalidEach(`${path}.service.port.name`, portName, isValidPortName(portName));
  else if (portNumber) errors.invalidEach(`${path}.service.port.number`, portNumber, isValidPortNum(portNumber));
  else errors.required(path, 'port name or number is required');
}

function validateTypedLocalObjectReference(reference: Obj, path: string, errors: FieldErrors): void {
  if (typeof reference.apiGroup === 'string') errors.invalidEach(child(path, 'apiGroup'), reference.apiGroup, isDNS1123Subdomain(reference.apiGroup));
  for (const field of ['kind', 'name']) {
    const value = str(reference[field]);
    if (!value) errors.required(child(path, field), '');
    else errors.invalidEach(child(path, field), value, isValidPathSegmentName(value));
  }
}

export function validateIngressClass(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const controller = str(spec.controller);
  if (controller.length > 250) errors.tooLong('spec.controller', 250);
  // IsDomainPrefixedPath: a DNS subdomain, "/", a non-empty path.
  if (!controller) errors.required('spec.controller', '');
  else {
    const slash = controller.indexOf('/');
    if (slash < 0) errors.invalid('spec.controller', controller, 'must be a domain-prefixed path (such as "acme.io/foo")');
    else {
      const host = controller.slice(0, slash);
      errors.invalidEach('spec.controller', host, isDNS1123Subdomain(host));
      const rest = controller.slice(slash + 1);
      if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)) {
        errors.invalid('spec.controller', rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')");
      }
    }
  }
  const parameters = obj(spec.parameters);
  if (parameters) {
    validateTypedLocalObjectReference(parameters, 'spec.parameters', errors);
    const scope = str(parameters.scope) || 'Cluster';
    if (!['Cluster', 'Namespace'].includes(scope)) errors.notSupported('spec.parameters.scope', scope, ['Cluster', 'Namespace']);
    else if (scope === 'Namespace' && !str(parameters.namespace)) errors.required('spec.parameters.namespace', '`parameters.scope` is set to "Namespace"');
    else if (scope === 'Cluster' && parameters.namespace !== undefined) errors.forbidden('spec.parameters.namespace', '`parameters.scope` is set to "Cluster"');
  }
}

/** A rule's direction and the field of its peers, walked by index (no arrays made and destructured per policy). */
const POLICY_DIRECTIONS = ['ingress', 'egress'];
const POLICY_PEERS = ['from', 'to'];

export function validateNetworkPolicy(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  validateLabelSelector(spec.podSelector, 'spec.podSelector', errors);
  for (let d = 0; d < POLICY_DIRECTIONS.length; d++) {
    const direction = POLICY_DIRECTIONS[d]!;
    const peers = POLICY_PEERS[d]!;
    arr(spec[direction]).forEach((item, i) => {
      const rule = obj(item);
      if (!rule) return;
      const rulePath = index(child('spec', direction), i);
      arr(rule.ports).forEach((port, j) => validatePolicyPort(obj(port), index(child(rulePath, 'ports'), j), errors));
      arr(rule[peers]).forEach((peer, j) => validatePeer(obj(peer), index(child(rulePath, peers), j), errors));
    });
  }
  const types = arr(spec.policyTypes);
  if (types.length > 2) errors.invalid('spec.policyTypes', types, 'may not specify more than two policyTypes');
}

function validatePolicyPort(port: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!port) return;
  const endPort = num(port.endPort);
  if (typeof port.port === 'number') {
    errors.invalidEach(child(path, 'port'), port.port, isValidPortNum(port.port));
    if (endPort !== undefined) {
      if (endPort < port.port) errors.invalid(child(path, 'endPort'), port.port, 'must be greater than or equal to `port`');
      errors.invalidEach(child(path, 'endPort'), endPort, isValidPortNum(endPort));
    }
  } else if (typeof port.port === 'string') {
    if (endPort !== undefined) errors.invalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is non-numeric');
    errors.invalidEach(child(path, 'port'), port.port, isValidPortName(port.port));
  } else if (endPort !== undefined) {
    errors.invalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is not specified');
  }
}

function validatePeer(peer: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!peer) return;
  let count = 0;
  if (peer.podSelector !== undefined) {
    count++;
    validateLabelSelector(peer.podSelector, child(path, 'podSelector'), errors);
  }
  if (peer.namespaceSelector !== undefined) {
    count++;
    validateLabelSelector(peer.namespaceSelector, child(path, 'namespaceSelector'), errors);
  }
  const ipBlock = obj(peer.ipBlock);
  if (ipBlock) {
    count++;
    const cidr = str(ipBlock.cidr);
    if (!cidr) errors.required(`${path}.ipBlock.cidr`, '');
    else if (!isCIDR(cidr)) errors.invalid(`${path}.ipBlock.cidr`, cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    else {
      arr(ipBlock.except).forEach((except, i) => {
        const value = str(except);
        if (!isCIDR(value)) errors.invalid(`${path}.ipBlock.except[${i}]`, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
        else if (!cidrStrictlyContains(cidr, value)) errors.invalid(`${path}.ipBlock.except[${i}]`, value, 'must be a strict subset of `cidr`');
      });
    }
  }
  if (count === 0) errors.required(path, 'must specify a peer');
  else if (count > 1 && ipBlock) errors.forbidden(path, 'may not specify both ipBlock and another peer');
}
