// `homelab publish`: the pipeline's render, then its last stage "publish": commit the tree to <appsPath>/ of the
// manifests repo and push (publish/publish.ts, which reads the source commit while the render runs). With
// config/clusters.yaml, every selected cluster is rendered first, then one commit per manifests repo and branch.
import { CLUSTERS_FILE } from '../config/clusters.ts';
import { formatProblem, HomelabError } from '../errors.ts';
import { publish, type PublishOptions, type PublishResult } from '../publish/publish.ts';
import { renderClusters, renderSource, type RenderedSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export type PublishSourceOptions = Omit<PublishOptions, 'render' | 'env'>;

export function publishSource(options: PublishSourceOptions, runtime: Runtime): Promise<PublishResult> {
  return publish({
    ...options,
    env: runtime.env,
    render: async () => {
      const { config, tree, warnings } = await renderSource(options.source, runtime);
      return { flux: config.flux, tree, warnings: warnings.map(formatProblem) };
    },
  });
}

/**
 * Every selected cluster (all by default) rendered and validated before anything is pushed, then one publish per
 * manifests repository and branch, each carrying all of its clusters' appsPaths. Without config/clusters.yaml,
 * exactly publishSource.
 */
export async function publishClusters(options: PublishSourceOptions & { readonly clusters?: readonly string[] }, runtime: Runtime): Promise<PublishResult[]> {
  const { clusters: names, ...rest } = options;
  // Rendered once, while nothing is fetched: a render error is reported before any repository is touched.
  const renders = await renderClusters(options.source, runtime, names ?? []);
  const groups = new Map<string, RenderedSource[]>();
  for (const rendered of renders) {
    const key = `${rendered.config.flux.repo}\n${rendered.config.flux.branch}`;
    groups.set(key, [...(groups.get(key) ?? []), rendered]);
  }
  if (groups.size > 1 && (options.repo !== undefined || options.branch !== undefined)) {
    throw new HomelabError(`--repo and --branch name one manifests repository, but the selected clusters of ${CLUSTERS_FILE} publish to ${groups.size}; pick clusters of one repository with --cluster`);
  }
  const results: PublishResult[] = [];
  // One repository after another: a failure stops before the next push, and says which clusters were published.
  for (const group of groups.values()) {
    const first = group[0]!;
    const seen = new Set<string>();
    const warnings = group.flatMap((rendered) => rendered.warnings.map(formatProblem)).filter((line) => !seen.has(line) && seen.add(line));
    const render = first.config.clusters
      ? { flux: first.config.flux, tree: first.tree, warnings, clusters: group.map((rendered) => ({ name: rendered.config.cluster.name, appsPath: rendered.config.flux.appsPath, tree: rendered.tree })) }
      : { flux: first.config.flux, tree: first.tree, warnings };
    results.push(await publish({ ...rest, env: runtime.env, render: async () => render }));
  }
  return results;
}
