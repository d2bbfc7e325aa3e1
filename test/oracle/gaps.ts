// The ratchet: the run's disagreements against the known-gaps list, both ways.
import type { Direction, Disagreement } from './compare.ts';
import type { OracleRun } from './harness.ts';
import { KNOWN_GAPS, type KnownGap } from './known-gaps.ts';

const key = (id: string, direction: Direction) => `${direction} ${id}`;

/** Disagreements of this run that the known-gaps list does not name: homelab regressed, or a new gap to fix or list. */
export function unknownGaps(run: OracleRun, gaps: readonly KnownGap[] = KNOWN_GAPS): Disagreement[] {
  const known = new Set(gaps.map((g) => key(g.id, g.direction)));
  return run.disagreements.filter((d) => !known.has(key(d.id, d.direction)));
}

/**
 * Known gaps that did not disagree in this run: fixed (delete the entry), or naming no entry at all. Gaps of entries
 * this run could not judge (charts absent, CRDs missing from the test cluster) are not held against the list.
 */
export function staleGaps(run: OracleRun, gaps: readonly KnownGap[] = KNOWN_GAPS): KnownGap[] {
  const disagreeing = new Set(run.disagreements.map((d) => key(d.id, d.direction)));
  const notJudged = new Set(run.skipped.flatMap((s) => s.ids));
  const chartsSkipped = typeof run.charts === 'string';
  return gaps.filter((g) => !disagreeing.has(key(g.id, g.direction)) && !notJudged.has(g.id) && !(chartsSkipped && g.id.startsWith('chart/')));
}

/** Known gaps listed twice. */
export function duplicateGaps(gaps: readonly KnownGap[] = KNOWN_GAPS): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const g of gaps) {
    const k = key(g.id, g.direction);
    if (seen.has(k)) duplicates.push(k);
    seen.add(k);
  }
  return duplicates;
}
