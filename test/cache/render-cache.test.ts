// The render cache through the CLI: cached and uncached renders are byte-identical on every fixture, a warm render
// runs no helm template, broken entries are ignored and rewritten, concurrent runs share one cache, `--no-cache`
// leaves it alone, and `homelab cache prune|clear` keep it bounded.
import assert from 'node:assert/strict';
import { chmod, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeRealisticSource, realChartsDir, startRealChartRepo, type RealChartRepo } from '../../bench/realistic-source.ts';
import { writeSyntheticSource } from '../../bench/synthetic-source.ts';
import { HELM, startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { startCli } from '../support/child-process.ts';
import { testEnv } from '../support/env.ts';
import { runCliWith } from '../support/run-cli.ts';
import { appsYaml, exampleCopy, sourceRepo, tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

/** A helm that logs each `helm template` to `log` and runs the real helm: how tests see what a render asked of helm. */
async function countingHelm(dir: string): Promise<{ path: string; templates: () => Promise<number> }> {
  const log = path.join(dir, 'helm-calls.log');
  const wrapper = path.join(dir, 'helm');
  await writeFile(log, '');
  await writeFile(wrapper, `#!/bin/sh\necho "$1" >> '${log}'\nexec '${HELM}' "$@"\n`);
  await chmod(wrapper, 0o755);
  return { path: wrapper, templates: async () => (await readFile(log, 'utf8')).split('\n').filter((line) => line === 'template').length };
}

/** Every file under `dir` (the cache's entries by kind). */
async function cacheFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
}

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer, minimum: 1 }
                color: { type: string, enum: [red, blue] }
`;

/** A fixture: a source repository ready to render (assets vendored). */
interface Fixture {
  readonly name: string;
  readonly source: () => Promise<string>;
  /** Whether it renders Helm charts (so its uncached render runs helm template). */
  readonly charts: boolean;
}

let charts: ChartRepo;
let realRepo: RealChartRepo | undefined;
const realCharts = realChartsDir();

async function vendored(source: string, env: NodeJS.ProcessEnv): Promise<string> {
  const run = await runCliWith(env, 'refresh-assets --source', source);
  assert.equal(run.code, 0, run.stderr);
  return source;
}

const fixtures: Fixture[] = [
  { name: 'the example', charts: true, source: () => exampleCopy() },
  {
    name: 'the synthetic benchmark source (40 apps)',
    charts: false,
    source: async () => {
      const dir = path.join(await tempDir(), 'source');
      await writeSyntheticSource(dir, 40);
      return dir;
    },
  },
  {
    name: 'charts from a chart repository, one with a CRD and a custom resource of it',
    charts: true,
    source: async () => {
      const source = await sourceRepo({
        'config/apps.yaml': appsYaml([
          `  - template: helm-chart\n    id: widgets\n    namespace: default\n    options: { repo: "${charts.url}", chart: widgets, version: 1.0.0 }`,
          `  - template: helm-chart\n    id: web\n    namespace: default\n    options: { repo: "${charts.url}", chart: web, version: 2.0.0, values: { replicaCount: 3 } }`,
          `  - template: manifests\n    id: my-widgets\n    namespace: default\n    dependencies: [widgets]\n    options: { paths: [widgets] }`,
        ].join('\n') + '\n'),
        'config/flux.yaml': 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://git.example.com/me/manifests.git\nexistingNamespaces: [default]\n',
        'widgets/widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: big\nspec:\n  size: 3\n  color: red\n',
      });
      return vendored(source, testEnv());
    },
  },
  {
    name: 'the realistic homelab from ../shared/charts',
    charts: true,
    source: async () => {
      const source = path.join(await tempDir(), 'source');
      await writeRealisticSource(source, realRepo!.url);
      return vendored(source, testEnv());
    },
  },
];

describe('the render cache through the CLI', { timeout: 900_000 }, () => {
  before(async () => {
    charts = await startChartRepo();
    await charts.addChart({ name: 'widgets', version: '1.0.0', crds: { 'widget.yaml': CRD } });
    await charts.addChart({ name: 'web', version: '2.0.0' });
    if (realCharts) realRepo = await startRealChartRepo(HELM, realCharts);
  });
  after(async () => {
    await charts.close();
    await realRepo?.close();
  });

  for (const fixture of fixtures) {
    const real = fixture.name.includes('realistic');
    const skip = real && !realCharts ? 'no ../shared/charts here (the real chart archives): skipped' : false;
    it(`renders ${fixture.name} byte-identically without the cache, with a cold one and with a warm one`, { skip }, async () => {
      const source = await fixture.source();
      const work = await tempDir();
      const cache = path.join(work, 'cache');
      const helm = await countingHelm(work);
      const env = { HOMELAB_CACHE: cache, HOMELAB_HELM: helm.path };
      const warnings: Record<string, string> = {};
      const render = async (name: string, ...flags: string[]) => {
        const run = await runCliWith(env, 'generate-manifests --source', source, '--output', path.join(work, name), ...flags);
        assert.equal(run.code, 0, run.stderr);
        warnings[name] = run.stderr.split('\n').filter((line) => line.startsWith('⚠')).join('\n');
        return readTree(path.join(work, name));
      };
      const uncached = await render('uncached', '--no-cache');
      assert.deepEqual(await cacheFiles(cache), [], '--no-cache neither reads nor writes the cache');
      const templatedUncached = await helm.templates();
      if (fixture.charts) assert.ok(templatedUncached > 0, 'the uncached render runs helm template');
      const cold = await render('cold');
      assert.ok((await cacheFiles(cache)).length > 0, 'a cached render stores its results');
      const templatedCold = (await helm.templates()) - templatedUncached;
      if (fixture.charts) assert.ok(templatedCold > 0, 'a cold cache runs helm template');
      const warm = await render('warm');
      assert.equal((await helm.templates()) - templatedUncached - templatedCold, 0, 'a warm render templates no chart');
      assert.ok(Object.keys(uncached).length > 0);
      assert.deepEqual(cold, uncached);
      assert.deepEqual(warm, uncached);
      // Stages 4–6 are remembered the second time their inputs are seen (the warm render), and taken from there next.
      const entries = (await cacheFiles(cache)).filter((file) => path.basename(path.dirname(file)) === 'render');
      assert.equal(entries.length, 2, `a marker and an entry: ${entries.join(', ')}`);
      const remembered = await render('remembered');
      assert.equal((await helm.templates()) - templatedUncached - templatedCold, 0);
      assert.deepEqual(remembered, uncached);
      assert.equal(warnings.remembered, warnings.uncached, 'the same warnings');
      // Without the remembered stages, from the cached chart renders and verdicts: the same bytes.
      await rm(path.join(cache, 'render', 'render'), { recursive: true });
      assert.deepEqual(await render('unremembered'), uncached);
      assert.equal(warnings.unremembered, warnings.uncached, 'the same warnings');
    });
  }

  it('ignores truncated and garbage entries (warning once), renders the same bytes and rewrites them', async () => {
    const source = await fixtures[2]!.source();
    const work = await tempDir();
    const env = { HOMELAB_CACHE: path.join(work, 'cache') };
    const render = (name: string) => runCliWith(env, 'generate-manifests --source', source, '--output', path.join(work, name));
    assert.equal((await render('first')).code, 0);
    const files = await cacheFiles(path.join(work, 'cache'));
    assert.ok(files.length >= 3);
    for (const [index, file] of files.entries()) {
      const bytes = await readFile(file);
      await writeFile(file, index % 2 ? bytes.subarray(0, Math.floor(bytes.length / 2)) : Buffer.from('garbage\n'));
    }
    const run = await render('second');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr.match(/ignoring the render cache entry/g)?.length, 1, run.stderr);
    assert.match(run.stderr, /⚠ ignoring the render cache entry ".*": (not a homelab cache entry|truncated \(\d+ of \d+ bytes\)); it is rewritten/);
    assert.deepEqual(await readTree(path.join(work, 'second')), await readTree(path.join(work, 'first')));
    // Rewritten whole: the next run reads every entry without a warning.
    const again = await render('third');
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /render cache/);
  });

  it('lets several processes render into one cold cache at once, each output byte-identical', async () => {
    const source = await fixtures[2]!.source();
    const work = await tempDir();
    const env = { ...testEnv(), HOMELAB_CACHE: path.join(work, 'cache') };
    const children = [0, 1, 2].map((i) => startCli(['generate-manifests', '--source', source, '--output', path.join(work, `out-${i}`)], env));
    for (const child of children) assert.equal(await child.exited(), 0, child.stderr());
    for (const child of children) assert.doesNotMatch(child.stderr(), /render cache/);
    const first = await readTree(path.join(work, 'out-0'));
    assert.deepEqual(await readTree(path.join(work, 'out-1')), first);
    assert.deepEqual(await readTree(path.join(work, 'out-2')), first);
    const uncached = await runCliWith(env, 'generate-manifests --no-cache --source', source, '--output', path.join(work, 'uncached'));
    assert.equal(uncached.code, 0, uncached.stderr);
    assert.deepEqual(await readTree(path.join(work, 'uncached')), first);
  });

  it('renders with a cache directory it cannot use (a file in its place), warning once', async () => {
    const source = await fixtures[2]!.source();
    const work = await tempDir();
    await writeFile(path.join(work, 'cache'), 'not a directory\n');
    const run = await runCliWith({ HOMELAB_CACHE: path.join(work, 'cache') }, 'generate-manifests --source', source, '--output', path.join(work, 'out'));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr.match(/render cache/g)?.length, 1, run.stderr);
    await runCliWith({}, 'generate-manifests --no-cache --source', source, '--output', path.join(work, 'uncached'));
    assert.deepEqual(await readTree(path.join(work, 'out')), await readTree(path.join(work, 'uncached')));
  });

  it('homelab cache prune keeps the cache under its bound; homelab cache clear empties it', async () => {
    const source = await fixtures[2]!.source();
    const work = await tempDir();
    const cache = path.join(work, 'cache');
    const env = { HOMELAB_CACHE: cache };
    assert.equal((await runCliWith(env, 'generate-manifests --source', source, '--output', path.join(work, 'out'))).code, 0);
    const files = await cacheFiles(cache);
    const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
    const total = sizes.reduce((a, b) => a + b, 0);

    const kept = await runCliWith(env, 'cache prune --max-size', String(total));
    assert.equal(kept.code, 0, kept.stderr);
    assert.match(kept.stderr, /✔ pruned 0 entries \(0\.0 MiB\); ".*render" holds \d+ entries/);
    assert.deepEqual(await cacheFiles(cache), files);

    const bound = Math.floor(total / 2);
    const pruned = await runCliWith(env, 'cache prune --max-size', String(bound));
    assert.equal(pruned.code, 0, pruned.stderr);
    const left = await cacheFiles(cache);
    assert.ok(left.length < files.length && left.length > 0, `${left.length} of ${files.length} entries left`);
    const leftBytes = (await Promise.all(left.map(async (file) => (await stat(file)).size))).reduce((a, b) => a + b, 0);
    assert.ok(leftBytes <= bound, `${leftBytes} bytes left, bound ${bound}`);

    const bad = await runCliWith(env, 'cache prune --max-size', 'lots');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /expected a size such as "500M" or "2G"/);

    const cleared = await runCliWith(env, 'cache clear');
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.match(cleared.stderr, new RegExp(`✔ removed ${left.length} entr(y|ies)`));
    assert.deepEqual(await cacheFiles(cache), []);
    // And the render goes on as before with the emptied cache.
    const after = await runCliWith(env, 'generate-manifests --source', source, '--output', path.join(work, 'after'));
    assert.equal(after.code, 0, after.stderr);
    assert.deepEqual(await readTree(path.join(work, 'after')), await readTree(path.join(work, 'out')));
  });
});
