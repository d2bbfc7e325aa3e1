// The status report as a table for a terminal, like `flux get kustomizations` with the app graph's view added.
import type { AppStatus, StatusReport } from './app-status.ts';

/** `45s`, `12m`, `3h`, `4d`: how long ago `since` was, at `now`. */
export function age(since: string | undefined, now: Date): string {
  if (since === undefined) return '-';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000));
  if (!Number.isFinite(seconds)) return '-';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** `main@sha1:1a2b3c4d…` → `main@sha1:1a2b3c4`. */
export function shortRevision(revision: string | undefined): string {
  if (!revision) return '-';
  return revision.replace(/([0-9a-f]{7})[0-9a-f]{33,57}$/, '$1');
}

const STATE_WORD: Record<AppStatus['state'], string> = {
  ready: 'ready',
  waiting: 'waiting',
  progressing: 'progressing',
  failing: 'failing',
  missing: 'missing',
  orphaned: 'not in render',
  manual: 'flux: false',
};

function blocked(app: AppStatus): string {
  if (app.blockedBy.length === 0) return '-';
  return app.blockedBy.join(',') + (app.rootCause.length > 0 ? ` (← ${app.rootCause.join(',')})` : '');
}

function message(app: AppStatus): string {
  switch (app.state) {
    case 'missing':
      return 'no Kustomization in the cluster: not published yet, or the app-of-apps has not applied it';
    case 'orphaned':
      return 'the render no longer has this app: Flux prunes it once the render is published';
    case 'manual':
      return 'rendered only, never deployed by Flux';
    default:
      return (app.suspended ? '[suspended] ' : '') + (app.message ?? '').split('\n')[0]!;
  }
}

export function formatStatus(report: StatusReport, now: Date, withSource: boolean): string {
  const header = ['APP', 'READY', 'STATE', 'REVISION', ...(withSource ? ['SOURCE'] : []), 'APPLIED', 'OBJECTS', 'BLOCKED BY', 'MESSAGE'];
  const row = (app: AppStatus) => [
    app.id,
    app.ready ?? '-',
    STATE_WORD[app.state],
    shortRevision(app.revision),
    ...(withSource ? [app.sourceCommit ? app.sourceCommit.slice(0, 7) : app.revision ? '?' : '-'] : []),
    age(app.appliedAt, now),
    app.inventory === undefined ? '-' : String(app.inventory),
    blocked(app),
    message(app),
  ];
  const rows = [header, ...(report.appOfApps ? [row(report.appOfApps)] : []), ...report.apps.map(row), ...report.orphaned.map(row)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  return `${lines.join('\n')}\n`;
}

/** One line for the end: `✔`-worthy when all are Ready, else which apps are not and why. */
export function summarize(report: StatusReport): { ok: boolean; text: string } {
  const managed = report.apps.filter((app) => app.state !== 'manual');
  if (!report.fluxInstalled) return { ok: false, text: `Flux is not installed in context "${report.context}" (no kustomize.toolkit.fluxcd.io/v1 API): run homelab bootstrap` };
  if (report.allReady) {
    return { ok: true, text: `all ${managed.length} app${managed.length === 1 ? ' is' : 's are'} Ready in context "${report.context}"${report.orphaned.length ? `; ${report.orphaned.length} Kustomization(s) not in the render` : ''}` };
  }
  const notReady = managed.filter((app) => app.state !== 'ready');
  const byState = new Map<string, string[]>();
  for (const app of notReady) byState.set(STATE_WORD[app.state], [...(byState.get(STATE_WORD[app.state]) ?? []), app.id]);
  const detail = [...byState].map(([state, ids]) => `${state}: ${ids.join(', ')}`).join('; ');
  return { ok: false, text: `${notReady.length} of ${managed.length} apps not Ready in context "${report.context}" (${detail})` };
}
