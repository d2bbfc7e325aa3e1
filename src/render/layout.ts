// Where each object goes: one file per object, named so that lexical order is a working apply order.
import { sha256Hex } from '../util/sha256.ts';
import { groupKind, groupOf, type KubeObject } from '../model/kube-object.ts';
import type { PlacedObject } from '../model/tree.ts';
import { hookOrder } from './helm-hooks.ts';

/**
 * Apply order, as Helm installs (helm/pkg/releaseutil/kind_sorter.go): namespaces and cluster
 * prerequisites first, workloads later, custom resources last. `kubectl apply -f DIR/` reads files
 * in lexical order, so the rank prefixes each file name.
 */
const APPLY_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole',
  'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
];
const BUILTIN_GROUPS = /^(|[a-z0-9.-]*\.k8s\.io|apps|batch|autoscaling|policy)$/;
const UNKNOWN_RANK = 90;

function rankOf(object: KubeObject): number {
  const index = APPLY_ORDER.indexOf(object.kind);
  // A custom kind that happens to share a built-in name (e.g. "Service" in another group) is still custom.
  return index === -1 || !BUILTIN_GROUPS.test(groupOf(object.apiVersion)) ? UNKNOWN_RANK : index + 1;
}

/** Sorts an app's objects into apply order and gives each a stable, unique, filesystem-safe file name. */
export function placeObjects(objects: readonly KubeObject[]): PlacedObject[] {
  const sorted = [...objects].sort(compareObjects);
  const names = sorted.map((object) => baseName(object));
  // Disambiguate from the objects' identity, never from their position, so names stay stable as apps change.
  const counts = countBy(names);
  const withNamespace = sorted.map((object, i) => (counts.get(names[i]!)! > 1 ? `${names[i]}.${safe(object.metadata.namespace ?? '_cluster')}` : names[i]!));
  const counts2 = countBy(withNamespace);
  const unique = sorted.map((object, i) => (counts2.get(withNamespace[i]!)! > 1 ? `${withNamespace[i]}.${shortHash(groupKind(object))}` : withNamespace[i]!));
  // kubectl applies a directory in lexical order of file names: that order is the apply order, by construction.
  return sorted.map((object, i) => ({ file: `${unique[i]}.yaml`, object })).sort((a, b) => compare(a.file, b.file));
}

/** CRD file names are their object names (`<plural>.<group>`), already unique. */
export function crdFileName(crd: KubeObject): string {
  return `${safe(crd.metadata.name ?? 'unnamed')}.yaml`;
}

function baseName(object: KubeObject): string {
  return `${String(rankOf(object)).padStart(2, '0')}-${safe(object.kind.toLowerCase())}${hookTag(object)}-${safe(object.metadata.name ?? 'unnamed')}`;
}

/** Hook weights are clamped to this range in file names (helm allows any int; charts use small ones). */
const WEIGHT_OFFSET = 500;

/**
 * Install/upgrade hooks kept as plain objects sort after the other objects of their kind, in helm's order: pre-
 * before post-hooks, then by `helm.sh/hook-weight`. The tag spells that order so that file names sort by it:
 * `.hook-1pre-w500` is a pre-hook of weight 0 (the weight plus 500, clamped to 0…999).
 */
function hookTag(object: KubeObject): string {
  const order = hookOrder(object);
  if (!order) return '';
  const weight = Math.min(999, Math.max(0, order.weight + WEIGHT_OFFSET));
  return `.hook-${order.phase === 1 ? '1pre' : '2post'}-w${String(weight).padStart(3, '0')}`;
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  return rankOf(a) - rankOf(b)
    || compare(a.kind, b.kind)
    || compare(a.metadata.name ?? '', b.metadata.name ?? '')
    || compare(a.metadata.namespace ?? '', b.metadata.namespace ?? '')
    || compare(a.apiVersion, b.apiVersion);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Object names may hold ":" (RBAC) and, from broken input, anything else: keep file names portable. */
function safe(text: string): string {
  return text.replace(/[^a-z0-9._-]/gi, '_').replace(/^\.+/, '_').slice(0, 180);
}

function shortHash(text: string): string {
  return sha256Hex(text).slice(0, 8);
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
