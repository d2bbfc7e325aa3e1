// The render pipeline, composed once: load config → load templates → build apps → render charts → assemble →
// validate. generate-manifests, validate, diff, publish and bootstrap all render through `renderSource`, then
// write, report, compare or commit. Each stage is a function with explicit inputs and outputs; what touches the
// world (helm, the environment) comes in through the Runtime.
import { readLock } from '../assets/lock.ts';
import { LockedAssets } from '../assets/resolve.ts';
import { CLUSTERS_FILE, configForCluster, selectClusters } from '../config/clusters.ts';
import { loadConfig as readConfig } from '../config/load.ts';
import type { HomelabConfig } from '../config/model.ts';
import { ConfigError, formatProblem, HomelabError, type Problem } from '../errors.ts';
import { assemble as assembleRender, type RenderResult } from '../render/assemble.ts';
import { buildApps as runTemplates, type BuiltApp, type TemplateStep } from '../render/build-apps.ts';
import { renderCharts as renderChartsOf } from '../render/charts.ts';
import { buildKustomizations as buildKustomizationsOf } from '../render/kustomizations.ts';
import { builtinTemplates } from '../templates/builtin/index.ts';
import type { TemplateSet } from '../templates/contract.ts';
import { loadTemplates as importTemplates } from '../templates/load.ts';
import { sourceFiles } from '../templates/source-files.ts';
import { validateRender } from '../validate/validate.ts';
import { clusterApis } from './cluster-apis.ts';
import { prefetchCharts, renderScope } from './prefetch-charts.ts';
import type { Runtime } from './runtime.ts';
import { startTemplates } from './template-worker/host.ts';

/** A validated render of one source repository: what every command works from. */
export interface RenderedSource extends RenderResult {
  readonly config: HomelabConfig;
  /**
   * Things to know that fail nothing, each once, located: what the YAML reader reported (duplicate keys, ignored
   * tags) and what validation could not check (the API server will), e.g. a CEL rule homelab cannot evaluate.
   */
  readonly warnings: readonly Problem[];
}

/** Stage 1: config/apps.yaml and config/flux.yaml, validated (a ConfigError lists every problem). */
export function loadConfig(source: string): Promise<HomelabConfig> {
  return readConfig(source);
}

/** Stage 2: the templates the config's apps use: built-in ones, and user templates compiled from templates/. */
export function loadTemplates(config: HomelabConfig, runtime?: Pick<Runtime, 'cache'>): Promise<TemplateSet> {
  const compiled = runtime?.cache?.namespace('template');
  return importTemplates(config, { builtins: builtinTemplates, ...(compiled && { compiled }) });
}

/**
 * Stage 3: every app's template run into its own cdk8s App, reading the repo's files and its locked assets.
 * `warnings` collects what the YAML reader reports about the files templates read (duplicate keys, ...).
 */
export async function buildApps(config: HomelabConfig, templates: TemplateSet, warnings: Problem[] = [], step?: TemplateStep): Promise<BuiltApp[]> {
  const assets = new LockedAssets(config.sourceDir, await readLock(config.sourceDir));
  return runTemplates({ config, templates, files: sourceFiles(config.sourceDir, warnings), assets, ...(step && { step }) });
}

/** Stage 3b: every kustomizeDirectory construct filled by the runtime's kustomize (before charts: they see its CRDs). */
export function buildKustomizations(config: HomelabConfig, apps: readonly BuiltApp[], runtime: Pick<Runtime, 'kustomize' | 'parallelism'>): Promise<readonly BuiltApp[]> {
  return buildKustomizationsOf({ config, apps, kustomize: runtime.kustomize, parallelism: runtime.parallelism });
}

/** Stage 4: every helmChart construct filled by the runtime's chart renderer, with the whole render's API versions. */
export function renderCharts(config: HomelabConfig, apps: readonly BuiltApp[], runtime: Pick<Runtime, 'charts' | 'parallelism'>, warnings: Problem[] = []): Promise<readonly BuiltApp[]> {
  return renderChartsOf({ config, apps, charts: runtime.charts, parallelism: runtime.parallelism, clusterApis: () => clusterApis(config), warnings });
}

/** Stage 5: objects → the crds app, namespaces, ownership, the app-of-apps, one file per object → the tree. */
export function assemble(config: HomelabConfig, apps: readonly BuiltApp[], runtime?: Pick<Runtime, 'cache'>): RenderResult {
  return assembleRender(config, apps, runtime?.cache?.namespace('yaml'));
}

/** Stage 6: every check on the assembled render; nothing invalid is ever written or published. Returns the warnings. */
export async function validate(config: HomelabConfig, result: RenderResult, runtime?: Pick<Runtime, 'cache'>): Promise<Problem[]> {
  const warnings: Problem[] = [];
  const compiled = runtime?.cache?.namespace('validator');
  const verdicts = runtime?.cache?.namespace('verdict');
  const problems = await validateRender({
    config,
    apps: result.apps,
    warn: (warning) => warnings.push(warning),
    ...(compiled && { compiled }),
    ...(verdicts && { verdicts, tree: result.tree }),
  });
  if (problems.length > 0) throw new ConfigError(problems, { warnings });
  return warnings;
}

/**
 * Stages 1–6 for one cluster: a source repository, rendered and validated, in memory. Every caller gets a valid
 * render or a ConfigError. `cluster` names one of config/clusters.yaml's; it may be left out when there is one.
 */
export async function renderSource(source: string, runtime: Runtime, cluster?: string): Promise<RenderedSource> {
  const config = await loadConfig(source);
  const selected = selectClusters(config, cluster === undefined ? [] : [cluster]);
  if (selected && selected.length > 1) {
    throw new HomelabError(`${CLUSTERS_FILE} lists several clusters (${selected.map((c) => c.name).join(', ')}): name one with --cluster NAME`);
  }
  const [rendered] = await renderConfigs(source, selected ? [{ name: selected[0]!.name, config: configForCluster(config, selected[0]!) }] : [{ config }], runtime);
  return rendered!;
}

/**
 * Stages 1–6 for every cluster `names` selects (all when empty), in config/clusters.yaml's order; without that
 * file, the one cluster flux.yaml describes. Each cluster's render is the same pure function of its own config.
 */
export async function renderClusters(source: string, runtime: Runtime, names: readonly string[] = []): Promise<RenderedSource[]> {
  const config = await loadConfig(source);
  const selected = selectClusters(config, names);
  return renderConfigs(source, selected ? selected.map((cluster) => ({ name: cluster.name, config: configForCluster(config, cluster) })) : [{ config }], runtime);
}

/** Renders each config in turn; every cluster's problems are reported at once, each naming its cluster. */
async function renderConfigs(source: string, configs: readonly { readonly name?: string; readonly config: HomelabConfig }[], runtime: Runtime): Promise<RenderedSource[]> {
  const rendered: RenderedSource[] = [];
  const problems: Problem[] = [];
  const failures: ConfigError[] = [];
  for (const { name, config } of configs) {
    try {
      rendered.push(await renderConfig(source, name, config, runtime));
    } catch (error) {
      if (!(error instanceof ConfigError) || !config.clusters) throw error;
      problems.push(...error.problems.map((problem) => ({ ...problem, message: `cluster "${config.cluster.name}": ${problem.message}` })));
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new ConfigError(problems, { warnings: failures.flatMap((failure) => failure.warnings), cause: failures[0] });
  return rendered;
}

/**
 * Stages 2–6 for one cluster's config. Stages 2–3 run in a worker thread (template-worker/), which derives the same
 * cluster config from the source, so a template cannot end, hang or move the render.
 */
async function renderConfig(source: string, cluster: string | undefined, config: HomelabConfig, runtime: Runtime): Promise<RenderedSource> {
  const templates = startTemplates(source, { ...(runtime.cache && { cache: runtime.cache.settings() }), ...(cluster !== undefined && { cluster }) });
  void prefetchCharts(config, runtime.charts);
  const warnings: Problem[] = [];
  let complete: readonly BuiltApp[] | undefined;
  try {
    const built = await templates.build(config, warnings);
    const kustomized = await buildKustomizations(config, built, runtime);
    complete = await renderCharts(config, kustomized, runtime, warnings);
    await runtime.charts.settle?.(renderScope(config));
    templates.check();
  } finally {
    await templates.close();
  }
  const result = assemble(config, complete!, runtime);
  // The built apps (cdk8s trees and the chart output in them) are not needed past assemble: validation, the peak of a
  // big render's memory, goes without them.
  complete = undefined;
  const unchecked = await validate(config, result, runtime);
  // Several apps may read one file: each warning once.
  const seen = new Set<string>();
  const unique = [...warnings, ...unchecked].filter((warning) => !seen.has(formatProblem(warning)) && seen.add(formatProblem(warning)));
  return { ...result, config, warnings: unique };
}
