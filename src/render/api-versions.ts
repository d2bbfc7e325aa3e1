// The API versions a cluster serves, for Helm's .Capabilities.APIVersions: built-in ones of the
// configured Kubernetes minor version, plus every version the CRDs in the render define.
import type { KubeObject } from '../model/kube-object.ts';

/** GA group/versions served by default (beta APIs are off by default since 1.24). */
const BASE = [
  'v1', 'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1', 'apps/v1',
  'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1',
  'certificates.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1', 'networking.k8s.io/v1', 'node.k8s.io/v1', 'policy/v1',
  'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1',
];
/** Group/versions that became GA (served by default) in a given minor version. */
const ADDED: Readonly<Record<number, readonly string[]>> = {
  34: ['resource.k8s.io/v1'],
};
/** Group/versions no longer served from a given minor version on. */
const REMOVED: Readonly<Record<number, readonly string[]>> = {};
export const OLDEST_MINOR = 30;

export function builtinApiVersions(kubeVersion: string): string[] {
  const minor = Number(/^v?1\.(\d+)/.exec(kubeVersion)?.[1] ?? 0);
  const versions = new Set(BASE);
  for (let m = OLDEST_MINOR; m <= minor; m++) {
    for (const added of ADDED[m] ?? []) versions.add(added);
    for (const removed of REMOVED[m] ?? []) versions.delete(removed);
  }
  return [...versions];
}

/** `group/version` and `group/version/Kind` for every served version of every CRD, as `helm --api-versions` takes them. */
export function crdApiVersions(crds: readonly KubeObject[]): string[] {
  const out: string[] = [];
  for (const crd of crds) {
    const spec = (crd.spec ?? {}) as { group?: string; names?: { kind?: string }; versions?: { name?: string; served?: boolean }[] };
    if (!spec.group || !spec.names?.kind) continue;
    for (const version of spec.versions ?? []) {
      if (!version.name || version.served === false) continue;
      out.push(`${spec.group}/${version.name}`, `${spec.group}/${version.name}/${spec.names.kind}`);
    }
  }
  return out;
}
