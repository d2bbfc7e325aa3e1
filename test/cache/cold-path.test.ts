// The cold path (issue 12 item 3): charts are templated in parallel, never more at once than the runtime allows,
// validation's libraries load while they are, and a CRD's schema is converted and compiled once per process, however
// many renders check objects against it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRuntime } from '../../src/cli/runtime.ts';
import { renderSource } from '../../src/pipeline/pipeline.ts';
import { refreshSourceAssets } from '../../src/pipeline/refresh-assets.ts';
import type { ChartRenderer } from '../../src/render/chart-renderer.ts';
import { validatorCompiler } from '../../src/validate/compiled-validators.ts';
import { compileSchema, CRD_AJV_OPTIONS } from '../../src/validate/custom-resources.ts';
import type { SchemaProps } from '../../src/validate/crd-json-schema.ts';
import { startChartRepo, type ChartRepo } from '../support/chart-repo.ts';
import { testEnv } from '../support/env.ts';
import { appsYaml, FLUX_YAML, sourceRepo } from '../support/source-repo.ts';

/** `inner` with its render replaced; its CRDs and values read as they are. */
function rendering(inner: ChartRenderer, render: ChartRenderer['render']): ChartRenderer {
  return { chartValues: (chart) => inner.chartValues(chart), chartCrds: (chart) => inner.chartCrds(chart), render };
}

/** ajv's entry module, as validation requires it, gone from the module cache (it loads again when first required); whether it has. */
function forgetAjv(): () => boolean {
  const require = createRequire(import.meta.url);
  const ajv = require.resolve('ajv');
  delete require.cache[ajv];
  return () => ajv in require.cache;
}

/** The real chart renderer, counting how many of its renders template at once (until helm has exited). */
function counting(inner: ChartRenderer): { charts: ChartRenderer; calls: () => number; most: () => number } {
  let running = 0;
  let most = 0;
  let calls = 0;
  return {
    charts: rendering(inner, async (request, progress) => {
      calls++;
      most = Math.max(most, ++running);
      let ended = false;
      const end = () => {
        if (!ended) running--;
        ended = true;
      };
      try {
        return await inner.render(request, { ...progress, templated: () => (end(), progress?.templated?.()) });
      } finally {
        end();
      }
    }),
    calls: () => calls,
    most: () => most,
  };
}

describe('the cold path', { timeout: 300_000 }, () => {
  let repo: ChartRepo;
  before(async () => {
    repo = await startChartRepo();
    await repo.addChart({ name: 'web', version: '1.0.0' });
  });
  after(() => repo.close());

  /** A source repository with one helm-chart app per id (the `web` chart, vendored), and a runtime without a cache. */
  const webApps = async (ids: readonly string[]) => {
    const source = await sourceRepo({
      'config/flux.yaml': `${FLUX_YAML}existingNamespaces: [${ids.join(', ')}]\n`,
      'config/apps.yaml': appsYaml(ids.map((id) => `  - template: helm-chart\n    id: ${id}\n    options: { repo: "${repo.url}", chart: web, version: 1.0.0 }\n`).join('')),
    });
    const real = createRuntime(testEnv(), { cache: false });
    await refreshSourceAssets({ source }, real);
    return { source, real };
  };

  for (const parallelism of [1, 3]) {
    it(`templates charts ${parallelism === 1 ? 'one at a time when told so' : 'in parallel, at most the runtime\'s parallelism at once'} (${parallelism})`, async () => {
      const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
      const { source, real } = await webApps(ids);
      const counter = counting(real.charts);
      const rendered = await renderSource(source, { ...real, charts: counter.charts, parallelism });
      assert.equal(rendered.apps.filter((app) => ids.includes(app.id)).length, ids.length);
      assert.ok(counter.calls() >= ids.length, `${counter.calls()} renders`);
      assert.equal(counter.most(), parallelism);
    });
  }

  it('starts the next chart\'s helm as soon as one exits, before that one\'s output is read', async () => {
    const { source, real } = await webApps(['a', 'b']);
    const events: string[] = [];
    const charts = rendering(real.charts, async (request, progress) => {
      const name = request.releaseName;
      const output = await real.charts.render(request, {
        started: () => (events.push(`${name} started`), progress?.started?.()),
        templated: () => (events.push(`${name} templated`), progress?.templated?.()),
      });
      events.push(`${name} read`);
      return output;
    });
    await renderSource(source, { ...real, charts, parallelism: 1 });
    assert.deepEqual(events, ['a started', 'a templated', 'b started', 'a read', 'b templated', 'b read']);
  });

  it('waits for every chart that took a slot to reach helm before it loads validation\'s libraries', async () => {
    const { source, real } = await webApps(['a', 'b']);
    const isLoaded = forgetAjv();
    const loaded: string[] = [];
    const charts = rendering(real.charts, async (request, progress) => {
      const name = request.releaseName;
      // The second chart takes its slot with the first, but is slow to reach helm (a cache read, say).
      if (name === 'b') await new Promise((resolve) => setTimeout(resolve, 300));
      loaded.push(`${name} starts: ${isLoaded()}`);
      const output = await real.charts.render(request, progress);
      loaded.push(`${name} read: ${isLoaded()}`);
      return output;
    });
    await renderSource(source, { ...real, charts, parallelism: 2 });
    assert.deepEqual(loaded, ['a starts: false', 'a read: false', 'b starts: false', 'b read: true']);
  });

  it('loads what validation needs (ajv, the CEL library) while helm templates the charts, not after', async () => {
    const { source, real } = await webApps(['a', 'b', 'c']);
    const isLoaded = forgetAjv();
    const loaded: boolean[] = [];
    const charts = rendering(real.charts, (request, progress) => {
      loaded.push(isLoaded());
      return real.charts.render(request, progress);
    });
    await renderSource(source, { ...real, charts, parallelism: 1 });
    assert.deepEqual(loaded, [false, true, true]);

    // Told by the chart renderer when helm runs, not when the output is the one it already has.
    const request = { chart: { path: path.join(source, 'assets/helm-chart/web-1.0.0.tgz'), sha256: '', file: 'assets/helm-chart/web-1.0.0.tgz' }, values: {}, releaseName: 'a', namespace: 'a', kubeVersion: 'v1.34.0', apiVersions: [] };
    request.chart.sha256 = createHash('sha256').update(await readFile(request.chart.path)).digest('hex');
    const told: string[] = [];
    const once = createRuntime(testEnv(), { cache: false }).charts;
    await once.render(request, { started: () => told.push('first') });
    await once.render(request, { started: () => told.push('again') });
    assert.deepEqual(told, ['first']);
  });

  it('converts and compiles a CRD version\'s schema once per process, whichever render asks', () => {
    const schema: SchemaProps = { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 } } } } };
    const first = compileSchema(schema, 'spec.versions[0].schema.openAPIV3Schema', 34, {});
    const again = compileSchema(structuredClone(schema), 'spec.versions[0].schema.openAPIV3Schema', 34, {});
    assert.equal(again, first, 'the same conversion, not a second one');
    const one = validatorCompiler(CRD_AJV_OPTIONS).compile(first.jsonSchema, first.formats);
    const two = validatorCompiler(CRD_AJV_OPTIONS).compile(structuredClone(first.jsonSchema), first.formats);
    assert.ok('validate' in one && 'validate' in two);
    assert.equal(two.validate, one.validate, 'the same compiled validator, not a second compilation');
    assert.equal(one.validate({ spec: { size: 0 } }), false);
    assert.equal(one.validate({ spec: { size: 2 } }), true);
  });
});
