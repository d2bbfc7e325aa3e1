// The oracle as a ratchet: homelab's validation and a real kube-apiserver 1.34 judge every corpus object, and they may
// disagree exactly where test/oracle/known-gaps.ts says, no more and no less, each for a cause of gap-causes.ts.
// `npm run oracle` prints the whole table; `npm run oracle -- --write-gaps` rewrites the list from a run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { CAUSES, generatedCorpus } from './corpus/index.ts';
import { GAP_CAUSES, UNEXPLAINED } from './gap-causes.ts';
import { duplicateGaps, gapCounts, misfiledGaps, staleGaps, unknownGaps } from './gaps.ts';
import { runOracle, type OracleRun } from './harness.ts';
import { KNOWN_GAPS } from './known-gaps.ts';
import { formatReport } from './report.ts';

let cluster: Cluster;
let run: OracleRun;

before(
  async () => {
    cluster = await startCluster({ flux: false, fluxCrds: true });
    run = await runOracle(cluster.kubeconfigPath);
    if (typeof run.charts === 'string') console.log(`# oracle: charts ${run.charts}`);
    for (const skipped of run.skipped) console.log(`# oracle: skipped ${skipped.ids.length} entries: ${skipped.reason}`);
    const { setup, charts, apiServer, homelab } = run.timings;
    console.log(`# oracle: ${run.judged.length} objects; setup ${setup} ms, charts ${charts} ms, API server ${apiServer} ms, homelab ${homelab} ms`);
  },
  { timeout: 600_000 },
);
after(() => cluster?.stop());

describe('the oracle (homelab validate against a real kube-apiserver)', () => {
  it('has a generated corpus of at least 500 objects covering every cause, with valid objects for each', () => {
    const { entries } = generatedCorpus();
    assert.ok(entries.length >= 500, `${entries.length} generated entries`);
    for (const cause of CAUSES.filter((c) => c !== 'chart' && c !== 'baseline')) {
      assert.ok(entries.some((e) => e.cause === cause && e.valid === false), `no invalid entry of cause ${cause}`);
    }
    assert.ok(entries.filter((e) => e.valid === true).length >= 100, 'valid baselines show false rejections');
  });

  it('sees the API server judge every generated object as the corpus tags it', () => {
    const lines = run.expectationMismatches.map((m) => `${m.id}: tagged ${m.expected ? 'valid' : 'invalid'}; API server: ${m.message}`);
    assert.deepEqual(lines, [], 'the corpus tag is wrong for these entries (the API server is the reference): fix the tag or the object');
  });

  it('finds homelab and the API server disagreeing exactly where known-gaps.ts says, each gap under its cause', () => {
    const fresh = unknownGaps(run).map((d) => `+ ${d.direction} ${d.id} [${d.cause}]\n    API server: ${d.apiMessage}\n    homelab: ${d.homelabMessage}`);
    const stale = staleGaps(run).map((g) => `- ${g.direction} ${g.id}: no longer disagrees`);
    const misfiled = misfiledGaps(run).map((line) => `~ ${line}`);
    assert.deepEqual(
      [...fresh, ...stale, ...misfiled],
      [],
      `${fresh.length} new disagreements (+: fix homelab, or explain them in test/oracle/gap-causes.ts), ` +
        `${stale.length} known gaps that agree now (-) and ${misfiled.length} filed under another cause (~); ` +
        'then `npm run oracle -- --write-gaps` rewrites test/oracle/known-gaps.ts from a run.\n' +
        formatReport(run, { details: false }),
    );
  });

  it('explains every known gap by a cause of gap-causes.ts with its reason, and lists each once', () => {
    assert.deepEqual(duplicateGaps(), []);
    const unexplained = KNOWN_GAPS.filter((g) => g.cause === UNEXPLAINED).flatMap((g) => g.ids);
    assert.deepEqual(unexplained, [], 'disagreements no cause explains: find why, add a cause with its reason to test/oracle/gap-causes.ts (or fix homelab), run --write-gaps');
    for (const cause of GAP_CAUSES) assert.ok(cause.reason.length >= 40, `cause "${cause.name}" needs a reason`);
    console.log(`# oracle: known gaps by cause:\n${gapCounts(KNOWN_GAPS).map((l) => `#   ${l}`).join('\n')}`);
  });

  it("gets the same verdicts over HTTPS as `kubectl apply --server-side --dry-run=server`", async () => {
    // The harness sends what kubectl sends; check that on a sample of both verdicts (and a kind nobody serves).
    const sample = ['pod/base', 'pod/protocol-lowercase', 'pod/duplicate-env', 'deploy/selector-mismatch', 'svc/type-clusterip-case',
      'widget/cel-min-above-max', 'ks/interval-words', 'apiversion/batch-v1beta1-cronjob', 'pod/unknown-field', 'crd/name-mismatch'];
    const byId = new Map(run.judged.map((j) => [j.entry.id, j]));
    await Promise.all(sample.map(async (id) => {
      const judged = byId.get(id);
      assert.ok(judged, `sample entry ${id} is not in the corpus`);
      const kubectl = await cluster
        .kubectl(['apply', '--server-side', '--dry-run=server', '--field-manager=homelab-oracle', '--namespace', 'oracle', '-f', '-'], { input: JSON.stringify(judged.entry.object) })
        .then(() => ({ accepted: true, message: '' }), (error: Error) => ({ accepted: false, message: error.message }));
      assert.equal(judged.api.accepted, kubectl.accepted, `${id}: harness ${judged.api.message || 'accepted'}; kubectl ${kubectl.message || 'accepted'}`);
    }));
  });
});
