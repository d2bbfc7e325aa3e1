// Webhook configurations as k8s.io/kubernetes pkg/apis/admissionregistration/validation/validation.go checks them on
// create (validateValidatingWebhook, validateMutatingWebhook, validateAdmissionReviewVersions, webhook client config).
import { EMPTY, FieldErrors, arr, child, index, num, obj, str, type Obj } from './field-errors.ts';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './formats.ts';
import { validateLabelSelector } from './metadata.ts';

const ACCEPTED_REVIEW_VERSIONS = ['v1', 'v1beta1'];
const NO_SIDE_EFFECTS = ['None', 'NoneOnDryRun'];

export function validateWebhookConfiguration(object: Obj, errors: FieldErrors): void {
  const names = new Set<string>();
  arr(object.webhooks).forEach((item, i) => {
    const hook = obj(item) ?? EMPTY;
    const path = index('webhooks', i);
    const name = str(hook.name);
    validateFullyQualifiedName(name, child(path, 'name'), errors);
    if (name) {
      if (names.has(name)) errors.duplicate(child(path, 'name'), name);
      names.add(name);
    }
    if (hook.sideEffects === undefined) errors.required(child(path, 'sideEffects'), `must specify one of ${NO_SIDE_EFFECTS.join(', ')}`);
    else if (!NO_SIDE_EFFECTS.includes(str(hook.sideEffects))) errors.notSupported(child(path, 'sideEffects'), hook.sideEffects, NO_SIDE_EFFECTS);
    const timeout = num(hook.timeoutSeconds);
    if (timeout !== undefined && (timeout > 30 || timeout < 1)) errors.invalid(child(path, 'timeoutSeconds'), timeout, 'the timeout value must be between 1 and 30 seconds');
    validateLabelSelector(hook.namespaceSelector, child(path, 'namespaceSelector'), errors);
    validateLabelSelector(hook.objectSelector, child(path, 'objectSelector'), errors);
    validateClientConfig(obj(hook.clientConfig) ?? EMPTY, child(path, 'clientConfig'), errors);
    validateReviewVersions(arr(hook.admissionReviewVersions), child(path, 'admissionReviewVersions'), errors);
  });
}

/** IsFullyQualifiedName: a DNS subdomain of at least three segments. */
function validateFullyQualifiedName(name: string, path: string, errors: FieldErrors): void {
  if (!name) {
    errors.required(path, '');
    return;
  }
  const messages = isDNS1123Subdomain(name);
  if (messages.length > 0) errors.invalid(path, name, messages.join(','));
  else if (name.split('.').length < 3) errors.invalid(path, name, 'should be a domain with at least three segments separated by dots');
}

function validateClientConfig(config: Obj, path: string, errors: FieldErrors): void {
  const url = config.url;
  const service = obj(config.service);
  if ((url === undefined) === (service === undefined)) {
    errors.required(path, 'exactly one of url or service is required');
    return;
  }
  if (typeof url === 'string') {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      errors.invalid(child(path, 'url'), url, 'host must be specified');
    }
    if (parsed) {
      if (parsed.protocol !== 'https:') errors.invalid(child(path, 'url'), url, "'https' is the only allowed URL scheme")
      if (!parsed.host) errors.invalid(child(path, 'url'), url, 'host must be specified');
      if (parsed.username || parsed.password) errors.invalid(child(path, 'url'), url, 'user information is not permitted in the URL');
      if (parsed.hash) errors.invalid(child(path, 'url'), url, 'fragments are not permitted in the URL');
      if (parsed.search) errors.invalid(child(path, 'url'), url, 'query parameters are not permitted in the URL');
    }
    return;
  }
  if (!service) return;
  const servicePath = child(path, 'service');
  const name = str(service.name);
  if (!name) errors.required(child(servicePath, 'name'), 'service name is required');
  else errors.invalidEach(child(servicePath, 'name'), name, isDNS1123Subdomain(name));
  const namespace = str(service.namespace);
  if (!namespace) errors.required(child(servicePath, 'namespace'), 'service namespace is required');
  else errors.invalidEach(child(servicePath, 'namespace'), namespace, isDNS1123Label(namespace));
  const port = num(service.port);
  if (port !== undefined && (port < 1 || port > 65535)) errors.invalid(child(servicePath, 'port'), port, 'port is not valid: must be between 1 and 65535, inclusive');
  const servicePathValue = service.path;
  if (typeof servicePathValue === 'string' && servicePathValue !== '' && !servicePathValue.startsWith('/')) {
    errors.invalid(child(servicePath, 'path'), servicePathValue, "must start with a '/'");
  }
}

function validateReviewVersions(versions: readonly unknown[], path: string, errors: FieldErrors): void {
  if (versions.length === 0) {
    errors.required(path, `must specify one of ${ACCEPTED_REVIEW_VERSIONS.join(', ')}`);
    return;
  }
  const seen = new Set<string>();
  let accepted = false;
  versions.forEach((item, i) => {
    const version = str(item);
    if (seen.has(version)) {
      errors.invalid(index(path, i), version, 'duplicate version');
      return;
    }
    seen.add(version);
    errors.invalidEach(index(path, i), version, isDNS1035Label(version));
    if (ACCEPTED_REVIEW_VERSIONS.includes(version)) accepted = true;
  });
  if (!accepted) errors.invalid(path, versions, `must include at least one of ${ACCEPTED_REVIEW_VERSIONS.join(', ')}`);
}
