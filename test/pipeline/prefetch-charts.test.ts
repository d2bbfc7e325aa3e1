import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { readLock } from '../../src/assets/lock.ts';
import { loadConfig } from '../../src/pipeline/pipeline.ts';
import { prefetchCharts } from '../../src/pipeline/prefetch-charts.ts';
import type { ChartArchive, ChartRenderer } from '../../src/render/chart-renderer.ts';
import { startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { runCli } from '../support/run-cli.ts';
import { appsYaml, sourceRepo } from '../support/source-repo.ts';

let repo: ChartRepo;
before(async () => {
  repo = await startChartRepo();
  await repo.addChart({ name: 'one', version: '1.0.0', templates: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: one }\n' } });
  await repo.addChart({ name: 'two', version: '2.0.0', templates: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: two }\n' } });
});
after(() => repo.close());

const chartApp = (id: string, chart: string, version: string) =>
  `  - template: helm-chart\n    id: ${id}\n    options: { repo: ${repo.url}, chart: ${chart}, version: ${version} }\n`;

/** What prepare() was asked for; nothing else of a ChartRenderer is called by prefetchCharts. */
function recorder(): { charts: ChartRenderer; prepared: ChartArchive[] } {
  const prepared: ChartArchive[] = [];
  const unused = () => assert.fail('prefetchCharts only prepares');
  return { charts: { chartCrds: unused, chartValues: unused, render: unused, prepare: (chart) => void prepared.push(chart) }, prepared };
}

describe('prefetchCharts', () => {
  it('prepares each chart archive of the lock, and none whose bytes the lock does not vouch for', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(chartApp('a', 'one', '1.0.0') + chartApp('b', 'two', '2.0.0')) });
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    const config = await loadConfig(dir);
    const lock = await readLock(dir);

    const all = recorder();
    await prefetchCharts([config], all.charts, lock);
    assert.deepEqual(all.prepared.map((chart) => chart.file).sort(), ['assets/helm-chart/one-1.0.0.tgz', 'assets/helm-chart/two-2.0.0.tgz']);
    assert.ok(all.prepared.every((chart) => /^[0-9a-f]{64}$/.test(chart.sha256) && chart.path.startsWith(dir)));

    // Facts read ahead are cached under the lock's digest: an archive changed behind the lock's back is left to the
    // render, which refuses it.
    await appendFile(`${dir}/assets/helm-chart/two-2.0.0.tgz`, 'x');
    const tampered = recorder();
    await prefetchCharts([config], tampered.charts, lock);
    assert.deepEqual(tampered.prepared.map((chart) => chart.file), ['assets/helm-chart/one-1.0.0.tgz']);
  });

  it('does nothing, and fails nothing, without a lock or a renderer that prepares', async () => {
    const dir = await sourceRepo({ 'config/apps.yaml': appsYaml(chartApp('a', 'one', '1.0.0')) });
    const config = await loadConfig(dir);
    const none = recorder();
    await prefetchCharts([config], none.charts, await readLock(dir));
    await prefetchCharts([config], none.charts, undefined);
    assert.deepEqual(none.prepared, []);
    const { prepare: _, ...withoutPrepare } = none.charts;
    await prefetchCharts([config], withoutPrepare, await readLock(dir));
  });
});
