// Built-in template `helm-chart`: any vendored Helm chart, with values from values files and options, its Namespace,
// and Flux-style patches of its output.
import { Chart } from 'cdk8s';
import { z } from 'zod';
import { helmChartAsset } from '../asset-spec.ts';
import { defineTemplate, type SourceFiles } from '../contract.ts';
import { helmChart } from '../helm-chart.ts';
import { ensureNamespace } from '../helpers.ts';
import { mergeValues } from '../merge-values.ts';
import type { ObjectPatch } from '../object-patch.ts';

const patchTarget = z.strictObject({
  group: z.string().optional(),
  version: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  labelSelector: z.string().optional(),
  annotationSelector: z.string().optional(),
});

const jsonPatchOperation = z.strictObject({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string(),
  value: z.unknown().optional(),
  from: z.string().optional(),
});

export const helmChartOptions = z.strictObject({
  /** The chart repository: `https://…` (a repo with index.yaml) or `oci://registry/path`; or give `path`. */
  repo: z.string().regex(/^(https?|oci):\/\//, { error: 'expected an https:// chart repository or an oci:// registry' }).optional(),
  /** The chart's name in that repository. */
  chart: z.string().min(1),
  /** The exact chart version to vendor and render. */
  version: z.string().min(1),
  /** The archive's expected sha256, checked by refresh-assets. @default trust on first fetch */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** Values files of the source repo (paths from its root), merged in order before `values`, like `helm -f`. @default none */
  valuesFiles: z.array(z.string().min(1)).default([]),
  /** Values for the chart, as in a values.yaml; merged over `valuesFiles`. @default the chart's own */
  values: z.record(z.string(), z.unknown()).default({}),
  /** Helm's release name. @default the app id */
  releaseName: z.string().optional(),
  /** A Namespace for the app's namespace, unless another app of the render creates it. @default true */
  createNamespace: z.boolean().default(true),
  /** Flux-style patches of the chart's output: `{ target, patch }`, a strategic-merge or JSON6902 patch. @default none */
  patches: z.array(z.strictObject({
    target: patchTarget.optional(),
    patch: z.union([z.string(), z.array(jsonPatchOperation), z.record(z.string(), z.unknown())]),
  })).default([]),
  /** The oci:// registry speaks plain HTTP (a registry on your LAN). @default false */
  plainHttp: z.boolean().default(false),
  /** Or a chart directory of the source repo (e.g. `charts/backup-operator`), packaged by refresh-assets with its dependencies. */
  path: z.string().regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$)).+$/, { error: 'expected a chart directory inside the source repo, such as charts/my-chart' }).optional(),
}).refine((options) => (options.repo === undefined) !== (options.path === undefined), {
  error: 'give either repo (a chart repository or OCI registry) or path (a chart directory of the source repo)',
});

export default defineTemplate({
  name: 'helm-chart',
  description: 'any vendored Helm chart, rendered by helm with values from options',
  options: helmChartOptions,
  assets: (options) => ({
    chart: helmChartAsset({
      ...(options.path !== undefined ? { path: options.path } : { repo: options.repo! }),
      chart: options.chart,
      version: options.version,
      ...(options.sha256 && { sha256: options.sha256 }),
      ...(options.plainHttp && { plainHttp: true }),
    }),
  }),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    if (app.options.createNamespace) ensureNamespace(chart, app.namespace);
    const fromFiles = app.options.valuesFiles.map((file, index) => readValuesFile(app.files, file, index));
    helmChart(chart, 'release', {
      chart: app.assets.chart!,
      values: [...fromFiles.map(({ values }) => values), app.options.values].reduce(mergeValues, {}),
      ...(fromFiles.length > 0 && { valuesFiles: fromFiles.map(({ file, text }) => ({ file, text })) }),
      ...(app.options.releaseName && { releaseName: app.options.releaseName }),
      ...(app.options.patches.length > 0 && { patches: app.options.patches as ObjectPatch[] }),
    });
    return chart;
  },
});

function readValuesFile(files: SourceFiles, file: string, index: number): { file: string; text: string; values: Record<string, unknown> } {
  let documents: unknown[];
  let text: string;
  try {
    documents = files.readYaml(file);
    text = files.read(file);
  } catch (error) {
    throw new Error(`valuesFiles[${index}]: ${(error as Error).message}`, { cause: error });
  }
  if (documents.length === 0) return { file, text, values: {} };
  const [values] = documents;
  if (documents.length > 1 || typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new Error(`valuesFiles[${index}]: "${file}" must hold one YAML mapping of values, like a values.yaml`);
  }
  return { file, text, values: values as Record<string, unknown> };
}
