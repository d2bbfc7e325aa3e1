// The diff report as text for a terminal, markdown for a PR comment, or JSON; every format carries the filters in effect.
import type { ObjectChange } from './compare.ts';
import type { DiffReport } from './report.ts';

export type DiffFormat = 'text' | 'markdown' | 'json';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json'];

/** GitHub refuses comments over 65536 characters; leave room for a header the workflow may add. */
export const DEFAULT_MARKDOWN_MAX_BYTES = 60_000;

const SYMBOL = { added: '+', changed: '~', removed: '-' } as const;

export function formatDiff(report: DiffReport, format: DiffFormat, maxBytes?: number): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return markdown(report, maxBytes ?? DEFAULT_MARKDOWN_MAX_BYTES);
    case 'text':
      return text(report, maxBytes);
  }
}

function filtersLine(report: DiffReport): string {
  const filters = report.filters.length > 0 ? report.filters.join(', ') : 'none';
  return `noise filters: ${filters}${report.filtered > 0 ? ` (${report.filtered} object${report.filtered === 1 ? '' : 's'} differ only there)` : ''}; Secret values masked`;
}

function counts(app: { added: number; changed: number; removed: number }): string {
  return (['added', 'changed', 'removed'] as const).filter((key) => app[key] > 0).map((key) => `${app[key]} ${key}`).join(', ');
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Adds blocks while they fit in `budget` bytes; returns how many did. */
function fit(blocks: readonly string[], budget: number, out: string[]): number {
  let used = 0;
  for (const [i, block] of blocks.entries()) {
    if (used + bytes(block) > budget) return i;
    used += bytes(block);
    out.push(block);
  }
  return blocks.length;
}

function text(report: DiffReport, maxBytes: number | undefined): string {
  const header = `comparing the render with ${report.against}\n`;
  const footer = `${report.equal ? 'no changes' : `${report.apps.length} app${report.apps.length === 1 ? '' : 's'} changed: ${report.totals.added} added, ${report.totals.changed} changed, ${report.totals.removed} removed`}\n${filtersLine(report)}\n`;
  const blocks: string[] = [];
  /** How many object diffs come before each block. */
  const before: number[] = [];
  let objects = 0;
  for (const app of report.apps) {
    before.push(objects);
    blocks.push(`\n${app.id}: ${counts(app)}\n`);
    for (const object of app.objects) {
      before.push(objects++);
      blocks.push(`${SYMBOL[object.change]} ${object.object} (${object.file})\n${indent(object.diff)}`);
    }
  }
  if (maxBytes === undefined) return [header, ...blocks, '\n', footer].join('');
  const note = (shown: number) => `\n… truncated to fit --max-bytes ${maxBytes}: ${objects - (before[shown] ?? objects)} of ${objects} object diffs not shown; run without --max-bytes for everything\n`;
  const out: string[] = [];
  const budget = maxBytes - bytes(header) - bytes(footer) - bytes(note(blocks.length)) - 2;
  const shown = fit(blocks, budget, out);
  return [header, ...out, shown < blocks.length ? note(shown) : '', '\n', footer].join('');
}

function indent(diff: string): string {
  return diff.split('\n').map((line) => (line === '' ? line : `    ${line}`)).join('\n');
}

function markdown(report: DiffReport, maxBytes: number): string {
  const head = [`### homelab diff`, '', `Compared with ${report.against.replace(/[`|]/g, '')}.`, ''];
  if (report.equal) {
    return [...head, '**No changes**: the manifests would stay as they are.', '', `<sub>${filtersLine(report)}</sub>`, ''].join('\n');
  }
  const table = ['| app | added | changed | removed |', '|---|---:|---:|---:|'];
  const rows = report.apps.map((app) => `| \`${app.id}\` | ${app.added} | ${app.changed} | ${app.removed} |`);
  const total = `| **total** | **${report.totals.added}** | **${report.totals.changed}** | **${report.totals.removed}** |`;
  const footer = ['', `<sub>${filtersLine(report)}</sub>`, ''].join('\n');
  const notice = (detail: string) => `> [!WARNING]\n> Truncated to fit --max-bytes ${maxBytes}: ${detail}. Run \`homelab diff\` locally for everything.\n\n`;
  // Reserve room for the longest notice, so adding it never breaks the limit.
  const reserve = bytes(notice(`${report.apps.length} of ${report.apps.length} apps' rows and details are not shown`)) + 64;

  const out: string[] = [`${head.join('\n')}\n`];
  let budget = maxBytes - bytes(out[0]!) - bytes(footer) - reserve;
  const tableText = `${table.join('\n')}\n`;
  out.push(tableText);
  budget -= bytes(tableText) + bytes(`${total}\n\n`);
  const rowsShown = fit(rows.map((row) => `${row}\n`), budget, out);
  budget -= rows.slice(0, rowsShown).reduce((sum, row) => sum + bytes(row) + 1, 0);
  out.push(`${total}\n\n`);
  const noticeAt = out.length;

  let detailsShown = 0;
  let objectsHidden = 0;
  for (const app of report.apps) {
    const open = `<details><summary><b>${app.id}</b>: ${counts(app)}</summary>\n\n`;
    const close = '</details>\n\n';
    if (bytes(open) + bytes(close) > budget) break;
    budget -= bytes(open) + bytes(close);
    const blocks = app.objects.map(objectBlock);
    const parts: string[] = [];
    const shown = fit(blocks, budget, parts);
    budget -= parts.reduce((sum, part) => sum + bytes(part), 0);
    objectsHidden += blocks.length - shown;
    out.push(open, ...parts, shown < blocks.length ? `_${blocks.length - shown} more object${blocks.length - shown === 1 ? '' : 's'} not shown._\n\n` : '', close);
    detailsShown++;
    if (shown < blocks.length) break;
  }
  const appsHidden = report.apps.length - detailsShown;
  if (rowsShown < rows.length || appsHidden > 0 || objectsHidden > 0) {
    const detail = [
      rowsShown < rows.length ? `${rows.length - rowsShown} of ${rows.length} apps are missing from the table` : '',
      appsHidden > 0 ? `details of ${appsHidden} of ${report.apps.length} apps are not shown` : '',
      objectsHidden > 0 && appsHidden === 0 ? `${objectsHidden} object diffs are not shown` : '',
    ].filter(Boolean).join('; ');
    out.splice(noticeAt, 0, notice(detail));
  }
  out.push(footer);
  return out.join('');
}

function objectBlock(object: ObjectChange): string {
  const fence = object.diff.includes('```') ? '~~~~' : '```';
  return `**${object.change}** \`${object.object}\` (\`${object.file}\`)\n\n${fence}diff\n${object.diff}${fence}\n\n`;
}
