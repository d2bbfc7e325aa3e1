// Resolves objects marked "if absent" (templates' ensureNamespace): one is kept only when neither the cluster (its
// default namespaces and `existingNamespaces`) nor an unmarked object of the render has it, and of several marked
// ones only the first app's (config order), without the marker.
import { CLUSTER_NAMESPACES } from '../model/cluster-namespaces.ts';
import { IF_ABSENT_ANNOTATION } from '../model/if-absent.ts';
import { objectKey, type KubeObject } from '../model/kube-object.ts';
import type { AppObjects } from './crds.ts';

export function resolveIfAbsent(apps: readonly AppObjects[], existingNamespaces: readonly string[]): AppObjects[] {
  const present = new Set(apps.flatMap((app) => app.objects.filter((object) => !isMarked(object)).map(objectKey)));
  // A cluster's own namespaces must never become an app's: pruning the app would delete them.
  for (const name of [...CLUSTER_NAMESPACES, ...existingNamespaces]) present.add(objectKey({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const claimed = new Set<string>();
  return apps.map((app) => ({
    id: app.id,
    objects: app.objects.flatMap((object) => {
      if (!isMarked(object)) return [object];
      const key = objectKey(object);
      if (present.has(key) || claimed.has(key)) return [];
      claimed.add(key);
      return [unmarked(object)];
    }),
  }));
}

function isMarked(object: KubeObject): boolean {
  return object.metadata.annotations?.[IF_ABSENT_ANNOTATION] !== undefined;
}

function unmarked(object: KubeObject): KubeObject {
  const { [IF_ABSENT_ANNOTATION]: _marker, ...annotations } = object.metadata.annotations ?? {};
  const { annotations: _all, ...metadata } = object.metadata;
  return { ...object, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
}
