// Storage objects as k8s.io/kubernetes validates them on create: pkg/apis/core/validation/validation.go
// (ValidatePersistentVolumeClaimSpec) and pkg/apis/storage/validation/validation.go (ValidateStorageClass,
// ValidateCSIDriver).
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
  validateAllowedTopologies(object.allowedTopologies, errors);
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

/** ValidatePersistentVolumeSpec's order of sources: the first is the volume's, any other is one too many. */
const PV_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO',
  'local', 'storageos', 'csi',
];

/** ValidatePersistentVolumeSpec: access modes, a storage capacity, exactly one source; local volumes need node affinity. */
export function validatePersistentVolume(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  const modes = arr(spec.accessModes);
  if (modes.length === 0) errors.required('spec.accessModes', '');
  if (modes.includes('ReadWriteOncePod') && modes.some((mode) => mode !== 'ReadWriteOncePod' && ACCESS_MODES.includes(str(mode)))) {
    errors.forbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes');
  }
  const capacity = obj(spec.capacity) ?? EMPTY;
  const names = Object.keys(capacity);
  if (names.length === 0) errors.required('spec.capacity', '');
  if (!names.includes('storage') || names.length > 1) errors.notSupported('spec.capacity', names.length === 0 ? null : capacity, ['storage']);
  for (const name of names) {
    const value = capacity[name];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const parsed = parseQuantity(value);
    if (!('error' in parsed) && parsed.value <= 0) errors.invalid(key('spec.capacity', name), String(value), 'must be greater than zero');
  }
  let count = 0;
  for (const source of PV_SOURCES) {
    if (spec[source] === undefined || spec[source] === null) continue;
    if (count > 0) errors.forbidden(`spec.${source}`, 'may not specify more than 1 volume type');
    count++;
  }
  if (count === 0) errors.required('spec', 'must specify a volume type');
  if (spec.local !== undefined && spec.nodeAffinity === undefined) errors.required('spec.nodeAffinity', 'Local volume requires node affinity');
}

/** validateAllowedTopologies / ValidateTopologySelectorTerm: keys, at least one value each, no repeats. */
function validateAllowedTopologies(topologies: unknown, errors: FieldErrors): void {
  arr(topologies).forEach((item, i) => {
    const keys = new Set<string>();
    arr(obj(item)?.matchLabelExpressions).forEach((requirement, j) => {
      const path = `allowedTopologies[${i}].matchLabelExpressions[${j}]`;
      const values = arr(obj(requirement)?.values);
      if (values.length === 0) errors.required(`${path}.values`, '');
      const seen = new Set<unknown>();
      values.forEach((value, k) => {
        if (seen.has(value)) errors.duplicate(`${path}.values[${k}]`, value);
        seen.add(value);
      });
      const name = str(obj(requirement)?.key);
      errors.invalidEach(`${path}.key`, name, isQualifiedName(name));
      if (keys.has(name)) errors.duplicate(`${path}.key`, name);
      keys.add(name);
    });
  });
}

const FS_GROUP_POLICIES = ['File', 'None', 'ReadWriteOnceWithFSType'];
const LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];

/**
 * ValidateCSIDriver after SetDefaults_CSIDriver (attachRequired, podInfoOnMount, storageCapacity, fsGroupPolicy,
 * volumeLifecycleModes and seLinuxMount are defaulted, so never missing): fsGroupPolicy and lifecycle modes (no enum in
 * the schema), token request audiences unique and expirations within 10 minutes and 2^32 seconds.
 */
export function validateCSIDriver(object: Obj, errors: FieldErrors): void {
  const spec = obj(object.spec) ?? EMPTY;
  if (typeof spec.fsGroupPolicy === 'string' && !FS_GROUP_POLICIES.includes(spec.fsGroupPolicy)) {
    errors.notSupported('spec.fsGroupPolicy', spec.fsGroupPolicy, FS_GROUP_POLICIES);
  }
  const audiences = new Set<string>();
  arr(spec.tokenRequests).forEach((item, i) => {
    const request = obj(item) ?? EMPTY;
    const path = `spec.tokenRequests[${i}]`;
    const audience = str(request.audience);
    if (audiences.has(audience)) {
      errors.duplicate(child(path, 'audience'), audience);
      return;
    }
    audiences.add(audience);
    const seconds = request.expirationSeconds;
    if (typeof seconds !== 'number') return;
    if (seconds < 600) errors.invalid(child(path, 'expirationSeconds'), seconds, 'may not specify a duration less than 10 minutes');
    if (seconds > 2 ** 32) errors.invalid(child(path, 'expirationSeconds'), seconds, 'may not specify a duration larger than 2^32 seconds');
  });
  for (const mode of arr(spec.volumeLifecycleModes)) {
    if (!LIFECYCLE_MODES.includes(str(mode))) errors.notSupported('spec.volumeLifecycleModes', mode, LIFECYCLE_MODES);
  }
}
