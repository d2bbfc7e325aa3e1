// A chart archive read once for its crds/ folders and for what its templates ask of the API versions.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { packChart } from '../../src/assets/chart-package.ts';
import { chartArchiveReader, entries } from '../../src/helm/chart-archive.ts';
import { HELM, startChartRepo, WIDGET_CRD, type ChartRepo } from '../support/chart-repo.ts';
import { needsRealCharts, realChart, REAL_CHARTS_DIR } from '../support/real-charts.ts';

let repo: ChartRepo;
before(async () => {
  repo = await startChartRepo();
});
after(() => repo.close());

describe('chartArchiveReader', () => {
  it("reads the CRDs helm would install, in helm's order, from every real chart", needsRealCharts, async () => {
    const reader = chartArchiveReader();
    for (const file of readdirSync(REAL_CHARTS_DIR!).filter((name) => name.endsWith('.tgz'))) {
      const archive = realChart(file);
      const { stdout } = await promisify(execFile)(HELM, ['show', 'crds', archive], { maxBuffer: 64 * 1024 ** 2 });
      const shown = parseAllDocuments(stdout).map((document) => document.toJS() as { kind?: string; metadata?: { name?: string } } | null)
        .filter((object) => object?.kind === 'CustomResourceDefinition').map((object) => object!.metadata!.name);
      const [crds] = await Promise.all([reader.crds(archive), reader.apiVersionProbes(archive)]);
      assert.deepEqual(crds.map((crd) => crd.metadata.name), shown, file);
    }
  });

  it('answers both questions from one read, in either order, and reads again for a later render', async () => {
    const archive = await repo.addChart({
      name: 'probing',
      version: '1.0.0',
      templates: {
        'monitor.yaml': '{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: m }\n{{- end }}\n',
        'pdb.yaml': '{{- if .Capabilities.APIVersions.Has `policy/v1/PodDisruptionBudget` }}\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: p }\n{{- end }}\n',
      },
      values: 'extra: \'{{ if .Capabilities.APIVersions.Has "example.dev/v1" }}yes{{ end }}\'\n',
      crds: { 'widget.yaml': WIDGET_CRD },
    });
    const reader = chartArchiveReader();
    const probes = ['example.dev/v1', 'monitoring.coreos.com/v1', 'policy/v1/PodDisruptionBudget'];
    assert.deepEqual(await reader.apiVersionProbes(archive), probes);
    assert.deepEqual((await reader.crds(archive)).map((crd) => crd.metadata.name), ['widgets.example.dev']);
    assert.deepEqual((await reader.crds(archive)).map((crd) => crd.metadata.name), ['widgets.example.dev']);
    assert.deepEqual(await reader.apiVersionProbes(archive), probes);
  });

  it('says the whole API-version set matters when a template reads it otherwise', async () => {
    const archive = await repo.addChart({
      name: 'ranging',
      version: '1.0.0',
      templates: { 'all.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata:\n{{- range .Capabilities.APIVersions }}\n  {{ . | quote }}: "1"\n{{- end }}\n' },
    });
    const reader = chartArchiveReader();
    assert.equal(await reader.apiVersionProbes(archive), undefined);
    assert.deepEqual(await reader.crds(archive), []);
  });
});

describe('entries', () => {
  it('reads every regular file of every real chart archive and its subcharts exactly as GNU tar does', needsRealCharts, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'homelab-tar-'));
    try {
      const archives: { name: string; bytes: Buffer }[] = readdirSync(REAL_CHARTS_DIR!).filter((name) => name.endsWith('.tgz')).map((name) => ({ name, bytes: readFileSync(realChart(name)) }));
      let subcharts = 0;
      while (archives.length > 0) {
        const { name, bytes } = archives.pop()!;
        const files = entries(bytes, () => true);
        const into = path.join(dir, `${subcharts++}`);
        mkdirSync(into);
        // GNU tar, the oracle: the same regular files, byte for byte.
        execFileSync('tar', ['-xzf', '-', '-C', into], { input: bytes });
        const listed = execFileSync('find', ['.', '-type', 'f'], { cwd: into, encoding: 'utf8' }).split('\n').filter(Boolean).map((file) => file.slice(2)).sort();
        assert.deepEqual([...files.keys()].sort(), listed, name);
        for (const file of listed) assert.ok(files.get(file)!.equals(readFileSync(path.join(into, file))), `${name}: ${file}`);
        for (const [file, content] of files) if (/\/charts\/[^/]+\.tgz$/.test(file)) archives.push({ name: `${name}:${file}`, bytes: content });
      }
      assert.ok(subcharts >= 10, `${subcharts} archives read`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes only the files asked for, and refuses a corrupt archive', () => {
    const archive = packChart('demo', new Map([['Chart.yaml', Buffer.from('name: demo\n')], [`templates/${'long-name-'.repeat(12)}.yaml`, Buffer.from('a: 1\n')]]));
    assert.deepEqual([...entries(archive, (file) => file.endsWith('.yaml')).keys()], ['demo/Chart.yaml', `demo/templates/${'long-name-'.repeat(12)}.yaml`]);
    assert.deepEqual([...entries(archive, (file) => file.endsWith('Chart.yaml')).keys()], ['demo/Chart.yaml']);
    const tar = gunzipSync(archive);
    assert.equal(entries(tar, () => true).size, 2, 'an unzipped archive reads too');
    tar[10] = tar[10]! ^ 0xff;
    assert.throws(() => entries(tar, () => true), /bad header checksum at byte 0/);
    assert.throws(() => entries(gunzipSync(archive).subarray(0, 1536), () => true), /truncated tar archive/);
  });
});
