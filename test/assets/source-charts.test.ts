import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, utimes, writeFile, chmod, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { readChartSource } from '../../src/assets/chart-source.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { testRuntime } from '../support/runtime.ts';
import { HELM, startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { startOciRegistry, type OciRegistry } from '../support/oci-registry.ts';
import { needsRealCharts, realChart } from '../support/real-charts.ts';
import { runCli } from '../support/run-cli.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const exec = promisify(execFile);
const sha256 = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

/** A user template rendering one chart asset into the app's namespace, which it creates. */
function chartTemplate(name: string, asset: string): string {
  return `import { ApiObject, Chart, defineTemplate, helmChart, helmChartAsset, z } from 'homelab';
export default defineTemplate({
  name: '${name}',
  options: z.object({}),
  assets: { chart: helmChartAsset(${asset}) },
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app.namespace } });
    helmChart(chart, 'chart', { chart: app.assets.chart! });
    return chart;
  },
});
`;
}

/** Every file of a tree, recursively, as path → content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  return readTree(dir);
}

/**
 * helm template's objects as homelab renders them (tests skipped), without the `# Source:` comments. grafana's admin
 * password is fixed, since the chart makes a random one. (Test hooks are skipped also because the shared archive
 * was packaged with its subcharts as directories, so it keeps grafana's tests/ that grafana's own .helmignore drops
 * from the grafana archive as published.)
 */
async function helmTemplate(archive: string): Promise<string> {
  const args = ['template', 'release', archive, '--namespace', 'monitoring', '--kube-version', 'v1.34.0', '--include-crds', '--skip-tests', '--set', 'grafana.adminPassword=fixed'];
  const { stdout } = await exec(HELM, args, { maxBuffer: 256 * 1024 * 1024 });
  return stdout.replace(/^# Source: .*\n/gm, '');
}

describe('charts kept in the source repo, packaged reproducibly', () => {
  const chartFiles = {
    'charts/own/Chart.yaml': 'apiVersion: v2\nname: own\nversion: 1.2.3\n',
    'charts/own/values.yaml': 'greeting: hello\n',
    'charts/own/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: own }\ndata: { greeting: {{ .Values.greeting | quote }} }\n',
    'charts/own/templates/.hidden.yaml': 'helm ignores dotfiles in templates/ by default\n',
    'charts/own/templates/NOTES.txt': 'notes\n',
    'charts/own/.helmignore': '# comment\n*.swp\nscratch/\n/TODO\n',
    'charts/own/TODO': 'ignored: anchored at the chart root\n',
    'charts/own/docs/TODO': 'kept: /TODO is anchored\n',
    'charts/own/scratch/notes.txt': 'ignored directory\n',
    'charts/own/templates/cm.yaml.swp': 'ignored by *.swp\n',
  };
  const source = () => sourceRepo({
    'config/apps.yaml': appsYaml('  - template: own\n'),
    'templates/own/index.ts': chartTemplate('own', "{ path: 'charts/own', chart: 'own', version: '1.2.3' }"),
    ...chartFiles,
  });

  it('packages exactly the files helm package would, in a layout helm reads', async () => {
    const dir = await source();
    const run = await runCli('refresh-assets --source', dir);
    assert.equal(run.code, 0, run.stderr);
    const archive = path.join(dir, 'assets/own/own-1.2.3.tgz');
    // The same file list as the real `helm package` of the same directory.
    const out = await tempDir();
    await exec(HELM, ['package', path.join(dir, 'charts/own'), '--destination', out]);
    const list = async (file: string) => (await exec('tar', ['tzf', file])).stdout.split('\n').filter((line) => line && !line.endsWith('/')).sort();
    assert.deepEqual(await list(archive), await list(path.join(out, 'own-1.2.3.tgz')));
    assert.deepEqual(await list(archive), ['own/.helmignore', 'own/Chart.yaml', 'own/docs/TODO', 'own/templates/NOTES.txt', 'own/templates/cm.yaml', 'own/values.yaml']);
    // helm reads it.
    assert.match((await exec(HELM, ['show', 'chart', archive])).stdout, /^name: own$/m);
    assert.match(await helmTemplate(archive), /greeting: "hello"/);
    // Fixed metadata: mtime 0, uid/gid 0, mode 0644.
    const verbose = (await exec('tar', ['tzvf', archive, '--numeric-owner'])).stdout.trim().split('\n');
    for (const line of verbose) assert.match(line, /^-rw-r--r-- 0\/0 +\d+ 1970-01-01 00:00 own\//, line);
    const { tree } = await renderSource(dir, testRuntime());
    assert.equal(parse(tree.get('own/11-configmap-own.yaml')!).data.greeting, 'hello');
  });

  it('gives the same bytes and lock whatever the mtimes, modes, umask or checkout', async () => {
    const dir = await source();
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    const before = await snapshot(path.join(dir, 'assets'));

    // Every file touched to another time, modes changed.
    for (const file of Object.keys(chartFiles)) {
      await utimes(path.join(dir, file), new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
      await chmod(path.join(dir, file), 0o600);
    }
    const again = await runCli('refresh-assets --source', dir);
    assert.match(again.stderr, /✔ assets are up to date \(1 files\)/);
    assert.deepEqual(await snapshot(path.join(dir, 'assets')), before);

    // A fresh clone under another umask, whose files all have new mtimes and other modes.
    await exec('git', ['init', '-q'], { cwd: dir });
    await exec('git', ['add', '-A'], { cwd: dir });
    await exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'source'], { cwd: dir });
    const clone = path.join(await tempDir(), 'clone');
    await exec('sh', ['-c', `umask 077 && git clone -q "${dir}" "${clone}"`]);
    const cloned = await runCli('refresh-assets --source', clone);
    assert.equal(cloned.code, 0, cloned.stderr);
    assert.match(cloned.stderr, /✔ assets are up to date \(1 files\)/);
    assert.deepEqual(await snapshot(path.join(clone, 'assets')), before);
  });

  it('rendering refuses a chart edited since the lock, naming the file and the command', async () => {
    const dir = await source();
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    const out = path.join(dir, 'out');
    assert.equal((await runCli('generate-manifests --source', dir, '--output', out)).code, 0);
    const written = await snapshot(out);

    await writeFile(path.join(dir, 'charts/own/values.yaml'), 'greeting: edited\n');
    const edited = await runCli('generate-manifests --source', dir, '--output', out);
    assert.equal(edited.code, 1);
    assert.match(edited.stderr, /app "own" \(template "own"\): the chart in charts\/own changed since assets\/own\/own-1\.2\.3\.tgz was packaged \(charts\/own\/values\.yaml was edited\): run `homelab refresh-assets --filter own` to package it again/);
    assert.deepEqual(await snapshot(out), written, 'nothing was written');
    const diff = await runCli('diff --source', dir, '--against', out);
    assert.equal(diff.code, 2, 'diff reports the stale chart instead of "no changes"');
    assert.match(diff.stderr, /the chart in charts\/own changed since assets\/own\/own-1\.2\.3\.tgz was packaged \(charts\/own\/values\.yaml was edited\): run `homelab refresh-assets --filter own`/);
    assert.doesNotMatch(diff.stdout + diff.stderr, /no changes/);
    // After the refresh, diff shows the edit itself.
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    const refreshed = await runCli('diff --source', dir, '--against', out);
    assert.equal(refreshed.code, 1, refreshed.stderr);
    assert.match(refreshed.stdout, /greeting: "?edited"?/);
    await writeFile(path.join(dir, 'charts/own/values.yaml'), 'greeting: hello\n');
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);

    await writeFile(path.join(dir, 'charts/own/values.yaml'), 'greeting: hello\n');
    await writeFile(path.join(dir, 'charts/own/templates/extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }\n');
    const added = await runCli('generate-manifests --source', dir, '--output', out);
    assert.match(added.stderr, /\(charts\/own\/templates\/extra\.yaml was added\)/);

    // An ignored file is no change; refreshing makes the render pass again.
    await rm(path.join(dir, 'charts/own/templates/extra.yaml'));
    await writeFile(path.join(dir, 'charts/own/scratch/more.txt'), 'ignored\n');
    assert.equal((await runCli('generate-manifests --source', dir, '--output', out)).code, 0);
  });

  it('are also what the built-in helm-chart template renders with options.path', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: helm-chart\n    id: own\n    namespace: default\n    options: { path: charts/own, chart: own, version: 1.2.3, values: { greeting: hi } }\n'),
      ...chartFiles,
    });
    const run = await runCli('refresh-assets --source', dir);
    assert.equal(run.code, 0, run.stderr);
    const lock = parse(await readFile(path.join(dir, 'assets/lock.yaml'), 'utf8'));
    assert.equal(lock.templates['helm-chart']['own-1.2.3.tgz'].source, 'charts/own');
    const { tree } = await renderSource(dir, testRuntime());
    const configMap = [...tree].find(([file]) => file.startsWith('own/') && file.endsWith('configmap-own.yaml'));
    assert.ok(configMap, [...tree.keys()].join(', '));
    assert.equal(parse(configMap[1]).data.greeting, 'hi');
    await writeFile(path.join(dir, 'charts/own/templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: own }\n');
    const stale = await runCli('validate --source', dir);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /the chart in charts\/own changed since assets\/helm-chart\/own-1\.2\.3\.tgz was packaged \(charts\/own\/templates\/cm\.yaml was edited\): run `homelab refresh-assets --filter helm-chart`/);

    for (const [options, message] of [
      ['{ chart: own, version: 1.2.3 }', /apps\[0\]\.options: give either repo \(a chart repository or OCI registry\) or path \(a chart directory of the source repo\)/],
      ['{ repo: "https://charts.example.com", path: charts/own, chart: own, version: 1.2.3 }', /apps\[0\]\.options: give either repo/],
      ['{ path: ../outside, chart: own, version: 1.2.3 }', /apps\[0\]\.options\.path: expected a chart directory inside the source repo, such as charts\/my-chart/],
    ] as const) {
      await writeFile(path.join(dir, 'config/apps.yaml'), appsYaml(`  - template: helm-chart\n    id: own\n    namespace: default\n    options: ${options}\n`));
      const bad = await runCli('validate --source', dir);
      assert.equal(bad.code, 1, options);
      assert.match(bad.stderr, message);
    }
  });

  it('reads .helmignore globs as helm does (classes, ?, structural and base-name rules)', async () => {
    const files: Record<string, string> = {
      'Chart.yaml': 'apiVersion: v2\nname: globs\nversion: 0.1.0\n',
      '.helmignore': 'temp?\n*/temp*\n[a-c]*.md\n[^x]y.txt\n\\#literal\ntemplates/*.bak\n',
      'temp1': '', 'temp12': '', 'docs/tempfile': '', 'docs/deeper/tempfile': '', 'a.md': '', 'd.md': '', 'zy.txt': '', 'xy.txt': '',
      '#literal': '', 'templates/x.bak': '', 'templates/sub/x.bak': '', 'templates/ok.yaml': '',
    };
    const dir = await sourceRepo(Object.fromEntries(Object.entries(files).map(([file, text]) => [`charts/globs/${file}`, text])));
    const ours = [...(await readChartSource(dir, 'charts/globs')).files.keys()].map((file) => `globs/${file}`).sort();
    const out = await tempDir();
    await exec(HELM, ['package', path.join(dir, 'charts/globs'), '--destination', out]);
    const helms = (await exec('tar', ['tzf', path.join(out, 'globs-0.1.0.tgz')])).stdout.split('\n').filter((line) => line && !line.endsWith('/')).sort();
    assert.deepEqual(ours, helms);
    assert.deepEqual(ours, ['globs/.helmignore', 'globs/Chart.yaml', 'globs/d.md', 'globs/docs/deeper/tempfile', 'globs/temp12', 'globs/templates/ok.yaml', 'globs/templates/sub/x.bak', 'globs/xy.txt']);
  });

  it('packages file:// dependencies from the source repo, and notices when they change', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: app\n'),
      'templates/app/index.ts': chartTemplate('app', "{ path: 'charts/app', chart: 'app', version: '0.1.0' }"),
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: common\n    version: 1.0.0\n    repository: file://../common\n',
      'charts/app/templates/cm.yaml': '{{ include "common.configmap" . }}\n',
      'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 1.0.0\ntype: library\n',
      'charts/common/templates/_helpers.tpl': '{{- define "common.configmap" -}}\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{ .Release.Name }}-common }\ndata: { from: common }\n{{- end }}\n',
    });
    const run = await runCli('refresh-assets --source', dir);
    assert.equal(run.code, 0, run.stderr);
    const listing = (await exec('tar', ['tzf', path.join(dir, 'assets/app/app-0.1.0.tgz')])).stdout;
    assert.match(listing, /^app\/charts\/common-1\.0\.0\.tgz$/m);
    const { tree } = await renderSource(dir, testRuntime());
    assert.equal(parse(tree.get('app/11-configmap-app-common.yaml')!).data.from, 'common');
    // An archive `helm dependency build` left for a declared dependency (often gitignored) changes nothing: packaging
    // replaces it, so the source digest leaves it out and a checkout with or without it renders alike.
    await mkdir(path.join(dir, 'charts/app/charts'));
    await writeFile(path.join(dir, 'charts/app/charts/common-1.0.0.tgz'), 'built by hand\n');
    assert.equal((await runCli('validate --source', dir)).code, 0);
    assert.match((await runCli('refresh-assets --source', dir)).stderr, /✔ assets are up to date/);
    await rm(path.join(dir, 'charts/app/charts'), { recursive: true });

    await writeFile(path.join(dir, 'charts/common/templates/_helpers.tpl'), '{{- define "common.configmap" -}}{{- end }}\n');
    const stale = await runCli('validate --source', dir);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /the chart in charts\/app changed since assets\/app\/app-0\.1\.0\.tgz was packaged \(charts\/common\/templates\/_helpers\.tpl was edited\): run `homelab refresh-assets --filter app`/);

    await writeFile(path.join(dir, 'charts/app/Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: common\n    version: 1.0.0\n    repository: file://../../../outside\n');
    const outside = await runCli('refresh-assets --source', dir);
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /dependency "common" \(file:\/\/\.\.\/\.\.\/\.\.\/outside\) is outside the source repo/);
  });

  it('refuses a .helmignore helm would refuse', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: own\n'),
      'templates/own/index.ts': chartTemplate('own', "{ path: 'charts/own', chart: 'own', version: '1.2.3' }"),
      'charts/own/Chart.yaml': 'apiVersion: v2\nname: own\nversion: 1.2.3\n',
      'charts/own/.helmignore': 'ok\n**/*.bak\n',
    });
    const run = await runCli('refresh-assets --source', dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /charts\/own\/\.helmignore:2: "\*\*\/\*\.bak": double-star \(\*\*\) syntax is not supported/);
    await assert.rejects(readdir(path.join(dir, 'assets')));
  });
});

describe('dependencies of charts kept in the source repo (kube-prometheus-stack from its source layout)', needsRealCharts, () => {
  let repo: ChartRepo;
  let registry: OciRegistry;
  let work: string;
  /** The subchart archives served, by chart name. */
  const served = new Map<string, string>();
  const SUBCHARTS = ['kube-state-metrics', 'prometheus-node-exporter', 'prometheus-windows-exporter', 'grafana'];

  before(async () => {
    repo = await startChartRepo();
    registry = await startOciRegistry();
    work = await tempDir();
    await exec('tar', ['xzf', realChart('kube-prometheus-stack-88.5.3.tgz'), '-C', work]);
    // Each subchart as its project publishes it: packaged on its own; grafana in an OCI registry, the rest in a chart repo.
    for (const name of SUBCHARTS) {
      await exec(HELM, ['package', path.join(work, 'kube-prometheus-stack/charts', name), '--destination', path.join(work, 'packages')]);
      const [archive] = (await readdir(path.join(work, 'packages'))).filter((file) => file.startsWith(`${name}-`) && /^[^a-z]/.test(file.slice(name.length + 1)));
      const file = path.join(work, 'packages', archive!);
      served.set(name, file);
      if (name === 'grafana') await registry.push(file);
      else await repo.addArchive(file);
    }
    // Versions around the real windows exporter 0.12.8, to show the range `0.12.*` resolves to the highest match.
    await repo.addChart({ name: 'prometheus-windows-exporter', version: '0.12.1' });
    await repo.addChart({ name: 'prometheus-windows-exporter', version: '0.13.0' });
  });
  after(async () => {
    await repo.close();
    await registry.close();
  });

  /** A source repo holding the chart's source: Chart.yaml pointing at the local repositories, charts/ without the fetched subcharts. */
  async function stackSource(): Promise<string> {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: monitoring\n    namespace: monitoring\n'),
      'templates/monitoring/index.ts': chartTemplate('monitoring', "{ path: 'charts/kube-prometheus-stack', chart: 'kube-prometheus-stack', version: '88.5.3', plainHttp: true }"),
    });
    const chartDir = path.join(dir, 'charts/kube-prometheus-stack');
    await cp(path.join(work, 'kube-prometheus-stack'), chartDir, { recursive: true });
    for (const name of SUBCHARTS) await rm(path.join(chartDir, 'charts', name), { recursive: true });
    const chartYaml = (await readFile(path.join(chartDir, 'Chart.yaml'), 'utf8'))
      .replaceAll('https://prometheus-community.github.io/helm-charts', repo.url)
      .replace('https://grafana-community.github.io/helm-charts', registry.repo);
    await writeFile(path.join(chartDir, 'Chart.yaml'), chartYaml);
    return dir;
  }

  it('fetches every dependency with helm, pins it, and packages a chart helm renders exactly like the published one', async () => {
    const dir = await stackSource();
    const run = await runCli('refresh-assets --source', dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /✔ pinned dependency "prometheus-windows-exporter" 0\.12\.8 \(for "0\.12\.\*"\) from "http:\/\/127\.0\.0\.1:\d+" \(sha256 [0-9a-f]{12}…\)/);
    const lock = parse(await readFile(path.join(dir, 'assets/lock.yaml'), 'utf8'));
    const entry = lock.templates.monitoring['kube-prometheus-stack-88.5.3.tgz'];
    const pinned = async (name: string, version: string, repository: string, constraint?: string) => ({
      name, version, ...(constraint && { constraint }), repository, sha256: sha256(await readFile(served.get(name)!)),
    });
    assert.deepEqual(entry.dependencies, [
      await pinned('grafana', '12.11.1', registry.repo),
      await pinned('kube-state-metrics', '8.4.0', repo.url),
      await pinned('prometheus-node-exporter', '4.56.1', repo.url),
      await pinned('prometheus-windows-exporter', '0.12.8', repo.url, '0.12.*'),
    ]);
    assert.match(entry.sourceDigest, /^[0-9a-f]{64}$/);

    const archive = path.join(dir, 'assets/monitoring/kube-prometheus-stack-88.5.3.tgz');
    const listing = (await exec('tar', ['tzf', archive])).stdout;
    for (const name of SUBCHARTS) assert.match(listing, new RegExp(`^kube-prometheus-stack/charts/${name}-[0-9.]+\\.tgz$`, 'm'));
    assert.equal(await helmTemplate(archive), await helmTemplate(realChart('kube-prometheus-stack-88.5.3.tgz')));

    // A refresh with nothing changed keeps every pin and every byte.
    const before = await snapshot(path.join(dir, 'assets'));
    const again = await runCli('refresh-assets --source', dir);
    assert.match(again.stderr, /✔ assets are up to date/);
    assert.deepEqual(await snapshot(path.join(dir, 'assets')), before);
  });

  it('refuses a dependency re-published with other bytes unless --update names the template', async () => {
    const dir = await stackSource();
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    const before = await snapshot(path.join(dir, 'assets'));
    // kube-state-metrics 8.4.0 again, with one more file.
    const republish = path.join(await tempDir(), 'kube-state-metrics');
    await cp(path.join(work, 'kube-prometheus-stack/charts/kube-state-metrics'), republish, { recursive: true });
    await writeFile(path.join(republish, 'templates/extra.yaml'), '# re-published\n');
    const out = await tempDir();
    await exec(HELM, ['package', republish, '--destination', out]);
    const original = await readFile(served.get('kube-state-metrics')!);
    try {
      await repo.addArchive(path.join(out, 'kube-state-metrics-8.4.0.tgz'));
      const refused = await runCli('refresh-assets --source', dir);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /template "monitoring": dependency "kube-state-metrics" 8\.4\.0 of charts\/kube-prometheus-stack: chart "kube-state-metrics" 8\.4\.0 from http:\/\/127\.0\.0\.1:\d+ was re-published with different bytes: its sha256 is [0-9a-f]{64}, assets\/lock\.yaml pinned [0-9a-f]{64}; if you trust the new archive, accept it with `homelab refresh-assets --update monitoring`/);
      assert.deepEqual(await snapshot(path.join(dir, 'assets')), before, 'nothing changed');

      const accepted = await runCli('refresh-assets --source', dir, '--update', 'monitoring');
      assert.equal(accepted.code, 0, accepted.stderr);
      const lock = parse(await readFile(path.join(dir, 'assets/lock.yaml'), 'utf8'));
      const ksm = lock.templates.monitoring['kube-prometheus-stack-88.5.3.tgz'].dependencies.find((d: { name: string }) => d.name === 'kube-state-metrics');
      assert.equal(ksm.sha256, sha256(await readFile(path.join(out, 'kube-state-metrics-8.4.0.tgz'))));
    } finally {
      const restore = path.join(await tempDir(), 'kube-state-metrics-8.4.0.tgz');
      await writeFile(restore, original);
      await repo.addArchive(restore);
    }
  });

  it('names a dependency that cannot be fetched, with its repository, and changes nothing', async () => {
    const dir = await stackSource();
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    const before = await snapshot(path.join(dir, 'assets'));
    const chartYaml = path.join(dir, 'charts/kube-prometheus-stack/Chart.yaml');
    await writeFile(chartYaml, (await readFile(chartYaml, 'utf8')).replace('version: 4.56.1', 'version: 9.9.9'));
    const missing = await runCli('refresh-assets --source', dir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /template "monitoring": dependency "prometheus-node-exporter" 9\.9\.9 of charts\/kube-prometheus-stack cannot be fetched from http:\/\/127\.0\.0\.1:\d+: .*9\.9\.9/);
    assert.deepEqual(await snapshot(path.join(dir, 'assets')), before);

    await writeFile(chartYaml, (await readFile(chartYaml, 'utf8')).replace('version: 9.9.9', 'version: 4.56.1').replace(`repository: ${repo.url}`, 'repository: http://127.0.0.1:9'));
    const unreachable = await runCli('refresh-assets --source', dir);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /dependency "kube-state-metrics" 8\.4\.0 of charts\/kube-prometheus-stack cannot be fetched from http:\/\/127\.0\.0\.1:9: .*(refused|connect)/);
    assert.deepEqual(await snapshot(path.join(dir, 'assets')), before);
  });
});

describe('typed classes for CRDs that charts render from templates', needsRealCharts, () => {
  it('come from helm template (default values, or the asset\'s crds.values)', async () => {
    const repo = await startChartRepo();
    try {
      await repo.addArchive(realChart('metallb-0.16.1.tgz'));
      await repo.addArchive(realChart('cert-manager-v1.21.1.tgz'));
      const dir = await sourceRepo({
        'config/apps.yaml': appsYaml('  - template: metallb\n  - template: cert-manager\n'),
        'templates/metallb/index.ts': chartTemplate('metallb', `{ repo: '${repo.url}', chart: 'metallb', version: '0.16.1', crds: true }`),
        'templates/cert-manager/index.ts': chartTemplate('cert-manager', `{ repo: '${repo.url}', chart: 'cert-manager', version: 'v1.21.1', crds: { values: { crds: { enabled: true } } } }`),
      });
      const run = await runCli('refresh-assets --source', dir);
      assert.equal(run.code, 0, run.stderr);
      // metallb's CRDs are templates of its crds and frr-k8s subcharts; cert-manager's are templates gated by crds.enabled.
      assert.deepEqual((await readdir(path.join(dir, 'assets/metallb/imports'))).sort(), ['frrk8s.metallb.io.ts', 'metallb.io.ts']);
      assert.deepEqual((await readdir(path.join(dir, 'assets/cert-manager/imports'))).sort(), ['acme.cert-manager.io.ts', 'cert-manager.io.ts']);
      assert.match(await readFile(path.join(dir, 'assets/metallb/imports/metallb.io.ts'), 'utf8'), /export class IpAddressPool extends ApiObject/);
      assert.match(await readFile(path.join(dir, 'assets/cert-manager/imports/cert-manager.io.ts'), 'utf8'), /export class Certificate extends ApiObject/);

      // Without the value cert-manager renders no CRDs: a clear error, nothing changed.
      const before = await snapshot(path.join(dir, 'assets'));
      await writeFile(path.join(dir, 'templates/cert-manager/index.ts'), chartTemplate('cert-manager', `{ repo: '${repo.url}', chart: 'cert-manager', version: 'v1.21.1', crds: true }`));
      const none = await runCli('refresh-assets --source', dir);
      assert.equal(none.code, 1);
      assert.match(none.stderr, /template "cert-manager": cert-manager-v1\.21\.1\.tgz provides no CRDs, in crds\/ or rendered from its templates with its default values, but the asset asks for them \(crds: true\); charts that render CRDs only when a value is set need it in `crds: \{ values: \{ … \} \}`/);
      assert.deepEqual(await snapshot(path.join(dir, 'assets')), before);
    } finally {
      await repo.close();
    }
  });
});

describe('re-published charts from a repository', () => {
  it('are refused unless --update names the template', async () => {
    const repo = await startChartRepo();
    try {
      await repo.addChart({ name: 'podinfo', version: '6.7.1' });
      const dir = await sourceRepo({
        'config/apps.yaml': appsYaml('  - template: alpha\n'),
        'templates/alpha/index.ts': chartTemplate('alpha', `{ repo: '${repo.url}', chart: 'podinfo', version: '6.7.1' }`),
      });
      assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
      const before = await snapshot(path.join(dir, 'assets'));
      await repo.addChart({ name: 'podinfo', version: '6.7.1', values: 'replicaCount: 3\n' });
      const refused = await runCli('refresh-assets --source', dir);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /template "alpha": chart "podinfo" 6\.7\.1 from http:\/\/127\.0\.0\.1:\d+ was re-published with different bytes: its sha256 is [0-9a-f]{64}, assets\/lock\.yaml pinned [0-9a-f]{64}; if you trust the new archive, accept it with `homelab refresh-assets --update alpha`/);
      assert.deepEqual(await snapshot(path.join(dir, 'assets')), before);

      const unknown = await runCli('refresh-assets --source', dir, '--update', 'alpah');
      assert.match(unknown.stderr, /--update "alpah" is not a template with assets in this config; did you mean "alpha"\?/);
      const accepted = await runCli('refresh-assets --source', dir, '--update', 'alpha');
      assert.equal(accepted.code, 0, accepted.stderr);
      assert.match(accepted.stderr, /✔ vendored "assets\/alpha\/podinfo-6\.7\.1\.tgz"/);
    } finally {
      await repo.close();
    }
  });

  it('are refused from an OCI registry too (a tag pushed again with other bytes)', async () => {
    const builder = await startChartRepo();
    const registry = await startOciRegistry();
    try {
      await registry.push(await builder.addChart({ name: 'podinfo', version: '6.7.1' }));
      const dir = await sourceRepo({
        'config/apps.yaml': appsYaml('  - template: alpha\n'),
        'templates/alpha/index.ts': chartTemplate('alpha', `{ repo: '${registry.repo}', chart: 'podinfo', version: '6.7.1', plainHttp: true }`),
      });
      assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
      const before = await snapshot(path.join(dir, 'assets'));
      await registry.push(await builder.addChart({ name: 'podinfo', version: '6.7.1', values: 'replicaCount: 3\n' }));
      const refused = await runCli('refresh-assets --source', dir);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^✗ failed to refresh assets \(nothing was changed\):$/m);
      assert.match(refused.stderr, /template "alpha": chart "podinfo" 6\.7\.1 from oci:\/\/127\.0\.0\.1:\d+\/charts was re-published with different bytes: its sha256 is [0-9a-f]{64}, assets\/lock\.yaml pinned [0-9a-f]{64}; if you trust the new archive, accept it with `homelab refresh-assets --update alpha`/);
      assert.deepEqual(await snapshot(path.join(dir, 'assets')), before, 'nothing changed');
      const accepted = await runCli('refresh-assets --source', dir, '--update', 'alpha');
      assert.equal(accepted.code, 0, accepted.stderr);
      assert.notDeepEqual(await snapshot(path.join(dir, 'assets')), before);
    } finally {
      await registry.close();
      await builder.close();
    }
  });
});
