// What the cluster's API server serves of its built-in APIs, for Helm's .Capabilities.APIVersions.
//
// SEAM (validate-builtin): branch validate-builtin adds src/kubernetes/served-apis.ts, the one home of "which
// group/versions and kinds a default API server of each minor serves" (read from pkg/controlplane/instance.go, plus
// config/flux.yaml `enabledApiVersions`). When it lands, replace the body of `clusterApis` with
// `readServedApis(config.flux.kubeVersion, config.flux.enabledApiVersions)`. Until then: the kinds of the schema
// bundle whose version is GA (alpha and beta APIs are off by default since 1.24).
import type { HomelabConfig } from '../config/model.ts';
import { ConfigError } from '../errors.ts';
import type { ClusterApis } from '../render/api-versions.ts';
import { readSchemaBundle } from '../validate/kubernetes-schemas.ts';

export async function clusterApis(config: HomelabConfig): Promise<ClusterApis> {
  const bundle = await readSchemaBundle(config.flux.kubeVersion);
  if ('message' in bundle) throw new ConfigError([config.files.flux.problem(['kubeVersion'], bundle.message)]);
  const kinds = Object.keys(bundle.kinds).filter((key) => !/\/v\d+(alpha|beta)\d+\//.test(`/${key}`)).sort();
  const groupVersions = [...new Set(kinds.map((kind) => kind.slice(0, kind.lastIndexOf('/'))))].sort();
  return { groupVersions, kinds };
}
