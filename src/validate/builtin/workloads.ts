// Workload controllers as k8s.io/kubernetes validates them on create: pkg/apis/apps/validation/validation.go
// (ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec, rolling
// updates), pkg/apis/batch/validation/validation.go (ValidateJob, validateJobSpec, ValidateCronJobCreate) and
// pkg/apis/core/validation (ValidateReplicationControllerSpec, ValidatePodTemplate), with the defaults of
// pkg/apis/apps/v1/defaults.go and pkg/apis/batch/v1/defaults.go applied first.
import { cronScheduleError } from './cron.ts';
import { EMPTY, FieldErrors, arr, child, num, obj, str, type Obj } from './field-errors.ts';
import { isDNS1123Label, isValidLabelValue, isValidPercent } from './formats.ts';
import { selectorIsEmpty, selectorMatches, validateLabelSelector } from './metadata.ts';
import { validatePodSpec, validatePodTemplate } from './pod.ts';
import { validatePersistentVolumeClaimSpec } from './storage.ts';

const NEGATIVE_ERROR = 'must be greater than or equal to 0';
const ALWAYS = ['Always'];
const NO_VOLUMES: readonly string[] = [];
/** The pod context of a Deployment's, ReplicaSet's or DaemonSet's template, shared rather than made per object. */
const ALWAYS_CONTEXT = { restartPolicies: ALWAYS, extraVolumes: NO_VOLUMES };

function nonNegative(value: unknown, path: string, errors: FieldErrors): void {
  if (typeof value === 'number' && value < 0) errors.invalid(path, value, NEGATIVE_ERROR);
}

/** A selected template: the selector is required, not empty, valid, and matches the template's labels. */
function validateSelectedTemplate(spec: Obj, kindName: string, path: string, errors: FieldErrors, extraVolumes: readonly string[] = NO_VOLUMES): void {
  const selector = obj(spec.selector);
  const template = obj(spec.template);
  if (!selector) errors.required(child(path, 'selector'), '');
  else {
    validateLabelSelector(selector, child(path, 'selector'), errors);
    if (selectorIsEmpty(selector)) errors.invalid(child(path, 'selector'), selector, `empty selector is invalid for ${kindName}`);
    else if (template && !selectorMatches(selector, obj(obj(template.metadata)?.labels) ?? EMPTY)) {
      errors.invalid(child(child(child(path, 'template'), 'metadata'), 'labels'), obj(obj(template.metadata)?.labels) ?? null, '`selector` does not match template `labels`');
    }
  }
  validateTemplate(template, child(path, 'template'), extraVolumes.length === 0 ? ALWAYS_CONTEXT : { restartPolicies: ALWAYS, extraVolumes }, errors);
  if (obj(template?.spec)?.activeDeadlineSeconds !== undefined) {
    errors.forbidden(child(child(child(path, 'template'), 'spec'), 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kindName === 'deployment' ? 'ReplicaSet' : kindName === 'statefulset' ? 'StatefulSet' : 'DaemonSet'} is not Supported`);
  }
}

function validateTemplate(template: Obj | undefined, path: string, context: { restartPolicies: readonly string[]; extraVolumes?: readonly string[] }, errors: FieldErrors): void {
  if (!template) {
    errors.required(child(path, 'spec.containers'), '');
    return;
  }
  validatePodTemplate(template, path, context, errors);
}

/**
 * The int-or-percent of rolling updates (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent); returns its value as
 * getIntOrPercentValue reads it (a string that is no percentage counts as strconv.Atoi of it, 0 when not a number).
 */
function intOrPercent(value: unknown, fallback: number, path: string, errors: FieldErrors, max100: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value === 'string') {
    const messages = isValidPercent(value);
    errors.invalidEach(path, value, messages);
    if (messages.length > 0) return /^[+-]?\d+$/.test(value) ? Number(value) : 0;
    const percent = Number(value.slice(0, -1));
    if (max100 && percent > 100) errors.invalid(path, value, 'must not be greater than 100%');
    return percent;
  }
  if (typeof value === 'number') {
    nonNegative(value, path, errors);
    return value;
  }
  return 0;
}

export function validateDeployment(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec);
  if (!spec) {
    errors.required('spec.selector', '');
    return;
  }
  nonNegative(spec.replicas, 'spec.replicas', errors);
  validateSelectedTemplate(spec, 'deployment', 'spec', errors);
  const strategy = obj(spec.strategy) ?? EMPTY;
  const type = str(strategy.type) || 'RollingUpdate';
  if (type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined) errors.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'");
  } else if (type === 'RollingUpdate') {
    const rolling = obj(strategy.rollingUpdate) ?? EMPTY;
    const unavailable = intOrPercent(rolling.maxUnavailable, 25, 'spec.strategy.rollingUpdate.maxUnavailable', errors, true);
    const surge = intOrPercent(rolling.maxSurge, 25, 'spec.strategy.rollingUpdate.maxSurge', errors, false);
    if (unavailable === 0 && surge === 0) errors.invalid('spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0');
  }
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errors);
  const deadline = num(spec.progressDeadlineSeconds);
  if (deadline !== undefined) {
    nonNegative(deadline, 'spec.progressDeadlineSeconds', errors);
    if (deadline <= (num(spec.minReadySeconds) ?? 0)) errors.invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds');
  }
}

export function validateReplicaSet(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  nonNegative(spec.replicas, 'spec.replicas', errors);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
  validateSelectedTemplate(spec, 'deployment', 'spec', errors);
}

export function validateDaemonSet(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  validateSelectedTemplate(spec, 'daemonset', 'spec', errors);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errors);
  const strategy = obj(spec.updateStrategy) ?? EMPTY;
  const type = str(strategy.type) || 'RollingUpdate';
  if (type === 'RollingUpdate') {
    const rolling = obj(strategy.rollingUpdate) ?? EMPTY;
    const path = 'spec.updateStrategy.rollingUpdate';
    const unavailable = intOrPercent(rolling.maxUnavailable, 1, `${path}.maxUnavailable`, errors, true);
    const surge = intOrPercent(rolling.maxSurge, 0, `${path}.maxSurge`, errors, true);
    if (unavailable !== 0 && surge !== 0) errors.invalid(`${path}.maxSurge`, rolling.maxSurge, 'may not be set when maxUnavailable is non-zero');
    if (unavailable === 0 && surge === 0) errors.required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0');
  } else if (type !== 'OnDelete') {
    errors.notSupported('spec.updateStrategy', strategy, ['RollingUpdate', 'OnDelete']);
  }
}

export function validateStatefulSet(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const strategy = obj(spec.updateStrategy) ?? EMPTY;
  const type = str(strategy.type) || 'RollingUpdate';
  if (type === 'OnDelete') {
    if (strategy.rollingUpdate !== undefined) errors.invalid('spec.updateStrategy.rollingUpdate', strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'");
  } else if (type === 'RollingUpdate') {
    const rolling = obj(strategy.rollingUpdate);
    if (rolling) {
      nonNegative(rolling.partition, 'spec.updateStrategy.rollingUpdate.partition', errors);
      if (rolling.maxUnavailable !== undefined) {
        const value = intOrPercent(rolling.maxUnavailable, 1, 'spec.updateStrategy.rollingUpdate.maxUnavailable', errors, true);
        if (value === 0) errors.invalid('spec.updateStrategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable, 'cannot be 0');
      }
    }
  }
  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const field of ['whenDeleted', 'whenScaled']) {
      // Defaulted to Retain when absent.
      const value = retention[field];
      if (value !== undefined && value !== 'Retain' && value !== 'Delete') errors.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${field}`, value, ['Retain', 'Delete']);
    }
  }
  const claimTemplates = arr(spec.volumeClaimTemplates);
  claimTemplates.forEach((item, i) => {
    const claimSpec = obj(obj(item)?.spec);
    validatePersistentVolumeClaimSpec(claimSpec ?? {}, `spec.volumeClaimTemplates[${i}].spec`, errors);
  });
  nonNegative(spec.replicas, 'spec.replicas', errors);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
  nonNegative(obj(spec.ordinals)?.start, 'spec.ordinals.start', errors);
  const serviceName = str(spec.serviceName);
  if (serviceName) errors.invalidEach('spec.serviceName', serviceName, isDNS1123Label(serviceName));
  // The controller sets hostname and subdomain, and adds a volume per claim template: neither is validated here.
  const template = obj(spec.template);
  const templateSpec = obj(template?.spec);
  const adjusted = template && templateSpec ? { ...template, spec: { ...templateSpec, hostname: undefined, subdomain: undefined } } : template;
  validateSelectedTemplate({ ...spec, template: adjusted }, 'statefulset', 'spec', errors, claimTemplates.map((item) => str(obj(obj(item)?.metadata)?.name)));
}

export function validateReplicationController(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
  nonNegative(spec.replicas, 'spec.replicas', errors);
  const template = obj(spec.template);
  // The selector defaults to the template's labels.
  const selector = obj(spec.selector) ?? obj(obj(template?.metadata)?.labels) ?? EMPTY;
  if (Object.keys(selector).length === 0) errors.required('spec.selector', '');
  else if (template && !selectorMatches({ matchLabels: selector }, obj(obj(template.metadata)?.labels) ?? EMPTY)) {
    errors.invalid('spec.template.metadata.labels', obj(obj(template.metadata)?.labels) ?? null, '`selector` does not match template `labels`');
  }
  if (!template) errors.required('spec.template', '');
  else validatePodTemplate(template, 'spec.template', { restartPolicies: ALWAYS }, errors);
}

export function validatePodTemplateObject(object: Obj, errors: FieldErrors): void {
  const template = obj(object.template);
  if (template) validatePodTemplate(template, 'template', {}, errors);
  else errors.required('template.spec.containers', '');
}

export function validatePod(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec);
  if (!spec) {
    errors.required('spec.containers', '');
    return;
  }
  validatePodSpec(spec, 'spec', { isPod: true }, errors);
  // The Priority admission plugin (plugin/pkg/admission/priority) computes priority from priorityClassName (0 without
  // one) and refuses a pod that sets another value; with a class it needs the class's value, which homelab cannot know.
  const priority = num(spec.priority);
  if (priority !== undefined && priority !== 0 && spec.priorityClassName === undefined) {
    errors.add('spec.priority', `the integer value of priority (${priority}) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name`);
  }
  for (const [i, item] of arr(spec.containers).entries()) {
    const image = str(obj(item)?.image);
    if (image && image !== image.trim()) errors.invalid(`spec.containers[${i}].image`, image, 'must not have leading or trailing whitespace');
  }
}

const JOB_LABELS = ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name'];

/** validateJobSpec (shared by Job and a CronJob's jobTemplate). */
function validateJobSpec(spec: Obj, path: string, errors: FieldErrors): void {
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    nonNegative(spec[field], child(path, field), errors);
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined) {
    errors.required(child(path, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified');
  }
  // completionMode's values are the schema's enum.
  const mode = spec.completionMode;
  // completions is defaulted to 1 when neither it nor parallelism is set (SetDefaults_Job).
  if (mode === 'Indexed' && spec.completions === undefined && spec.parallelism !== undefined) errors.required(child(path, 'completions'), 'when completion mode is Indexed');
  if (mode !== 'Indexed') {
    if (spec.backoffLimitPerIndex !== undefined) errors.invalid(child(path, 'backoffLimitPerIndex'), spec.backoffLimitPerIndex, 'requires indexed completion mode');
    if (spec.maxFailedIndexes !== undefined) errors.invalid(child(path, 'maxFailedIndexes'), spec.maxFailedIndexes, 'requires indexed completion mode');
    if (spec.successPolicy !== undefined) errors.invalid(child(path, 'successPolicy'), spec.successPolicy, 'requires indexed completion mode');
  }
  const templatePath = child(path, 'template');
  const template = obj(spec.template);
  if (!template) {
    errors.required(child(templatePath, 'spec.containers'), '');
  } else {
    validatePodTemplate(template, templatePath, {}, errors);
  }
  const restartPolicy = str(obj(template?.spec)?.restartPolicy) || 'Always';
  const restartPath = child(child(templatePath, 'spec'), 'restartPolicy');
  if (restartPolicy === 'Always') errors.required(restartPath, 'valid values: "OnFailure", "Never"');
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') errors.notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']);
  else if (spec.podFailurePolicy !== undefined && restartPolicy !== 'Never') errors.invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified');
}

export function validateJob(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const name = str(obj(object.metadata)?.name);
  validateJobSpec(spec, 'spec', errors);
  const template = obj(spec.template);
  const labels = obj(obj(template?.metadata)?.labels) ?? EMPTY;
  const selector = obj(spec.selector);
  if (spec.manualSelector === true) {
    if (!selector) errors.required('spec.selector', '');
    else {
      validateLabelSelector(selector, 'spec.selector', errors);
      if (!selectorMatches(selector, labels)) errors.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`');
    }
  } else {
    // The API server generates the selector and the job-name/controller-uid labels; a selector of the user's own
    // must select only those, and the job name must be a valid label value.
    if (selector) {
      const generated = Object.fromEntries(JOB_LABELS.map((label) => [label, label.endsWith('job-name') ? name : 'uid']));
      const own = { ...selector, matchLabels: Object.fromEntries(Object.entries(obj(selector.matchLabels) ?? EMPTY).filter(([label]) => !label.endsWith('controller-uid'))) };
      if (!selectorMatches(own, generated)) errors.invalid('spec.selector', selector, '`selector` not auto-generated');
    }
    for (const label of ['batch.kubernetes.io/job-name', 'job-name']) {
      if (labels[label] === undefined) errors.invalidEach('spec.template.labels', name, isValidLabelValue(name));
      else if (labels[label] !== name) errors.invalid(`spec.template.metadata.labels[${label}]`, labels, `must be '${name}'`);
    }
  }
  const completions = num(spec.completions);
  if (spec.completionMode === 'Indexed' && completions !== undefined && completions > 0) {
    const hostname = `${name}-${completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) errors.invalid('metadata.name', name, `will not able to create pod with invalid DNS label: ${hostname}`);
  }
}

export function validateCronJob(object: Obj, errors: FieldErrors): void {
  const name = str(obj(object.metadata)?.name);
  if (name.length > 52) errors.invalid('metadata.name', name, 'must be no more than 52 characters');
  const spec = obj(object.spec) ?? EMPTY;
  const schedule = str(spec.schedule);
  if (!schedule) errors.required('spec.schedule', '');
  else {
    const error = cronScheduleError(schedule);
    if (error) errors.invalid('spec.schedule', schedule, error);
    if (schedule.includes('TZ')) errors.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  }
  nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds', errors);
  const timeZone = spec.timeZone;
  if (typeof timeZone === 'string') {
    if (timeZone === '') errors.invalid('spec.timeZone', timeZone, 'timeZone must be nil or non-empty string');
    else if (timeZone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))) {
      errors.invalid('spec.timeZone', timeZone, `unknown time zone ${timeZone}`);
    } else if (timeZone.toLowerCase() === 'local') {
      errors.invalid('spec.timeZone', timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
    } else if (!knownTimeZone(timeZone)) {
      errors.invalid('spec.timeZone', timeZone, `unknown time zone ${timeZone}`);
    }
  }
  nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit', errors);
  nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit', errors);
  const jobTemplate = obj(spec.jobTemplate);
  const jobSpec = obj(jobTemplate?.spec) ?? EMPTY;
  validateJobSpec(jobSpec, 'spec.jobTemplate.spec', errors);
  if (jobSpec.selector !== undefined) errors.invalid('spec.jobTemplate.spec.selector', jobSpec.selector, '`selector` will be auto-generated');
  if (jobSpec.manualSelector === true) errors.notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']);
}

/** time.LoadLocation against the IANA database Node ships (Intl), the same database Go embeds. */
function knownTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
