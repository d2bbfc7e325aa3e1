import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { startChartRepo, WIDGET_CRD, type ChartRepo } from '../support/chart-repo.ts';
import { startOciRegistry } from '../support/oci-registry.ts';
import { runCli } from '../support/run-cli.ts';
import { testRuntime } from '../support/runtime.ts';
import { FLUX_YAML, appsYaml, sourceRepo as newSourceRepo } from '../support/source-repo.ts';

/** Chart apps create no namespace of their own: these tests' cluster has them. */
const sourceRepo = (files: Record<string, string>) => newSourceRepo({ 'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [alpha, beta, gamma, own, oci]\n`, ...files });
import { readTree } from '../support/tree-snapshot.ts';

let repo: ChartRepo;
let podinfoArchive: string;
before(async () => {
  repo = await startChartRepo();
  podinfoArchive = await repo.addChart({ name: 'podinfo', version: '6.7.1' });
  await repo.addChart({ name: 'podinfo', version: '6.8.0' });
  await repo.addChart({ name: 'widgets', version: '1.0.0', templates: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: w }\n' }, crds: { 'widget.yaml': WIDGET_CRD } });
});
after(() => repo.close());

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

/** A user template declaring static assets. */
function assetTemplate(name: string, assets: string): string {
  return `import { Chart, defineTemplate, helmChart, helmChartAsset, urlAsset, z } from 'homelab';
export default defineTemplate({
  name: '${name}',
  options: z.object({}),
  assets: ${assets},
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    for (const asset of Object.values(app.assets)) if (asset.spec.type === 'helm-chart') helmChart(chart, asset.file, { chart: asset });
    return chart;
  },
});
`;
}

async function twoTemplateSource(podinfoVersion = '6.7.1', widgetsUrl = `${repo.url}/index.yaml`) {
  return sourceRepo({
    'config/apps.yaml': appsYaml('  - template: alpha\n  - template: beta\n'),
    'templates/alpha/index.ts': assetTemplate('alpha', `{ chart: helmChartAsset({ repo: '${repo.url}', chart: 'podinfo', version: '${podinfoVersion}' }) }`),
    'templates/beta/index.ts': assetTemplate('beta', `{ index: urlAsset({ url: '${widgetsUrl}', file: 'index.yaml' }), widgets: helmChartAsset({ repo: '${repo.url}', chart: 'widgets', version: '1.0.0', crds: true }) }`),
  });
}

describe('homelab refresh-assets', () => {
  it('vendors charts and files into assets/<template>/ and pins them in a deterministic lock', async () => {
    const dir = await twoTemplateSource();
    const run = await runCli('refresh-assets --source', dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /✔ vendored "assets\/alpha\/podinfo-6\.7\.1\.tgz" \(sha256 [0-9a-f]{12}…, \d+ bytes\)/);
    const lock = parse(await readFile(path.join(dir, 'assets/lock.yaml'), 'utf8'));
    assert.deepEqual(lock.templates.alpha, {
      'podinfo-6.7.1.tgz': { source: repo.url, chart: 'podinfo', version: '6.7.1', sha256: await sha256(podinfoArchive), size: (await readFile(podinfoArchive)).length },
    });
    assert.deepEqual(Object.keys(lock.templates.beta), ['index.yaml', 'widgets-1.0.0.crds.yaml', 'widgets-1.0.0.tgz']);
    assert.equal(lock.templates.beta['widgets-1.0.0.crds.yaml'].extractedFrom, 'widgets-1.0.0.tgz');
    assert.match(await readFile(path.join(dir, 'assets/beta/widgets-1.0.0.crds.yaml'), 'utf8'), /name: widgets\.example\.dev/);
    assert.equal(await sha256(path.join(dir, 'assets/alpha/podinfo-6.7.1.tgz')), await sha256(podinfoArchive));

    const lockBytes = await readFile(path.join(dir, 'assets/lock.yaml'), 'utf8');
    const again = await runCli('refresh-assets --source', dir);
    assert.match(again.stderr, /✔ assets are up to date \(4 files\)/);
    assert.equal(await readFile(path.join(dir, 'assets/lock.yaml'), 'utf8'), lockBytes);
    assert.doesNotMatch(lockBytes, /fetched|date|time/i);
  });

  it('--filter touches only the named templates', async () => {
    const dir = await twoTemplateSource();
    await runCli('refresh-assets --source', dir);
    const before = await readTree(path.join(dir, 'assets/beta'));
    const bumped = await twoTemplateSource('6.8.0');
    await rm(path.join(bumped, 'assets'), { recursive: true, force: true });
    await (await import('node:fs/promises')).cp(path.join(dir, 'assets'), path.join(bumped, 'assets'), { recursive: true });
    repo.requests.length = 0;
    const run = await runCli('refresh-assets --source', bumped, '--filter', 'alpha');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /removed "assets\/alpha\/podinfo-6\.7\.1\.tgz", which no template declares any more/);
    assert.deepEqual(Object.keys(await readTree(path.join(bumped, 'assets/alpha'))), ['podinfo-6.8.0.tgz']);
    assert.deepEqual(await readTree(path.join(bumped, 'assets/beta')), before);
    assert.equal(repo.requests.some((p) => p.includes('widgets')), false, 'beta was not fetched');
  });

  it('leaves assets and lock untouched when a chart version does not exist', async () => {
    const dir = await twoTemplateSource();
    await runCli('refresh-assets --source', dir);
    const before = await readTree(path.join(dir, 'assets'));
    await appendFile(path.join(dir, 'templates/alpha/index.ts'), '\n');
    const missing = await twoTemplateSource('9.9.9');
    await (await import('node:fs/promises')).cp(path.join(dir, 'assets'), path.join(missing, 'assets'), { recursive: true });
    const run = await runCli('refresh-assets --source', missing);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ failed to refresh assets \(nothing was changed\):\ntemplate "alpha": helm pull of chart "podinfo" 9\.9\.9 from http:\/\/127\.0\.0\.1:\d+ failed: .*9\.9\.9/);
    assert.deepEqual(await readTree(path.join(missing, 'assets')), before);
  });

  it('reports an unreachable chart repository', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: alpha\n'),
      'templates/alpha/index.ts': assetTemplate('alpha', `{ chart: helmChartAsset({ repo: 'http://127.0.0.1:9', chart: 'podinfo', version: '6.7.1' }) }`),
    });
    const run = await runCli('refresh-assets --source', dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /template "alpha": helm pull of chart "podinfo" 6\.7\.1 from http:\/\/127\.0\.0\.1:9 failed: .*(refused|connect)/);
  });

  it('reports a non-200 answer and a checksum mismatch for files', async () => {
    const notFound = await twoTemplateSource('6.7.1', `${repo.url}/nope.yaml`);
    const run = await runCli('refresh-assets --source', notFound);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /template "beta": GET http:\/\/127\.0\.0\.1:\d+\/nope\.yaml answered 404 Not Found, expected 200/);

    const wrongDigest = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: alpha\n'),
      'templates/alpha/index.ts': assetTemplate('alpha', `{ chart: helmChartAsset({ repo: '${repo.url}', chart: 'podinfo', version: '6.7.1', sha256: '${'0'.repeat(64)}' }) }`),
    });
    const mismatch = await runCli('refresh-assets --source', wrongDigest);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, new RegExp(`checksum mismatch for chart "podinfo" 6\\.7\\.1 from .*: the template expects sha256 0{64}, the download has ${await sha256(podinfoArchive)}`));
  });
});

describe('charts in an OCI registry', () => {
  it('are pulled with helm from oci://, pinned, and rendered; a missing version is a clear error', async () => {
    const registry = await startOciRegistry();
    try {
      await registry.push(podinfoArchive);
      const source = (version: string) => sourceRepo({
        'config/apps.yaml': appsYaml('  - template: oci\n'),
        'templates/oci/index.ts': assetTemplate('oci', `{ chart: helmChartAsset({ repo: '${registry.repo}', chart: 'podinfo', version: '${version}', plainHttp: true }) }`),
      });
      const dir = await source('6.7.1');
      const run = await runCli('refresh-assets --source', dir);
      assert.equal(run.code, 0, run.stderr);
      const lock = parse(await readFile(path.join(dir, 'assets/lock.yaml'), 'utf8'));
      assert.deepEqual(lock.templates.oci['podinfo-6.7.1.tgz'], { source: registry.repo, chart: 'podinfo', version: '6.7.1', sha256: await sha256(podinfoArchive), size: (await readFile(podinfoArchive)).length });
      assert.ok((await renderSource(dir, testRuntime())).tree.has('oci/29-deployment-oci-podinfo.yaml'));

      const missing = await runCli('refresh-assets --source', await source('9.9.9'));
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /template "oci": helm pull of chart "podinfo" 9\.9\.9 from oci:\/\/127\.0\.0\.1:\d+\/charts failed: .*not found/);
    } finally {
      await registry.close();
    }
  });
});

describe('charts kept in the source repo', () => {
  const localChart = (version: string) => assetTemplate('own', `{ chart: helmChartAsset({ path: 'charts/own', chart: 'own', version: '${version}' }) }`);
  const chartYaml = 'apiVersion: v2\nname: own\nversion: 1.2.3\n';
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: own }\ndata: { release: "{{ .Release.Name }}" }\n';

  it('are packaged reproducibly and pinned like any chart, with the digest of their sources', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: own\n'),
      'templates/own/index.ts': localChart('1.2.3'),
      'charts/own/Chart.yaml': chartYaml,
      'charts/own/templates/cm.yaml': configMap,
    });
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    const lock = parse(await readFile(path.join(dir, 'assets/lock.yaml'), 'utf8'));
    assert.equal(lock.templates.own['own-1.2.3.tgz'].source, 'charts/own');
    const again = await runCli('refresh-assets --source', dir);
    assert.match(again.stderr, /✔ assets are up to date \(1 files\)/, 'packaging again gives the same bytes');
    assert.match(lock.templates.own['own-1.2.3.tgz'].sourceDigest, /^[0-9a-f]{64}$/);
    const { tree } = await renderSource(dir, testRuntime());
    assert.equal(parse(tree.get('own/11-configmap-own.yaml')!).data.release, 'own');
  });

  it('must match the declared chart version', async () => {
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: own\n'),
      'templates/own/index.ts': localChart('1.2.4'),
      'charts/own/Chart.yaml': chartYaml,
      'charts/own/templates/cm.yaml': configMap,
    });
    const run = await runCli('refresh-assets --source', dir);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /charts\/own packages as own-1\.2\.3\.tgz, not own-1\.2\.4\.tgz: make the template's chart and version match its Chart\.yaml/);
  });
});

describe('typed CRD imports', () => {
  it('are generated by cdk8s import from a template\'s CRDs, and templates create custom resources with them', async () => {
    const dir = await twoTemplateSource();
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    const generated = await readFile(path.join(dir, 'assets/beta/imports/example.dev.ts'), 'utf8');
    assert.match(generated, /export class Widget extends ApiObject/);
    assert.match(generated, /apiVersion: 'example\.dev\/v1'/);

    await mkdir(path.join(dir, 'templates/gamma'));
    await writeFile(path.join(dir, 'templates/gamma/index.ts'), `import { Chart, defineTemplate, z } from 'homelab';
import { Widget } from '../../assets/beta/imports/example.dev.ts';
export default defineTemplate({
  name: 'gamma',
  options: z.object({}),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    new Widget(chart, 'widget', { metadata: { name: 'typed' } });
    return chart;
  },
});
`);
    await writeFile(path.join(dir, 'config/apps.yaml'), appsYaml('  - template: alpha\n  - template: beta\n  - template: gamma\n'));
    const { tree } = await renderSource(dir, testRuntime());
    assert.deepEqual(parse(tree.get('gamma/90-widget-typed.yaml')!), { apiVersion: 'example.dev/v1', kind: 'Widget', metadata: { name: 'typed', namespace: 'gamma' } });
    assert.deepEqual(parse(tree.get('flux/gamma.yaml')!).spec.dependsOn, [{ name: 'crds' }]);
  });
});

describe('rendering vendored assets', () => {
  it('works offline: the chart repository may be gone', async () => {
    const offline = await startChartRepo();
    await offline.addChart({ name: 'podinfo', version: '6.7.1' });
    const dir = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: alpha\n'),
      'templates/alpha/index.ts': assetTemplate('alpha', `{ chart: helmChartAsset({ repo: '${offline.url}', chart: 'podinfo', version: '6.7.1' }) }`),
    });
    assert.equal((await runCli('refresh-assets --source', dir)).code, 0);
    await offline.close();
    const { tree } = await renderSource(dir, testRuntime());
    assert.ok(tree.has('alpha/29-deployment-alpha-podinfo.yaml'), [...tree.keys()].join(' '));
  });

  it('refuses a tampered asset, naming the file and both digests', async () => {
    const dir = await twoTemplateSource();
    await runCli('refresh-assets --source', dir);
    const file = path.join(dir, 'assets/alpha/podinfo-6.7.1.tgz');
    const locked = await sha256(file);
    await appendFile(file, 'tampered');
    const run = await runCli('generate-manifests --source', dir, '--output', path.join(dir, 'out'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`apps\\[0\\]: app "alpha" \\(template "alpha"\\): assets/alpha/podinfo-6\\.7\\.1\\.tgz does not match assets/lock\\.yaml: its sha256 is ${await sha256(file)}, the lock says ${locked}; restore the file, or run \`homelab refresh-assets --filter alpha\` if the change is intended`));
  });

  it('refuses a missing asset and says which command fetches it', async () => {
    const dir = await twoTemplateSource();
    await runCli('refresh-assets --source', dir);
    await rm(path.join(dir, 'assets/beta/widgets-1.0.0.crds.yaml'));
    const run = await runCli('generate-manifests --source', dir, '--output', path.join(dir, 'out'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /assets\/beta\/widgets-1\.0\.0\.crds\.yaml is missing \(assets\/lock\.yaml expects sha256 [0-9a-f]{64}\): run `homelab refresh-assets --filter beta`/);
  });

  it('refuses an asset that was never vendored', async () => {
    const dir = await twoTemplateSource();
    const run = await runCli('generate-manifests --source', dir, '--output', path.join(dir, 'out'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /assets\/alpha\/podinfo-6\.7\.1\.tgz is not in assets\/lock\.yaml: run `homelab refresh-assets --filter alpha` to vendor it/);
  });
});
