// A chart's output made fit for Flux, as a pure stage after `helm template` (so cached and fresh renders stay
// identical): hooks that Flux cannot run dropped, Jobs re-creatable, the app's patches and transform applied; then
// what the cluster would refuse is reported with the chart values that fix it.
import type { AppSpec } from '../config/model.ts';
import type { Problem } from '../errors.ts';
import type { KeyPath } from '../config/yaml-file.ts';
import { groupOf, type KubeObject } from '../model/kube-object.ts';
import type { ResolvedAsset } from '../templates/asset-spec.ts';
import type { HelmChartProps } from '../templates/helm-chart.ts';
import { unservedBuiltin, type ClusterApis } from './api-versions.ts';
import { describeApp } from './build-apps.ts';
import { fitJobForFlux } from './chart-jobs.ts';
import { keptByGitOps } from './helm-hooks.ts';
import { applyPatches, describeWithNamespace } from './object-patches.ts';
import { isSopsEncrypted } from './sops.ts';
import { secretValueHints, versionValueHints } from './value-hints.ts';

export interface ChartContext {
  readonly app: AppSpec;
  readonly chart: ResolvedAsset;
  /** The release namespace: what objects without a namespace will get. */
  readonly namespace: string;
  readonly apis: ClusterApis;
  /** `group/Kind` of every kind a CRD of the render defines. */
  readonly customKinds: ReadonlySet<string>;
  /** The chart's default values, read when an error needs them. */
  readonly values: () => Promise<Record<string, unknown>>;
  /** A problem located at a path under the app's entry in config/apps.yaml (e.g. `['options', 'patches', 0]`). */
  readonly problem: (path: KeyPath, message: string) => Problem;
}

export function crdKinds(crds: readonly KubeObject[]): Set<string> {
  return new Set(crds.map((crd) => crd.spec as { group?: string; names?: { kind?: string } } | undefined)
    .filter((spec) => spec?.group && spec.names?.kind).map((spec) => `${spec!.group}/${spec!.names!.kind}`));
}

export async function chartOutput(raw: readonly KubeObject[], props: HelmChartProps, context: ChartContext): Promise<{ objects: KubeObject[]; problems: Problem[] }> {
  const where = `${describeApp(context.app)}: ${chartName(context.chart)}`;
  let objects = raw.filter(keptByGitOps).map(fitJobForFlux);

  if (props.patches && props.patches.length > 0) {
    const patched = applyPatches(objects, props.patches, context.namespace);
    if (patched.problems.length > 0) {
      // The built-in helm-chart template passes its `patches` option through: point at the entry itself.
      const fromOptions = Array.isArray((context.app.options as { patches?: unknown } | undefined)?.patches);
      return {
        objects: [],
        problems: patched.problems.map(({ index, message }) => fromOptions
          ? context.problem(['options', 'patches', index], `${where}: ${message}`)
          : context.problem([], `${where}: patches[${index}]: ${message}`)),
      };
    }
    objects = patched.objects;
  }
  if (props.transform) objects = props.transform(objects);

  const problems: Problem[] = [];
  for (const object of objects) {
    const serving = unservedBuiltin(object, context.apis, context.customKinds);
    if (serving) problems.push(context.problem(['options'], `${where} renders ${describeWithNamespace(object, context.namespace)} as ${object.apiVersion}, which the cluster does not serve${serving.length > 0 ? ` (it serves ${object.kind} as ${serving.join(', ')})` : ''}. ${await versionAdvice(object, serving, context)}`));
    if (isPlaintextSecret(object)) problems.push(context.problem(['options'], `${where} renders ${describeWithNamespace(object, context.namespace)} with ${secretKeys(object)}: homelab never publishes a plaintext Secret. ${await secretAdvice(object, context)}`));
  }
  return { objects: problems.length > 0 ? [] : objects, problems };
}

function chartName(chart: ResolvedAsset): string {
  const spec = chart.spec.type === 'helm-chart' ? chart.spec : undefined;
  return `chart "${spec?.chart}" ${spec?.version}`;
}

async function versionAdvice(object: KubeObject, serving: readonly string[], context: ChartContext): Promise<string> {
  const hints = versionValueHints(await context.values(), object);
  const values = hints.length > 0 ? `set the chart value that picks it (this chart has ${hints.map((hint) => `\`${hint}\``).join(', ')}), or ` : '';
  const patch = serving.length > 0
    ? `a patch: { target: { kind: ${object.kind}, name: ${object.metadata.name} }, patch: [{ op: replace, path: /apiVersion, value: ${serving[0]} }] }`
    : `a patch that removes it ({ target: { kind: ${object.kind}, name: ${object.metadata.name} }, patch: { $patch: delete, … } }) or a transform`;
  // helm adds its own built-in API versions to .Capabilities.APIVersions and cannot be told not to (README: Helm charts).
  return `helm's built-in API versions made the chart believe ${object.apiVersion} exists: ${values}use ${patch}`;
}

function isPlaintextSecret(object: KubeObject): boolean {
  if (object.kind !== 'Secret' || groupOf(object.apiVersion) !== '' || isSopsEncrypted(object)) return false;
  return ['data', 'stringData'].some((field) => Object.keys((object[field] ?? {}) as object).length > 0);
}

function secretKeys(object: KubeObject): string {
  const keys = [...Object.keys((object.data ?? {}) as object), ...Object.keys((object.stringData ?? {}) as object)];
  return `${keys.length === 1 ? 'key' : 'keys'} ${keys.map((key) => `"${key}"`).join(', ')}`;
}

async function secretAdvice(object: KubeObject, context: ChartContext): Promise<string> {
  const hints = secretValueHints(await context.values(), object);
  const use = hints.length > 0
    ? `Give the chart an existing Secret instead: ${hints.map((hint) => `\`${hint}\``).join(', ')} ${hints.length === 1 ? 'is the value of this chart that takes one' : 'are the values of this chart that take one'}`
    : 'Give the chart an existing Secret instead (look for a value such as `existingSecret` in its values.yaml), or drop the object with a patch or transform';
  return `${use}; create that Secret either SOPS-encrypted in the source repo (a \`manifests\` app, with sops.secretRef in config/flux.yaml) or with an external secrets operator (an ExternalSecret): see "Secrets from charts" in the README`;
}
