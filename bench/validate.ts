// Benchmark of issues 7 and 11: what validation adds to the render of the 1000-app synthetic source (target: at most +30%).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median } from './measure.ts';
import { scratchDir } from './scratch.ts';
import { writeSyntheticSource } from './synthetic-source.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchValidate(runs: number): Promise<void> {
  const apps = 1000;
  const work = await scratchDir('validate');
  const source = path.join(work, 'source');
  await writeSyntheticSource(source, apps);
  const samples: { renderMs: number; validateMs: number; objects: number }[] = [];
  // Fresh processes, so the figure includes loading the schema bundle and compiling each kind's validator.
  for (let i = 0; i < runs; i++) {
    const run = await measure({ args: ['--import', 'tsx', path.join(root, 'bench/validate-in-process.ts'), source], cwd: root }, 1);
    samples.push(JSON.parse(run.lastStdout));
  }
  const render = median(samples.map((s) => s.renderMs));
  const validate = median(samples.map((s) => s.validateMs));
  console.log(`validation, ${apps} apps (${samples[0]!.objects} objects incl. generated), in-process, cold process, median of ${runs}:`);
  console.log(`  render() alone              ${seconds(render)}  (runs: ${samples.map((s) => seconds(s.renderMs)).join(', ')})`);
  console.log(`  validateRender() after it   ${seconds(validate)}  (runs: ${samples.map((s) => seconds(s.validateMs)).join(', ')})`);
  console.log(`  validation adds             ${((validate / render) * 100).toFixed(0)}% to the render  (target: at most 30%)`);
}
