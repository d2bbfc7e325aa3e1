// The Helm phase of a render: every helmChart construct of every app is rendered with the real
// `helm template`, told the cluster's Kubernetes version and every API version the whole render provides.
import { ApiObject } from 'cdk8s';
import os from 'node:os';
import type { HomelabConfig } from '../config/model.ts';
import { ConfigError, messageOf, type Problem } from '../errors.ts';
import { readKubeYaml } from '../yaml/read-kube-yaml.ts';
import { mapBounded } from '../process/run.ts';
import { builtinApiVersions, crdApiVersions } from '../render/api-versions.ts';
import { isCrd, type KubeObject } from '../render/kube-object.ts';
import { describeApp, type BuiltApp } from '../render/render-app.ts';
import { findHelm, type Helm } from './helm-binary.ts';
import { chartCrds } from './chart-crds.ts';
import { HelmChart } from './helm-chart.ts';

interface PendingChart {
  readonly built: BuiltApp;
  readonly construct: HelmChart;
}

/** Charts whose own templates add CRDs can widen the API versions others see; re-render until stable. */
const MAX_ROUNDS = 3;

/** `warnings` collects what the YAML reader reports about chart output without failing (duplicate keys, ...). */
export async function renderHelmCharts(config: HomelabConfig, apps: readonly BuiltApp[], findHelmBinary: () => Promise<Helm> = findHelm, warnings: Problem[] = []): Promise<void> {
  const pending: PendingChart[] = apps.flatMap((built) => built.scope.node.findAll().filter(HelmChart.isHelmChart).map((construct) => ({ built, construct })));
  if (pending.length === 0) return;
  const helm = await findHelmBinary();
  const limit = Math.max(2, os.availableParallelism());

  // CRDs known before any chart is templated: plain objects of every app, and every chart's crds/ folder.
  const plainCrds = apps.flatMap((built) => built.scope.node.findAll().filter(ApiObject.isApiObject)
    .filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.toJson() as KubeObject).filter(isCrd));
  const archives = [...new Set(pending.map((p) => p.construct.props.chart.path))];
  const chartCrds = (await Promise.all(archives.map((archive) => readChartCrds(archive, pending.find((p) => p.construct.props.chart.path === archive)!)))).flat();

  const apiVersions = new Set([...builtinApiVersions(config.flux.kubeVersion), ...crdApiVersions([...plainCrds, ...chartCrds])]);
  let outputs: KubeObject[][] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const versions = [...apiVersions].sort();
    outputs = await renderAll(config, pending, helm, versions, limit, warnings);
    const templatedCrds = outputs.flat().filter(isCrd);
    const before = apiVersions.size;
    for (const version of crdApiVersions(templatedCrds)) apiVersions.add(version);
    if (apiVersions.size === before) break;
  }

  for (const [index, { construct }] of pending.entries()) {
    const objects = keepInstallObjects(outputs[index]!);
    construct.addRenderedObjects(construct.props.transform ? construct.props.transform(objects) : objects);
  }
}

async function renderAll(config: HomelabConfig, pending: readonly PendingChart[], helm: Helm, apiVersions: readonly string[], limit: number, warnings: Problem[]): Promise<KubeObject[][]> {
  const problems: Problem[] = [];
  const outputs = await mapBounded(pending, limit, async (chart) => {
    try {
      return await template(config, helm, chart, apiVersions, warnings);
    } catch (error) {
      problems.push(config.files.apps.problem(['apps', chart.built.app.index], messageOf(error)));
      return [];
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return outputs;
}

async function template(config: HomelabConfig, helm: Helm, { built, construct }: PendingChart, apiVersions: readonly string[], warnings: Problem[]): Promise<KubeObject[]> {
  const { chart, values, releaseName, namespace } = construct.props;
  const spec = chart.spec.type === 'helm-chart' ? chart.spec : undefined;
  const args = [
    'template', releaseName ?? built.app.id, chart.path,
    '--namespace', namespace ?? built.app.namespace,
    '--kube-version', fullKubeVersion(config.flux.kubeVersion),
    '--api-versions', apiVersions.join(','),
    '--include-crds',
    '--skip-tests',
    '--values', '-',
  ];
  // JSON is YAML, and keeps values exactly as the template built them.
  const result = await helm.run(args, { input: JSON.stringify(values ?? {}) });
  if (result.code !== 0) {
    throw new Error(`${describeApp(built.app)}: helm template of chart "${spec?.chart}" ${spec?.version} (${chart.file}) failed: ${result.stderr.trim().replace(/^Error: /, '')}`);
  }
  const what = spec ? `helm template of chart "${spec.chart}" ${spec.version} (${chart.file})` : `helm template of ${chart.file}`;
  return parseObjects(result.stdoutBytes ?? result.stdout, what, warnings);
}

async function readChartCrds(archive: string, { built, construct }: PendingChart): Promise<KubeObject[]> {
  try {
    return await chartCrds(archive);
  } catch (error) {
    throw new ConfigError([{ file: construct.props.chart.file, message: `${describeApp(built.app)}: cannot read the chart archive: ${messageOf(error)}` }]);
  }
}

/** Chart output read as kubectl (and Flux, through Helm's kube client) reads it. */
function parseObjects(output: Uint8Array | string, what: string, warnings: Problem[]): KubeObject[] {
  const read = readKubeYaml(output, what);
  warnings.push(...read.warnings);
  return read.documents
    .filter((value): value is KubeObject => typeof value === 'object' && Boolean((value as KubeObject).kind));
}

/** "1.34" → "v1.34.0": charts compare .Capabilities.KubeVersion as a full semantic version. */
export function fullKubeVersion(kubeVersion: string): string {
  const [major, minor, patch] = kubeVersion.replace(/^v/, '').split('.');
  return `v${major}.${minor}.${patch ?? '0'}`;
}

const INSTALL_HOOKS = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade'];

/**
 * Flux applies plain objects, so hooks become ordinary objects when they run on install or upgrade;
 * hooks that only run on delete or rollback (and test hooks) have no place in a GitOps tree.
 */
export function keepInstallObjects(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((object) => {
    const hook = object.metadata?.annotations?.['helm.sh/hook'];
    if (hook === undefined) return true;
    const kinds = hook.split(',').map((h) => h.trim());
    return kinds.some((kind) => INSTALL_HOOKS.includes(kind));
  });
}
