// APIService (apiregistration.k8s.io) as kube-aggregator checks it on create: pkg/apis/apiregistration/validation
// ValidateAPIService of k8s.io/kube-aggregator, after v1/defaults.go (a service's port defaults to 443).
import { EMPTY, FieldErrors, num, obj, str, type Obj } from './field-errors.ts';
import { isDNS1035Label, isDNS1123Subdomain, isValidPathSegmentName, isValidPortNum } from './formats.ts';

export function validateAPIService(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const group = str(spec.group);
  const version = str(spec.version);
  // The name rule runs inside ValidateObjectMeta: path segment first (metadata.ts), then "<version>.<group>".
  const name = str(obj(object.metadata)?.name);
  const requiredName = `${version}.${group}`;
  if (name && isValidPathSegmentName(name).length === 0 && name !== requiredName) {
    errors.invalid('metadata.name', name, `must be \`spec.version+"."+spec.group\`: ${JSON.stringify(requiredName)}`);
  }
  if (group === '' && version !== 'v1') errors.required('spec.group', 'only v1 may have an empty group and it better be legacy kube');
  if (group !== '') errors.invalidEach('spec.group', group, isDNS1123Subdomain(group));
  errors.invalidEach('spec.version', version, isDNS1035Label(version));
  const groupPriority = num(spec.groupPriorityMinimum) ?? 0;
  if (groupPriority <= 0 || groupPriority > 20000) errors.invalid('spec.groupPriorityMinimum', groupPriority, 'must be positive and less than 20000');
  const versionPriority = num(spec.versionPriority) ?? 0;
  if (versionPriority <= 0 || versionPriority > 1000) errors.invalid('spec.versionPriority', versionPriority, 'must be positive and less than 1000');

  const caBundle = str(spec.caBundle);
  const insecure = spec.insecureSkipTLSVerify === true;
  const service = obj(spec.service);
  if (!service) {
    if (caBundle) errors.invalid('spec.caBundle', `${Buffer.from(caBundle, 'base64').length} bytes`, 'local APIServices may not have a caBundle');
    if (insecure) errors.invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify');
    return;
  }
  if (!str(service.namespace)) errors.required('spec.service.namespace', '');
  if (!str(service.name)) errors.required('spec.service.name', '');
  const port = num(service.port) ?? 443;
  const portErrors = isValidPortNum(port);
  if (portErrors.length > 0) errors.invalid('spec.service.port', port, `port is not valid: ${portErrors.join(', ')}`);
  if (insecure && caBundle) errors.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present');
}
