// Benchmark of issue 15: generate-manifests of 3 clusters x 300 apps next to 1 cluster x 900 apps (same 900 apps,
// same templates); several clusters should cost about what their apps cost (target: within 1.2x).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median, type Measurement } from './measure.ts';
import { discard, scratchDir } from './scratch.ts';
import { writeSyntheticSource } from './synthetic-source.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(root, 'bin/homelab.js');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const line = (label: string, m: Measurement) => `  ${label.padEnd(52)} wall ${seconds(median(m.wallMs))}  peak RSS ${mib(median(m.maxRssKb))}  (runs: ${m.wallMs.map(seconds).join(', ')})`;

const APPS = 900;
const CLUSTERS = 3;
const PER_CLUSTER = APPS / CLUSTERS;
const id = (i: number) => `app-${String(i).padStart(4, '0')}`;

/** The synthetic source's apps, with dependencies only inside each block of 300, so each cluster runs whole chains. */
function appsYaml(): string {
  const lines = ['apiVersion: v1alpha1', 'kind: HomelabAppsConfig', 'apps:'];
  for (let i = 0; i < APPS; i++) {
    lines.push('  - template: bench-app', `    id: ${id(i)}`, `    options: { image: "registry.example.com/${id(i)}:1.${i}" }`);
    if (i % PER_CLUSTER > 0 && i % 10 === 0) lines.push(`    dependencies: [${id(i - 1)}]`);
  }
  return `${lines.join('\n')}\n`;
}

function clustersYaml(): string {
  const lines = ['apiVersion: v1alpha1', 'kind: HomelabClustersConfig', 'clusters:'];
  for (let c = 0; c < CLUSTERS; c++) {
    const ids = Array.from({ length: PER_CLUSTER }, (_, k) => id(c * PER_CLUSTER + k));
    lines.push(`  - name: cluster-${c}`, `    apps: [${ids.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

export async function benchClusters(runs: number): Promise<void> {
  const specs = [];
  for (const clustered of [false, true]) {
    const work = await scratchDir(clustered ? 'clusters-3x300' : 'clusters-1x900');
    const source = path.join(work, 'source');
    const output = path.join(work, 'out');
    await writeSyntheticSource(source, 1);
    await writeFile(path.join(source, 'config/apps.yaml'), appsYaml());
    if (clustered) await writeFile(path.join(source, 'config/clusters.yaml'), clustersYaml());
    specs.push({ args: [bin, 'generate-manifests', '--source', source, '--output', output], before: () => discard(output) });
  }
  // Interleaved, one run of each in turn, so a busy machine slows both alike.
  const results: Measurement[] = specs.map(() => ({ wallMs: [], maxRssKb: [], lastStdout: '' }));
  for (let run = 0; run < runs; run++) {
    for (const [i, spec] of specs.entries()) {
      const m = await measure(spec, 1);
      results[i]!.wallMs.push(...m.wallMs);
      results[i]!.maxRssKb.push(...m.maxRssKb);
    }
  }
  const [single, several] = results as [Measurement, Measurement];
  const ratio = median(several.wallMs) / median(single.wallMs);
  console.log(`several clusters: generate-manifests of ${APPS} apps, cold process, into an empty output, median of ${runs}:`);
  console.log(line(`1 cluster x ${APPS} apps`, single));
  console.log(line(`${CLUSTERS} clusters x ${PER_CLUSTER} apps (config/clusters.yaml)`, several));
  console.log(`  ratio ${CLUSTERS}x${PER_CLUSTER} / 1x${APPS} wall                                ${ratio.toFixed(2)}  (target: within 1.2x)`);
}
