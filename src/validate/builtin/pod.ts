// Pod specs and templates as k8s.io/kubernetes pkg/apis/core/validation/validation.go checks them on create
// (ValidatePodSpec, validateContainers, validateContainerCommon, ValidateVolumes, validateHandler, ValidateEnv,
// validateResourceRequirements, ValidateTolerations, ...), after the defaulting of pkg/apis/core/v1/defaults.go:
// fields the API server fills in (protocol TCP, restartPolicy Always, probe thresholds, ...) are never "missing".
import { EMPTY, FieldErrors, arr, child, index, key, num, obj, str, type Obj } from './field-errors.ts';
import {
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isIP,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  inclusiveRangeError,
} from './formats.ts';
import { validateAnnotations, validateLabelSelector, validateLabels } from './metadata.ts';
import { parseQuantity } from './quantity.ts';

const MAX_INT32 = 2147483647;
const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
const NEGATIVE_ERROR = 'must be greater than or equal to 0';

/** Where a pod spec sits, which decides a few rules (a Pod's own spec versus a controller's template). */
export interface PodContext {
  /** The restart policies the owner allows (a Deployment only Always, a Job OnFailure or Never). */
  readonly restartPolicies?: readonly string[];
  readonly isPod?: boolean;
  /** Volumes the controller adds (a StatefulSet's claim templates), which mounts may name. */
  readonly extraVolumes?: readonly string[];
}

/** ValidatePodTemplateSpec, plus the owner's restartPolicy rule. */
export function validatePodTemplate(template: Obj | undefined, path: string, context: PodContext, errors: FieldErrors): void {
  if (!template) return;
  // ValidatePodTemplateSpec names these `template.labels`, not `template.metadata.labels`.
  const meta = obj(template.metadata);
  validateLabels(meta?.labels, child(path, 'labels'), errors);
  validateAnnotations(meta?.annotations, child(path, 'annotations'), errors);
  const spec = obj(template.spec);
  if (!spec) {
    // A template without spec has no containers: ValidatePodSpec says so.
    errors.required(child(child(path, 'spec'), 'containers'), '');
    return;
  }
  const specPath = child(path, 'spec');
  validatePodSpec(spec, specPath, context, errors);
  if (arr(spec.ephemeralContainers).length > 0) errors.forbidden(child(specPath, 'ephemeralContainers'), 'ephemeral containers not allowed in pod template');
}

export function validatePodSpec(spec: Obj, path: string, context: PodContext, errors: FieldErrors): void {
  const gracePeriod = num(spec.terminationGracePeriodSeconds) ?? 30;
  const volumes = validateVolumes(spec.volumes, path, errors);
  if (context.extraVolumes && context.extraVolumes.length > 0) for (const name of context.extraVolumes) volumes.add(name);
  validateContainers(spec.containers, volumes, gracePeriod, child(path, 'containers'), errors);
  // Most specs set few of the optional fields: each check runs only when its field is there.
  if (spec.initContainers !== undefined) validateInitContainers(spec.initContainers, spec.containers, volumes, gracePeriod, child(path, 'initContainers'), errors);
  if (spec.hostNetwork === true) validateHostNetworkPorts(spec, path, context, errors);
  if (context.restartPolicies) {
    const restartPolicy = str(spec.restartPolicy) || 'Always';
    if (!context.restartPolicies.includes(restartPolicy)) errors.notSupported(child(path, 'restartPolicy'), restartPolicy, context.restartPolicies);
  }
  if (spec.nodeSelector !== undefined) validateLabels(spec.nodeSelector, child(path, 'nodeSelector'), errors);
  if (spec.securityContext !== undefined) validatePodSecurityContext(obj(spec.securityContext), child(path, 'securityContext'), errors);
  // In the API server's internal types both live in the pod's security context, hence the path.
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errors.invalid(child(child(path, 'securityContext'), 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled');
  }
  if (spec.imagePullSecrets !== undefined) {
    arr(spec.imagePullSecrets).forEach((item, i) => {
      const ref = obj(item);
      if (ref && Object.keys(ref).some((field) => field !== 'name')) errors.invalid(index(child(path, 'imagePullSecrets'), i), ref, 'only name may be set');
    });
  }
  if (spec.affinity !== undefined) validateAffinity(obj(spec.affinity), child(path, 'affinity'), errors);
  if (spec.dnsConfig !== undefined || spec.dnsPolicy === 'None') validateDNSConfig(obj(spec.dnsConfig), str(spec.dnsPolicy) || 'ClusterFirst', child(path, 'dnsConfig'), errors);
  if (spec.readinessGates !== undefined) {
    arr(spec.readinessGates).forEach((item, i) => {
      const gate = str(obj(item)?.conditionType);
      errors.invalidEach(child(index(child(path, 'readinessGates'), i), 'conditionType'), gate, isQualifiedName(gate));
    });
  }
  if (spec.topologySpreadConstraints !== undefined) validateTopologySpread(spec.topologySpreadConstraints, child(path, 'topologySpreadConstraints'), errors);
  for (let f = 0; f < NAMED_REFERENCES.length; f++) {
    const field = NAMED_REFERENCES[f]!;
    const value = spec[field];
    if (typeof value === 'string' && value) errors.invalidEach(child(path, field), value, nameIsDNSSubdomain(value, false));
  }
  const deadline = num(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) errors.invalid(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32));
  for (let f = 0; f < HOST_LABELS.length; f++) {
    const field = HOST_LABELS[f]!;
    const value = spec[field];
    if (typeof value === 'string' && value) errors.invalidEach(child(path, field), value, isDNS1123Label(value));
  }
  if (spec.tolerations !== undefined) validateTolerations(spec.tolerations, child(path, 'tolerations'), errors);
  if (spec.hostAliases !== undefined) {
    arr(spec.hostAliases).forEach((item, i) => {
      const alias = obj(item);
      if (!alias) return;
      const aliasPath = index(child(path, 'hostAliases'), i);
      validateLegacyIP(alias.ip, child(aliasPath, 'ip'), errors);
      arr(alias.hostnames).forEach((hostname, j) => {
        if (typeof hostname === 'string') errors.invalidEach(index(child(aliasPath, 'hostnames'), j), hostname, isDNS1123Subdomain(hostname));
      });
    });
  }
}

/** Pod spec fields that name other objects by a DNS-1123 subdomain (ServiceAccount, Node, PriorityClass, RuntimeClass). */
const NAMED_REFERENCES = ['serviceAccountName', 'nodeName', 'priorityClassName', 'runtimeClassName'];
const HOST_LABELS = ['hostname', 'subdomain'];

/** IsValidIPForLegacyField: an IPv4 or IPv6 address (leading zeros tolerated). */
export function validateLegacyIP(value: unknown, path: string, errors: FieldErrors): void {
  const ip = str(value);
  if (!isIP(ip)) errors.invalid(path, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
}

function validateContainers(containers: unknown, volumes: ReadonlySet<string>, gracePeriod: number, path: string, errors: FieldErrors): void {
  const list = arr(containers);
  if (list.length === 0) {
    errors.required(path, '');
    return;
  }
  const names = new Set<string>();
  list.forEach((item, i) => {
    const container = obj(item);
    if (!container) return;
    const containerPath = index(path, i);
    validateContainerCommon(container, volumes, containerPath, errors);
    const name = str(container.name);
    if (names.has(name)) errors.duplicate(child(containerPath, 'name'), name);
    else names.add(name);
    const lifecycle = obj(container.lifecycle);
    if (lifecycle) validateLifecycle(lifecycle, gracePeriod, child(containerPath, 'lifecycle'), errors);
    if (container.livenessProbe !== undefined) validateProbe(obj(container.livenessProbe), child(containerPath, 'livenessProbe'), 'liveness', errors);
    if (container.readinessProbe !== undefined) validateProbe(obj(container.readinessProbe), child(containerPath, 'readinessProbe'), 'readiness', errors);
    if (container.startupProbe !== undefined) validateProbe(obj(container.startupProbe), child(containerPath, 'startupProbe'), 'startup', errors);
    // restartPolicy on a regular container needs ContainerRestartRules (off by default): the API server drops it.
  });
  hostPortConflicts(list, path, errors);
}

function validateInitContainers(containers: unknown, regular: unknown, volumes: ReadonlySet<string>, gracePeriod: number, path: string, errors: FieldErrors): void {
  const names = new Set(arr(regular).map((item) => str(obj(item)?.name)));
  arr(containers).forEach((item, i) => {
    const container = obj(item);
    if (!container) return;
    const containerPath = index(path, i);
    validateContainerCommon(container, volumes, containerPath, errors);
    const restartPolicy = container.restartPolicy;
    if (restartPolicy !== undefined && restartPolicy !== 'Always') errors.notSupported(child(containerPath, 'restartPolicy'), restartPolicy, ['Always']);
    const name = str(container.name);
    if (names.has(name)) errors.duplicate(child(containerPath, 'name'), name);
    else if (name) names.add(name);
    hostPortConflicts([container], path, errors);
    if (restartPolicy === 'Always') {
      const lifecycle = obj(container.lifecycle);
      if (lifecycle) validateLifecycle(lifecycle, gracePeriod, child(containerPath, 'lifecycle'), errors);
      validateProbe(obj(container.livenessProbe), child(containerPath, 'livenessProbe'), 'liveness', errors);
      validateProbe(obj(container.readinessProbe), child(containerPath, 'readinessProbe'), 'readiness', errors);
      validateProbe(obj(container.startupProbe), child(containerPath, 'startupProbe'), 'startup', errors);
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (container[field] !== undefined) errors.forbidden(child(containerPath, field), 'may not be set for init containers without restartPolicy=Always');
      }
    }
  });
}

/** validateContainerCommon: name, image, ports, env, envFrom, volume mounts, resources, security context. */
function validateContainerCommon(container: Obj, volumes: ReadonlySet<string>, path: string, errors: FieldErrors): void {
  const name = str(container.name);
  if (!name) errors.required(child(path, 'name'), '');
  else errors.invalidEach(child(path, 'name'), name, isDNS1123Label(name));
  if (!str(container.image)) errors.required(child(path, 'image'), '');
  if (container.ports !== undefined) validateContainerPorts(container.ports, child(path, 'ports'), errors);
  if (container.env !== undefined) validateEnv(container.env, child(path, 'env'), errors);
  if (container.envFrom !== undefined) validateEnvFrom(container.envFrom, child(path, 'envFrom'), errors);
  if (container.volumeMounts !== undefined) validateVolumeMounts(container, volumes, child(path, 'volumeMounts'), errors);
  if (container.resources !== undefined) validateResources(obj(container.resources), child(path, 'resources'), errors);
  if (container.securityContext !== undefined) validateSecurityContext(obj(container.securityContext), child(path, 'securityContext'), errors);
}

function validateContainerPorts(ports: unknown, path: string, errors: FieldErrors): void {
  const names = new Set<string>();
  arr(ports).forEach((item, i) => {
    const port = obj(item);
    if (!port) return;
    const portPath = index(path, i);
    const name = str(port.name);
    if (name) {
      const messages = isValidPortName(name);
      if (messages.length > 0) errors.invalidEach(child(portPath, 'name'), name, messages);
      else if (names.has(name)) errors.duplicate(child(portPath, 'name'), name);
      else names.add(name);
    }
    const containerPort = num(port.containerPort) ?? 0;
    if (containerPort === 0) errors.required(child(portPath, 'containerPort'), '');
    else errors.invalidEach(child(portPath, 'containerPort'), containerPort, isValidPortNum(containerPort));
    const hostPort = num(port.hostPort) ?? 0;
    if (hostPort !== 0) errors.invalidEach(child(portPath, 'hostPort'), hostPort, isValidPortNum(hostPort));
  });
}

/** AccumulateUniqueHostPorts: one protocol/hostIP/hostPort per pod. */
function hostPortConflicts(containers: readonly unknown[], path: string, errors: FieldErrors): void {
  const seen = new Set<string>();
  containers.forEach((item, c) => {
    arr(obj(item)?.ports).forEach((portItem, p) => {
      const port = obj(portItem);
      const hostPort = num(port?.hostPort) ?? 0;
      if (!port || hostPort === 0) return;
      const id = `${str(port.protocol) || 'TCP'}/${str(port.hostIP)}/${hostPort}`;
      if (seen.has(id)) errors.duplicate(child(index(child(index(path, c), 'ports'), p), 'hostPort'), id);
      seen.add(id);
    });
  });
}

/** validatePodHostNetworkDeps: with hostNetwork, hostPort must equal containerPort (or be unset in a template). */
function validateHostNetworkPorts(spec: Obj, path: string, context: PodContext, errors: FieldErrors): void {
  if (spec.hostNetwork !== true) return;
  arr(spec.containers).forEach((item, c) => {
    arr(obj(item)?.ports).forEach((portItem, p) => {
      const port = obj(portItem);
      if (!port) return;
      const hostPort = num(port.hostPort) ?? 0;
      const containerPort = num(port.containerPort) ?? 0;
      // A Pod gets hostPort defaulted to containerPort; templates keep 0 until then.
      if ((context.isPod ? hostPort !== 0 : true) && hostPort !== 0 && hostPort !== containerPort) {
        errors.invalid(child(index(child(index(child(path, 'containers'), c), 'ports'), p), 'hostPort'), hostPort, 'must match `containerPort` when `hostNetwork` is true');
      }
    });
  });
}

const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

/** ValidateEnv and validateEnvVarValueFrom: a name, and `value` xor exactly one `valueFrom` source. */
function validateEnv(env: unknown, path: string, errors: FieldErrors): void {
  arr(env).forEach((item, i) => {
    const variable = obj(item);
    if (!variable) return;
    const varPath = index(path, i);
    const name = str(variable.name);
    if (!name) errors.required(child(varPath, 'name'), '');
    else errors.invalidEach(child(varPath, 'name'), name, isRelaxedEnvVarName(name));
    const valueFrom = obj(variable.valueFrom);
    if (!valueFrom) return;
    const fromPath = child(varPath, 'valueFrom');
    let sources = 0;
    const fieldRef = obj(valueFrom.fieldRef);
    if (fieldRef) {
      sources++;
      validateObjectFieldSelector(fieldRef, ENV_FIELD_PATHS, child(fromPath, 'fieldRef'), errors);
    }
    const resourceFieldRef = obj(valueFrom.resourceFieldRef);
    if (resourceFieldRef) {
      sources++;
      validateResourceFieldSelector(resourceFieldRef, false, child(fromPath, 'resourceFieldRef'), errors);
    }
    for (const field of ['configMapKeyRef', 'secretKeyRef']) {
      const ref = obj(valueFrom[field]);
      if (!ref) continue;
      sources++;
      const refPath = child(fromPath, field);
      const refKey = str(ref.key);
      if (!refKey) errors.required(child(refPath, 'key'), '');
      else errors.invalidEach(child(refPath, 'key'), refKey, isConfigMapKey(refKey));
      const refName = str(ref.name);
      if (field === 'secretKeyRef' && !refName) errors.required(child(refPath, 'name'), '');
      else if (refName) errors.invalidEach(child(refPath, 'name'), refName, isDNS1123Subdomain(refName));
    }
    if (obj(valueFrom.fileKeyRef)) sources++;
    if (sources === 0) errors.invalid(fromPath, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
    else if (str(variable.value) !== '') errors.invalid(fromPath, '', 'may not be specified when `value` is not empty');
    else if (sources > 1) errors.invalid(fromPath, '', 'may not have more than one field specified at a time');
  });
}

function validateObjectFieldSelector(selector: Obj, allowed: readonly string[], path: string, errors: FieldErrors): void {
  // apiVersion is defaulted to v1.
  const fieldPath = str(selector.fieldPath);
  if (!fieldPath) {
    errors.required(child(path, 'fieldPath'), '');
    return;
  }
  const subscripted = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (subscripted) {
    const subscript = subscripted[1] === 'metadata.annotations' ? subscripted[2]!.toLowerCase() : subscripted[2]!;
    errors.invalidEach(path, subscript, isQualifiedName(subscript));
  } else if (!allowed.includes(fieldPath)) {
    errors.notSupported(child(path, 'fieldPath'), fieldPath, allowed);
  }
}

function validateResourceFieldSelector(selector: Obj, volume: boolean, path: string, errors: FieldErrors): void {
  const resource = str(selector.resource);
  if (volume && !str(selector.containerName)) errors.required(child(path, 'containerName'), '');
  else if (!resource) errors.required(child(path, 'resource'), '');
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
    errors.notSupported(child(path, 'resource'), resource, RESOURCE_FIELD_PATHS);
  }
}

// Constant lists of the checks below live here, not as literals made on every call (thousands of containers).
const ENV_FROM_SOURCES = ['configMapRef', 'secretRef'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const PROBE_NUMBERS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];
const LIFECYCLE_HOOKS = ['postStart', 'preStop'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

function validateEnvFrom(envFrom: unknown, path: string, errors: FieldErrors): void {
  arr(envFrom).forEach((item, i) => {
    const source = obj(item);
    if (!source) return;
    const sourcePath = index(path, i);
    const prefix = str(source.prefix);
    if (prefix) errors.invalidEach(child(sourcePath, 'prefix'), prefix, isRelaxedEnvVarName(prefix));
    let sources = 0;
    for (let f = 0; f < ENV_FROM_SOURCES.length; f++) {
      const field = ENV_FROM_SOURCES[f]!;
      const ref = obj(source[field]);
      if (!ref) continue;
      sources++;
      const name = str(ref.name);
      if (!name) errors.required(child(child(sourcePath, field), 'name'), '');
      else errors.invalidEach(child(child(sourcePath, field), 'name'), name, isDNS1123Subdomain(name));
    }
    if (sources === 0) errors.invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`');
    else if (sources > 1) errors.invalid(path, '', 'may not have more than one field specified at a time');
  });
}

function validateVolumeMounts(container: Obj, volumes: ReadonlySet<string>, path: string, errors: FieldErrors): void {
  const mountPaths = new Set<string>();
  const devices = arr(container.volumeDevices).map((item) => obj(item));
  const privileged = obj(container.securityContext)?.privileged === true;
  arr(container.volumeMounts).forEach((item, i) => {
    const mount = obj(item);
    if (!mount) return;
    const mountPath = index(path, i);
    const name = str(mount.name);
    if (!name) errors.required(child(mountPath, 'name'), '');
    if (!volumes.has(name)) errors.add(child(mountPath, 'name'), `Not found: ${JSON.stringify(name)}`);
    const target = str(mount.mountPath);
    if (!target) errors.required(child(mountPath, 'mountPath'), '');
    if (mountPaths.has(target)) errors.invalid(child(mountPath, 'mountPath'), target, 'must be unique');
    mountPaths.add(target);
    if (devices.some((device) => str(device?.name) === name)) errors.invalid(child(mountPath, 'name'), name, 'must not already exist in volumeDevices');
    if (devices.some((device) => str(device?.devicePath) === target)) errors.invalid(child(mountPath, 'mountPath'), target, 'must not already exist as a path in volumeDevices');
    const subPath = str(mount.subPath);
    if (subPath) validateLocalDescendingPath(subPath, child(path, 'subPath'), errors);
    const subPathExpr = str(mount.subPathExpr);
    if (subPathExpr) {
      if (subPath) errors.invalid(child(mountPath, 'subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive');
      validateLocalDescendingPath(subPathExpr, child(path, 'subPathExpr'), errors);
    }
    if (mount.mountPropagation === 'Bidirectional' && !privileged) {
      errors.forbidden(child(path, 'mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers');
    }
  });
}

function validateLocalDescendingPath(target: string, path: string, errors: FieldErrors): void {
  if (target.startsWith('/')) errors.invalid(path, target, 'must be a relative path');
  validatePathNoBacksteps(target, path, errors);
}

function validatePathNoBacksteps(target: string, path: string, errors: FieldErrors): void {
  if (target.split('/').includes('..')) errors.invalid(path, target, "must not contain '..'");
}

function validateLocalNonReservedPath(target: string, path: string, errors: FieldErrors): void {
  validateLocalDescendingPath(target, path, errors);
  if (target.startsWith('..') && !target.startsWith('../')) errors.invalid(path, target, "must not start with '..'");
}

function validateProbe(probe: Obj | undefined, path: string, kind: 'liveness' | 'readiness' | 'startup', errors: FieldErrors): void {
  if (!probe) return;
  validateHandler(probe, PROBE_HANDLERS, undefined, path, errors);
  for (let f = 0; f < PROBE_NUMBERS.length; f++) {
    const field = PROBE_NUMBERS[f]!;
    const value = num(probe[field]);
    if (value !== undefined && value < 0) errors.invalid(child(path, field), value, NEGATIVE_ERROR);
  }
  const grace = num(probe.terminationGracePeriodSeconds);
  if (grace !== undefined && grace <= 0) errors.invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0');
  // successThreshold is defaulted to 1 when 0 or absent.
  const success = num(probe.successThreshold) || 1;
  if (kind !== 'readiness' && success !== 1) errors.invalid(child(path, 'successThreshold'), success, 'must be 1');
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds !== undefined) {
    errors.invalid(child(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes');
  }
}

function validateLifecycle(lifecycle: Obj, gracePeriod: number, path: string, errors: FieldErrors): void {
  for (const hook of LIFECYCLE_HOOKS) {
    const handler = obj(lifecycle[hook]);
    if (handler) validateHandler(handler, LIFECYCLE_HANDLERS, gracePeriod, child(path, hook), errors);
  }
}

/** validateHandler: exactly one handler type, each checked. */
function validateHandler(handler: Obj, types: readonly string[], gracePeriod: number | undefined, path: string, errors: FieldErrors): void {
  let count = 0;
  for (let t = 0; t < types.length; t++) {
    const type = types[t]!;
    const action = obj(handler[type]);
    if (!action) continue;
    const actionPath = child(path, type);
    if (count > 0) {
      errors.forbidden(actionPath, 'may not specify more than 1 handler type');
      continue;
    }
    count++;
    if (type === 'exec' && arr(action.command).length === 0) errors.required(child(actionPath, 'command'), '');
    if (type === 'httpGet') {
      validatePortNumOrName(action.port, child(actionPath, 'port'), errors);
      arr(action.httpHeaders).forEach((header) => {
        const name = str(obj(header)?.name);
        errors.invalidEach(child(actionPath, 'httpHeaders'), name, isHTTPHeaderName(name));
      });
    }
    if (type === 'tcpSocket') validatePortNumOrName(action.port, child(actionPath, 'port'), errors);
    if (type === 'grpc') validatePortNumOrName(num(action.port) ?? 0, child(actionPath, 'port'), errors);
    if (type === 'sleep' && gracePeriod !== undefined) {
      const seconds = num(action.seconds) ?? 0;
      if (seconds < 0 || seconds > gracePeriod) {
        errors.invalid(actionPath, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`);
      }
    }
  }
  if (count === 0) errors.required(path, 'must specify a handler type');
}

/** ValidatePortNumOrName: an int-or-string port is a number 1-65535 or an IANA_SVC_NAME. */
export function validatePortNumOrName(port: unknown, path: string, errors: FieldErrors): void {
  if (typeof port === 'number') errors.invalidEach(path, port, isValidPortNum(port));
  else if (typeof port === 'string') errors.invalidEach(path, port, isValidPortName(port));
  else errors.invalidEach(path, 0, isValidPortNum(0));
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function hugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** validateResourceRequirements with validateContainerResourceName: names, quantities, requests <= limits. */
export function validateResources(resources: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!resources) return;
  const limits = obj(resources.limits) ?? EMPTY;
  const requests = obj(resources.requests) ?? EMPTY;
  const limitsPath = child(path, 'limits');
  const requestsPath = child(path, 'requests');
  let cpuOrMemory = false;
  let hasHugePages = false;
  const parsedLimits = new Map<string, number>();
  for (const name of Object.keys(limits)) {
    const value = limits[name];
    const valuePath = key(limitsPath, name);
    validateContainerResourceName(name, valuePath, errors);
    const quantity = resourceQuantity(name, value, valuePath, errors);
    if (quantity !== undefined) parsedLimits.set(name, quantity);
    if (hugePages(name)) hasHugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const name of Object.keys(requests)) {
    const value = requests[name];
    const valuePath = key(requestsPath, name);
    validateContainerResourceName(name, valuePath, errors);
    const quantity = resourceQuantity(name, value, valuePath, errors);
    const limit = parsedLimits.get(name);
    const overcommit = isNativeResource(name) && !hugePages(name);
    if (Object.hasOwn(limits, name)) {
      if (quantity !== undefined && limit !== undefined) {
        if (quantity !== limit && !overcommit) errors.invalid(requestsPath, String(value), `must be equal to ${name} limit of ${String(limits[name])}`);
        else if (quantity > limit) errors.invalid(requestsPath, String(value), `must be less than or equal to ${name} limit of ${String(limits[name])}`);
      }
    } else if (!overcommit) {
      errors.required(limitsPath, 'Limit must be set for non overcommitable resources');
    }
    if (hugePages(name)) hasHugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (!cpuOrMemory && hasHugePages) errors.forbidden(path, 'HugePages require cpu or memory');
}

/** ValidateResourceQuantityValue: non-negative, whole for integer resources; undefined when it does not parse (reported by the schema walk). */
function resourceQuantity(name: string, value: unknown, path: string, errors: FieldErrors): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const parsed = parseQuantity(value);
  if ('error' in parsed) return undefined;
  if (parsed.value < 0) errors.invalid(path, String(value), NEGATIVE_ERROR);
  if (isExtendedResourceName(name) && !parsed.integer) errors.invalid(path, String(value), 'must be an integer');
  return parsed.value;
}

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

function validateContainerResourceName(name: string, path: string, errors: FieldErrors): void {
  const messages = isQualifiedName(name);
  if (messages.length > 0) {
    errors.invalidEach(path, name, messages);
    return;
  }
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !name.startsWith('hugepages-')) {
      errors.invalid(path, name, 'must be a standard resource type or fully qualified');
      errors.invalid(path, name, 'must be a standard resource for containers');
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errors.invalid(path, name, "doesn't follow extended resource name standard");
  }
}

function validateSecurityContext(context: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!context) return;
  validateId(context.runAsUser, child(path, 'runAsUser'), errors);
  validateId(context.runAsGroup, child(path, 'runAsGroup'), errors);
  validateSeccompProfile(obj(context.seccompProfile), child(path, 'seccompProfile'), errors);
  if (context.allowPrivilegeEscalation === false) {
    if (context.privileged === true) errors.invalid(path, context, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true');
    for (const capability of arr(obj(context.capabilities)?.add)) {
      if (capability === 'CAP_SYS_ADMIN') errors.invalid(path, context, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN');
    }
  }
}

function validatePodSecurityContext(context: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!context) return;
  validateId(context.fsGroup, child(path, 'fsGroup'), errors);
  validateId(context.runAsUser, child(path, 'runAsUser'), errors);
  validateId(context.runAsGroup, child(path, 'runAsGroup'), errors);
  arr(context.supplementalGroups).forEach((group, i) => validateId(group, index(child(path, 'supplementalGroups'), i), errors));
  validateSeccompProfile(obj(context.seccompProfile), child(path, 'seccompProfile'), errors);
  const names = new Set<string>();
  arr(context.sysctls).forEach((item, i) => {
    const name = str(obj(item)?.name);
    const namePath = child(index(child(path, 'sysctls'), i), 'name');
    if (!name) errors.required(namePath, '');
    else if (name.length > 253 || !SYSCTL_NAME.test(name)) errors.invalid(namePath, name, `must have at most 253 characters and match regex ${SYSCTL_NAME.source}`);
    else if (names.has(name)) errors.duplicate(namePath, name);
    names.add(name);
  });
}

/** SysctlContainSlashFmt of validateSysctls. */
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** IsValidUserID / IsValidGroupID: 0 to MaxInt32. */
function validateId(value: unknown, path: string, errors: FieldErrors): void {
  if (typeof value === 'number' && (value < 0 || value > MAX_INT32)) errors.invalid(path, value, inclusiveRangeError(0, MAX_INT32));
}

function validateSeccompProfile(profile: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!profile) return;
  const type = str(profile.type);
  if (!type) errors.required(child(path, 'type'), 'type is required when seccompProfile is set');
  if (type === 'Localhost') {
    if (typeof profile.localhostProfile !== 'string') errors.required(child(path, 'localhostProfile'), 'must be set when seccomp type is Localhost');
    else validateLocalDescendingPath(profile.localhostProfile, child(path, 'localhostProfile'), errors);
  } else if (profile.localhostProfile !== undefined) {
    errors.invalid(child(path, 'localhostProfile'), profile, 'can only be set when seccomp type is Localhost');
  }
}

export function validateTolerations(tolerations: unknown, path: string, errors: FieldErrors): void {
  arr(tolerations).forEach((item, i) => {
    const toleration = obj(item);
    if (!toleration) return;
    const tolerationPath = index(path, i);
    const tolerationKey = str(toleration.key);
    const operator = str(toleration.operator);
    const value = str(toleration.value);
    if (tolerationKey) errors.invalidEach(child(tolerationPath, 'key'), tolerationKey, isQualifiedName(tolerationKey));
    if (!tolerationKey && operator !== 'Exists') {
      errors.invalid(child(tolerationPath, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
      errors.invalid(child(tolerationPath, 'effect'), str(toleration.effect), "effect must be 'NoExecute' when `tolerationSeconds` is set");
    }
    if (operator === 'Equal' || operator === '') {
      const messages = isValidLabelValue(value);
      if (messages.length > 0) errors.invalid(child(tolerationPath, 'operator'), value, messages.join(';'));
    } else if (operator === 'Exists') {
      if (value) errors.invalid(child(tolerationPath, 'operator'), value, "value must be empty when `operator` is 'Exists'");
    }
  });
}

function validateAffinity(affinity: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!affinity) return;
  const nodeAffinity = obj(affinity.nodeAffinity);
  if (nodeAffinity) {
    const nodePath = child(path, 'nodeAffinity');
    const required = obj(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
    if (required) {
      const termsPath = child(child(nodePath, 'requiredDuringSchedulingIgnoredDuringExecution'), 'nodeSelectorTerms');
      const terms = arr(required.nodeSelectorTerms);
      if (terms.length === 0) errors.required(termsPath, 'must have at least one node selector term');
      terms.forEach((term, i) => validateNodeSelectorTerm(obj(term), false, index(termsPath, i), errors));
    }
    arr(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((item, i) => {
      const term = obj(item);
      const termPath = index(child(nodePath, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      validateWeight(term?.weight, child(termPath, 'weight'), errors);
      validateNodeSelectorTerm(obj(term?.preference), true, child(termPath, 'preference'), errors);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const podAffinity = obj(affinity[kind]);
    if (!podAffinity) continue;
    const kindPath = child(path, kind);
    arr(podAffinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      validatePodAffinityTerm(obj(term), index(child(kindPath, 'requiredDuringSchedulingIgnoredDuringExecution'), i), errors);
    });
    arr(podAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((item, i) => {
      const weighted = obj(item);
      const termPath = index(child(kindPath, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      validateWeight(weighted?.weight, child(termPath, 'weight'), errors);
      validatePodAffinityTerm(obj(weighted?.podAffinityTerm), child(termPath, 'podAffinityTerm'), errors);
    });
  }
}

function validateWeight(weight: unknown, path: string, errors: FieldErrors): void {
  const value = num(weight) ?? 0;
  if (value <= 0 || value > 100) errors.invalid(path, value, 'must be in the range 1-100');
}

function validateNodeSelectorTerm(term: Obj | undefined, allowInvalidValues: boolean, path: string, errors: FieldErrors): void {
  if (!term) return;
  arr(term.matchExpressions).forEach((item, i) => {
    const requirement = obj(item);
    if (!requirement) return;
    const requirementPath = index(child(path, 'matchExpressions'), i);
    const values = arr(requirement.values);
    const operator = str(requirement.operator);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) errors.required(child(requirementPath, 'values'), "must be specified when `operator` is 'In' or 'NotIn'");
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) errors.forbidden(child(requirementPath, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    } else if (operator === 'Gt' || operator === 'Lt') {
      if (values.length !== 1) errors.required(child(requirementPath, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'");
    } else {
      errors.invalid(child(requirementPath, 'operator'), operator, 'not a valid selector operator');
    }
    const requirementKey = str(requirement.key);
    errors.invalidEach(child(requirementPath, 'key'), requirementKey, isQualifiedName(requirementKey));
    if (!allowInvalidValues) {
      values.forEach((value, j) => {
        if (typeof value === 'string') errors.invalidEach(index(child(requirementPath, 'values'), j), value, isValidLabelValue(value));
      });
    }
  });
  arr(term.matchFields).forEach((item, i) => {
    const requirement = obj(item);
    if (!requirement) return;
    const requirementPath = index(child(path, 'matchFields'), i);
    const operator = str(requirement.operator);
    if (operator === 'In' || operator === 'NotIn') {
      if (arr(requirement.values).length !== 1) errors.required(child(requirementPath, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
    } else {
      errors.invalid(child(requirementPath, 'operator'), operator, 'not a valid selector operator');
    }
    if (requirement.key !== 'metadata.name') errors.invalid(child(requirementPath, 'key'), str(requirement.key), 'not a valid field selector key');
  });
}

function validatePodAffinityTerm(term: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!term) return;
  validateLabelSelector(term.labelSelector, child(path, 'labelSelector'), errors);
  validateLabelSelector(term.namespaceSelector, child(path, 'namespaceSelector'), errors);
  for (const namespace of arr(term.namespaces)) {
    if (typeof namespace === 'string') errors.invalidEach(child(path, 'namespace'), namespace, isDNS1123Label(namespace));
  }
  const topologyKey = str(term.topologyKey);
  if (!topologyKey) errors.required(child(path, 'topologyKey'), 'can not be empty');
  errors.invalidEach(child(path, 'topologyKey'), topologyKey, isQualifiedName(topologyKey));
}

function validateTopologySpread(constraints: unknown, path: string, errors: FieldErrors): void {
  const list = arr(constraints).map((item) => obj(item));
  list.forEach((constraint, i) => {
    if (!constraint) return;
    const constraintPath = index(path, i);
    const maxSkew = num(constraint.maxSkew) ?? 0;
    if (maxSkew <= 0) errors.invalid(child(constraintPath, 'maxSkew'), maxSkew, 'must be greater than zero');
    if (!str(constraint.topologyKey)) errors.required(child(constraintPath, 'topologyKey'), 'can not be empty');
    const action = str(constraint.whenUnsatisfiable);
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') errors.notSupported(child(constraintPath, 'whenUnsatisfiable'), action, ['DoNotSchedule', 'ScheduleAnyway']);
    const repeated = list.slice(i + 1).some((other) => other && other.topologyKey === constraint.topologyKey && other.whenUnsatisfiable === constraint.whenUnsatisfiable);
    if (repeated) errors.duplicate(child(constraintPath, '{topologyKey, whenUnsatisfiable}'), `{${str(constraint.topologyKey)}, ${action}}`);
    const minDomains = num(constraint.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errors.invalid(child(constraintPath, 'minDomains'), minDomains, 'must be greater than zero');
      if (action !== 'DoNotSchedule') errors.invalid(child(constraintPath, 'minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`);
    }
    validateLabelSelector(constraint.labelSelector, child(constraintPath, 'labelSelector'), errors);
  });
}

function validateDNSConfig(config: Obj | undefined, dnsPolicy: string, path: string, errors: FieldErrors): void {
  if (dnsPolicy === 'None') {
    if (!config) {
      errors.required(path, 'must provide `dnsConfig` when `dnsPolicy` is None');
      return;
    }
    if (arr(config.nameservers).length === 0) {
      errors.required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None');
      return;
    }
  }
  if (!config) return;
  const nameservers = arr(config.nameservers);
  if (nameservers.length > 3) errors.invalid(child(path, 'nameservers'), nameservers, 'must not have more than 3 nameservers');
  nameservers.forEach((server, i) => validateLegacyIP(server, index(child(path, 'nameservers'), i), errors));
  const searches = arr(config.searches).map(str);
  if (searches.length > 32) errors.invalid(child(path, 'searches'), searches, 'must not have more than 32 search paths');
  if (searches.join(' ').length > 2048) errors.invalid(child(path, 'searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list');
  searches.forEach((search, i) => {
    if (search === '.') return;
    const trimmed = search.endsWith('.') ? search.slice(0, -1) : search;
    // RelaxedDNSSearchValidation (on by default since 1.33) allows underscores.
    if (!/^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/.test(trimmed) || trimmed.length > 253) {
      errors.invalidEach(index(child(path, 'searches'), i), trimmed, isDNS1123Subdomain(trimmed));
    }
  });
  arr(config.options).forEach((option, i) => {
    if (!str(obj(option)?.name)) errors.required(index(child(path, 'options'), i), 'must not be empty');
  });
}

const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
];

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** ValidateVolumes and validateVolumeSource: unique DNS-label names, exactly one source each. Returns the valid names. */
function validateVolumes(volumes: unknown, specPath: string, errors: FieldErrors): Set<string> {
  const names = new Set<string>();
  if (volumes === undefined) return names;
  const path = child(specPath, 'volumes');
  arr(volumes).forEach((item, i) => {
    const volume = obj(item);
    if (!volume) return;
    const volumePath = index(path, i);
    const local = new FieldErrors();
    validateVolumeSource(volume, volumePath, local);
    const name = str(volume.name);
    if (!name) local.required(child(volumePath, 'name'), '');
    else local.invalidEach(child(volumePath, 'name'), name, isDNS1123Label(name));
    if (names.has(name)) local.duplicate(child(volumePath, 'name'), name);
    if (local.list.length === 0) names.add(name);
    else errors.list.push(...local.list);
  });
  return names;
}

function validateVolumeSource(volume: Obj, path: string, errors: FieldErrors): void {
  let count = 0;
  for (const type of VOLUME_SOURCES) {
    const source = obj(volume[type]);
    if (!source) continue;
    const sourcePath = child(path, type);
    if (count > 0 && type !== 'emptyDir') {
      errors.forbidden(sourcePath, 'may not specify more than 1 volume type');
      continue;
    }
    count++;
    switch (type) {
      case 'hostPath': {
        const hostPath = str(source.path);
        if (!hostPath) errors.required(child(sourcePath, 'path'), '');
        else {
          validatePathNoBacksteps(hostPath, child(sourcePath, 'path'), errors);
          if (source.type !== undefined && !HOST_PATH_TYPES.includes(str(source.type))) errors.notSupported(child(sourcePath, 'type'), source.type, HOST_PATH_TYPES);
        }
        break;
      }
      case 'secret':
        if (!str(source.secretName)) errors.required(child(sourcePath, 'secretName'), '');
        validateFileMode(source.defaultMode, child(sourcePath, 'defaultMode'), errors);
        arr(source.items).forEach((kp, j) => validateKeyToPath(obj(kp), index(child(sourcePath, 'items'), j), errors));
        break;
      case 'configMap':
        if (!str(source.name)) errors.required(child(sourcePath, 'name'), '');
        validateFileMode(source.defaultMode, child(sourcePath, 'defaultMode'), errors);
        arr(source.items).forEach((kp, j) => validateKeyToPath(obj(kp), index(child(sourcePath, 'items'), j), errors));
        break;
      case 'persistentVolumeClaim':
        if (!str(source.claimName)) errors.required(child(sourcePath, 'claimName'), '');
        break;
      case 'nfs':
        if (!str(source.server)) errors.required(child(sourcePath, 'server'), '');
        if (!str(source.path)) errors.required(child(sourcePath, 'path'), '');
        if (!str(source.path).startsWith('/')) errors.invalid(child(sourcePath, 'path'), str(source.path), 'must be an absolute path');
        break;
      case 'downwardAPI':
        validateFileMode(source.defaultMode, child(sourcePath, 'defaultMode'), errors);
        for (const file of arr(source.items)) validateDownwardAPIFile(obj(file), sourcePath, errors);
        break;
      case 'projected':
        validateFileMode(source.defaultMode, child(sourcePath, 'defaultMode'), errors);
        validateProjection(source, sourcePath, errors);
        break;
      case 'csi': {
        const driver = str(source.driver);
        if (!driver) errors.required(child(sourcePath, 'driver'), '');
        else if (driver.length > 63) errors.tooLong(child(sourcePath, 'driver'), 63);
        else errors.invalidEach(child(sourcePath, 'driver'), driver, isDNS1123Subdomain(driver.toLowerCase()));
        break;
      }
      case 'ephemeral':
        if (!obj(source.volumeClaimTemplate)) errors.required(child(sourcePath, 'volumeClaimTemplate'), '');
        break;
      case 'gitRepo':
        if (!str(source.repository)) errors.required(child(sourcePath, 'repository'), '');
        validateLocalDescendingPath(str(source.directory), child(sourcePath, 'directory'), errors);
        break;
      default:
        break;
    }
  }
  // No source at all is an emptyDir (SetDefaults_Volume in pkg/apis/core/v1/defaults.go).
}

function validateFileMode(mode: unknown, path: string, errors: FieldErrors): void {
  if (typeof mode === 'number' && (mode > 0o777 || mode < 0)) errors.invalid(path, mode, FILE_MODE_ERROR);
}

function validateKeyToPath(item: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!item) return;
  if (!str(item.key)) errors.required(child(path, 'key'), '');
  const target = str(item.path);
  if (!target) errors.required(child(path, 'path'), '');
  validateLocalNonReservedPath(target, child(path, 'path'), errors);
  validateFileMode(item.mode, child(path, 'mode'), errors);
}

function validateDownwardAPIFile(file: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!file) return;
  const target = str(file.path);
  if (!target) errors.required(child(path, 'path'), '');
  validateLocalNonReservedPath(target, child(path, 'path'), errors);
  const fieldRef = obj(file.fieldRef);
  const resourceFieldRef = obj(file.resourceFieldRef);
  if (fieldRef) {
    validateObjectFieldSelector(fieldRef, VOLUME_FIELD_PATHS, child(path, 'fieldRef'), errors);
    if (resourceFieldRef) errors.invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously');
  } else if (resourceFieldRef) {
    validateResourceFieldSelector(resourceFieldRef, true, child(path, 'resourceFieldRef'), errors);
  } else {
    errors.required(path, 'one of fieldRef and resourceFieldRef is required');
  }
  validateFileMode(file.mode, child(path, 'mode'), errors);
}

function validateProjection(projection: Obj, path: string, errors: FieldErrors): void {
  const paths = new Set<string>();
  const claim = (target: string, value: unknown) => {
    if (paths.has(target)) errors.invalid(path, value, 'conflicting duplicate paths');
    paths.add(target);
  };
  arr(projection.sources).forEach((item, i) => {
    const source = obj(item);
    if (!source) return;
    const sourcePath = index(child(path, 'sources'), i);
    let count = 0;
    for (const type of ['secret', 'configMap']) {
      const ref = obj(source[type]);
      if (!ref) continue;
      count++;
      const refPath = child(sourcePath, type);
      if (!str(ref.name)) errors.required(child(refPath, 'name'), '');
      arr(ref.items).forEach((kp, j) => {
        const entry = obj(kp);
        validateKeyToPath(entry, index(child(refPath, 'items'), j), errors);
        if (entry && str(entry.path)) claim(str(entry.path), str(ref.name));
      });
    }
    const downward = obj(source.downwardAPI);
    if (downward) {
      count++;
      for (const file of arr(downward.items)) {
        validateDownwardAPIFile(obj(file), child(sourcePath, 'downwardAPI'), errors);
        const target = str(obj(file)?.path);
        if (target) claim(target, target);
      }
    }
    const token = obj(source.serviceAccountToken);
    if (token) {
      count++;
      const tokenPath = child(sourcePath, 'serviceAccountToken');
      const expiration = num(token.expirationSeconds) ?? 3600;
      if (expiration < 600) errors.invalid(child(tokenPath, 'expirationSeconds'), expiration, 'may not specify a duration less than 10 minutes');
      if (expiration > 2 ** 32) errors.invalid(child(tokenPath, 'expirationSeconds'), expiration, 'may not specify a duration larger than 2^32 seconds');
      const target = str(token.path);
      if (!target) errors.required(child(path, 'path'), '');
      else validateLocalNonReservedPath(target, child(path, 'path'), errors);
    }
    if (obj(source.clusterTrustBundle)) count++;
    if (obj(source.podCertificate)) count++;
    if (count > 1) errors.forbidden(sourcePath, 'may not specify more than 1 volume type per source');
  });
}
