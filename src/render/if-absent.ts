// Resolves objects marked "if absent" (templates' ensureNamespace): one is kept only when neither the cluster (its
// default namespaces and `existingNamespaces`) nor an unmarked object of the render has it, and of several marked
// ones only the first app's (config order), without the marker. An app whose marked object another app provides
// learns which app that is, so that it can wait for it.
import { CLUSTER_NAMESPACES } from '../model/cluster-namespaces.ts';
import { IF_ABSENT_ANNOTATION } from '../model/if-absent.ts';
import { objectKey, type KubeObject } from '../model/kube-object.ts';
import type { AppObjects } from './crds.ts';

export interface ResolvedIfAbsent {
  readonly apps: AppObjects[];
  /** App id → the other apps of the render that provide what it asked for "if absent", in order. */
  readonly providers: ReadonlyMap<string, readonly string[]>;
}

export function resolveIfAbsent(apps: readonly AppObjects[], existingNamespaces: readonly string[]): ResolvedIfAbsent {
  // Object key → the app that has it: unmarked objects first, then the first app that asks for it marked.
  const owner = new Map<string, string | undefined>();
  for (const app of apps) {
    for (const object of app.objects) if (!isMarked(object) && !owner.has(objectKey(object))) owner.set(objectKey(object), app.id);
  }
  // A cluster's own namespaces must never become an app's: pruning the app would delete them.
  for (const name of [...CLUSTER_NAMESPACES, ...existingNamespaces]) owner.set(objectKey({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }), undefined);
  const providers = new Map<string, string[]>();
  const resolved = apps.map((app) => ({
    id: app.id,
    objects: app.objects.flatMap((object) => {
      if (!isMarked(object)) return [object];
      const key = objectKey(object);
      if (!owner.has(key)) {
        owner.set(key, app.id);
        return [unmarked(object)];
      }
      const provider = owner.get(key);
      if (provider !== undefined && provider !== app.id) {
        const list = providers.get(app.id) ?? [];
        if (!list.includes(provider)) providers.set(app.id, [...list, provider]);
      }
      return [];
    }),
  }));
  return { apps: resolved, providers };
}

function isMarked(object: KubeObject): boolean {
  return object.metadata.annotations?.[IF_ABSENT_ANNOTATION] !== undefined;
}

function unmarked(object: KubeObject): KubeObject {
  const { [IF_ABSENT_ANNOTATION]: _marker, ...annotations } = object.metadata.annotations ?? {};
  const { annotations: _all, ...metadata } = object.metadata;
  return { ...object, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
}
