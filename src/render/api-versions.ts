// The API versions the CRDs of a render add to a cluster, for Helm's .Capabilities.APIVersions (the built-in ones come
// from src/kubernetes/served-apis.ts, passed in by the pipeline).
import type { KubeObject } from '../model/kube-object.ts';

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
