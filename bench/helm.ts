// Benchmark of issue 5: a render with 20 chart-based apps, cold, against sequential `helm template`.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.ts';
import { HELM, startChartRepo } from '../test/support/chart-repo.ts';
import { measure, median } from './measure.ts';
import { discard, scratchDir } from './scratch.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const CHARTS = 20;

export async function benchHelm(runs: number): Promise<void> {
  const repo = await startChartRepo();
  const work = await scratchDir('helm');
  try {
    const source = path.join(work, 'source');
    const output = path.join(work, 'out');
    await mkdir(path.join(source, 'config'), { recursive: true });
    const apps: string[] = [];
    for (let i = 0; i < CHARTS; i++) {
      const name = `chart-${String(i).padStart(2, '0')}`;
      await repo.addChart({ name, version: '1.0.0' });
      apps.push(`  - template: helm-chart\n    id: ${name}\n    options: { repo: "${repo.url}", chart: ${name}, version: 1.0.0, values: { replicaCount: 2 } }`);
    }
    await writeFile(path.join(source, 'package.json'), '{ "private": true, "type": "module" }\n');
    await writeFile(path.join(source, 'config/flux.yaml'), 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://git.example.com/me/manifests.git\n');
    await writeFile(path.join(source, 'config/apps.yaml'), `apiVersion: v1alpha1\nkind: HomelabAppsConfig\napps:\n${apps.join('\n')}\n`);
    const quiet = { write: () => true };
    // The CLI reads no environment of its own but main's; helm comes from the tools cache.
    if (await main(['refresh-assets', '--source', source], { stdout: quiet, stderr: quiet, env: { ...process.env, HOMELAB_HELM: HELM } }) !== 0) throw new Error('refresh-assets failed');
    const archives = (await readdir(path.join(source, 'assets/helm-chart'))).sort().map((file) => path.join(source, 'assets/helm-chart', file));

    const env = { HOMELAB_HELM: HELM };
    const clean = () => discard(output);
    const homelab = await measure({ args: [path.join(root, 'bin/homelab.js'), 'generate-manifests', '--source', source, '--output', output], before: clean, env }, runs);
    const sequential = await measure({ args: ['--import', 'tsx', path.join(root, 'bench/helm-sequential.ts'), HELM, 'v1.34.0', ...archives], cwd: root }, runs);
    const ratio = median(homelab.wallMs) / median(sequential.wallMs);
    console.log(`helm charts, ${CHARTS} chart-based apps, cold process, median of ${runs} (${os.availableParallelism()} cores):`);
    console.log(`  homelab generate-manifests   wall ${seconds(median(homelab.wallMs))}  (runs: ${homelab.wallMs.map(seconds).join(', ')})`);
    console.log(`  sequential helm template x${CHARTS} wall ${seconds(median(sequential.wallMs))}  (runs: ${sequential.wallMs.map(seconds).join(', ')})`);
    console.log(`  ratio homelab / sequential   ${ratio.toFixed(2)}  (target <= 2, ideally < 1)`);
  } finally {
    await repo.close();
  }
}
