// The real chart archives of ../shared/charts (never copied into the repo): found beside the checkout, or beside
// the directory of worktrees, or at HOMELAB_REAL_CHARTS. Tests skip with a clear line when they are absent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { hostEnv } from './env.ts';
import { REPO_ROOT } from './tools.ts';

const CANDIDATES = [
  hostEnv().HOMELAB_REAL_CHARTS,
  path.join(REPO_ROOT, '..', 'shared', 'charts'),
  path.join(REPO_ROOT, '..', '..', 'shared', 'charts'),
].filter((dir): dir is string => Boolean(dir));

/** The directory holding the real charts, or undefined. */
export const REAL_CHARTS_DIR = CANDIDATES.find((dir) => existsSync(path.join(dir, 'README.md')));

/** `{ skip }` for node:test when the real charts are absent, naming where they were looked for. */
export const needsRealCharts: { readonly skip?: string } = REAL_CHARTS_DIR
  ? {}
  : { skip: `the real chart archives are absent (looked in ${CANDIDATES.join(', ')}; set HOMELAB_REAL_CHARTS)` };

/** The path of one real chart archive, e.g. realChart('kube-prometheus-stack-88.5.3.tgz'). */
export function realChart(file: string): string {
  if (!REAL_CHARTS_DIR) throw new Error(needsRealCharts.skip);
  return path.join(REAL_CHARTS_DIR, file);
}
