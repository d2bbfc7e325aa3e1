// A chart archive read once for its crds/ folders and for what its templates ask of the API versions.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { chartArchiveReader } from '../../src/helm/chart-archive.ts';
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
