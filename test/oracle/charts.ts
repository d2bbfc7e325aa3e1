// Entries from the real charts in ../shared/charts: each object `helm template --include-crds` prints, rendered at test time.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { runCommand } from '../support/cluster.ts';
import { REAL_CHARTS_DIR } from '../support/real-charts.ts';
import { toolPath } from '../support/tools.ts';
import type { CorpusEntry, JsonObject } from './corpus/index.ts';

/** Where the shared chart archives are (test/support/real-charts.ts: beside the checkout or $HOMELAB_REAL_CHARTS); undefined when absent. */
export function sharedChartsDir(): string | undefined {
  return REAL_CHARTS_DIR && readdirSync(REAL_CHARTS_DIR).some((f) => f.endsWith('.tgz')) ? REAL_CHARTS_DIR : undefined;
}

export interface ChartRender {
  readonly chart: string;
  readonly namespace: string;
  readonly entries: CorpusEntry[];
}

/** `kube-prometheus-stack-88.5.3.tgz` → `kube-prometheus-stack`. */
function chartName(archive: string): string {
  return archive.replace(/\.tgz$/, '').replace(/-v?\d+\.\d+\.\d+.*$/, '');
}

/**
 * Renders every chart archive in `dir` with the real helm, as homelab does (release = chart name, namespace
 * `chart-<name>`, default values), told the cluster's version and API versions.
 */
export async function renderCharts(dir: string, kubeVersion: string, apiVersions: readonly string[]): Promise<ChartRender[]> {
  const helm = toolPath('helm');
  const archives = readdirSync(dir).filter((f) => f.endsWith('.tgz')).sort();
  return Promise.all(
    archives.map(async (archive) => {
      const chart = chartName(archive);
      const namespace = `chart-${chart}`.slice(0, 63);
      const { stdout } = await runCommand(helm, [
        'template', chart, join(dir, archive), '--namespace', namespace, '--include-crds',
        '--kube-version', `v${kubeVersion}.0`, '--api-versions', apiVersions.join(','),
      ]);
      return { chart, namespace, entries: chartEntries(chart, namespace, stdout) };
    }),
  );
}

/** One entry per document (`---` separated) that holds an object with a kind; the document text kept as helm printed it. */
function chartEntries(chart: string, namespace: string, output: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const seen = new Map<string, number>();
  for (const text of output.split(/^---[ \t]*$/m)) {
    // Kubernetes reads YAML 1.1 (octal modes, yes/no booleans, merge keys): so does the API server side of the oracle.
    const document = parseDocument(text, { version: '1.1', merge: true, uniqueKeys: false });
    if (document.errors.length > 0) throw new Error(`helm template of ${chart} printed invalid YAML: ${document.errors[0]!.message}`);
    const object = document.toJS({ maxAliasCount: 1000 }) as JsonObject | null;
    if (!object || typeof object !== 'object' || typeof object.kind !== 'string') continue;
    const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
    const base = `chart/${chart}/${object.kind}/${metadata.namespace ? `${metadata.namespace}/` : ''}${metadata.name ?? '(no name)'}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    entries.push({
      id: count === 1 ? base : `${base}#${count}`,
      family: 'chart', cause: 'chart', valid: undefined, object, text: text.replace(/^\n+/, ''), namespace,
    });
  }
  return entries;
}
