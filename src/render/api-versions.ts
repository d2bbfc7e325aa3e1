// The API versions a cluster serves, for Helm's .Capabilities.APIVersions: the built-in ones of the configured
// Kubernetes version (passed in, read from its schema bundle), plus every version the CRDs in the render define.
import { groupOf, type KubeObject } from '../model/kube-object.ts';

/** What a default API server of the cluster's Kubernetes version serves of its built-in APIs. */
export interface ClusterApis {
  /** Served built-in group/versions (`v1`, `apps/v1`, …). */
  readonly groupVersions: readonly string[];
  /** `group/version/Kind` of every served built-in kind (`apps/v1/Deployment`, `v1/Pod`). */
  readonly kinds: readonly string[];
}

/** `group/version` and `group/version/Kind` of the built-in APIs, as `helm --api-versions` takes them. */
export function builtinApiVersions(apis: ClusterApis): string[] {
  return [...apis.groupVersions, ...apis.kinds];
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

/**
 * helm cannot be told to leave out its own built-in API versions (`helm template` appends `--api-versions` to its
 * DefaultVersionSet, which holds policy/v1beta1, batch/v1beta1, extensions/v1beta1, …), so a chart that asks for a
 * group/version may pick one the cluster no longer serves. For a built-in object whose apiVersion the cluster does not
 * serve for its kind, the apiVersions that do serve it (possibly none); undefined when the object is fine or custom.
 */
export function unservedBuiltin(object: KubeObject, apis: ClusterApis, customKinds: ReadonlySet<string>): string[] | undefined {
  const group = groupOf(object.apiVersion);
  if (customKinds.has(`${group}/${object.kind}`)) return undefined;
  const builtinGroup = group === 'extensions' || apis.groupVersions.some((gv) => groupOf(gv) === group && gv.includes('/') === object.apiVersion.includes('/'));
  if (!builtinGroup || apis.kinds.includes(`${object.apiVersion}/${object.kind}`)) return undefined;
  const serving = apis.kinds.filter((kind) => kind.endsWith(`/${object.kind}`)).map((kind) => kind.slice(0, kind.lastIndexOf('/')));
  // Same group first (policy/v1beta1 → policy/v1), then where the kind moved (extensions/v1beta1 → apps/v1).
  return [...serving.filter((gv) => groupOf(gv) === group), ...serving.filter((gv) => groupOf(gv) !== group)];
}
