// The ChartRenderer the CLI passes to the render: the real `helm template` for a chart's objects, the archive
// itself for its crds/ folders and (for the render cache) what it asks of the API versions.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { messageOf } from '../errors.ts';
import type { KubeObject } from '../model/kube-object.ts';
import { ChartRenderError, type ChartArchive, type ChartRenderer, type RenderedChart } from '../render/chart-renderer.ts';
import { readKubeYaml } from '../yaml/read-kube-yaml.ts';
import type { ApiVersionProbes } from './api-version-probes.ts';
import { chartArchiveReader } from './chart-archive.ts';
import { chartValues } from './chart-values.ts';
import type { Helm } from './helm-binary.ts';

/** `helm` is asked for only when a chart is rendered, so renders without charts never need helm. */
export function helmChartRenderer(helm: () => Promise<Helm>): ChartRenderer & { apiVersionProbes(chart: ChartArchive): Promise<ApiVersionProbes> } {
  // CRDs read ahead from crds/ folders, not read again in the chart's output.
  const crds = new Map<string, string>();
  const archives = chartArchiveReader({ values: crds, remember: true });
  return {
    chartCrds: (chart) => archives.crds(chart.path),
    apiVersionProbes: (chart) => archives.apiVersionProbes(chart.path),
    chartValues: (chart) => chartValues(chart.path),
    async render(request, progress) {
      const binary = await helm();
      const args = [
        'template', request.releaseName, request.chart.path,
        '--namespace', request.namespace,
        '--kube-version', request.kubeVersion,
        '--api-versions', request.apiVersions.join(','),
        '--include-crds',
        '--skip-tests',
        '--values', '-',
      ];
      // JSON is YAML, and keeps values exactly as the template built them.
      const running = binary.run(args, { input: JSON.stringify(request.values) });
      progress?.started?.();
      const result = await running;
      if (progress?.templated) {
        progress.templated();
        // The next chart's helm is spawned in the turn that follows; reading this output first would hold it back.
        await nextTurn();
      }
      if (result.code !== 0) throw new ChartRenderError(result.stderr.trim().replace(/^Error: /, ''), 'failed');
      try {
        return parseObjects(result.stdoutBytes ?? result.stdout, `helm template of ${request.chart.file}`, crds);
      } catch (error) {
        throw new ChartRenderError(messageOf(error), 'invalid-output', { cause: error });
      }
    },
  };
}

/** Chart output read as kubectl (and Flux, through Helm's kube client) reads it; errors at `what:line:col`. */
function parseObjects(output: Uint8Array | string, what: string, crds: Map<string, string>): RenderedChart {
  const { documents, warnings } = readKubeYaml(output, what, { known: { values: crds, remember: false } });
  const objects = documents.filter((value): value is KubeObject => typeof value === 'object' && Boolean((value as KubeObject).kind));
  return { objects, warnings };
}
