// Bad Kubernetes YAML in a source repo or in a chart's output: the error names the file as the user knows it (a
// source-repo-relative path, or the helm template of a chart), with line and column, exits 1 and writes nothing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { runCli } from '../support/run-cli.ts';
import { appsYaml, sourceRepo, tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const GOOD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: "0644"\n';

let repo: ChartRepo;
before(async () => {
  repo = await startChartRepo();
  await repo.addChart({
    name: 'dupes',
    version: '1.0.0',
    templates: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: "1"\n  a: "2"\n' },
  });
  await repo.addChart({
    name: 'broken',
    version: '1.0.0',
    // helm checks its output with sigs.k8s.io/yaml too, but lets this through (as U+FFFD).
    templates: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: !!binary "/w=="\n' },
  });
}, { timeout: 120_000 });
after(() => repo?.close());

async function chartSource(chart: string): Promise<string> {
  const source = await sourceRepo({
    'config/apps.yaml': appsYaml(`  - template: helm-chart\n    id: ${chart}\n    namespace: default\n    options: { repo: "${repo.url}", chart: ${chart}, version: 1.0.0 }\n`),
  });
  const refreshed = await runCli('refresh-assets --source', source);
  assert.equal(refreshed.code, 0, refreshed.stderr);
  return source;
}

describe('Kubernetes YAML input errors', () => {
  it('name the source file, line and column, and leave the output as it was', async () => {
    const source = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: manifests\n    id: cfg\n    namespace: default\n    options: { paths: [manifests] }\n'),
      'manifests/settings.yaml': GOOD,
    });
    const out = path.join(await tempDir(), 'out');
    assert.equal((await runCli('generate-manifests --source', source, '--output', out)).code, 0);
    const previous = await readTree(out);
    const bad: Record<string, RegExp> = {
      [`${GOOD}  extra: *nope\n`]: /manifests\/settings\.yaml:7:10: unknown anchor 'nope' referenced/,
      [`${GOOD}  big: !!binary "/w=="\n`]: /manifests\/settings\.yaml:7:17: !!binary value decodes to bytes that are not UTF-8 text/,
      [`${GOOD}---\n? [a]\n: b\n`]: /manifests\/settings\.yaml:8:3: a sequence or mapping as a key: kubectl refuses it/,
      [`${GOOD}  x: "a\\/b"\n`]: /manifests\/settings\.yaml:7:6: found unknown escape character \\\//,
      [`${GOOD}--- {a: 1}\n`]: /manifests\/settings\.yaml:7:1: invalid document separator/,
    };
    for (const [text, expected] of Object.entries(bad)) {
      const broken = await sourceRepo({
        'config/apps.yaml': appsYaml('  - template: manifests\n    id: cfg\n    namespace: default\n    options: { paths: [manifests] }\n'),
        'manifests/settings.yaml': text,
      });
      const run = await runCli('generate-manifests --source', broken, '--output', out);
      assert.equal(run.code, 1, text);
      assert.match(run.stderr, expected, run.stderr);
      assert.deepEqual(await readTree(out), previous, text);
    }
  });

  it('name the chart for errors in helm template output, and write nothing', async () => {
    const source = await chartSource('broken');
    const out = path.join(await tempDir(), 'out');
    const run = await runCli('generate-manifests --source', source, '--output', out);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /helm template of assets\/helm-chart\/broken-1\.0\.0\.tgz:\d+:15: !!binary value decodes to bytes that are not UTF-8 text.* \(from broken\/templates\/cm\.yaml\)/, run.stderr);
    assert.deepEqual(await readTree(out).catch(() => ({})), {});
  });

  it('warn about duplicate keys in chart output, naming the chart and line, and keep the last value', async () => {
    const source = await chartSource('dupes');
    const out = path.join(await tempDir(), 'out');
    const run = await runCli('generate-manifests --source', source, '--output', out);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /⚠ helm template of assets\/helm-chart\/dupes-1\.0\.0\.tgz:\d+:3: duplicate key "a", also on line \d+: the last value wins, as with kubectl; remove the other one \(from dupes\/templates\/cm\.yaml\)/);
    const tree = await readTree(out);
    const file = Object.keys(tree).find((name) => name.startsWith('dupes/') && name.includes('configmap'))!;
    assert.match(tree[file]!, /a: "2"/);
  });
});
