// The render pipeline, composed once: load config → load templates → build apps → render charts → assemble →
// validate. generate-manifests, validate, diff, publish and bootstrap all render through `renderSource`, then
// write, report, compare or commit. Each stage is a function with explicit inputs and outputs; what touches the
// world (helm, the environment) comes in through the Runtime.
import { readLock, type AssetsLock } from '../assets/lock.ts';
import { LockedAssets } from '../assets/resolve.ts';
import { CLUSTERS_FILE, configForCluster, selectClusters } from '../config/clusters.ts';
import { loadConfig as readConfig } from '../config/load.ts';
import type { ClusterSpec, HomelabConfig } from '../config/model.ts';
import { ConfigError, formatProblem, HomelabError, type Problem } from '../errors.ts';
import { assemble as assembleRender, type RenderResult } from '../render/assemble.ts';
import { buildApps as runTemplates, type BuiltApp, type TemplateStep } from '../render/build-apps.ts';
import { renderCharts as renderChartsOf } from '../render/charts.ts';
import { buildKustomizations as buildKustomizationsOf } from '../render/kustomizations.ts';
import { builtinTemplates } from '../templates/builtin/index.ts';
import type { TemplateSet } from '../templates/contract.ts';
import { hasChartTransforms } from '../templates/helm-chart.ts';
import { loadTemplates as importTemplates } from '../templates/load.ts';
import { sourceFiles } from '../templates/source-files.ts';
import { collectGarbage } from '../util/collect-garbage.ts';
import { validateRender } from '../validate/validate.ts';
import { warmUpValidation } from '../validate/warm-up.ts';
import { clusterApis } from './cluster-apis.ts';
import { prefetchCharts, renderScope } from './prefetch-charts.ts';
import { memoized, renderMemoKey, type MemoizedStages } from './render-memo.ts';
import type { Runtime } from './runtime.ts';
import { startTemplates, type TemplateWorker } from './template-worker/host.ts';

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
  // Charts bring CRDs, whose checks (stage 6) load ajv and the CEL library: loaded while helm runs, once the renders
  // started with the first have reached helm too.
  const templating = () => void setImmediate(warmUpValidation);
  return renderChartsOf({ config, apps, charts: runtime.charts, parallelism: runtime.parallelism, clusterApis: () => clusterApis(config), warnings, templating });
}

/** Stage 5: objects → the crds app, namespaces, ownership, the app-of-apps, one file per object → the tree. */
export function assemble(config: HomelabConfig, apps: readonly BuiltApp[]): RenderResult {
  return assembleRender(config, apps);
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
  const names = cluster === undefined ? [] : [cluster];
  const [rendered] = await renderSelected(source, runtime, names, (selected) => {
    if (selected && selected.length > 1) {
      throw new HomelabError(`${CLUSTERS_FILE} lists several clusters (${selected.map((c) => c.name).join(', ')}): name one with --cluster NAME`);
    }
  });
  return rendered!;
}

/**
 * Stages 1–6 for every cluster `names` selects (all when empty), in config/clusters.yaml's order; without that
 * file, the one cluster flux.yaml describes. Each cluster's render is the same pure function of its own config.
 */
export function renderClusters(source: string, runtime: Runtime, names: readonly string[] = []): Promise<RenderedSource[]> {
  return renderSelected(source, runtime, names);
}

/** The templates' worker is started first, so that its start-up overlaps the reading of the config here. */
async function renderSelected(source: string, runtime: Runtime, names: readonly string[], check?: (selected: readonly ClusterSpec[] | undefined) => void): Promise<RenderedSource[]> {
  const first = startWorker(runtime);
  try {
    const config = await loadConfig(source);
    const selected = selectClusters(config, names);
    check?.(selected);
    const configs = selected ? selected.map((cluster) => configForCluster(config, cluster)) : [config];
    // Read once here for both: a lock that cannot be read is read again, and reported, where the apps are built.
    const lock = await readLock(config.sourceDir).catch(() => undefined);
    void prefetchCharts(configs, runtime.charts, lock);
    return await renderConfigs(configs, runtime, first, lock);
  } finally {
    await first.close();
  }
}

function startWorker(runtime: Runtime): TemplateWorker {
  const spawned = runtime.takeTemplates?.();
  return startTemplates({ ...(runtime.cache && { cache: runtime.cache.settings() }), ...(spawned && { spawned }) });
}

/**
 * Renders each config in turn; every cluster's problems are reported at once, each naming its cluster. One worker
 * builds every cluster's apps (the config and templates load once); one that a template stopped is replaced by a new
 * one for the clusters left. While a cluster is assembled and validated here, the worker builds the next one.
 */
async function renderConfigs(configs: readonly HomelabConfig[], runtime: Runtime, first: TemplateWorker, lock: AssetsLock | undefined): Promise<RenderedSource[]> {
  const rendered: RenderedSource[] = [];
  const problems: Problem[] = [];
  const failures: ConfigError[] = [];
  const workers = [first];
  let templates: TemplateWorker | undefined = first;
  let next: { warnings: Problem[]; built: Promise<BuiltApp[]> } | undefined;
  try {
    for (const [index, config] of configs.entries()) {
      try {
        if (!templates) {
          templates = startWorker(runtime);
          workers.push(templates);
        }
        const { warnings, built } = next ?? ask(templates, config, runtime, lock);
        next = undefined;
        const worker = templates;
        // Its Helm phase done (or not needed), the worker may build the next cluster's apps while this one is assembled
        // and validated.
        const following = configs[index + 1];
        const helmDone = () => {
          worker.check();
          if (following) next = ask(worker, following, runtime, lock);
          else void worker.close();
        };
        const apps = await buildKustomizations(config, await built, runtime);
        // Past the build the worker runs only helmChart transforms and the next cluster's build: without either, it
        // ends now, and its heap is not held through the Helm phase, where a render's memory peaks.
        if (!following && !hasChartTransforms(apps.map((app) => app.scope))) void worker.close();
        const stages = await renderStages(config, apps, runtime, helmDone);
        // Several apps may read one file: each warning once.
        const seen = new Set<string>();
        const unique = [...warnings, ...stages.warnings].filter((warning) => !seen.has(formatProblem(warning)) && seen.add(formatProblem(warning)));
        rendered.push({ ...stages.result, config, warnings: unique });
      } catch (error) {
        if (templates?.broken) {
          templates = undefined;
          next = undefined;
        }
        if (!(error instanceof ConfigError) || !config.clusters) throw error;
        problems.push(...error.problems.map((problem) => ({ ...problem, message: `cluster "${config.cluster.name}": ${problem.message}` })));
        failures.push(error);
      }
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
  if (failures.length > 0) throw new ConfigError(problems, { warnings: failures.flatMap((failure) => failure.warnings), cause: failures[0] });
  return rendered;
}

/**
 * Asks the worker for a cluster's apps; a failure is told when they are awaited. Meanwhile the render thread reads
 * ahead the chart renders the cluster's last render asked for.
 */
function ask(templates: TemplateWorker, config: HomelabConfig, runtime: Runtime, lock: AssetsLock | undefined): { warnings: Problem[]; built: Promise<BuiltApp[]> } {
  runtime.charts.recall?.(renderScope(config));
  const warnings: Problem[] = [];
  const built = templates.build(config, warnings, lock);
  built.catch(() => {});
  return { warnings, built };
}

/**
 * Stages 4–6 for one cluster's built apps (kustomize's output in them): the Helm phase, whose chart transforms run in
 * the worker, then `helmDone`, assemble and validate. From the render memo when an earlier render had the same inputs.
 */
async function renderStages(config: HomelabConfig, built: readonly BuiltApp[], runtime: Runtime, helmDone: () => void): Promise<MemoizedStages> {
  let apps: readonly BuiltApp[] | undefined = built;
  let helmRan = false;
  const stages = await memoized(runtime.cache?.namespace('render'), await renderMemoKey(config, built, runtime.charts), async () => {
    const warnings: Problem[] = [];
    const complete = await renderCharts(config, apps!, runtime, warnings);
    await runtime.charts.settle?.(renderScope(config));
    helmRan = true;
    helmDone();
    // The Helm phase's garbage (helm's output, the YAML reader's) goes before assemble makes its own.
    collectGarbage();
    const result = assemble(config, complete);
    // Validation starts without assemble's garbage.
    apps = undefined;
    collectGarbage();
    return { result, warnings: [...warnings, ...(await validate(config, result, runtime))] };
  });
  if (!helmRan) helmDone();
  return stages;
}
