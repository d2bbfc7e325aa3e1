// Benchmark of issue 3: generate-manifests on 100 and 1000 synthetic apps, against plain cdk8s synth.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, measureAlternating, median, type Measurement } from './measure.ts';
import { discard, scratchDir } from './scratch.ts';
import { writeSyntheticSource } from './synthetic-source.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(root, 'bin/homelab.js');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const line = (label: string, m: Measurement) => `  ${label.padEnd(52)} wall ${seconds(median(m.wallMs))}  peak RSS ${mib(median(m.maxRssKb))}  (runs: ${m.wallMs.map(seconds).join(', ')})`;

export async function benchGenerate(runs: number): Promise<void> {
  for (const apps of [100, 1000]) {
    const work = await scratchDir(`generate-${apps}`);
    const source = path.join(work, 'source');
    const output = path.join(work, 'out');
    await writeSyntheticSource(source, apps);
    const fresh = () => discard(output);
    const generate = [bin, 'generate-manifests', '--source', source, '--output', output];
    // A render cache of the bench's own: empty before the first run, warm (compiled templates, verdicts) after.
    const env = { HOMELAB_CACHE: path.join(work, 'cache') };

    // Alternating, so that both see the machine alike.
    const [homelab, cdk8s] = await measureAlternating([{ args: generate, before: fresh, env }, { args: ['--import', 'tsx', path.join(root, 'bench/cdk8s-synth.ts'), output, String(apps)], cwd: root, before: fresh }], runs);

    // The edit loop: the previous output is there and one app's image changed since.
    await fresh();
    await measure({ args: generate, env }, 1);
    const config = path.join(source, 'config/apps.yaml');
    const original = await readFile(config, 'utf8');
    const edited = original.replace('app-0000:1.0"', 'app-0000:2.0"');
    if (edited === original) throw new Error('the synthetic config has no app-0000 image to edit');
    let turn = 0;
    const regenerate = await measure({ args: generate, env, before: () => writeFile(config, turn++ % 2 ? original : edited) }, runs);
    await writeFile(config, original);

    const ratio = median(homelab.wallMs) / median(cdk8s.wallMs);
    console.log(`generate-manifests, ${apps} apps (${apps * 10} objects), cold process, median of ${runs}, output in ${path.dirname(path.dirname(work))}:`);
    console.log(`  command: node bin/homelab.js ${generate.slice(1).join(' ')}  (HOMELAB_CACHE=${env.HOMELAB_CACHE}, empty before the first run)`);
    console.log(line('homelab generate-manifests, into an empty output', homelab));
    console.log(line('plain cdk8s App.synth(), into an empty output', cdk8s) + `  (synth() alone, last run: ${seconds(Number(cdk8s.lastStdout))})`);
    console.log(line('homelab generate-manifests, one app changed', regenerate));
    console.log(`  ratio homelab / cdk8s wall (empty output)            ${ratio.toFixed(2)}  (target: 100 apps <= 1 s, 1000 apps <= 3 s, ratio < 1)`);
  }
}
