// config/clusters.yaml resolved against apps.yaml and flux.yaml: each cluster's Flux settings, apps and overrides,
// checked as a whole (unknown apps, missing dependencies, clusters writing the same repository path).
import { HomelabError, type Problem } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { RawCluster } from './clusters-schema.ts';
import type { AppSpec, ClusterSpec, HomelabConfig } from './model.ts';
import type { FluxConfig } from './schema.ts';
import type { KeyPath, YamlFile } from './yaml-file.ts';

export const CLUSTERS_FILE = 'config/clusters.yaml';

/** The name templates see when there is no config/clusters.yaml. */
export const DEFAULT_CLUSTER = 'default';

/** Every cluster of the file, resolved; `problems` gets every mistake, located in `file`. */
export function resolveClusters(raw: readonly RawCluster[], file: YamlFile, flux: FluxConfig, apps: readonly AppSpec[], problems: Problem[]): ClusterSpec[] {
  const byId = new Map(apps.map((app) => [app.id, app]));
  const seen = new Map<string, number>();
  const clusters: ClusterSpec[] = [];
  for (const [index, cluster] of raw.entries()) {
    const at = (...path: KeyPath) => ['clusters', index, ...path];
    const first = seen.get(cluster.name);
    if (first !== undefined) problems.push(file.problem(at('name'), `duplicate cluster "${cluster.name}", already used by clusters[${first}]; give one of them another name`));
    seen.set(cluster.name, index);

    const ids = cluster.apps ?? apps.map((app) => app.id);
    const runs = new Set<string>();
    for (const [i, id] of (cluster.apps ?? []).entries()) {
      if (!byId.has(id)) problems.push(file.problem(at('apps', i), `unknown app "${id}"${didYouMean(id, byId.keys())}; apps are the ids in config/apps.yaml`));
      else if (runs.has(id)) problems.push(file.problem(at('apps', i), `"${id}" is listed twice`));
      runs.add(id);
    }
    if (!cluster.apps) for (const id of ids) runs.add(id);

    for (const id of Object.keys(cluster.overrides ?? {})) {
      if (!byId.has(id)) problems.push(file.problem(at('overrides', id), `unknown app "${id}"${didYouMean(id, byId.keys())}; apps are the ids in config/apps.yaml`, { key: true }));
      else if (!runs.has(id)) problems.push(file.problem(at('overrides', id), `cluster "${cluster.name}" does not run "${id}": add it to the cluster's apps or remove the override`, { key: true }));
    }

    const own = apps.filter((app) => runs.has(app.id)).map((app) => applyOverride(app, cluster, file, at('overrides', app.id)));
    for (const app of own) {
      for (const dependency of app.dependencies) {
        if (byId.has(dependency) && !runs.has(dependency)) {
          const where = cluster.apps ? at('apps', cluster.apps.indexOf(app.id)) : at('name');
          problems.push(file.problem(where, `"${app.id}" depends on "${dependency}", which cluster "${cluster.name}" does not run: add "${dependency}" to the cluster's apps`));
        } else if (app.flux !== false && own.find((other) => other.id === dependency)?.flux === false) {
          problems.push(file.problem(at('overrides', dependency), `"${app.id}" depends on "${dependency}", which has flux: false on cluster "${cluster.name}", so Flux could never see it Ready`));
        }
      }
    }

    const overrides = Object.fromEntries(Object.entries(cluster).filter(([key, value]) => value !== undefined && !['name', 'apps', 'overrides', 'facts'].includes(key)));
    const clusterFlux = { ...flux, path: `clusters/${cluster.name}/flux`, appsPath: `clusters/${cluster.name}/apps`, ...overrides } as FluxConfig;
    clusters.push({ index, name: cluster.name, facts: cluster.facts ?? {}, flux: clusterFlux, apps: own });
  }
  problems.push(...checkRepoPaths(clusters, file));
  return clusters;
}

/** The config one cluster renders: its apps, its Flux settings, its name and facts for templates. */
export function configForCluster(config: HomelabConfig, cluster: ClusterSpec): HomelabConfig {
  return { ...config, apps: cluster.apps, flux: cluster.flux, cluster: { name: cluster.name, facts: cluster.facts } };
}

/**
 * The clusters `--cluster` names (all when none are named), in the file's order. Without config/clusters.yaml there
 * is one cluster and no name to give.
 */
export function selectClusters(config: HomelabConfig, names: readonly string[] = []): readonly ClusterSpec[] | undefined {
  if (!config.clusters) {
    if (names.length > 0) throw new HomelabError(`--cluster "${names[0]}": this source repository has no ${CLUSTERS_FILE}, so it has one cluster; remove --cluster`);
    return undefined;
  }
  const known = config.clusters.map((cluster) => cluster.name);
  for (const name of names) {
    if (!known.includes(name)) throw new HomelabError(`--cluster "${name}" is not a cluster in ${CLUSTERS_FILE}${didYouMean(name, known)}; clusters: ${known.join(', ')}`);
  }
  return names.length === 0 ? config.clusters : config.clusters.filter((cluster) => names.includes(cluster.name));
}

function applyOverride(app: AppSpec, cluster: RawCluster, file: YamlFile, path: KeyPath): AppSpec {
  const override = cluster.overrides?.[app.id];
  if (!override) return app;
  return {
    ...app,
    ...(override.namespace !== undefined && { namespace: override.namespace }),
    ...(override.flux !== undefined && { flux: override.flux === true ? {} : override.flux }),
    ...(override.options && {
      options: deepMerge(app.options, override.options),
      optionsOverride: { file, path: [...path, 'options'], keys: new Set(Object.keys(override.options)) },
    }),
  };
}

/** Mappings merge key by key; anything else (lists, scalars, null) in `over` replaces what `base` had. */
export function deepMerge(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    merged[key] = isMapping(value) && isMapping(under) ? deepMerge(under, value) : value;
  }
  return merged;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Each cluster's Flux replaces its own appsPath and flux bootstrap owns its path: within one repository and branch,
 * no two of those folders may overlap (publish would overwrite another cluster's files).
 */
function checkRepoPaths(clusters: readonly ClusterSpec[], file: YamlFile): Problem[] {
  const problems: Problem[] = [];
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  const folders = clusters.flatMap((cluster) => (['appsPath', 'path'] as const).map((key) => ({ cluster, key, dir: cluster.flux[key] })));
  for (const [i, a] of folders.entries()) {
    for (const b of folders.slice(0, i)) {
      if (a.cluster.flux.repo !== b.cluster.flux.repo || a.cluster.flux.branch !== b.cluster.flux.branch || !inside(a.dir, b.dir)) continue;
      const whose = a.cluster === b.cluster ? `its ${b.key}` : `${b.key} "${b.dir}" of cluster "${b.cluster.name}"`;
      problems.push(file.problem(['clusters', a.cluster.index, a.key], `${a.key} "${a.dir}" of cluster "${a.cluster.name}" overlaps ${whose} in the same repository and branch; give each cluster its own folders`));
    }
  }
  return problems;
}

/** A problem with one of the Flux settings the render uses: at the cluster's entry in clusters.yaml, or in flux.yaml. */
export function fluxSettingProblem(config: HomelabConfig, key: string, message: string): Problem {
  const cluster = config.clusters?.find((candidate) => candidate.name === config.cluster.name);
  if (cluster && config.files.clusters) return config.files.clusters.problem(['clusters', cluster.index, key], message);
  return config.files.flux.problem([key], message);
}
