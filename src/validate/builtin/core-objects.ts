// Configuration and policy objects as k8s.io/kubernetes checks them on create: pkg/apis/core/validation/validation.go
// (ValidateConfigMap, ValidateSecret, ValidateNamespace, ValidateLimitRange, ValidateResourceQuota),
// pkg/apis/policy/validation/validation.go (ValidatePodDisruptionBudgetSpec) and
// pkg/apis/scheduling/validation/validation.go (ValidatePriorityClass).
import { EMPTY, FieldErrors, arr, child, key, num, obj, str, type Obj } from './field-errors.ts';
import { isConfigMapKey, isQualifiedName, isValidPercent } from './formats.ts';
import { validateLabelSelector } from './metadata.ts';
import { parseQuantity } from './quantity.ts';

/** core.MaxSecretSize, which bounds ConfigMaps too. */
const MAX_SIZE = 1024 * 1024;

export function validateConfigMap(object: Obj, errors: FieldErrors): void {
  const data = obj(object.data) ?? EMPTY;
  const binary = obj(object.binaryData) ?? EMPTY;
  // UTF-16 units undercount UTF-8 bytes by at most 3x: the data's bytes are counted only when that could cross the limit.
  let units = 0;
  const names = Object.keys(data);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const messages = isConfigMapKey(name);
    if (messages.length > 0) errors.invalidEach(key('data', name), name, messages);
    if (Object.hasOwn(binary, name)) errors.invalid(key('data', name), name, 'duplicate of key present in binaryData');
    units += str(data[name]).length;
  }
  let binarySize = 0;
  for (const name of Object.keys(binary)) {
    const value = binary[name];
    errors.invalidEach(key('binaryData', name), name, isConfigMapKey(name));
    if (typeof value === 'string' && !BASE64.test(value)) errors.add(key('binaryData', name), `illegal base64 data at input byte ${badBase64Byte(value)}`);
    binarySize += base64Length(str(value));
  }
  if (units * 3 + binarySize <= MAX_SIZE) return;
  let size = binarySize;
  for (let i = 0; i < names.length; i++) size += Buffer.byteLength(str(data[names[i]!]));
  if (size > MAX_SIZE) errors.tooLong('', MAX_SIZE);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64Length(value: string): number {
  return Math.floor((value.length * 3) / 4) - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0);
}

export function validateSecret(object: Obj, errors: FieldErrors): void {
  const data = obj(object.data) ?? EMPTY;
  const stringData = obj(object.stringData) ?? EMPTY;
  // stringData is merged into data before validation; values of data must be base64 (Go decodes []byte from JSON).
  const keys = new Set([...Object.keys(data), ...Object.keys(stringData)]);
  let size = 0;
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'string' && !BASE64.test(value)) {
      errors.add(key('data', name), `illegal base64 data at input byte ${badBase64Byte(value)}`);
    } else if (typeof value === 'string' && !Object.hasOwn(stringData, name)) {
      size += base64Length(value);
    }
  }
  for (const value of Object.values(stringData)) size += Buffer.byteLength(str(value));
  for (const name of keys) errors.invalidEach(key('data', name), name, isConfigMapKey(name));
  if (size > MAX_SIZE) errors.tooLong('data', MAX_SIZE);
  const type = str(object.type);
  const annotations = obj(obj(object.metadata)?.annotations) ?? EMPTY;
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (!str(annotations['kubernetes.io/service-account.name'])) errors.required('metadata.annotations[kubernetes.io/service-account.name]', '');
      break;
    case 'kubernetes.io/dockercfg':
      requireJson(keys, data, stringData, '.dockercfg', errors);
      break;
    case 'kubernetes.io/dockerconfigjson':
      requireJson(keys, data, stringData, '.dockerconfigjson', errors);
      break;
    case 'kubernetes.io/basic-auth':
      if (!keys.has('username') && !keys.has('password')) {
        errors.required('data[username]', '');
        errors.required('data[password]', '');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!keys.has('ssh-privatekey')) errors.required('data[ssh-privatekey]', '');
      break;
    case 'kubernetes.io/tls':
      if (!keys.has('tls.crt')) errors.required('data[tls.crt]', '');
      if (!keys.has('tls.key')) errors.required('data[tls.key]', '');
      break;
    default:
      break;
  }
}

function requireJson(keys: ReadonlySet<string>, data: Obj, stringData: Obj, name: string, errors: FieldErrors): void {
  if (!keys.has(name)) {
    errors.required(key('data', name), '');
    return;
  }
  // SOPS-encrypted values are checked after decryption by the API server; only plain values can be read here.
  const text = typeof stringData[name] === 'string' ? (stringData[name] as string) : Buffer.from(str(data[name]), 'base64').toString('utf8');
  if (/^ENC\[/.test(text)) return;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    errors.invalid(key('data', name), '<secret contents redacted>', 'invalid JSON');
  }
}

/** Where Go's base64 decoder gives up, for its message. */
function badBase64Byte(value: string): number {
  const bad = value.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return bad;
  const padding = value.indexOf('=');
  return padding >= 0 && padding < value.length - 2 ? padding : value.length - (value.length % 4);
}

export function validateNamespace(object: Obj, errors: FieldErrors): void {
  arr(obj(object.spec)?.finalizers).forEach((finalizer) => {
    const name = str(finalizer);
    errors.invalidEach('spec.finalizers', name, isQualifiedName(name));
    if (!name.includes('/') && name !== 'kubernetes') errors.invalid('spec.finalizers', name, 'name is neither a standard finalizer name nor is it fully qualified');
  });
}

export function validatePodDisruptionBudget(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errors.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set');
  for (const field of ['minAvailable', 'maxUnavailable']) {
    const value = spec[field];
    const path = child('spec', field);
    if (typeof value === 'string') {
      const messages = isValidPercent(value);
      errors.invalidEach(path, value, messages);
      if (messages.length === 0 && Number(value.slice(0, -1)) > 100) errors.invalid(path, value, 'must not be greater than 100%');
    } else if (typeof value === 'number' && value < 0) {
      errors.invalid(path, value, 'must be greater than or equal to 0');
    }
  }
  validateLabelSelector(spec.selector, 'spec.selector', errors);
}

export function validatePriorityClass(object: Obj, errors: FieldErrors): void {
  const name = str(obj(object.metadata)?.name);
  const value = num(object.value) ?? 0;
  if (name.startsWith('system-')) {
    const known: Readonly<Record<string, number>> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };
    if (known[name] !== value) {
      errors.forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${known[name] === undefined ? `${name} is not a known system priority class` : `value of ${name} PriorityClass must be ${known[name]}`}`);
    }
  } else if (value > 1000000000) {
    errors.forbidden('value', 'maximum allowed value of a user defined priority is 1000000000');
  }
}

const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

/** ValidateLimitRange: types, and min <= defaultRequest <= default <= max for each resource, ratios. */
export function validateLimitRange(object: Obj, errors: FieldErrors): void {
  const seen = new Set<string>();
  arr(obj(object.spec)?.limits).forEach((item, i) => {
    const limit = obj(item) ?? EMPTY;
    const path = `spec.limits[${i}]`;
    const type = str(limit.type);
    if (!type.includes('/') && !LIMIT_TYPES.includes(type)) errors.invalid(child(path, 'type'), type, 'must be a standard limit type or fully qualified');
    if (seen.has(type)) errors.duplicate(child(path, 'type'), type);
    seen.add(type);
    const read = (field: string) => new Map(Object.entries(obj(limit[field]) ?? EMPTY).map(([name, v]) => [name, { text: String(v), value: quantityValue(v) }]));
    const min = read('min');
    const max = read('max');
    const ratios = read('maxLimitRequestRatio');
    let defaults = read('default');
    let defaultRequests = read('defaultRequest');
    if (type === 'Pod') {
      if (defaults.size > 0) errors.forbidden(child(path, 'default'), "may not be specified when `type` is 'Pod'");
      if (defaultRequests.size > 0) errors.forbidden(child(path, 'defaultRequest'), "may not be specified when `type` is 'Pod'");
      defaults = new Map();
      defaultRequests = new Map();
    }
    if (type === 'PersistentVolumeClaim' && !min.has('storage') && !max.has('storage')) {
      errors.required(child(path, 'limits'), 'either minimum or maximum storage value is required, but neither was provided');
    }
    const names = new Set([...min.keys(), ...max.keys(), ...defaults.keys(), ...defaultRequests.keys(), ...ratios.keys()]);
    for (const name of names) {
      const lo = min.get(name);
      const hi = max.get(name);
      const def = defaults.get(name);
      const req = defaultRequests.get(name);
      const ratio = ratios.get(name);
      const greater = (a?: { value?: number }, b?: { value?: number }) => a?.value !== undefined && b?.value !== undefined && a.value > b.value;
      if (greater(lo, hi)) errors.invalid(key(child(path, 'min'), name), lo!.text, `min value ${lo!.text} is greater than max value ${hi!.text}`);
      if (greater(lo, req)) errors.invalid(key(child(path, 'defaultRequest'), name), req!.text, `min value ${lo!.text} is greater than default request value ${req!.text}`);
      if (greater(req, hi)) errors.invalid(key(child(path, 'defaultRequest'), name), req!.text, `default request value ${req!.text} is greater than max value ${hi!.text}`);
      if (greater(req, def)) errors.invalid(key(child(path, 'defaultRequest'), name), req!.text, `default request value ${req!.text} is greater than default limit value ${def!.text}`);
      if (greater(lo, def)) errors.invalid(key(child(path, 'default'), name), lo!.text, `min value ${lo!.text} is greater than default value ${def!.text}`);
      if (greater(def, hi)) errors.invalid(key(child(path, 'default'), name), hi!.text, `default value ${def!.text} is greater than max value ${hi!.text}`);
      if (ratio?.value !== undefined && ratio.value < 1) errors.invalid(key(child(path, 'maxLimitRequestRatio'), name), ratio.text, `ratio ${ratio.text} is less than 1`);
      const overcommit = (!name.includes('/') || name.includes('kubernetes.io/')) && !name.startsWith('hugepages-');
      if (!overcommit && def?.value !== undefined && req?.value !== undefined && def.value !== req.value) {
        errors.invalid(key(child(path, 'defaultRequest'), name), req.text, `default value ${def.text} must equal to defaultRequest value ${req.text} in ${name}`);
      }
    }
  });
}

function quantityValue(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const parsed = parseQuantity(value);
  return 'error' in parsed ? undefined : parsed.value;
}

const INTEGER_QUOTA_RESOURCES = ['pods', 'quotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'];
const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
const POD_COMPUTE_QUOTA = ['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'];
const STANDARD_QUOTA_RESOURCES = [...POD_COMPUTE_QUOTA, 'ephemeral-storage', 'requests.storage', 'requests.ephemeral-storage', 'limits.ephemeral-storage', ...INTEGER_QUOTA_RESOURCES];

/** ValidateResourceQuotaSpec: resource names and values (whole numbers for object counts), scopes that fit the resources. */
export function validateResourceQuota(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const hard = obj(spec.hard) ?? EMPTY;
  for (const [name, value] of Object.entries(hard)) {
    const path = key('spec.hard', name);
    errors.invalidEach(path, name, isQualifiedName(name));
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const parsed = parseQuantity(value);
    if ('error' in parsed) continue;
    if (parsed.value < 0) errors.invalid(path, String(value), 'must be greater than or equal to 0');
    const extended = name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
    if ((INTEGER_QUOTA_RESOURCES.includes(name) || extended) && !parsed.integer) errors.invalid(path, String(value), 'must be an integer');
  }
  const scopes = arr(spec.scopes).map(str);
  for (const scope of scopes) {
    if (!QUOTA_SCOPES.includes(scope)) errors.invalid('spec.scopes', scopes, 'unsupported scope');
    for (const name of Object.keys(hard)) {
      const standard = STANDARD_QUOTA_RESOURCES.includes(name) || name.startsWith('requests.hugepages-');
      if (standard && !quotaScopeFits(scope, name)) errors.invalid('spec.scopes', scopes, 'unsupported scope applied to resource');
    }
  }
  if ((scopes.includes('BestEffort') && scopes.includes('NotBestEffort')) || (scopes.includes('Terminating') && scopes.includes('NotTerminating'))) {
    errors.invalid('spec.scopes', scopes, 'conflicting scopes');
  }
}

/** core/helper IsResourceQuotaScopeValidForResource. */
function quotaScopeFits(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return resource === 'pods' || POD_COMPUTE_QUOTA.includes(resource);
    case 'BestEffort':
      return resource === 'pods';
    case 'VolumeAttributesClass':
      return resource === 'persistentvolumeclaims' || resource === 'requests.storage';
    default:
      return true;
  }
}
