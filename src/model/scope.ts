// Which kinds are namespaced, so objects get the app's namespace exactly where the API server expects one.
import { groupKind, type KubeObject } from './kube-object.ts';

/** Built-in cluster-scoped kinds of Kubernetes 1.2x–1.3x (`group/Kind`, core group empty). */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'node.k8s.io/RuntimeClass',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'storagemigration.k8s.io/StorageVersionMigration',
]);

export type Scope = 'Namespaced' | 'Cluster';

/**
 * The scope of an object's kind: custom kinds from `crdScopes` (built from the CRDs in the render),
 * built-in cluster-scoped kinds, and otherwise namespaced (every other built-in kind, and custom kinds
 * whose CRD lives outside the render, which are namespaced far more often than not).
 */
export function scopeOf(object: KubeObject, crdScopes: ReadonlyMap<string, Scope>): Scope {
  const key = groupKind(object);
  return crdScopes.get(key) ?? (CLUSTER_SCOPED.has(key) ? 'Cluster' : 'Namespaced');
}

/** Namespaced objects without a namespace get the app's; cluster-scoped ones lose any namespace they were given. */
export function applyNamespace(object: KubeObject, namespace: string, crdScopes: ReadonlyMap<string, Scope>): KubeObject {
  const namespaced = scopeOf(object, crdScopes) === 'Namespaced';
  const { namespace: current, ...rest } = object.metadata;
  if (namespaced) {
    if (current) return object;
    return { ...object, metadata: { ...rest, name: rest.name, namespace } };
  }
  return current === undefined ? object : { ...object, metadata: rest };
}
