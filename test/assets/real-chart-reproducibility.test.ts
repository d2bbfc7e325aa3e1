// Measures reproducible packaging on every real chart of ../shared/charts that has dependencies: each kept in a
// source repo as its project keeps it (subcharts fetched from a chart repository, not committed), refreshed again
// and again with nothing changed but mtimes and modes, and refreshed from scratch in a fresh clone.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { HELM, startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { needsRealCharts, REAL_CHARTS_DIR } from '../support/real-charts.ts';
import { runCli } from '../support/run-cli.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';

const exec = promisify(execFile);
const sha256 = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

/** How many no-change refreshes each chart goes through. */
const REFRESHES = 5;

interface RealChart {
  readonly archive: string;
  readonly name: string;
  readonly version: string;
  /** Dependencies fetched from a repository (the rest, `repository: ""`, stay in charts/ as committed). */
  readonly fetched: readonly string[];
}

/** Every file under `root` as path → sha256 of its bytes, with its mtime, to tell "same bytes" from "not rewritten". */
async function fileStates(root: string): Promise<Map<string, { sha256: string; mtimeMs: number }>> {
  const states = new Map<string, { sha256: string; mtimeMs: number }>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else states.set(path.relative(root, full), { sha256: sha256(await readFile(full)), mtimeMs: (await stat(full)).mtimeMs });
    }
  };
  await walk(root);
  return states;
}

const digests = (states: Map<string, { sha256: string }>) => Object.fromEntries([...states].map(([file, state]) => [file, state.sha256]));

/** Every file below `dir` touched to `when` with `mode`: what a checkout, an editor or a copy does to mtimes and modes. */
async function touchAll(dir: string, when: Date, mode: number): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    await utimes(full, when, when);
    await chmod(full, mode);
  }
}

/** helm template's objects, tests skipped, without `# Source:` comments; grafana's random password fixed. */
async function helmTemplate(archive: string, name: string): Promise<string> {
  const set = name === 'kube-prometheus-stack' ? ['--set', 'grafana.adminPassword=fixed'] : [];
  const { stdout } = await exec(HELM, ['template', 'release', archive, '--namespace', 'ns', '--kube-version', 'v1.34.0', '--include-crds', '--skip-tests', ...set], { maxBuffer: 256 * 1024 * 1024 });
  return stdout.replace(/^# Source: .*\n/gm, '');
}

describe('reproducible packaging, measured on every real chart with dependencies', needsRealCharts, () => {
  let repo: ChartRepo;
  let work: string;
  const charts: RealChart[] = [];
  let source: string;

  before(async () => {
    repo = await startChartRepo();
    work = await tempDir();
    const archives = (await readdir(REAL_CHARTS_DIR!)).filter((file) => file.endsWith('.tgz')).sort();
    const files: Record<string, string> = {};
    for (const archive of archives) {
      const unpacked = path.join(work, archive);
      await exec('mkdir', ['-p', unpacked]);
      await exec('tar', ['xzf', path.join(REAL_CHARTS_DIR!, archive), '-C', unpacked]);
      const [top] = await readdir(unpacked);
      const chartDir = path.join(unpacked, top!);
      const chartYaml = await readFile(path.join(chartDir, 'Chart.yaml'), 'utf8');
      const metadata = parse(chartYaml) as { name: string; version: string; dependencies?: { name: string; repository?: string }[] };
      const remote = (metadata.dependencies ?? []).filter((d) => /^https?:\/\//.test(d.repository ?? ''));
      if (remote.length === 0) continue;
      // Each fetched dependency as its project publishes it: packaged on its own and served by a chart repository;
      // the source repo keeps the chart without it, as the chart's own git repository does.
      let rewritten = chartYaml;
      for (const dependency of remote) {
        await exec(HELM, ['package', path.join(chartDir, 'charts', dependency.name), '--destination', path.join(work, 'packages')]);
        await rm(path.join(chartDir, 'charts', dependency.name), { recursive: true });
        rewritten = rewritten.replaceAll(dependency.repository!, repo.url);
      }
      for (const file of await readdir(path.join(work, 'packages'))) await repo.addArchive(path.join(work, 'packages', file));
      await writeFile(path.join(chartDir, 'Chart.yaml'), rewritten);
      // metallb's CRDs (rendered from its subcharts' templates) also take typed classes through the refresh: cdk8s
      // import's output must be as stable as the archive. (The others' CRDs are large; one chart keeps the test short.)
      charts.push({ archive, name: metadata.name, version: metadata.version, fetched: remote.map((d) => d.name) });
      files[`templates/${metadata.name}/index.ts`] = `import { Chart, defineTemplate, helmChart, helmChartAsset, z } from 'homelab';
export default defineTemplate({
  name: '${metadata.name}',
  options: z.object({}),
  assets: { chart: helmChartAsset({ path: 'charts/${metadata.name}', chart: '${metadata.name}', version: '${metadata.version}'${metadata.name === 'metallb' ? ', crds: true' : ''} }) },
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    helmChart(chart, 'chart', { chart: app.assets.chart! });
    return chart;
  },
});
`;
    }
    source = await sourceRepo({ 'config/apps.yaml': appsYaml(charts.map((c) => `  - template: ${c.name}\n`).join('')), ...files });
    for (const chart of charts) await cp(path.join(work, chart.archive, chart.name), path.join(source, 'charts', chart.name), { recursive: true });
  });
  after(async () => {
    await repo.close();
  });

  it(`rewrites nothing in ${REFRESHES} no-change refreshes, and a fresh clone packages the same bytes and lock`, async () => {
    // The charts of ../shared/charts with fetched dependencies: kube-prometheus-stack, cloudnative-pg and metallb today.
    assert.ok(charts.length >= 3, `charts with dependencies: ${charts.map((c) => c.name).join(', ')}`);
    const first = await runCli('refresh-assets --source', source);
    assert.equal(first.code, 0, first.stderr);
    assert.ok((await readdir(path.join(source, 'assets/metallb/imports'))).length > 0, 'typed classes for metallb');
    const assets = path.join(source, 'assets');
    const pinned = await fileStates(assets);
    const lock = parse(await readFile(path.join(assets, 'lock.yaml'), 'utf8'));
    for (const chart of charts) {
      const entry = lock.templates[chart.name][`${chart.name}-${chart.version}.tgz`];
      assert.deepEqual(entry.dependencies.map((d: { name: string }) => d.name).sort(), [...chart.fetched].sort(), `${chart.name}: every fetched dependency pinned`);
      // The packaged chart renders like the published one.
      const packaged = path.join(assets, chart.name, `${chart.name}-${chart.version}.tgz`);
      assert.equal(await helmTemplate(packaged, chart.name), await helmTemplate(path.join(REAL_CHARTS_DIR!, chart.archive), chart.name), chart.name);
    }

    let rewrites = 0;
    for (let round = 1; round <= REFRESHES; round++) {
      // Other mtimes and modes each round, as after a checkout or an editor's save without changes.
      await touchAll(path.join(source, 'charts'), new Date(Date.UTC(2000 + round, round, round, round, round, round)), round % 2 ? 0o600 : 0o755);
      const again = await runCli('refresh-assets --source', source);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /✔ assets are up to date/);
      const now = await fileStates(assets);
      for (const [file, state] of now) if (state.mtimeMs !== pinned.get(file)?.mtimeMs) rewrites++;
      assert.deepEqual(digests(now), digests(pinned), `round ${round}: same bytes, same lock`);
    }
    assert.equal(rewrites, 0, `files rewritten in ${REFRESHES} no-change refreshes of ${charts.length} charts`);

    // A fresh clone under another umask, packaged without any lock or asset: the same bytes and the same lock.
    await exec('git', ['init', '-q'], { cwd: source });
    await exec('git', ['add', '-A', '--', '.', ':!assets'], { cwd: source });
    await exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'source'], { cwd: source });
    const clone = path.join(await tempDir(), 'clone');
    await exec('sh', ['-c', `umask 077 && git clone -q "${source}" "${clone}"`]);
    const fresh = await runCli('refresh-assets --source', clone);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.deepEqual(digests(await fileStates(path.join(clone, 'assets'))), digests(pinned), 'a fresh clone packages byte-identical charts and lock');
  });
});
