// The one home of "what does a kube-apiserver of this version serve": the group/versions and group/version/Kinds a
// default API server of a Kubernetes minor serves, plus the alpha/beta versions a cluster enables on top
// (config/flux.yaml `enabledApiVersions`). Read from the bundle scripts/k8s-schemas.mjs generates from the
// Kubernetes source (pkg/controlplane/instance.go), so it follows each release.
// Ask `readServedApis(kubeVersion, enabledApiVersions)`, as Helm's .Capabilities.APIVersions does (pipeline →
// render/charts.ts); `servedApis(catalog, enabled)` is its pure core for a caller that already holds the bundle
// (validation's KubernetesApi), not a second answer. test/validate/served-apis.test.ts compares both with the
// discovery documents of a real kube-apiserver.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HomelabError, wrapError } from '../errors.ts';
import { COVERED_KUBERNETES, SCHEMAS_DIR, kubeMinor } from './releases.ts';

/** The part of a schema bundle (schemas/kubernetes-<minor>.json) this module reads. */
export interface ApiCatalog {
  readonly kubernetes: string;
  /** `apiVersion/Kind` of every kind the release defines, served by default or not. */
  readonly kinds: Readonly<Record<string, unknown>>;
  readonly apis: {
    /** Group/versions a default API server serves in full. */
    readonly served: readonly string[];
    /** Alpha/beta group/versions of which a default API server serves only these kinds. */
    readonly partial: Readonly<Record<string, readonly string[]>>;
    /** Alpha/beta group/versions that need --runtime-config (and usually a feature gate). */
    readonly optIn: readonly string[];
  };
}

export interface ServedApis {
  /** The minor, e.g. `1.34`. */
  readonly kubernetes: string;
  /** Served group/versions (`v1`, `apps/v1`, …), sorted. */
  readonly groupVersions: readonly string[];
  /** Served `group/version/Kind` (`apps/v1/Deployment`, `v1/Pod`), sorted. */
  readonly kinds: readonly string[];
  /** Whether an object of this apiVersion and kind would be served. */
  serves(apiVersion: string, kind: string): boolean;
  /** Alpha/beta group/versions the release defines but does not serve unless enabled (the ones `enabledApiVersions` may list). */
  readonly optIn: readonly string[];
}

/** An `enabledApiVersions` entry that the release does not know. */
export interface UnknownApiVersion {
  readonly index: number;
  readonly message: string;
}

/**
 * What an API server of this catalog's release serves with `enabled` (group/versions switched on with
 * --runtime-config) added. Entries that are not opt-in versions of the release are returned as `unknown`.
 */
export function servedApis(catalog: ApiCatalog, enabled: readonly string[] = []): ServedApis & { readonly unknown: readonly UnknownApiVersion[] } {
  const groupVersions = new Set(catalog.apis.served);
  const kinds = new Set<string>();
  const unknown: UnknownApiVersion[] = [];
  const optIn = new Set([...catalog.apis.optIn, ...Object.keys(catalog.apis.partial)]);
  enabled.forEach((entry, index) => {
    if (optIn.has(entry)) groupVersions.add(entry);
    else if (groupVersions.has(entry)) unknown.push({ index, message: `${entry} is served by default in Kubernetes ${catalog.kubernetes}: remove it from enabledApiVersions` });
    else unknown.push({ index, message: `Kubernetes ${catalog.kubernetes} has no API version ${JSON.stringify(entry)}; ${optIn.size > 0 ? `alpha/beta versions it can enable: ${[...optIn].sort().join(', ')}` : 'it has no alpha/beta versions'}` });
  });
  for (const key of Object.keys(catalog.kinds)) {
    const groupVersion = key.slice(0, key.lastIndexOf('/'));
    if (groupVersions.has(groupVersion)) kinds.add(key);
  }
  for (const [groupVersion, partialKinds] of Object.entries(catalog.apis.partial)) {
    if (groupVersions.has(groupVersion)) continue;
    groupVersions.add(groupVersion);
    for (const kind of partialKinds) kinds.add(`${groupVersion}/${kind}`);
  }
  const sortedKinds = [...kinds].sort();
  return {
    kubernetes: catalog.kubernetes,
    groupVersions: [...groupVersions].sort(),
    kinds: sortedKinds,
    serves: (apiVersion, kind) => kinds.has(`${apiVersion}/${kind}`),
    optIn: [...catalog.apis.optIn].filter((gv) => !groupVersions.has(gv)).sort(),
    unknown,
  };
}

/**
 * Reads the catalog of a kubeVersion from its bundle and returns what it serves with `enabled` added; throws when
 * the bundle is missing (run `node scripts/k8s-schemas.mjs <minor>`), as validation reports in that case.
 */
export async function readServedApis(kubeVersion: string, enabled: readonly string[] = [], dir: string = SCHEMAS_DIR): Promise<ServedApis> {
  const minor = kubeMinor(kubeVersion);
  if (!COVERED_KUBERNETES.includes(minor)) throw new HomelabError(`Kubernetes "${kubeVersion}" has no schemas in homelab; covered versions: ${COVERED_KUBERNETES.join(', ')}`);
  let catalog: ApiCatalog;
  try {
    catalog = JSON.parse(await readFile(path.join(dir, `kubernetes-${minor}.json`), 'utf8')) as ApiCatalog;
  } catch (error) {
    throw wrapError(`read the Kubernetes ${minor} API catalog (fetch it with \`node scripts/k8s-schemas.mjs ${minor}\`)`, error);
  }
  return servedApis(catalog, enabled);
}
