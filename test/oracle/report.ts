// The oracle's result as text: coverage, disagreement counts by cause, and every disagreement with both judges' words.
import type { Direction } from './compare.ts';
import { CAUSES } from './corpus/index.ts';
import type { OracleRun } from './harness.ts';
import { POLICIES } from './homelab-adapter.ts';

const DIRECTION_TITLE: Record<Direction, string> = {
  'homelab-rejects': 'homelab rejects, API server accepts (false rejections)',
  'homelab-accepts': 'homelab accepts, API server rejects (false acceptances)',
};

export function formatReport(run: OracleRun, options: { details?: boolean } = {}): string {
  const lines: string[] = [];
  const count = (outcome: string) => run.judged.filter((j) => j.outcome === outcome).length;
  const charts = typeof run.charts === 'string' ? run.charts : `${run.charts.reduce((n, c) => n + c.objects, 0)} objects from ${run.charts.length} charts (${run.charts.map((c) => `${c.chart} ${c.objects}`).join(', ')})`;
  const generated = run.judged.filter((j) => j.entry.cause !== 'chart').length;
  lines.push(`oracle: ${run.judged.length} objects: ${generated} generated; charts: ${charts}`);
  lines.push(`API server accepted ${run.judged.filter((j) => j.api.accepted).length}, rejected ${run.judged.filter((j) => !j.api.accepted).length}`);
  lines.push(`agree ${count('agree')} · homelab rejects, API server accepts ${count('homelab-rejects')} · homelab accepts, API server rejects ${count('homelab-accepts')} · excluded by homelab policy ${count('policy')}`);
  for (const skipped of run.skipped) lines.push(`⚠ skipped ${skipped.ids.length} entries: ${skipped.reason}`);
  lines.push(`policies excluded by design: ${POLICIES.map((p) => p.name).join('; ')}`);
  lines.push('');

  lines.push(table(['cause', 'objects', 'api rejects', 'homelab rejects*', 'homelab accepts*'], CAUSES.map((cause) => {
    const of = run.judged.filter((j) => j.entry.cause === cause);
    return [cause, of.length, of.filter((j) => !j.api.accepted).length, of.filter((j) => j.outcome === 'homelab-rejects').length, of.filter((j) => j.outcome === 'homelab-accepts').length];
  }), true));
  lines.push('* homelab rejects = homelab rejects, API server accepts; homelab accepts = homelab accepts, API server rejects');
  lines.push('');
  const families = [...new Set(run.judged.map((j) => j.entry.family))].sort();
  lines.push(table(['kind family', 'objects', 'homelab rejects*', 'homelab accepts*'], families.map((family) => {
    const of = run.judged.filter((j) => j.entry.family === family);
    return [family, of.length, of.filter((j) => j.outcome === 'homelab-rejects').length, of.filter((j) => j.outcome === 'homelab-accepts').length];
  }), true));

  if (run.expectationMismatches.length > 0) {
    lines.push('', `✗ ${run.expectationMismatches.length} generated entries the API server judged otherwise than their tag (fix the corpus):`);
    for (const m of run.expectationMismatches) lines.push(`  ${m.id}: tagged ${m.expected ? 'valid' : 'invalid'}; API server: ${m.message}`);
  }
  if (options.details ?? true) {
    for (const direction of ['homelab-rejects', 'homelab-accepts'] as const) {
      const list = run.disagreements.filter((d) => d.direction === direction);
      lines.push('', `${DIRECTION_TITLE[direction]}: ${list.length}`);
      for (const cause of CAUSES) {
        const ofCause = list.filter((d) => d.cause === cause);
        if (ofCause.length === 0) continue;
        lines.push(`  ${cause} (${ofCause.length})`);
        for (const d of ofCause) {
          lines.push(`    ${d.id}`);
          lines.push(`      API server: ${d.apiMessage}`);
          lines.push(`      homelab:    ${d.homelabMessage}`);
        }
      }
    }
  }
  lines.push('', `timings: setup ${run.timings.setup} ms, charts ${run.timings.charts} ms, API server ${run.timings.apiServer} ms, homelab ${run.timings.homelab} ms`);
  return lines.join('\n');
}

function table(header: string[], rows: (string | number)[][], total: boolean): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  if (total) all.push(['total', ...header.slice(1).map((_, i) => String(rows.reduce((n, r) => n + Number(r[i + 1]), 0)))]);
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
