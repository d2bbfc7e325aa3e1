// Stage "render charts": every helmChart construct of every app is rendered through the ChartRenderer passed in,
// told the cluster's Kubernetes version and every API version the whole render provides; its output is then made fit
// for Flux (chart-output.ts) before it joins the app.
import { ApiObject } from 'cdk8s';
import type { HomelabConfig } from '../config/model.ts';
import { causedBy, ConfigError, messageOf, type Problem } from '../errors.ts';
import { isCrd, type KubeObject } from '../model/kube-object.ts';
import { HelmChart } from '../templates/helm-chart.ts';
import { mapBounded } from '../util/map-bounded.ts';
import { builtinApiVersions, crdApiVersions, type ClusterApis } from './api-versions.ts';
import { describeApp, type BuiltApp } from './build-apps.ts';
import { chartOutput, crdKinds, type ChartContext } from './chart-output.ts';
import { ChartRenderError, type ChartArchive, type ChartRenderer, type ChartRenderRequest, type RenderedChart } from './chart-renderer.ts';
import { schemaProblems } from './chart-values-schema.ts';

export interface RenderChartsInput {
  readonly config: HomelabConfig;
  readonly apps: readonly BuiltApp[];
  readonly charts: ChartRenderer;
  /** How many charts render at once. */
  readonly parallelism: number;
  /** The built-in APIs the cluster serves; asked for only when the render has charts. */
  readonly clusterApis: () => Promise<ClusterApis>;
  /** Collects what the YAML reader reported about chart output without failing (duplicate keys, ...). */
  readonly warnings?: Problem[];
  /**
   * Told once, when the chart renderer has begun templating and no other chart is about to: from then on the render
   * mostly waits on it, and what this starts holds back no helm process.
   */
  readonly templating?: () => void;
}

interface PendingChart {
  readonly built: BuiltApp;
  readonly construct: HelmChart;
}

/** Charts whose own templates add CRDs can widen the API versions others see; re-render until stable. */
const MAX_ROUNDS = 3;

/** Fills every helmChart construct with its chart's objects; returns the same apps, now complete. */
export async function renderCharts({ config, apps, charts, parallelism, clusterApis, warnings = [], templating }: RenderChartsInput): Promise<readonly BuiltApp[]> {
  const pending: PendingChart[] = apps.flatMap((built) => built.scope.node.findAll().filter(HelmChart.isHelmChart).map((construct) => ({ built, construct })));
  if (pending.length === 0) return apps;

  // CRDs known before any chart is templated: plain objects of every app, and every chart's crds/ folder.
  const plainCrds = apps.flatMap((built) => built.scope.node.findAll().filter(ApiObject.isApiObject)
    .filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.toJson() as KubeObject).filter(isCrd));
  const archives = [...new Set(pending.map((p) => p.construct.props.chart.path))];
  const shippedCrds = (await Promise.all(archives.map((archive) => readChartCrds(charts, pending.find((p) => p.construct.props.chart.path === archive)!)))).flat();

  const apis = await clusterApis();
  const apiVersions = new Set([...builtinApiVersions(apis), ...crdApiVersions([...plainCrds, ...shippedCrds])]);
  let outputs: RenderedChart[] = [];
  const started = templatingTold(templating);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const versions = [...apiVersions].sort();
    outputs = await renderAll(config, pending, charts, versions, parallelism, started);
    const templatedCrds = outputs.flatMap((output) => output.objects).filter(isCrd);
    const before = apiVersions.size;
    for (const version of crdApiVersions(templatedCrds)) apiVersions.add(version);
    if (apiVersions.size === before) break;
  }

  // Warnings of the last round only: earlier rounds read the same charts.
  warnings.push(...outputs.flatMap((output) => output.warnings));
  const customKinds = crdKinds([...plainCrds, ...shippedCrds, ...outputs.flatMap((output) => output.objects).filter(isCrd)]);
  const values = new Map<string, Promise<Record<string, unknown>>>();
  const context = (built: BuiltApp, construct: HelmChart): ChartContext => ({
    app: built.app,
    chart: construct.props.chart,
    namespace: construct.props.namespace ?? built.app.namespace,
    apis,
    customKinds,
    values: () => {
      const archive = archiveOf(construct.props.chart);
      if (!values.has(archive.path)) values.set(archive.path, charts.chartValues(archive));
      return values.get(archive.path)!;
    },
    problem: (path, message) => config.files.apps.problem(['apps', built.app.index, ...path], message),
  });
  const problems: Problem[] = [];
  const finished: KubeObject[][] = [];
  for (const [index, { built, construct }] of pending.entries()) {
    const result = await chartOutput(outputs[index]!.objects, construct.props, context(built, construct));
    problems.push(...result.problems);
    finished.push(result.objects);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  for (const [index, { construct }] of pending.entries()) construct.addRenderedObjects(finished[index]!);
  return apps;
}

async function renderAll(config: HomelabConfig, pending: readonly PendingChart[], charts: ChartRenderer, apiVersions: readonly string[], limit: number, templating: TemplatingTold): Promise<RenderedChart[]> {
  // By chart, in the config's order, whichever `helm template` ends first.
  const problems = new Map<number, Problem[]>();
  const failures = new Map<number, ChartRenderError>();
  // Biggest archives first, so that the longest `helm template` does not start last and finish alone.
  const order = pending.map((_, index) => index).sort((a, b) => (pending[b]!.construct.props.chart.size ?? 0) - (pending[a]!.construct.props.chart.size ?? 0) || a - b);
  const requests = pending.map(({ built, construct }): ChartRenderRequest => {
    const { chart, values, releaseName, namespace } = construct.props;
    return {
      chart: archiveOf(chart),
      values: values ?? {},
      releaseName: releaseName ?? built.app.id,
      namespace: namespace ?? built.app.namespace,
      kubeVersion: fullKubeVersion(config.flux.kubeVersion),
      apiVersions,
    };
  });
  for (const index of order) charts.expect?.(requests[index]!);
  // A slot is a running `helm template`: reading its output (most of a render thread's share) needs none.
  const rendered = await mapBounded(order, limit, async (index, release) => {
    const { built, construct } = pending[index]!;
    const { chart } = construct.props;
    const starting = templating.starting();
    try {
      return await charts.render(requests[index]!, { started: starting.started, templated: release });
    } catch (error) {
      if (!(error instanceof ChartRenderError)) throw error;
      const spec = chart.spec.type === 'helm-chart' ? chart.spec : undefined;
      const chartName = `chart "${spec?.chart}" ${spec?.version} (${chart.file})`;
      const located = error.kind === 'failed' ? schemaProblems(error.message, { app: built.app, chartName, rootChart: spec?.chart ?? '', config, valuesFiles: construct.props.valuesFiles }) : [];
      const message = error.kind === 'failed' ? `${describeApp(built.app)}: helm template of ${chartName} failed: ${error.message}` : error.message;
      problems.set(index, located.length > 0 ? located : [config.files.apps.problem(['apps', built.app.index], message)]);
      failures.set(index, error);
      return { objects: [], warnings: [] };
    } finally {
      starting.ended();
    }
  });
  if (problems.size > 0) {
    const inOrder = [...problems.keys()].sort((a, b) => a - b);
    throw new ConfigError(inOrder.flatMap((index) => problems.get(index)!), causedBy(inOrder.map((index) => failures.get(index)!)));
  }
  const outputs = new Array<RenderedChart>(pending.length);
  for (const [position, index] of order.entries()) outputs[index] = rendered[position]!;
  return outputs;
}

interface TemplatingTold {
  /** A chart takes a slot: it either starts templating or ends (its output came from a cache, or it failed). */
  starting(): { started: () => void; ended: () => void };
}

/** Tells `templating` once a chart has begun templating and every chart that took a slot has started or ended. */
function templatingTold(templating: (() => void) | undefined): TemplatingTold {
  let told = templating === undefined;
  let begun = false;
  let starting = 0;
  return {
    starting() {
      starting++;
      let settled = false;
      const settle = (started: boolean) => {
        if (!settled) starting--;
        settled = true;
        begun ||= started;
        if (told || !begun || starting > 0) return;
        told = true;
        templating!();
      };
      return { started: () => settle(true), ended: () => settle(false) };
    },
  };
}

async function readChartCrds(charts: ChartRenderer, { built, construct }: PendingChart): Promise<KubeObject[]> {
  try {
    return await charts.chartCrds(archiveOf(construct.props.chart));
  } catch (error) {
    throw new ConfigError([{ file: construct.props.chart.file, message: `${describeApp(built.app)}: cannot read the chart archive: ${messageOf(error)}` }], { cause: error });
  }
}

function archiveOf(asset: HelmChart['props']['chart']): ChartArchive {
  return { path: asset.path, sha256: asset.sha256, file: asset.file, ...(asset.size !== undefined && { size: asset.size }) };
}

/** "1.34" → "v1.34.0": charts compare .Capabilities.KubeVersion as a full semantic version. */
export function fullKubeVersion(kubeVersion: string): string {
  const [major, minor, patch] = kubeVersion.replace(/^v/, '').split('.');
  return `v${major}.${minor}.${patch ?? '0'}`;
}
