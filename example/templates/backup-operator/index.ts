// A user template over a Helm chart: the example backup operator, vendored from its chart in
// charts/backup-operator (with its CRDs, and typed classes for them in assets/backup-operator/imports).
import { ApiObject, Chart, defineTemplate, helmChart, helmChartAsset, z } from 'homelab';

export default defineTemplate({
  name: 'backup-operator',
  description: 'the example backup operator, rendered from its Helm chart',
  options: z.strictObject({
    replicas: z.number().int().min(1).default(1),
    logLevel: z.enum(['debug', 'info', 'warn']).default('info'),
  }),
  assets: {
    chart: helmChartAsset({ path: 'charts/backup-operator', chart: 'backup-operator', version: '0.3.0', crds: true }),
  },
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app.namespace } });
    helmChart(chart, 'operator', {
      chart: app.assets.chart!,
      values: { replicaCount: app.options.replicas, logLevel: app.options.logLevel },
    });
    return chart;
  },
});
