// The installed CLI runs the esbuild bundle (bin/homelab.js → dist/bundle/, scripts/build-cli-bundle.mjs), while the
// other tests run homelab from its TypeScript sources. These check what bundling could change: every command loads,
// files found beside the code (schemas, package.json, the worker) are found, and templates share homelab's modules
// with the thread that runs them, on the render thread (refresh-assets) and in the templates' worker alike.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { testEnv } from '../support/env.ts';
import { runCli } from '../support/run-cli.ts';
import { appsYaml, FLUX_YAML, sourceRepo, tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/homelab.js');

async function runBin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: testEnv() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** generate-manifests of `source` by the bundle and by the sources: both succeed, with the same files. Returns them. */
async function generatedBothWays(source: string): Promise<Record<string, string>> {
  const out = await tempDir();
  const bundled = await runBin('generate-manifests', '--source', source, '--output', path.join(out, 'bundled'));
  assert.equal(bundled.code, 0, bundled.stderr);
  const fromSources = await runCli('generate-manifests --source', source, '--output', path.join(out, 'sources'));
  assert.equal(fromSources.code, 0, fromSources.stderr);
  const tree = await readTree(path.join(out, 'bundled'));
  assert.deepEqual(tree, await readTree(path.join(out, 'sources')));
  return tree;
}

let repo: ChartRepo;
before(async () => {
  repo = await startChartRepo();
  await repo.addChart({ name: 'podinfo', version: '6.7.1' });
});
after(() => repo.close());

/** A template that vendors a chart and renders it with homelab's helmChart: the worker must know the construct. */
const chartTemplate = (assets: string) => `import { Chart, defineTemplate, helmChart, helmChartAsset, HomelabError, z } from 'homelab';
export default defineTemplate({
  name: 'web',
  options: z.object({ replicas: z.number().default(1) }),
  assets: ${assets},
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    helmChart(chart, 'podinfo', { chart: app.assets.chart, values: { replicaCount: app.options.replicas } });
    return chart;
  },
});
`;

describe('the bundled CLI (bin/homelab.js)', () => {
  it('loads every command', async () => {
    const help = await runBin('--help');
    assert.equal(help.code, 0, help.stderr);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z][a-z-]*)(?: \[options\]| \[command\])?/gm)].map((match) => match[1]!).filter((name) => name !== 'help');
    assert.ok(commands.length >= 11, help.stdout);
    for (const command of commands) {
      const run = await runBin(command, '--help');
      assert.equal(run.code, 0, `${command}: ${run.stderr}`);
      assert.match(run.stdout, new RegExp(`^Usage: homelab ${command}`), command);
    }
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    // Without a command, only the version: no command is loaded for it.
    for (const flag of ['--version', '-V']) assert.equal((await runBin(flag)).stdout.trim(), version, flag);
  });

  it('vendors and renders a chart template as the sources do', async () => {
    const source = await sourceRepo({
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [web]\n`,
      'config/apps.yaml': appsYaml('  - template: web\n    options: { replicas: 2 }\n'),
      'templates/web/index.ts': chartTemplate(`{ chart: helmChartAsset({ repo: '${repo.url}', chart: 'podinfo', version: '6.7.1' }) }`),
    });
    const refreshed = await runBin('refresh-assets', '--source', source);
    assert.equal(refreshed.code, 0, refreshed.stderr);
    assert.match(refreshed.stderr, /✔ vendored "assets\/web\/podinfo-6\.7\.1\.tgz"/);

    const tree = await generatedBothWays(source);
    const deployment = Object.entries(tree).find(([file]) => /^web\/.*deployment/i.test(file));
    assert.ok(deployment, Object.keys(tree).join('\n'));
    assert.match(deployment[1], /replicas: 2/);
  });

  it("gives templates cdk8s's Yaml, whose yaml library the bundle loads only when first used", async () => {
    const source = await sourceRepo({
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [web]\n`,
      'config/apps.yaml': appsYaml('  - template: settings\n    namespace: web\n'),
      'templates/settings/index.ts': `import { ApiObject, Yaml } from 'cdk8s';
import { Chart, defineTemplate, z } from 'homelab';
export default defineTemplate({
  name: 'settings',
  options: z.object({}),
  build(scope, app) {
    const chart = new Chart(scope, app.id);
    const data = { 'settings.yaml': Yaml.stringify({ replicas: 2, tags: ['a', 'b'] }) };
    new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data });
    return chart;
  },
});
`,
    });
    const tree = await generatedBothWays(source);
    const configMap = Object.entries(tree).find(([file]) => /configmap/i.test(file));
    assert.ok(configMap, Object.keys(tree).join('\n'));
    assert.match(configMap[1], /settings\.yaml: \|\n\s+replicas: 2\n\s+tags:\n\s+- a\n\s+- b\n/);
  });

  it("reports a template's HomelabError, thrown on the render thread, as homelab's own error", async () => {
    const source = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: web\n'),
      'templates/web/index.ts': chartTemplate("() => { throw new HomelabError('no chart for this cluster'); }"),
    });
    const run = await runBin('refresh-assets', '--source', source);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✗ .*no chart for this cluster/);
    assert.doesNotMatch(run.stderr, /unexpected|\n\s+at /);
  });

  it("reports a template's HomelabError, thrown in the templates' worker, as the sources do", async () => {
    const source = await sourceRepo({
      'config/apps.yaml': appsYaml('  - template: broken\n'),
      'templates/broken/index.ts': `import { defineTemplate, HomelabError, z } from 'homelab';
export default defineTemplate({ name: 'broken', options: z.object({}), build() { throw new HomelabError('no such cluster'); } });
`,
    });
    const out = await tempDir();
    const bundled = await runBin('generate-manifests', '--source', source, '--output', path.join(out, 'bundled'));
    const fromSources = await runCli('generate-manifests --source', source, '--output', path.join(out, 'sources'));
    assert.equal(bundled.code, 1);
    assert.equal(fromSources.code, 1);
    assert.match(fromSources.stderr, /no such cluster/);
    assert.equal(bundled.stderr.replaceAll(path.join(out, 'bundled'), 'OUT'), fromSources.stderr.replaceAll(path.join(out, 'sources'), 'OUT'));
  });
});
