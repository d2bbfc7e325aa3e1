// `npm run bench`: every benchmark, each in fresh processes; figures are medians. BENCH_RUNS overrides the run count.
import { benchGenerate } from './generate.ts';
import { benchHelm } from './helm.ts';
import { benchPublish } from './publish.ts';
import { removeScratch } from './scratch.ts';
import { benchValidate } from './validate.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
console.log(`homelab benchmarks on ${process.platform}/${process.arch}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
try {
  await benchGenerate(runs);
  await benchValidate(runs);
  await benchHelm(runs);
  await benchPublish(runs);
} finally {
  await removeScratch();
}
