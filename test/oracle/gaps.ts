// The ratchet: the run's disagreements against the known-gaps list, both ways, and the writer of that list (--write-gaps).
import type { Direction, Disagreement } from './compare.ts';
import { GAP_CAUSES, UNEXPLAINED, type GapCause } from './gap-causes.ts';
import type { OracleRun } from './harness.ts';
import { KNOWN_GAPS } from './known-gaps.ts';

/** One cause of known-gaps.ts: the entries that disagree for it, in one direction. */
export interface KnownGapGroup {
  readonly cause: string;
  readonly direction: Direction;
  readonly ids: readonly string[];
}

/** One known gap: an entry, the direction it disagrees in, and the cause it is filed under. */
export interface KnownGap {
  readonly id: string;
  readonly direction: Direction;
  readonly cause: string;
}

const key = (id: string, direction: Direction) => `${direction} ${id}`;

export function flatten(groups: readonly KnownGapGroup[]): KnownGap[] {
  return groups.flatMap((g) => g.ids.map((id) => ({ id, direction: g.direction, cause: g.cause })));
}

/** The first cause of gap-causes.ts that explains a disagreement, or UNEXPLAINED. */
export function classify(d: Disagreement, causes: readonly GapCause[] = GAP_CAUSES): string {
  return causes.find((c) => c.direction === d.direction && c.matches(d))?.name ?? UNEXPLAINED;
}

/** Disagreements of this run that the known-gaps list does not name: homelab regressed, or a new gap to fix or list. */
export function unknownGaps(run: OracleRun, groups: readonly KnownGapGroup[] = KNOWN_GAPS): Disagreement[] {
  const known = new Set(flatten(groups).map((g) => key(g.id, g.direction)));
  return run.disagreements.filter((d) => !known.has(key(d.id, d.direction)));
}

/** Entries this run could not judge (charts absent, CRDs missing from the test cluster): their gaps are kept as listed. */
function notJudged(run: OracleRun): (id: string) => boolean {
  const skipped = new Set(run.skipped.flatMap((s) => s.ids));
  const chartsSkipped = typeof run.charts === 'string';
  return (id) => skipped.has(id) || (chartsSkipped && id.startsWith('chart/'));
}

/** Known gaps that did not disagree in this run: fixed (delete the entry), or naming no entry at all. */
export function staleGaps(run: OracleRun, groups: readonly KnownGapGroup[] = KNOWN_GAPS): KnownGap[] {
  const disagreeing = new Set(run.disagreements.map((d) => key(d.id, d.direction)));
  const unjudged = notJudged(run);
  return flatten(groups).filter((g) => !disagreeing.has(key(g.id, g.direction)) && !unjudged(g.id));
}

/** Known gaps filed under another cause than the one that explains them now (or under a cause gap-causes.ts lacks). */
export function misfiledGaps(run: OracleRun, groups: readonly KnownGapGroup[] = KNOWN_GAPS, causes: readonly GapCause[] = GAP_CAUSES): string[] {
  const byKey = new Map(run.disagreements.map((d) => [key(d.id, d.direction), d]));
  const names = new Set(causes.map((c) => c.name));
  const misfiled: string[] = [];
  for (const gap of flatten(groups)) {
    const d = byKey.get(key(gap.id, gap.direction));
    if (!names.has(gap.cause)) misfiled.push(`${gap.direction} ${gap.id}: cause "${gap.cause}" is not in gap-causes.ts`);
    else if (d && classify(d, causes) !== gap.cause) misfiled.push(`${gap.direction} ${gap.id}: filed under "${gap.cause}", explained by "${classify(d, causes)}"`);
  }
  return misfiled;
}

/** Known gaps listed twice. */
export function duplicateGaps(groups: readonly KnownGapGroup[] = KNOWN_GAPS): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const g of flatten(groups)) {
    const k = key(g.id, g.direction);
    if (seen.has(k)) duplicates.push(k);
    seen.add(k);
  }
  return duplicates;
}

/**
 * The known-gaps list this run calls for: every disagreement filed under its cause, plus the listed gaps of entries the
 * run could not judge (kept as they are). Causes in gap-causes.ts order, UNEXPLAINED last; ids sorted.
 */
export function gapsOfRun(run: OracleRun, previous: readonly KnownGapGroup[] = KNOWN_GAPS, causes: readonly GapCause[] = GAP_CAUSES): KnownGapGroup[] {
  const unjudged = notJudged(run);
  const gaps: KnownGap[] = [
    ...run.disagreements.map((d) => ({ id: d.id, direction: d.direction, cause: classify(d, causes) })),
    ...flatten(previous).filter((g) => unjudged(g.id)),
  ];
  const order = [...causes.map((c) => c.name), UNEXPLAINED];
  const rank = (cause: string) => (order.includes(cause) ? order.indexOf(cause) : order.length);
  const groups = new Map<string, { cause: string; direction: Direction; ids: string[] }>();
  for (const gap of gaps) {
    const k = `${gap.cause}\0${gap.direction}`;
    if (!groups.has(k)) groups.set(k, { cause: gap.cause, direction: gap.direction, ids: [] });
    groups.get(k)!.ids.push(gap.id);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, ids: [...new Set(g.ids)].sort() }))
    .sort((a, b) => rank(a.cause) - rank(b.cause) || a.cause.localeCompare(b.cause) || a.direction.localeCompare(b.direction));
}

/** test/oracle/known-gaps.ts with these groups: each with its cause's reason as a comment, for a reader to review. */
export function formatKnownGaps(groups: readonly KnownGapGroup[], causes: readonly GapCause[] = GAP_CAUSES): string {
  const lines = [
    '// Where homelab\'s validation and kube-apiserver 1.34 still disagree, by cause. Written by `npm run oracle -- --write-gaps`:',
    '// do not edit by hand. The causes, with their reasons and how each is recognised, are in test/oracle/gap-causes.ts.',
    '// test/oracle/oracle.test.ts fails on a disagreement not listed here, on a listed entry that agrees now, and on `unexplained`.',
    "import type { KnownGapGroup } from './gaps.ts';",
    '',
    'export const KNOWN_GAPS: readonly KnownGapGroup[] = [',
  ];
  for (const group of groups) {
    const reason = causes.find((c) => c.name === group.cause)?.reason ?? 'no cause in gap-causes.ts explains these: find why, then add a cause with its reason (or fix homelab)';
    lines.push('  {');
    for (const line of wrap(`${group.ids.length} ${group.ids.length === 1 ? 'entry' : 'entries'}: ${reason}`, 112)) lines.push(`    // ${line}`);
    lines.push(`    cause: ${quote(group.cause)},`);
    lines.push(`    direction: ${quote(group.direction)},`);
    lines.push('    ids: [');
    for (const id of group.ids) lines.push(`      ${quote(id)},`);
    lines.push('    ],');
    lines.push('  },');
  }
  lines.push('];', '');
  return lines.join('\n');
}

/** Counts by cause and direction, one line each: what --write-gaps and the test print. */
export function gapCounts(groups: readonly KnownGapGroup[]): string[] {
  return groups.map((g) => `${String(g.ids.length).padStart(5)}  ${g.direction}  ${g.cause}`);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** A single-quoted TypeScript string literal (the project's style). */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}'`;
}
