// `npm run oracle`: starts a test cluster, runs the oracle, prints the disagreement table by cause (the ratchet itself is
// test/oracle/oracle.test.ts). Flags: --summary (counts only), --json FILE (every verdict, for scripts), --write-gaps
// (rewrite test/oracle/known-gaps.ts from this run: every disagreement filed under its cause of gap-causes.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from '../support/cluster.ts';
import { REPO_ROOT } from '../support/tools.ts';
import { runOracle } from './harness.ts';
import { UNEXPLAINED } from './gap-causes.ts';
import { formatKnownGaps, gapCounts, gapsOfRun, misfiledGaps, staleGaps, unknownGaps } from './gaps.ts';
import { formatReport } from './report.ts';

const args = process.argv.slice(2);
const jsonFile = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const writeGaps = args.includes('--write-gaps');
const log = (line: string) => process.stderr.write(`${line}\n`);
const started = Date.now();

const cluster = await startCluster({ flux: false, fluxCrds: true, log });
try {
  const run = await runOracle(cluster.kubeconfigPath, { log });
  process.stdout.write(`${formatReport(run, { details: !args.includes('--summary') })}\n`);
  const fresh = unknownGaps(run);
  const stale = staleGaps(run);
  const misfiled = misfiledGaps(run);
  if (fresh.length + stale.length + misfiled.length > 0) {
    process.stdout.write(`\nagainst test/oracle/known-gaps.ts: ${fresh.length} new disagreements, ${stale.length} known gaps that no longer disagree, ${misfiled.length} filed under another cause\n`);
    for (const d of fresh) process.stdout.write(`  + ${d.direction} ${d.id}\n`);
    for (const g of stale) process.stdout.write(`  - ${g.direction} ${g.id}\n`);
    for (const line of misfiled) process.stdout.write(`  ~ ${line}\n`);
  } else {
    process.stdout.write('\nagainst test/oracle/known-gaps.ts: exactly the listed disagreements\n');
  }
  if (writeGaps) {
    const groups = gapsOfRun(run);
    const file = join(REPO_ROOT, 'test', 'oracle', 'known-gaps.ts');
    writeFileSync(file, formatKnownGaps(groups));
    process.stdout.write(`\n✔ wrote test/oracle/known-gaps.ts: ${groups.reduce((n, g) => n + g.ids.length, 0)} known gaps\n${gapCounts(groups).join('\n')}\n`);
    const unexplained = groups.filter((g) => g.cause === UNEXPLAINED).reduce((n, g) => n + g.ids.length, 0);
    if (unexplained > 0) process.stdout.write(`⚠ ${unexplained} disagreements match no cause of test/oracle/gap-causes.ts: listed as "${UNEXPLAINED}", which the test refuses; find why, then add a cause (or fix homelab)\n`);
  }
  if (jsonFile) {
    writeFileSync(jsonFile, `${JSON.stringify(run.judged.map((j) => ({ id: j.entry.id, cause: j.entry.cause, family: j.entry.family, expected: j.entry.valid, outcome: j.outcome, api: j.api, homelab: j.homelab })), null, 1)}\n`);
    log(`✔ wrote ${jsonFile}`);
  }
} finally {
  await cluster.stop();
  process.stdout.write(`◎ oracle run took ${((Date.now() - started) / 1000).toFixed(0)} s (cluster start and stop included)\n`);
}
