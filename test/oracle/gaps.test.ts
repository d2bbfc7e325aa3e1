// The ratchet's two directions, on synthetic runs: a new disagreement and a fixed gap are both reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Disagreement } from './compare.ts';
import { duplicateGaps, staleGaps, unknownGaps } from './gaps.ts';
import type { OracleRun } from './harness.ts';
import type { KnownGap } from './known-gaps.ts';

function runWith(disagreements: Partial<Disagreement>[], options: { charts?: OracleRun['charts']; skipped?: string[] } = {}): OracleRun {
  return {
    judged: [],
    disagreements: disagreements.map((d) => ({ cause: 'enum', family: 'workloads', direction: 'homelab-accepts', apiMessage: '', homelabMessage: '', id: '', ...d }) as Disagreement),
    expectationMismatches: [],
    skipped: options.skipped ? [{ ids: options.skipped, reason: 'test' }] : [],
    charts: options.charts ?? [],
    timings: { setup: 0, charts: 0, apiServer: 0, homelab: 0 },
  };
}
const gap = (id: string, direction: KnownGap['direction'] = 'homelab-accepts'): KnownGap => ({ id, direction, reason: 'not implemented yet: test' });

describe('the known-gaps ratchet', () => {
  it('reports a disagreement that no known gap names', () => {
    const run = runWith([{ id: 'pod/a' }, { id: 'pod/b' }]);
    assert.deepEqual(unknownGaps(run, [gap('pod/a')]).map((d) => d.id), ['pod/b']);
  });

  it('tells a known gap of the other direction from the one that occurs', () => {
    const run = runWith([{ id: 'pod/a', direction: 'homelab-rejects' }]);
    assert.deepEqual(unknownGaps(run, [gap('pod/a', 'homelab-accepts')]).map((d) => d.id), ['pod/a']);
    assert.deepEqual(staleGaps(run, [gap('pod/a', 'homelab-accepts')]).map((g) => g.id), ['pod/a']);
  });

  it('reports a known gap that no longer disagrees, so its line gets deleted', () => {
    const run = runWith([{ id: 'pod/a' }]);
    assert.deepEqual(staleGaps(run, [gap('pod/a'), gap('pod/fixed')]).map((g) => g.id), ['pod/fixed']);
  });

  it('does not hold gaps of entries the run could not judge against the list', () => {
    const run = runWith([], { charts: 'skipped: no chart archives', skipped: ['helmrelease/base'] });
    assert.deepEqual(staleGaps(run, [gap('chart/podinfo/Deployment/web'), gap('helmrelease/base'), gap('pod/gone')]).map((g) => g.id), ['pod/gone']);
  });

  it('finds a gap listed twice', () => {
    assert.deepEqual(duplicateGaps([gap('pod/a'), gap('pod/b'), gap('pod/a')]), ['homelab-accepts pod/a']);
  });
});
