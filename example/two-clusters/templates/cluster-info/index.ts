// A user template that differs per cluster without a template per cluster: a ConfigMap naming the cluster it runs
// on and that cluster's facts from config/clusters.yaml.
import { ApiObject, Chart, appLabels, defineTemplate, z } from 'homelab';

export default defineTemplate({
  name: 'cluster-info',
  description: "a ConfigMap with the cluster's name and facts",
  options: z.strictObject({}),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    const labels = appLabels(app.id, 'config');
    new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app.namespace, labels } });
    new ApiObject(chart, 'config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: app.id, namespace: app.namespace, labels },
      data: {
        cluster: app.cluster.name,
        domain: String(app.cluster.facts.domain ?? ''),
      },
    });
    return chart;
  },
});
