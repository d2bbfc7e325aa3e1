// The plain Kubernetes object every stage passes along, and how objects are identified.

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** The API group of an apiVersion ("" for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** `group/Kind`, the key the API server resolves kinds by (version-independent). */
export function groupKind(object: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  return `${groupOf(object.apiVersion)}/${object.kind}`;
}

/** Identity for ownership: two objects with the same key are the same object in the cluster. */
export function objectKey(object: KubeObject): string {
  return `${groupKind(object)}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** How users read an object: `Deployment/blog/web` or `ClusterRole/admin`. */
export function describeObject(object: KubeObject): string {
  const namespace = object.metadata.namespace;
  return namespace ? `${object.kind}/${namespace}/${object.metadata.name}` : `${object.kind}/${object.metadata.name}`;
}

export const CRD_GROUP_KIND = 'apiextensions.k8s.io/CustomResourceDefinition';

export function isCrd(object: KubeObject): boolean {
  // The kind first: asked of every object of a render, and the group's string is made only for the few that match.
  return object.kind === 'CustomResourceDefinition' && groupKind(object) === CRD_GROUP_KIND;
}
