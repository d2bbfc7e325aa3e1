// The ratchet's two directions and the known-gaps writer, on synthetic runs: a new disagreement, a fixed gap and a gap
// filed under the wrong cause are all reported; --write-gaps files each disagreement under its cause.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Disagreement } from './compare.ts';
import { UNEXPLAINED, type GapCause } from './gap-causes.ts';
import { classify, duplicateGaps, formatKnownGaps, gapsOfRun, misfiledGaps, staleGaps, unknownGaps, type KnownGapGroup } from './gaps.ts';
import type { OracleRun } from './harness.ts';

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
const CAUSES: GapCause[] = [
  { name: 'enums', direction: 'homelab-accepts', reason: 'enum values not checked in this synthetic test', matches: (d) => /Unsupported value/.test(d.apiMessage) },
  { name: 'too strict', direction: 'homelab-rejects', reason: 'homelab refuses what the server accepts in this synthetic test', matches: () => true },
];
const group = (cause: string, ids: string[], direction: KnownGapGroup['direction'] = 'homelab-accepts'): KnownGapGroup => ({ cause, direction, ids });

describe('the known-gaps ratchet', () => {
  it('reports a disagreement that no known gap names', () => {
    const run = runWith([{ id: 'pod/a' }, { id: 'pod/b' }]);
    assert.deepEqual(unknownGaps(run, [group('enums', ['pod/a'])]).map((d) => d.id), ['pod/b']);
  });

  it('tells a known gap of the other direction from the one that occurs', () => {
    const run = runWith([{ id: 'pod/a', direction: 'homelab-rejects' }]);
    assert.deepEqual(unknownGaps(run, [group('enums', ['pod/a'])]).map((d) => d.id), ['pod/a']);
    assert.deepEqual(staleGaps(run, [group('enums', ['pod/a'])]).map((g) => g.id), ['pod/a']);
  });

  it('reports a known gap that no longer disagrees, so its line gets deleted', () => {
    const run = runWith([{ id: 'pod/a' }]);
    assert.deepEqual(staleGaps(run, [group('enums', ['pod/a', 'pod/fixed'])]).map((g) => g.id), ['pod/fixed']);
  });

  it('does not hold gaps of entries the run could not judge against the list', () => {
    const run = runWith([], { charts: 'skipped: no chart archives', skipped: ['helmrelease/base'] });
    assert.deepEqual(staleGaps(run, [group('enums', ['chart/podinfo/Deployment/web', 'helmrelease/base', 'pod/gone'])]).map((g) => g.id), ['pod/gone']);
  });

  it('finds a gap listed twice', () => {
    assert.deepEqual(duplicateGaps([group('enums', ['pod/a', 'pod/b']), group('other', ['pod/a'])]), ['homelab-accepts pod/a']);
  });

  it('finds a gap filed under a cause that does not explain it, or under no known cause', () => {
    const run = runWith([{ id: 'pod/a', apiMessage: 'spec.x: Unsupported value: "tcp"' }, { id: 'pod/b', apiMessage: 'spec.y: Invalid value' }]);
    assert.deepEqual(misfiledGaps(run, [group('enums', ['pod/a', 'pod/b']), group('gone', ['pod/c'])], CAUSES), [
      `homelab-accepts pod/b: filed under "enums", explained by "${UNEXPLAINED}"`,
      'homelab-accepts pod/c: cause "gone" is not in gap-causes.ts',
    ]);
  });
});

describe('--write-gaps', () => {
  it('files each disagreement under the first cause of its direction that matches, the rest as unexplained', () => {
    const run = runWith([
      { id: 'pod/z', apiMessage: 'Unsupported value: "Exist"' },
      { id: 'pod/a', apiMessage: 'Unsupported value: "tcp"' },
      { id: 'pod/strict', direction: 'homelab-rejects', apiMessage: 'accepted' },
      { id: 'pod/odd', apiMessage: 'Forbidden: something new' },
    ]);
    assert.equal(classify(run.disagreements[0]!, CAUSES), 'enums');
    assert.deepEqual(gapsOfRun(run, [], CAUSES), [
      group('enums', ['pod/a', 'pod/z']),
      group('too strict', ['pod/strict'], 'homelab-rejects'),
      group(UNEXPLAINED, ['pod/odd']),
    ]);
  });

  it('keeps the listed gaps of entries the run could not judge, and drops fixed ones', () => {
    const run = runWith([{ id: 'pod/a', apiMessage: 'Unsupported value' }], { charts: 'skipped: no chart archives' });
    const previous = [group('enums', ['pod/fixed', 'chart/podinfo/Deployment/web'])];
    assert.deepEqual(gapsOfRun(run, previous, CAUSES), [group('enums', ['chart/podinfo/Deployment/web', 'pod/a'])]);
  });

  it('writes a module that reads back as the same groups, with each cause\'s reason above its entries', async () => {
    const groups = [group('enums', ['pod/a', "pod/it's"]), group(UNEXPLAINED, ['pod/odd'])];
    const text = formatKnownGaps(groups, CAUSES);
    assert.match(text, /\/\/ 2 entries: enum values not checked in this synthetic test\n\s+cause: 'enums',/);
    assert.match(text, /\/\/ 1 entry: no cause in gap-causes.ts explains these/);
    const { KNOWN_GAPS } = (await import(`data:text/javascript,${encodeURIComponent(text.replace(/^import type .*$/m, '').replace(/: readonly KnownGapGroup\[\]/, ''))}`)) as { KNOWN_GAPS: KnownGapGroup[] };
    assert.deepEqual(KNOWN_GAPS, groups);
  });
});
