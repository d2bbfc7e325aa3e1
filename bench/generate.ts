// Benchmark of issue 3: generate-manifests on 100 and 1000 synthetic apps, against plain cdk8s synth.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median } from './measure.ts';
import { writeSyntheticSource } from './synthetic-source.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(root, 'bin/homelab.js');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

export async function benchGenerate(runs: number): Promise<void> {
  for (const apps of [100, 1000]) {
    // BENCH_DIR=/dev/shm separates homelab's own cost from the disk's (creating thousands of small files).
    const work = await mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), `homelab-bench-${apps}-`));
    try {
      const source = path.join(work, 'source');
      const output = path.join(work, 'out');
      await writeSyntheticSource(source, apps);
      const clean = () => rm(output, { recursive: true, force: true });

      const homelab = await measure({ args: [bin, 'generate-manifests', '--source', source, '--output', output], before: clean }, runs);
      const cdk8s = await measure({ args: ['--import', 'tsx', path.join(root, 'bench/cdk8s-synth.ts'), output, String(apps)], cwd: root, before: clean }, runs);
      await clean();

      const ratio = median(homelab.wallMs) / median(cdk8s.wallMs);
      console.log(`generate-manifests, ${apps} apps (${apps * 10} objects), cold process, median of ${runs}, output in ${path.dirname(work)}:`);
      console.log(`  homelab generate-manifests  wall ${seconds(median(homelab.wallMs))}  peak RSS ${mib(median(homelab.maxRssKb))}  (runs: ${homelab.wallMs.map(seconds).join(', ')})`);
      console.log(`  plain cdk8s App.synth()     wall ${seconds(median(cdk8s.wallMs))}  peak RSS ${mib(median(cdk8s.maxRssKb))}  (synth() alone, last run: ${seconds(Number(cdk8s.lastStdout))})`);
      console.log(`  ratio homelab / cdk8s wall  ${ratio.toFixed(2)}  (target: 100 apps <= 1 s, 1000 apps <= 3 s, ratio < 1)`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
