// Storage objects as k8s.io/kubernetes validates them on create: pkg/apis/core/validation/validation.go
// (ValidatePersistentVolumeClaimSpec) and pkg/apis/storage/validation/validation.go (ValidateStorageClass).
import { EMPTY, FieldErrors, arr, child, key, obj, str, type Obj } from './field-errors.ts';
import { isDNS1123Subdomain, isQualifiedName } from './formats.ts';
import { validateLabelSelector } from './metadata.ts';
import { parseQuantity } from './quantity.ts';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validatePersistentVolumeClaimSpec(spec: Obj, path: string, errors: FieldErrors): void {
  const modes = arr(spec.accessModes);
  if (modes.length === 0) errors.required(child(path, 'accessModes'), 'at least 1 access mode is required');
  validateLabelSelector(spec.selector, child(path, 'selector'), errors);
  let once = false;
  let other = false;
  // Unknown modes are the schema's enum error; only the combination is checked here.
  for (const mode of modes) {
    if (mode === 'ReadWriteOncePod') once = true;
    else if (ACCESS_MODES.includes(str(mode))) other = true;
  }
  if (once && other) errors.forbidden(child(path, 'accessModes'), 'may not use ReadWriteOncePod with other access modes');
  const storagePath = key(child(path, 'resources'), 'storage');
  const storage = obj(obj(spec.resources)?.requests)?.storage;
  if (storage === undefined) errors.required(storagePath, '');
  else if (typeof storage === 'string' || typeof storage === 'number') {
    const parsed = parseQuantity(storage);
    if (!('error' in parsed) && parsed.value <= 0) errors.invalid(storagePath, String(storage), 'must be greater than zero');
  }
  const className = spec.storageClassName;
  if (typeof className === 'string' && className) errors.invalidEach(child(path, 'storageClassName'), className, isDNS1123Subdomain(className));
  for (const field of ['dataSource', 'dataSourceRef']) {
    const source = obj(spec[field]);
    if (!source) continue;
    if (!str(source.name)) errors.required(child(child(path, field), 'name'), '');
    if (!str(source.kind)) errors.required(child(child(path, field), 'kind'), '');
  }
}

export function validatePersistentVolumeClaim(object: Obj, errors: FieldErrors): void {
  validatePersistentVolumeClaimSpec(obj(object.spec) ?? EMPTY, 'spec', errors);
}

export function validateStorageClass(object: Obj, errors: FieldErrors): void {
  validateProvisioner(str(object.provisioner), 'provisioner', errors);
  validateParameters(obj(object.parameters) ?? EMPTY, true, errors);
  // The schema's enum also lists Recycle, which PersistentVolumes take but StorageClasses do not.
  const reclaimPolicy = str(object.reclaimPolicy);
  if (reclaimPolicy && reclaimPolicy !== 'Delete' && reclaimPolicy !== 'Retain') errors.notSupported('reclaimPolicy', reclaimPolicy, ['Delete', 'Retain']);
}

/** storage/validation ValidateVolumeAttributesClass: the driver like a provisioner, at least one parameter. */
export function validateVolumeAttributesClass(object: Obj, errors: FieldErrors): void {
  validateProvisioner(str(object.driverName), 'driverName', errors);
  validateParameters(obj(object.parameters) ?? EMPTY, false, errors);
}

/** validateProvisioner: required, and a qualified name in lower case. */
function validateProvisioner(provisioner: string, path: string, errors: FieldErrors): void {
  if (!provisioner) errors.required(path, '');
  else errors.invalidEach(path, provisioner.toLowerCase(), isQualifiedName(provisioner.toLowerCase()));
}

/** validateParameters: at most 512 of them, 256 KiB in all, and (for VolumeAttributesClass) at least one. */
function validateParameters(parameters: Obj, allowEmpty: boolean, errors: FieldErrors): void {
  const names = Object.keys(parameters);
  if (names.length > 512) {
    errors.tooLong('parameters', 512);
    return;
  }
  let size = 0;
  for (const name of names) size += name.length + str(parameters[name]).length;
  if (size > 256 * 1024) errors.tooLong('parameters', 256 * 1024);
  if (!allowEmpty && names.length === 0) errors.required('parameters', 'must contain at least one key/value pair');
}
