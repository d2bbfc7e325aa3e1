// HorizontalPodAutoscalers as k8s.io/kubernetes pkg/apis/autoscaling/validation/validation.go checks them on create
// (validateHorizontalPodAutoscalerSpec, ValidateCrossVersionObjectReference, validateMetricSpec, validateScalingRules),
// with the defaults of pkg/apis/autoscaling/v2/defaults.go and the options of
// pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go (minReplicas >= 1, scaleTargetRef needs a group).
import { EMPTY, FieldErrors, arr, child, index, num, obj, str, type Obj } from './field-errors.ts';
import { isDNS1123Label, isValidPathSegmentName } from './formats.ts';
import { parseQuantity } from './quantity.ts';

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELD: Readonly<Record<string, string>> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };

export function validateHorizontalPodAutoscaler(object: Obj, errors: FieldErrors): void {
  const apiVersion = str(object.apiVersion);
  const spec = obj(object.spec) ?? EMPTY;
  const minReplicas = num(spec.minReplicas) ?? 1;
  const maxReplicas = num(spec.maxReplicas) ?? 0;
  if (minReplicas < 1) errors.invalid('spec.minReplicas', minReplicas, 'must be greater than or equal to 1');
  if (maxReplicas < 1) errors.invalid('spec.maxReplicas', maxReplicas, 'must be greater than 0');
  if (maxReplicas < minReplicas) errors.invalid('spec.maxReplicas', maxReplicas, 'must be greater than or equal to `minReplicas`');
  const target = obj(spec.scaleTargetRef) ?? EMPTY;
  validateObjectReference(target, 'spec.scaleTargetRef', target.kind === 'ReplicationController', errors);
  if (apiVersion === 'autoscaling/v1') {
    const percentage = num(spec.targetCPUUtilizationPercentage);
    if (percentage !== undefined && percentage < 1) {
      errors.invalid('spec.metrics[0].resource.target.averageUtilization', percentage, 'must be greater than 0');
    }
    return;
  }
  arr(spec.metrics).forEach((item, i) => validateMetric(obj(item) ?? EMPTY, index('spec.metrics', i), errors));
  const behavior = obj(spec.behavior);
  if (behavior) {
    for (const direction of ['scaleUp', 'scaleDown']) {
      const rules = obj(behavior[direction]);
      if (rules) validateScalingRules(rules, child('spec.behavior', direction), errors);
    }
  }
}

const REFERENCE_FIELDS = ['kind', 'name'];
const SOURCES_IN_ORDER = ['object', 'external', 'pods', 'resource', 'containerResource'];

function validateObjectReference(reference: Obj, path: string, allowEmptyGroup: boolean, errors: FieldErrors): void {
  for (let f = 0; f < REFERENCE_FIELDS.length; f++) {
    const field = REFERENCE_FIELDS[f]!;
    const value = str(reference[field]);
    if (!value) errors.required(child(path, field), '');
    else errors.invalidEach(child(path, field), value, isValidPathSegmentName(value));
  }
  const apiVersion = str(reference.apiVersion);
  const parts = apiVersion.split('/');
  if (parts.length > 2) errors.invalid(child(path, 'apiVersion'), apiVersion, `unexpected GroupVersion string: ${apiVersion}`);
  else if (!allowEmptyGroup && (parts.length === 1 || parts[0] === '')) errors.invalid(child(path, 'apiVersion'), apiVersion, 'apiVersion must specify API group');
}

function validateMetric(metric: Obj, path: string, errors: FieldErrors): void {
  const type = str(metric.type);
  if (!type) errors.required(child(path, 'type'), 'must specify a metric source type');
  if (!METRIC_TYPES.includes(type)) errors.notSupported(child(path, 'type'), type, METRIC_TYPES);
  // validateMetricSpec checks only the first source present, in this order.
  const present = SOURCES_IN_ORDER.filter((field) => metric[field] !== undefined);
  const first = present[0];
  if (first) validateSource(first, obj(metric[first]) ?? EMPTY, child(path, first), errors);
  const expected = SOURCE_FIELD[type];
  if (expected && metric[expected] === undefined) errors.required(child(path, expected), 'must populate information for the given metric source');
  if (present.length > 1) {
    for (const field of present) if (field !== expected) errors.forbidden(child(path, field), 'must populate the given metric source only');
  }
}

function validateSource(kind: string, source: Obj, path: string, errors: FieldErrors): void {
  const target = obj(source.target) ?? EMPTY;
  const targetPath = child(path, 'target');
  if (kind === 'object') validateObjectReference(obj(source.describedObject) ?? EMPTY, child(path, 'describedObject'), true, errors);
  if (kind === 'object' || kind === 'external' || kind === 'pods') {
    const name = str(obj(source.metric)?.name);
    if (!name) errors.required(child(child(path, 'metric'), 'name'), 'must specify a metric name');
    else errors.invalidEach(child(child(path, 'metric'), 'name'), name, isValidPathSegmentName(name));
  }
  if (kind === 'resource' || kind === 'containerResource') {
    if (!str(source.name)) errors.required(child(path, 'name'), 'must specify a resource name');
  }
  if (kind === 'containerResource') {
    const container = str(source.container);
    if (!container) errors.required(child(path, 'container'), 'must specify a container');
    else errors.invalidEach(child(path, 'container'), container, isDNS1123Label(container));
  }
  validateMetricTarget(target, targetPath, errors);
  if ((kind === 'object' || kind === 'external') && target.value === undefined && target.averageValue === undefined) {
    errors.required(child(targetPath, 'averageValue'), kind === 'object' ? 'must set either a target value or averageValue' : 'must set either a target value for metric or a per-pod target');
  }
  if (kind === 'external' && target.value !== undefined && target.averageValue !== undefined) errors.forbidden(child(targetPath, 'value'), 'may not set both a target value for metric and a per-pod target');
  if (kind === 'pods' && target.averageValue === undefined) errors.required(child(targetPath, 'averageValue'), 'must specify a positive target averageValue');
  if (kind === 'resource' || kind === 'containerResource') {
    if (target.averageUtilization === undefined && target.averageValue === undefined) errors.required(child(targetPath, 'averageUtilization'), 'must set either a target raw value or a target utilization');
    if (target.averageUtilization !== undefined && target.averageValue !== undefined) errors.forbidden(child(targetPath, 'averageValue'), 'may not set both a target raw value and a target utilization');
  }
}

function validateMetricTarget(target: Obj, path: string, errors: FieldErrors): void {
  const type = str(target.type);
  if (!type) errors.required(child(path, 'type'), 'must specify a metric target type');
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') errors.invalid(child(path, 'type'), type, 'must be either Utilization, Value, or AverageValue');
  for (const field of ['value', 'averageValue']) {
    const value = target[field];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const parsed = parseQuantity(value);
    if (!('error' in parsed) && parsed.value <= 0) errors.invalid(child(path, field), String(value), 'must be positive');
  }
  const utilization = num(target.averageUtilization);
  if (utilization !== undefined && utilization < 1) errors.invalid(child(path, 'averageUtilization'), utilization, 'must be greater than 0');
}

function validateScalingRules(rules: Obj, path: string, errors: FieldErrors): void {
  const window = num(rules.stabilizationWindowSeconds);
  if (window !== undefined && window < 0) errors.invalid(child(path, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero');
  if (window !== undefined && window > 3600) errors.invalid(child(path, 'stabilizationWindowSeconds'), window, 'must be less than or equal to 3600');
  if (rules.selectPolicy !== undefined && !['Disabled', 'Max', 'Min'].includes(str(rules.selectPolicy))) {
    errors.notSupported(child(path, 'selectPolicy'), rules.selectPolicy, ['Disabled', 'Max', 'Min']);
  }
  // Absent policies are defaulted; an explicit empty list is not.
  if (Array.isArray(rules.policies) && rules.policies.length === 0) errors.required(child(path, 'policies'), 'must specify at least one Policy');
  arr(rules.policies).forEach((item, i) => {
    const policy = obj(item) ?? EMPTY;
    const policyPath = index(child(path, 'policies'), i);
    const type = str(policy.type);
    if (type !== 'Pods' && type !== 'Percent') errors.notSupported(child(policyPath, 'type'), type, ['Percent', 'Pods']);
    const value = num(policy.value) ?? 0;
    if (value <= 0) errors.invalid(child(policyPath, 'value'), value, 'must be greater than zero');
    const period = num(policy.periodSeconds) ?? 0;
    if (period <= 0) errors.invalid(child(policyPath, 'periodSeconds'), period, 'must be greater than zero');
    if (period > 1800) errors.invalid(child(policyPath, 'periodSeconds'), period, 'must be less than or equal to 1800');
  });
}
