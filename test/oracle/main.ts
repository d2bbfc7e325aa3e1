// `npm run oracle`: starts a test cluster, runs the oracle, prints the disagreement table by cause (not part of `npm test`).
// Flags: --summary (counts only), --json FILE (every verdict, for scripts).
import { writeFileSync } from 'node:fs';
import { startCluster } from '../support/cluster.ts';
import { runOracle } from './harness.ts';
import { staleGaps, unknownGaps } from './gaps.ts';
import { formatReport } from './report.ts';

const args = process.argv.slice(2);
const jsonFile = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const log = (line: string) => process.stderr.write(`${line}\n`);

const cluster = await startCluster({ flux: false, fluxCrds: true, log });
try {
  const run = await runOracle(cluster.kubeconfigPath, { log });
  process.stdout.write(`${formatReport(run, { details: !args.includes('--summary') })}\n`);
  const fresh = unknownGaps(run);
  const stale = staleGaps(run);
  if (fresh.length + stale.length > 0) {
    process.stdout.write(`\nagainst test/oracle/known-gaps.ts: ${fresh.length} new disagreements, ${stale.length} known gaps that no longer disagree\n`);
    for (const d of fresh) process.stdout.write(`  + ${d.direction} ${d.id}\n`);
    for (const g of stale) process.stdout.write(`  - ${g.direction} ${g.id} (delete this entry)\n`);
  }
  if (jsonFile) {
    writeFileSync(jsonFile, `${JSON.stringify(run.judged.map((j) => ({ id: j.entry.id, cause: j.entry.cause, family: j.entry.family, expected: j.entry.valid, outcome: j.outcome, api: j.api, homelab: j.homelab })), null, 1)}\n`);
    log(`✔ wrote ${jsonFile}`);
  }
} finally {
  await cluster.stop();
}
