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
  let size = 0;
  for (const [name, value] of Object.entries(data)) {
    errors.invalidEach(key('data', name), name, isConfigMapKey(name));
    if (Object.hasOwn(binary, name)) errors.invalid(key('data', name), name, 'duplicate of key present in binaryData');
    size += Buffer.byteLength(str(value));
  }
  for (const [name, value] of Object.entries(binary)) {
    errors.invalidEach(key('binaryData', name), name, isConfigMapKey(name));
    size += base64Length(str(value));
  }
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

export function validateLimitRange(object: Obj, errors: FieldErrors): void {
  const seen = new Set<string>();
  arr(obj(object.spec)?.limits).forEach((item, i) => {
    const limit = obj(item) ?? EMPTY;
    const path = `spec.limits[${i}]`;
    const type = str(limit.type);
    if (!type.includes('/') && !LIMIT_TYPES.includes(type)) errors.invalid(child(path, 'type'), type, 'must be a standard limit type or fully qualified');
    if (seen.has(type)) errors.duplicate(child(path, 'type'), type);
    seen.add(type);
    const values = (field: string) => new Map(Object.entries(obj(limit[field]) ?? EMPTY).map(([name, v]) => [name, quantityValue(v)]));
    const max = values('max');
    const min = values('min');
    const defaults = values('default');
    const defaultRequests = values('defaultRequest');
    for (const [name, request] of defaultRequests) {
      const upper = max.get(name);
      const lower = min.get(name);
      if (request !== undefined && lower !== undefined && request < lower) errors.invalid(key(child(path, 'defaultRequest'), name), String(obj(limit.defaultRequest)?.[name]), `min value ${String(obj(limit.min)?.[name])} is greater than default request value ${String(obj(limit.defaultRequest)?.[name])}`);
      if (request !== undefined && upper !== undefined && request > upper) errors.invalid(key(child(path, 'defaultRequest'), name), String(obj(limit.defaultRequest)?.[name]), `default request value ${String(obj(limit.defaultRequest)?.[name])} is greater than max value ${String(obj(limit.max)?.[name])}`);
    }
    for (const [name, value] of defaults) {
      const upper = max.get(name);
      if (value !== undefined && upper !== undefined && value > upper) errors.invalid(key(child(path, 'default'), name), String(obj(limit.default)?.[name]), `default value ${String(obj(limit.default)?.[name])} is greater than max value ${String(obj(limit.max)?.[name])}`);
    }
    for (const [name, value] of min) {
      const upper = max.get(name);
      if (value !== undefined && upper !== undefined && value > upper) errors.invalid(key(child(path, 'min'), name), String(obj(limit.min)?.[name]), `min value ${String(obj(limit.min)?.[name])} is greater than max value ${String(obj(limit.max)?.[name])}`);
    }
  });
}

function quantityValue(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const parsed = parseQuantity(value);
  return 'error' in parsed ? undefined : parsed.value;
}

export function validateResourceQuota(object: Obj, errors: FieldErrors): void {
  for (const [name, value] of Object.entries(obj(obj(object.spec)?.hard) ?? EMPTY)) {
    const path = key('spec.hard', name);
    errors.invalidEach(path, name, isQualifiedName(name));
    const parsed = quantityValue(value);
    if (parsed !== undefined && parsed < 0) errors.invalid(path, String(value), 'must be greater than or equal to 0');
  }
}
