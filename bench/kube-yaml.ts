// Benchmark of issue 11 item 1: reading the real output of ../shared/charts (helm template --include-crds, ~7 MB,
// mostly CRDs) with homelab's Kubernetes YAML reader, against the yaml package's parse (the reader before it) and
// plain js-yaml, all in one process, each a median of `runs` passes; plus `helm template` of the same charts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { HELM } from '../test/support/chart-repo.ts';
import { readKubeYaml } from '../src/yaml/read-kube-yaml.ts';
import { realChartsDir } from './realistic-source.ts';

// Found as the realistic bench finds them (beside the checkout, or beside its directory of worktrees).
const CHARTS = process.env.HOMELAB_CHARTS ?? realChartsDir() ?? path.join(import.meta.dirname, '..', '..', 'shared', 'charts');

export async function benchKubeYaml(runs: number): Promise<void> {
  const archives = existsSync(CHARTS) ? readdirSync(CHARTS).filter((file) => file.endsWith('.tgz')).sort() : [];
  if (archives.length === 0) {
    console.log(`kube yaml: skipped, no chart archives in ${CHARTS} (set HOMELAB_CHARTS)`);
    return;
  }
  const outputs: Buffer[] = [];
  const helmStart = performance.now();
  for (const archive of archives) {
    const result = spawnSync(HELM, ['template', 'release', path.join(CHARTS, archive), '--include-crds', '--kube-version', 'v1.34.0'], { maxBuffer: 512 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`helm template ${archive} failed: ${result.stderr.toString()}`);
    outputs.push(result.stdout);
  }
  const helmMs = performance.now() - helmStart;
  const texts = outputs.map((output) => output.toString('utf8'));
  const megabytes = outputs.reduce((sum, output) => sum + output.length, 0) / 1e6;

  const candidates: [string, () => void][] = [
    ['homelab readKubeYaml (go-yaml v2 rules)', () => outputs.forEach((output, i) => readKubeYaml(output, archives[i]!))],
    ['js-yaml 4 loadAll (YAML 1.2, no rules)', () => texts.forEach((text) => jsyaml.loadAll(text))],
    ['yaml parseAllDocuments + toJS (1.1)', () => texts.forEach((text) => parseAllDocuments(text, { version: '1.1', merge: true }).forEach((d) => d.toJS()))],
    ['yaml parseAllDocuments + toJS (1.2, before)', () => texts.forEach((text) => parseAllDocuments(text).forEach((d) => d.toJS()))],
  ];
  console.log(`kube yaml: ${archives.length} charts, ${megabytes.toFixed(1)} MB of helm template output (helm template, sequential: ${(helmMs / 1000).toFixed(2)} s); median of ${runs}:`);
  for (const [name, read] of candidates) {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      read();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`  ${name.padEnd(44)} ${median.toFixed(0).padStart(6)} ms  ${(megabytes / (median / 1000)).toFixed(1).padStart(5)} MB/s`);
  }
}
