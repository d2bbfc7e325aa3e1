// `npm run bench`: every benchmark, each in fresh processes; figures are medians. BENCH_RUNS overrides the run
// count; BENCH_ONLY=generate,helm runs only those sections (generate, validate, helm, realistic, kube-yaml, publish, report, clusters).
import { benchClusters } from './clusters.ts';
import { benchGenerate } from './generate.ts';
import { benchHelm } from './helm.ts';
import { benchKubeYaml } from './kube-yaml.ts';
import { benchPublish } from './publish.ts';
import { benchRealistic } from './realistic.ts';
import { benchReport } from './report.ts';
import { removeScratch } from './scratch.ts';
import { benchValidate } from './validate.ts';

const sections: Record<string, (runs: number) => Promise<void>> = { generate: benchGenerate, validate: benchValidate, helm: benchHelm, realistic: benchRealistic, 'kube-yaml': benchKubeYaml, publish: benchPublish, report: benchReport, clusters: benchClusters };
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean) ?? Object.keys(sections);
const unknown = only.filter((name) => !Object.hasOwn(sections, name));
if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown section ${unknown.join(', ')}; sections: ${Object.keys(sections).join(', ')}`);

const runs = Number(process.env.BENCH_RUNS ?? 5);
console.log(`homelab benchmarks on ${process.platform}/${process.arch}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
try {
  for (const name of only) await sections[name]!(runs);
} finally {
  await removeScratch();
}
