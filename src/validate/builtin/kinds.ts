// The API server's own checks of built-in kinds, one table row per kind: which Go validation (ported in this folder)
// runs for `group/Kind`. docs/validation-rules.md lists every rule with the Kubernetes source it comes from.
import { validateValidatingAdmissionPolicy, validateValidatingAdmissionPolicyBinding, validateWebhookConfiguration } from './admission.ts';
import { validateAPIService } from './apiregistration.ts';
import { validateHorizontalPodAutoscaler } from './autoscaling.ts';
import {
  validateConfigMap,
  validateLimitRange,
  validateNamespace,
  validatePodDisruptionBudget,
  validatePriorityClass,
  validateResourceQuota,
  validateSecret,
} from './core-objects.ts';
import { validateEndpoints } from './endpoints.ts';
import type { FieldErrors, Obj } from './field-errors.ts';
import { validateIngress, validateIngressClass, validateNetworkPolicy } from './networking.ts';
import { validateRuntimeClass } from './node.ts';
import { validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding } from './rbac.ts';
import { validateService } from './service.ts';
import { validateCSIDriver, validatePersistentVolume, validatePersistentVolumeClaim, validateStorageClass, validateVolumeAttributesClass } from './storage.ts';
import {
  validateCronJob,
  validateDaemonSet,
  validateDeployment,
  validateJob,
  validatePod,
  validatePodTemplateObject,
  validateReplicaSet,
  validateReplicationController,
  validateStatefulSet,
} from './workloads.ts';

export type KindValidator = (object: Obj, errors: FieldErrors) => void;

/** `group/Kind` → the checks its Validate* function makes on create (every served version of the group). */
const KINDS: Readonly<Record<string, KindValidator>> = {
  '/Pod': validatePod,
  '/PodTemplate': validatePodTemplateObject,
  '/ReplicationController': validateReplicationController,
  '/Service': validateService,
  '/ConfigMap': validateConfigMap,
  '/Secret': validateSecret,
  '/Namespace': validateNamespace,
  '/PersistentVolumeClaim': validatePersistentVolumeClaim,
  '/PersistentVolume': validatePersistentVolume,
  '/LimitRange': validateLimitRange,
  '/ResourceQuota': validateResourceQuota,
  '/Endpoints': validateEndpoints,
  'apps/Deployment': validateDeployment,
  'apps/ReplicaSet': validateReplicaSet,
  'apps/StatefulSet': validateStatefulSet,
  'apps/DaemonSet': validateDaemonSet,
  'batch/Job': validateJob,
  'batch/CronJob': validateCronJob,
  'autoscaling/HorizontalPodAutoscaler': validateHorizontalPodAutoscaler,
  'policy/PodDisruptionBudget': validatePodDisruptionBudget,
  'networking.k8s.io/Ingress': validateIngress,
  'networking.k8s.io/IngressClass': validateIngressClass,
  'networking.k8s.io/NetworkPolicy': validateNetworkPolicy,
  'rbac.authorization.k8s.io/Role': validateRole,
  'rbac.authorization.k8s.io/ClusterRole': validateClusterRole,
  'rbac.authorization.k8s.io/RoleBinding': validateRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': validateClusterRoleBinding,
  'storage.k8s.io/StorageClass': validateStorageClass,
  'storage.k8s.io/VolumeAttributesClass': validateVolumeAttributesClass,
  'storage.k8s.io/CSIDriver': validateCSIDriver,
  'node.k8s.io/RuntimeClass': validateRuntimeClass,
  'apiregistration.k8s.io/APIService': validateAPIService,
  'scheduling.k8s.io/PriorityClass': validatePriorityClass,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': validateWebhookConfiguration,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': validateWebhookConfiguration,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': validateValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': validateValidatingAdmissionPolicyBinding,
};

/** The kind-specific checks of a built-in kind, looked up once per kind; undefined for kinds without a row. */
export function kindValidator(group: string, kind: string): KindValidator | undefined {
  return Object.hasOwn(KINDS, `${group}/${kind}`) ? KINDS[`${group}/${kind}`] : undefined;
}
