// Benchmark of issue 12 (a): a realistic homelab (17 apps, 14 of them from the 10 real chart archives of
// ../shared/charts) rendered cold (empty render cache), warm (nothing changed) and after one values change, each
// against `helm template` of the same chart apps run one after another; and the peak RSS of each.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.ts';
import { HELM } from '../test/support/chart-repo.ts';
import { measure, measureAlternating, median, type Measurement } from './measure.ts';
import { CHART_APPS, realChartsDir, startRealChartRepo, writeRealisticSource } from './realistic-source.ts';
import { discard, scratchDir } from './scratch.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(root, 'bin/homelab.js');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const runsOf = (m: Measurement) => m.wallMs.map(seconds).join(', ');

export async function benchRealistic(runs: number): Promise<void> {
  const charts = realChartsDir();
  if (!charts) {
    console.log('realistic homelab: skipped: ../shared/charts (the real chart archives) is not here');
    return;
  }
  const repo = await startRealChartRepo(HELM, charts);
  try {
    const work = await scratchDir('realistic');
    const source = path.join(work, 'source');
    const output = path.join(work, 'out');
    await writeRealisticSource(source, repo.url);
    const quiet = { write: () => true };
    const env = { HOMELAB_HELM: HELM };
    if (await main(['refresh-assets', '--source', source], { stdout: quiet, stderr: quiet, env: { ...process.env, ...env } }) !== 0) throw new Error('refresh-assets failed');

    // The baseline: each chart app's archive (as vendored) with its values.
    const archives = await findArchives(path.join(source, 'assets'));
    const apps = CHART_APPS.map((app) => {
      const chart = archives.find((file) => path.basename(file) === `${app.chart}-${app.version}.tgz`);
      if (!chart) throw new Error(`refresh-assets vendored no ${app.chart}-${app.version}.tgz`);
      return { release: app.id, namespace: app.id, chart, values: app.values };
    });
    const appsFile = path.join(work, 'helm-apps.json');
    await writeFile(appsFile, JSON.stringify(apps));

    let caches = 0;
    const cache = () => path.join(work, `cache-${caches}`);
    const generate = [bin, 'generate-manifests', '--source', source, '--output', output];
    // measure() reads `env` at every run, so a cold run's `before` can move it to a new cache.
    const spec = (before: () => Promise<void>) => ({ args: generate, before, get env() { return { ...env, HOMELAB_CACHE: cache() }; } });

    // Each homelab run alternates with a run of the baseline: each ratio compares runs made under the same conditions.
    const sequential = { args: ['--import', 'tsx', path.join(root, 'bench/helm-apps-sequential.ts'), HELM, 'v1.34.0', appsFile], cwd: root };
    // Cold: a new, empty cache and no previous output every run.
    const [sequentialCold, cold] = await measureAlternating([sequential, spec(async () => {
      caches++;
      await discard(output);
    })], runs);
    // Warm: the cache filled and the previous output there; nothing changed.
    await measure(spec(async () => undefined), 1);
    const [sequentialWarm, warm] = await measureAlternating([sequential, spec(async () => undefined)], runs);
    // One values change: podinfo's replicaCount is new on every run (so never in the cache).
    const config = path.join(source, 'config/apps.yaml');
    const original = await readFile(config, 'utf8');
    let turn = 0;
    const [sequentialChanged, changed] = await measureAlternating([sequential, spec(async () => {
      const edited = original.replace('"values":{"replicaCount":2}', `"values":{"replicaCount":${10 + turn++}}`);
      if (edited === original) throw new Error('the realistic config has no podinfo replicaCount to change');
      await writeFile(config, edited);
    })], runs);
    await writeFile(config, original);

    const ratio = (m: Measurement, baseline: Measurement) => (median(m.wallMs) / median(baseline.wallMs)).toFixed(2);
    const line = (label: string, m: Measurement, baseline: Measurement, target: string) =>
      `  ${label.padEnd(44)} wall ${seconds(median(m.wallMs)).padStart(7)}  ratio ${ratio(m, baseline)} (target ${target}; helm alongside ${seconds(median(baseline.wallMs))})  peak RSS ${mib(median(m.maxRssKb))} (max ${mib(Math.max(...m.maxRssKb))})  (runs: ${runsOf(m)})`;
    const sequentials = [sequentialCold, sequentialWarm, sequentialChanged];
    const allSequential: Measurement = { wallMs: sequentials.flatMap((m) => m.wallMs), maxRssKb: sequentials.flatMap((m) => m.maxRssKb), lastStdout: '' };
    console.log(`realistic homelab: ${CHART_APPS.length + 3} apps, ${CHART_APPS.length} from the ${new Set(CHART_APPS.map((a) => a.chart)).size} charts of ${charts}, median of ${runs} fresh processes (${os.availableParallelism()} cores):`);
    console.log(`  command: node bin/homelab.js generate-manifests --source <scratch>/source --output <scratch>/out  (HOMELAB_CACHE=<scratch>/cache-N)`);
    console.log(`  sequential helm template x${apps.length} (same charts and values), each run alternating with one of homelab's: wall ${seconds(median(allSequential.wallMs))}  peak RSS of the node driver ${mib(median(allSequential.maxRssKb))}  (runs: ${runsOf(allSequential)})`);
    console.log(line('homelab cold (empty cache, no output)', cold, sequentialCold, '<= 1.5'));
    console.log(line('homelab warm (nothing changed)', warm, sequentialWarm, '<= 0.5'));
    console.log(line('homelab after one values change', changed, sequentialChanged, '<= 0.7'));
    console.log(`  peak RSS target <= 250 MiB: highest of all homelab runs ${mib(Math.max(...cold.maxRssKb, ...warm.maxRssKb, ...changed.maxRssKb))}`);
  } finally {
    await repo.close();
  }
}

async function findArchives(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.tgz')).map((entry) => path.join(entry.parentPath, entry.name));
}
