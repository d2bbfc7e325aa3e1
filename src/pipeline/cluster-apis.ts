// What the cluster's API server serves of its built-in APIs, for Helm's .Capabilities.APIVersions and for finding
// chart objects of versions it does not serve: src/kubernetes/served-apis.ts (kubeVersion's default API server, plus
// config/flux.yaml `enabledApiVersions`).
import type { HomelabConfig } from '../config/model.ts';
import { ConfigError, messageOf } from '../errors.ts';
import { readServedApis } from '../kubernetes/served-apis.ts';
import type { ClusterApis } from '../render/api-versions.ts';

export async function clusterApis(config: HomelabConfig): Promise<ClusterApis> {
  try {
    const served = await readServedApis(config.flux.kubeVersion, config.flux.enabledApiVersions ?? []);
    return { groupVersions: served.groupVersions, kinds: served.kinds };
  } catch (error) {
    throw new ConfigError([config.files.flux.problem(['kubeVersion'], messageOf(error))], { cause: error });
  }
}
