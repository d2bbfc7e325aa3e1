// Services as k8s.io/kubernetes pkg/apis/core/validation/validation.go checks them on create (validateService,
// validateServicePort, validateServiceExternalTrafficPolicy, ValidateServiceClusterIPsRelatedFields), after the
// defaults of pkg/apis/core/v1/defaults.go (type ClusterIP, protocol TCP, targetPort = port, ...), plus the
// node port allocator's range check (pkg/registry/core/service/portallocator), which a dry run also runs.
import { EMPTY, FieldErrors, arr, child, index, num, obj, str, type Obj } from './field-errors.ts';
import { isCIDR, isDNS1123Label, isDNS1123Subdomain, isIP, isQualifiedName, isValidPortNum } from './formats.ts';
import { validateLabels } from './metadata.ts';
import { validatePortNumOrName } from './pod.ts';

/** kube-apiserver's default --service-node-port-range. */
const NODE_PORT_RANGE = { min: 30000, max: 32767 };

export function validateService(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const type = str(spec.type) || 'ClusterIP';
  const clusterIP = str(spec.clusterIP);
  const clusterIPs = arr(spec.clusterIPs).map(str);
  // PrepareForCreate fills clusterIPs from clusterIP.
  const ips = clusterIPs.length === 0 && clusterIP ? [clusterIP] : clusterIPs;
  const headless = ips[0] === 'None';
  const ports = arr(spec.ports).map((item) => obj(item));
  if (ports.length === 0 && !headless && type !== 'ExternalName') errors.required('spec.ports', '');
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    errors.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`);
  }
  if (type === 'ExternalName') {
    if (ips.length > 0) errors.forbidden('spec.clusterIPs', 'may not be set for ExternalName services');
    if (arr(spec.ipFamilies).length > 0) errors.forbidden('spec.ipFamilies', 'may not be set for ExternalName services');
    if (spec.ipFamilyPolicy !== undefined) errors.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services');
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname) errors.invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname));
    else errors.required('spec.externalName', '');
  }
  // Duplicates need two ports: a Service of one port makes no sets.
  const names = ports.length > 1 ? new Set<string>() : undefined;
  const seenPorts = ports.length > 1 ? new Set<string>() : undefined;
  const seenNodePorts = ports.length > 1 ? new Set<string>() : undefined;
  ports.forEach((port, i) => {
    if (!port) return;
    const portPath = index(child('spec', 'ports'), i);
    const name = str(port.name);
    if (ports.length > 1 && !name) errors.required(child(portPath, 'name'), '');
    else if (name) {
      const messages = isDNS1123Label(name);
      if (messages.length > 0) errors.invalidEach(child(portPath, 'name'), name, messages);
      if (names?.has(name)) errors.duplicate(child(portPath, 'name'), name);
      names?.add(name);
    }
    const number = num(port.port) ?? 0;
    errors.invalidEach(child(portPath, 'port'), number, isValidPortNum(number));
    // targetPort defaults to port when absent, 0 or "" (SetDefaults_Service).
    const targetPort = port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '' ? number : port.targetPort;
    validatePortNumOrName(targetPort, child(portPath, 'targetPort'), errors);
    if (typeof port.appProtocol === 'string') errors.invalidEach(child(portPath, 'appProtocol'), port.appProtocol, isQualifiedName(port.appProtocol));
    const protocol = str(port.protocol) || 'TCP';
    const nodePort = num(port.nodePort) ?? 0;
    if (nodePort !== 0) {
      if (type === 'ClusterIP') errors.forbidden(child(portPath, 'nodePort'), "may not be used when `type` is 'ClusterIP'");
      else if (type !== 'ExternalName' && (nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max)) {
        errors.invalid(child(portPath, 'nodePort'), nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`);
      }
      if (seenNodePorts) {
        const nodeKey = `${protocol}/${nodePort}`;
        if (seenNodePorts.has(nodeKey)) errors.duplicate(child(portPath, 'nodePort'), nodePort);
        seenNodePorts.add(nodeKey);
      }
    }
    if (seenPorts) {
      const portKey = `${protocol}/${number}`;
      if (seenPorts.has(portKey)) errors.duplicate(portPath, { Name: '', Protocol: protocol, AppProtocol: null, Port: number, TargetPort: 0, NodePort: 0 });
      seenPorts.add(portKey);
    }
  });
  validateLabels(spec.selector, 'spec.selector', errors);
  const affinity = str(spec.sessionAffinity) || 'None';
  if (affinity === 'ClientIP') {
    const config = obj(spec.sessionAffinityConfig);
    const timeout = num(obj(config?.clientIP)?.timeoutSeconds);
    // timeoutSeconds defaults to 10800 when clientIP is set.
    if (timeout !== undefined && (timeout <= 0 || timeout > 86400)) {
      errors.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400');
    }
  } else if (affinity === 'None' && spec.sessionAffinityConfig !== undefined) {
    errors.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None');
  }
  if (type !== 'ExternalName') validateClusterIPs(clusterIP, ips, spec, errors);
  arr(spec.externalIPs).forEach((ip, i) => {
    if (!isIP(str(ip))) errors.invalid(`spec.externalIPs[${i}]`, str(ip), 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  });
  const sourceRanges = arr(spec.loadBalancerSourceRanges);
  if (sourceRanges.length > 0) {
    if (type !== 'LoadBalancer') errors.forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'");
    sourceRanges.forEach((range, i) => {
      const value = str(range).trim();
      if (!isCIDR(value)) errors.invalid(`spec.LoadBalancerSourceRanges[${i}]`, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    });
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer') {
    errors.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'");
  }
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && arr(spec.externalIPs).length > 0);
  if (!externallyAccessible && str(spec.externalTrafficPolicy)) {
    errors.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services');
  }
  const healthCheckNodePort = num(spec.healthCheckNodePort) ?? 0;
  const needsHealthCheck = type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
  if (!needsHealthCheck && healthCheckNodePort !== 0) {
    errors.invalid('spec.healthCheckNodePort', healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
  }
  if (typeof spec.loadBalancerClass === 'string') {
    if (type !== 'LoadBalancer') errors.forbidden('spec.loadBalancerClass', 'may only be used when `type` is \'LoadBalancer\'');
    else errors.invalidEach('spec.loadBalancerClass', spec.loadBalancerClass, isQualifiedName(spec.loadBalancerClass));
  }
}

function validateClusterIPs(clusterIP: string, ips: readonly string[], spec: Obj, errors: FieldErrors): void {
  if (clusterIP && ips[0] !== clusterIP) errors.invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`');
  else if (!clusterIP && ips.length > 0) errors.invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified');
  const families = arr(spec.ipFamilies);
  const seen = new Set<unknown>();
  families.forEach((family, i) => {
    if (seen.has(family)) errors.duplicate(`spec.ipFamilies[${i}]`, family);
    seen.add(family);
  });
  let invalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalid = true;
        errors.invalid('spec.clusterIPs', ips, "'None' must be the first and only value");
      }
      return;
    }
    if (!isIP(ip)) {
      invalid = true;
      errors.invalid(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
    }
  });
  if (ips.length > 2) errors.invalid('spec.clusterIPs', ips, 'may only hold up to 2 values');
  if (invalid) return;
  if (ips.length > 1 && ips[0]!.includes(':') === ips[1]!.includes(':')) {
    errors.invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family');
  }
}
