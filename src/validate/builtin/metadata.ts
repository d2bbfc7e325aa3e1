// ObjectMeta, labels, annotations and label selectors as k8s.io/apimachinery validates them:
// pkg/api/validation/objectmeta.go (ValidateObjectMetaAccessor, ValidateAnnotations, ValidateFinalizers,
// ValidateOwnerReferences) and pkg/apis/meta/v1/validation/validation.go (ValidateLabels, ValidateLabelSelector).
import { EMPTY, FieldErrors, arr, child, index, obj, str, type Obj } from './field-errors.ts';
import { isQualifiedName, isValidLabelValue, type NameValidator } from './formats.ts';

/** objectmeta.go TotalAnnotationSizeLimitB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** ValidateObjectMetaAccessor on create; the namespace is object-identity.ts's (the render fills it in). */
export function validateObjectMeta(meta: Obj | undefined, nameFn: NameValidator, path: string, errors: FieldErrors): void {
  if (!meta) return;
  // Field paths are built only for an error: every object of the render passes here.
  const generateName = str(meta.generateName);
  if (generateName) {
    const messages = nameFn(generateName, true);
    if (messages.length > 0) errors.invalidEach(child(path, 'generateName'), generateName, messages);
  }
  const name = str(meta.name);
  if (name) {
    const messages = nameFn(name, false);
    if (messages.length > 0) errors.invalidEach(child(path, 'name'), name, messages);
  } else if (!generateName) errors.required(child(path, 'name'), 'name or generateName is required');
  if (meta.labels !== undefined) validateLabels(meta.labels, child(path, 'labels'), errors);
  if (meta.annotations !== undefined) validateAnnotations(meta.annotations, child(path, 'annotations'), errors);
  if (meta.ownerReferences !== undefined) validateOwnerReferences(meta.ownerReferences, child(path, 'ownerReferences'), errors);
  if (meta.finalizers !== undefined) validateFinalizers(meta.finalizers, child(path, 'finalizers'), errors);
}

/** The metadata of a pod template (ValidateTemplateObjectMeta / ValidatePodTemplateSpec): labels and annotations. */
export function validateTemplateMeta(meta: Obj | undefined, path: string, errors: FieldErrors): void {
  if (!meta) return;
  validateLabels(meta.labels, child(path, 'labels'), errors);
  validateAnnotations(meta.annotations, child(path, 'annotations'), errors);
}

export function validateLabels(labels: unknown, path: string, errors: FieldErrors): void {
  const map = obj(labels);
  if (!map) return;
  const names = Object.keys(map);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const keyErrors = isQualifiedName(name);
    if (keyErrors.length > 0) errors.invalidEach(path, name, keyErrors);
    const value = map[name];
    if (typeof value !== 'string') continue;
    const valueErrors = isValidLabelValue(value);
    if (valueErrors.length > 0) errors.invalidEach(path, value, valueErrors);
  }
}

export function validateAnnotations(annotations: unknown, path: string, errors: FieldErrors): void {
  const map = obj(annotations);
  if (!map) return;
  let size = 0;
  for (const name in map) {
    // QualifiedName, except that case does not matter.
    const keyErrors = isQualifiedName(name.toLowerCase());
    if (keyErrors.length > 0) errors.invalidEach(path, name, keyErrors);
    const value = map[name];
    size += name.length + (typeof value === 'string' ? value.length : 0);
  }
  // UTF-16 units undercount UTF-8 bytes by at most 3x: count bytes only when that could cross the limit.
  if (size * 3 > TOTAL_ANNOTATION_SIZE_LIMIT) {
    size = 0;
    for (const name in map) size += Buffer.byteLength(name) + (typeof map[name] === 'string' ? Buffer.byteLength(map[name] as string) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errors.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT);
}

function validateOwnerReferences(references: unknown, path: string, errors: FieldErrors): void {
  let controller = '';
  for (const item of arr(references)) {
    const ref = obj(item);
    if (!ref) continue;
    const apiVersion = str(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errors.invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty');
    if (!str(ref.kind)) errors.invalid(child(path, 'kind'), str(ref.kind), 'must not be empty');
    if (!str(ref.name)) errors.invalid(child(path, 'name'), str(ref.name), 'must not be empty');
    if (!str(ref.uid)) errors.invalid(child(path, 'uid'), str(ref.uid), 'must not be empty');
    if (apiVersion === 'v1' && ref.kind === 'Event') errors.invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner');
    if (ref.controller === true) {
      const current = `${str(ref.kind)}/${str(ref.name)}`;
      if (controller) errors.invalid(path, references, `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${current}`);
      else controller = current;
    }
  }
}

function validateFinalizers(finalizers: unknown, path: string, errors: FieldErrors): void {
  const list = arr(finalizers);
  for (const finalizer of list) if (typeof finalizer === 'string') errors.invalidEach(path, finalizer, isQualifiedName(finalizer));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errors.invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set');
  }
}

/** metav1 ValidateLabelSelector (what apps, batch, policy and networking selectors are). */
export function validateLabelSelector(selector: unknown, path: string, errors: FieldErrors): void {
  const sel = obj(selector);
  if (!sel) return;
  validateLabels(sel.matchLabels, child(path, 'matchLabels'), errors);
  arr(sel.matchExpressions).forEach((item, i) => {
    const requirement = obj(item);
    if (requirement) validateLabelSelectorRequirement(requirement, index(child(path, 'matchExpressions'), i), errors);
  });
}

function validateLabelSelectorRequirement(requirement: Obj, path: string, errors: FieldErrors): void {
  const values = arr(requirement.values);
  const operator = str(requirement.operator);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) errors.required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'");
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) errors.forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
  } else {
    errors.invalid(child(path, 'operator'), operator, 'not a valid selector operator');
  }
  const key = str(requirement.key);
  errors.invalidEach(child(path, 'key'), key, isQualifiedName(key));
  values.forEach((value, i) => {
    if (typeof value === 'string') errors.invalidEach(index(child(path, 'values'), i), value, isValidLabelValue(value));
  });
}

/** Whether a metav1.LabelSelector selects these labels (LabelSelectorAsSelector + Matches); undefined when it cannot be read. */
export function selectorMatches(selector: Obj, labels: Readonly<Record<string, unknown>>): boolean {
  const matchLabels = obj(selector.matchLabels) ?? EMPTY;
  for (const name of Object.keys(matchLabels)) if (labels[name] !== matchLabels[name]) return false;
  for (const item of arr(selector.matchExpressions)) {
    const requirement = obj(item);
    if (!requirement) continue;
    const name = str(requirement.key);
    const values = arr(requirement.values);
    const has = Object.hasOwn(labels, name);
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(labels[name])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[name])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

/** A selector that selects nothing in particular: no matchLabels and no matchExpressions. */
export function selectorIsEmpty(selector: Obj): boolean {
  return Object.keys(obj(selector.matchLabels) ?? EMPTY).length === 0 && arr(selector.matchExpressions).length === 0;
}
