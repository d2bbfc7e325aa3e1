// Webhook configurations as k8s.io/kubernetes pkg/apis/admissionregistration/validation/validation.go checks them on
// create (validateValidatingWebhook, validateMutatingWebhook, validateAdmissionReviewVersions, webhook client config).
import { EMPTY, FieldErrors, arr, child, index, num, obj, str, type Obj } from './field-errors.ts';
import { celCompileError, type Wanted } from './admission-cel.ts';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPathSegmentName } from './formats.ts';
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
    arr(hook.rules).forEach((rule, j) => validateRuleWithOperations(obj(rule) ?? EMPTY, index(child(path, 'rules'), j), errors));
    if (hook.reinvocationPolicy !== undefined && !['IfNeeded', 'Never'].includes(str(hook.reinvocationPolicy))) {
      errors.notSupported(child(path, 'reinvocationPolicy'), hook.reinvocationPolicy, ['IfNeeded', 'Never']);
    }
    validateLabelSelector(hook.namespaceSelector, child(path, 'namespaceSelector'), errors);
    validateLabelSelector(hook.objectSelector, child(path, 'objectSelector'), errors);
    validateClientConfig(obj(hook.clientConfig) ?? EMPTY, child(path, 'clientConfig'), errors);
    validateReviewVersions(arr(hook.admissionReviewVersions), child(path, 'admissionReviewVersions'), errors);
    validateMatchConditions(arr(hook.matchConditions), child(path, 'matchConditions'), errors);
  });
}

/** validateMatchConditions: at most 64, names qualified and unique, expressions that compile to bool. */
function validateMatchConditions(conditions: readonly unknown[], path: string, errors: FieldErrors): void {
  if (conditions.length > 64) errors.tooMany(path, conditions.length, 64);
  const names = new Set<string>();
  conditions.forEach((item, i) => {
    const condition = obj(item) ?? EMPTY;
    const at = index(path, i);
    const expression = str(condition.expression).trim();
    if (expression === '') errors.required(child(at, 'expression'), '');
    else validateExpression(expression, 'bool', child(at, 'expression'), errors);
    const name = str(condition.name);
    if (name === '') errors.required(child(at, 'name'), '');
    else errors.invalidEach(child(at, 'name'), name, isQualifiedName(name));
    if (name !== '' && names.has(name)) errors.duplicate(child(at, 'name'), name);
    names.add(name);
  });
}

function validateExpression(expression: string, wanted: Wanted, path: string, errors: FieldErrors): void {
  const problem = celCompileError(expression, wanted);
  if (problem) errors.invalid(path, expression, problem);
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

/** validateRuleWithOperations and validateRule: operations, groups, versions, resources (with subresources), scope. */
function validateRuleWithOperations(rule: Obj, path: string, errors: FieldErrors): void {
  const operations = arr(rule.operations).map(str);
  if (operations.length === 0) errors.required(child(path, 'operations'), '');
  if (operations.length > 1 && operations.includes('*')) errors.invalid(child(path, 'operations'), operations, "if '*' is present, must not specify other operations");
  for (const [field, what] of [['apiGroups', 'API groups'], ['apiVersions', 'API versions']] as const) {
    const values = arr(rule[field]).map(str);
    if (values.length === 0) errors.required(child(path, field), '');
    if (values.length > 1 && values.includes('*')) errors.invalid(child(path, field), values, `if '*' is present, must not specify other ${what}`);
  }
  arr(rule.apiVersions).forEach((version, i) => {
    if (version === '') errors.required(index(child(path, 'apiVersions'), i), '');
  });
  validateRuleResources(arr(rule.resources).map(str), child(path, 'resources'), errors);
  if (rule.scope !== undefined && !['*', 'Cluster', 'Namespaced'].includes(str(rule.scope))) errors.notSupported(child(path, 'scope'), rule.scope, ['*', 'Cluster', 'Namespaced']);
}

/** validateResources: the wildcards (a lone star, star/star, resource/star, star/subresource) and what they exclude. */
function validateRuleResources(resources: readonly string[], path: string, errors: FieldErrors): void {
  if (resources.length === 0) errors.required(path, '');
  const wildcardSubresources = new Set<string>();
  const wildcardResources = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSubresource = false;
  resources.forEach((entry, i) => {
    if (entry === '') {
      errors.required(index(path, i), '');
      return;
    }
    if (entry === '*/*') doubleWildcard = true;
    if (entry === '*') singleWildcard = true;
    const slash = entry.indexOf('/');
    if (slash < 0) {
      withoutSubresource = entry !== '*';
      return;
    }
    const resource = entry.slice(0, slash);
    const sub = entry.slice(slash + 1);
    if (wildcardSubresources.has(resource)) errors.invalid(index(path, i), entry, `if '${resource}/*' is present, must not specify ${entry}`);
    if (wildcardResources.has(sub)) errors.invalid(index(path, i), entry, `if '*/${sub}' is present, must not specify ${entry}`);
    if (sub === '*') wildcardSubresources.add(resource);
    if (resource === '*') wildcardResources.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) errors.invalid(path, resources, "if '*/*' is present, must not specify other resources");
  if (singleWildcard && withoutSubresource) errors.invalid(path, resources, "if '*' is present, must not specify other resources without subresources");
}

/**
 * validateValidatingAdmissionPolicySpec: match constraints with resource rules, param kind, match conditions, variables,
 * validations and audit annotations, their CEL expressions compiled (admission-cel.ts). failurePolicy, matchPolicy
 * and the selectors are defaulted before validation.
 */
export function validateValidatingAdmissionPolicy(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  if (spec.paramKind !== undefined) validateParamKind(obj(spec.paramKind) ?? EMPTY, 'spec.paramKind', errors);
  const constraints = obj(spec.matchConstraints);
  if (!constraints) errors.required('spec.matchConstraints', '');
  else {
    validateMatchResources(constraints, 'spec.matchConstraints', errors);
    if (arr(constraints.resourceRules).length === 0) errors.required('spec.matchConstraints.resourceRules', '');
  }
  validateMatchConditions(arr(spec.matchConditions), 'spec.matchConditions', errors);
  arr(spec.variables).forEach((item, i) => {
    const variable = obj(item) ?? EMPTY;
    const path = `spec.variables[${i}]`;
    const name = str(variable.name);
    if (name.trim() === '') errors.required(`${path}.name`, 'name is not specified');
    else if (!isCelIdentifier(name)) errors.invalid(`${path}.name`, name, 'name is not a valid CEL identifier');
    const expression = str(variable.expression);
    if (expression.trim() === '') errors.required(`${path}.expression`, 'expression is not specified');
    else validateExpression(expression, 'any', `${path}.expression`, errors);
  });
  const validations = arr(spec.validations);
  const annotations = arr(spec.auditAnnotations);
  if (validations.length === 0 && annotations.length === 0) {
    errors.required('spec.validations', 'validations or auditAnnotations must contain at least one item');
    errors.required('spec.auditAnnotations', 'validations or auditAnnotations must contain at least one item');
    return;
  }
  validations.forEach((item, i) => validateValidation(obj(item) ?? EMPTY, `spec.validations[${i}]`, errors));
  if (annotations.length > 20) errors.invalid('spec.auditAnnotations', annotations, 'must not have more than 20 auditAnnotations');
  const keys = new Set<string>();
  const policyName = str(obj(object.metadata)?.name);
  annotations.forEach((item, i) => {
    const annotation = obj(item) ?? EMPTY;
    const path = `spec.auditAnnotations[${i}]`;
    const annotationKey = str(annotation.key);
    errors.invalidEach(`${path}.key`, `${policyName}/${annotationKey}`, isQualifiedName(`${policyName}/${annotationKey}`));
    const value = str(annotation.valueExpression).trim();
    if (value === '') errors.required(`${path}.valueExpression`, 'valueExpression is not specified');
    else if (value.length > 5 * 1024) errors.required(`${path}.valueExpression`, `must not exceed ${5 * 1024} bytes in length`);
    else validateExpression(value, 'any', `${path}.valueExpression`, errors);
    if (keys.has(annotationKey)) errors.duplicate(`${path}.key`, annotationKey);
    keys.add(annotationKey);
  });
}

/** validateValidation: an expression that compiles to bool, a message expression to string, a one-line message. */
function validateValidation(validation: Obj, path: string, errors: FieldErrors): void {
  const expression = str(validation.expression);
  if (expression.trim() === '') errors.required(`${path}.expression`, 'expression is not specified');
  else validateExpression(expression, 'bool', `${path}.expression`, errors);
  const messageExpression = str(validation.messageExpression);
  if (messageExpression.length > 0 && messageExpression.trim() === '') errors.invalid(`${path}.messageExpression`, messageExpression, 'must be non-empty if specified');
  else if (messageExpression.trim() !== '') validateExpression(messageExpression, 'string', `${path}.messageExpression`, errors);
  const message = str(validation.message);
  if (message.length > 0 && message.trim() === '') errors.invalid(`${path}.message`, message, 'message must be non-empty if specified');
  else if (/[\n\r]/.test(message.trim())) errors.invalid(`${path}.message`, message, 'message must not contain line breaks');
  const reason = validation.reason;
  if (reason !== undefined && !POLICY_REASONS.includes(str(reason))) errors.notSupported(`${path}.reason`, reason, POLICY_REASONS);
}

/** validateParamKind: a group/version (group a DNS subdomain, version a DNS-1035 label) and a kind. */
function validateParamKind(kind: Obj, path: string, errors: FieldErrors): void {
  const apiVersion = str(kind.apiVersion);
  if (apiVersion === '') errors.required(`${path}.apiVersion`, '');
  else if (apiVersion !== '/') {
    const parts = apiVersion.split('/');
    if (parts.length > 2) errors.invalid(`${path}.apiVersion`, apiVersion, `unexpected GroupVersion string: ${apiVersion}`);
    else {
      const [group, version] = parts.length === 2 ? [parts[0]!, parts[1]!] : ['', parts[0]!];
      if (group !== '') {
        const problems = isDNS1123Subdomain(group);
        if (problems.length > 0) errors.invalid(`${path}.apiVersion`, group, problems.join(','));
      }
      if (version === '') errors.invalid(`${path}.apiVersion`, apiVersion, 'version must be specified');
      else {
        const problems = isDNS1035Label(version);
        if (problems.length > 0) errors.invalid(`${path}.apiVersion`, version, problems.join(','));
      }
    }
  }
  const kindName = str(kind.kind);
  if (kindName === '') errors.required(`${path}.kind`, '');
  else {
    const problems = isDNS1035Label(kindName.toLowerCase());
    if (problems.length > 0) errors.invalid(`${path}.kind`, kindName, `may have mixed case, but should otherwise match: ${problems.join(',')}`);
  }
}

/** validateMatchResources (policy and binding): selectors, resource rules and their resource names. */
function validateMatchResources(resources: Obj, path: string, errors: FieldErrors): void {
  const policies = ['Equivalent', 'Exact'];
  if (resources.matchPolicy !== undefined && !policies.includes(str(resources.matchPolicy))) errors.notSupported(`${path}.matchPolicy`, resources.matchPolicy, policies);
  validateLabelSelector(resources.namespaceSelector, `${path}.namespaceSelector`, errors);
  validateLabelSelector(resources.objectSelector, `${path}.objectSelector`, errors);
  for (const field of ['resourceRules', 'excludeResourceRules']) {
    arr(resources[field]).forEach((item, i) => {
      const rule = obj(item) ?? EMPTY;
      const at = `${path}.${field}[${i}]`;
      const names = new Set<string>();
      arr(rule.resourceNames).forEach((name, j) => {
        const value = str(name);
        errors.invalidEach(`${at}.resourceNames[${j}]`, value, isValidPathSegmentName(value));
        if (names.has(value)) errors.duplicate(`${at}.resourceNames[${j}]`, value);
        names.add(value);
      });
      validateRuleWithOperations(rule, at, errors);
    });
  }
}

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

function isCelIdentifier(name: string): boolean {
  return /^[_a-zA-Z][_a-zA-Z0-9]*$/.test(name) && !CEL_RESERVED.has(name);
}

const POLICY_REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const VALIDATION_ACTIONS = ['Audit', 'Deny', 'Warn'];

/** validateValidatingAdmissionPolicyBindingSpec: a policy name, and validation actions (not Deny with Warn). */
export function validateValidatingAdmissionPolicyBinding(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const policyName = str(spec.policyName);
  if (!policyName) errors.required('spec.policyName', '');
  else errors.invalidEach('spec.policyName', policyName, isDNS1123Subdomain(policyName));
  const paramRef = obj(spec.paramRef);
  if (paramRef) validateParamRef(paramRef, 'spec.paramRef', errors);
  const matchResources = obj(spec.matchResources);
  if (matchResources) validateMatchResources(matchResources, 'spec.matchResources', errors);
  const actions = arr(spec.validationActions);
  const seen = new Set<unknown>();
  actions.forEach((action, i) => {
    if (!VALIDATION_ACTIONS.includes(str(action))) errors.notSupported(`spec.validationActions[${i}]`, action, VALIDATION_ACTIONS);
    if (seen.has(action)) errors.duplicate(`spec.validationActions[${i}]`, action);
    seen.add(action);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    errors.invalid('spec.validationActions', actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)');
  }
  if (seen.size === 0) errors.required('spec.validationActions', 'at least one validation action is required');
}

/** validateParamRef: a name (path segment) xor a selector, and what to do when the parameter is missing. */
function validateParamRef(ref: Obj, path: string, errors: FieldErrors): void {
  const name = str(ref.name);
  if (name !== '') {
    errors.invalidEach(`${path}.name`, name, isValidPathSegmentName(name));
    if (ref.selector !== undefined) errors.forbidden(`${path}.name`, 'name and selector are mutually exclusive');
  }
  if (ref.selector !== undefined) {
    validateLabelSelector(ref.selector, `${path}.selector`, errors);
    if (name !== '') errors.forbidden(`${path}.selector`, 'name and selector are mutually exclusive');
  }
  if (name === '' && ref.selector === undefined) errors.required(path, 'one of name or selector must be specified');
  const action = ref.parameterNotFoundAction;
  if (action === undefined || action === '') errors.required(`${path}.parameterNotFoundAction`, '');
  else if (action !== 'Deny' && action !== 'Allow') errors.notSupported(`${path}.parameterNotFoundAction`, action, ['Deny', 'Allow']);
}
