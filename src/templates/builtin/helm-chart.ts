// Built-in template `helm-chart`: any vendored Helm chart, with values from the app's options.
import { Chart } from 'cdk8s';
import { z } from 'zod';
import { helmChartAsset } from '../asset-spec.ts';
import { defineTemplate } from '../contract.ts';
import { helmChart } from '../helm-chart.ts';

export const helmChartOptions = z.strictObject({
  /** The chart repository: `https://…` (a repo with index.yaml) or `oci://registry/path`; or give `path`. */
  repo: z.string().regex(/^(https?|oci):\/\//, { error: 'expected an https:// chart repository or an oci:// registry' }).optional(),
  /** The chart's name in that repository. */
  chart: z.string().min(1),
  /** The exact chart version to vendor and render. */
  version: z.string().min(1),
  /** The archive's expected sha256, checked by refresh-assets. @default trust on first fetch */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** Values for the chart, as in a values.yaml. @default the chart's own */
  values: z.record(z.string(), z.unknown()).default({}),
  /** Helm's release name. @default the app id */
  releaseName: z.string().optional(),
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
    helmChart(chart, 'release', {
      chart: app.assets.chart!,
      values: app.options.values,
      ...(app.options.releaseName && { releaseName: app.options.releaseName }),
    });
    return chart;
  },
});
