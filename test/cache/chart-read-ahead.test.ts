// The render cache reads ahead the chart renders a cluster's last render asked for (recall), while the templates run,
// the renders a Helm phase is about to ask for (expect), and the CRDs of every chart the config uses (prepare).
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cachedChartRenderer } from '../../src/cache/cached-chart-renderer.ts';
import { CacheStore } from '../../src/cache/store.ts';
import type { ContentCache } from '../../src/model/content-cache.ts';
import type { ChartRenderer, ChartRenderRequest } from '../../src/render/chart-renderer.ts';

/** A store namespace that logs the keys read, in order. */
function logged(cache: ContentCache, reads: string[]): ContentCache {
  return { ...cache, read: (key) => (reads.push(key), cache.read(key)) };
}

const request = (release: string): ChartRenderRequest => ({
  chart: { path: '/x.tgz', sha256: 'a'.repeat(64), file: 'assets/x.tgz' }, values: {}, releaseName: release, namespace: release, kubeVersion: 'v1.34.0', apiVersions: [],
});

/** Renders made up from the request: what is under test is when the cache reads them, not helm. */
function renderer(store: CacheStore, reads: string[]): { charts: ChartRenderer; templated: string[] } {
  const templated: string[] = [];
  const inner: ChartRenderer = {
    chartCrds: async () => [],
    chartValues: async () => ({}),
    render: async (r) => (templated.push(r.releaseName), { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: r.releaseName } }], warnings: [] }),
  };
  const charts = cachedChartRenderer(inner, {
    store: { renders: logged(store.namespace('chart-render'), reads), facts: store.namespace('chart-facts') },
    helmVersion: async () => 'v3.19.0',
    apiVersionProbes: async () => [],
  });
  return { charts, templated };
}

describe('chart renders read ahead', () => {
  it('reads the renders the scope asked for last time as soon as it is recalled, once each, and serves them', async () => {
    const store = new CacheStore({ dir: await mkdtemp(path.join(os.tmpdir(), 'homelab-ahead-')), version: 'homelab@test', warn: () => {}, maxBytes: 1024 ** 3 });
    const first = renderer(store, []);
    first.charts.recall!('src\0default');
    await first.charts.render(request('a'));
    await first.charts.render(request('b'));
    await first.charts.settle!('src\0default');
    assert.deepEqual(first.templated, ['a', 'b']);

    const reads: string[] = [];
    const second = renderer(store, reads);
    second.charts.recall!('src\0default');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(reads.length, 2, 'both renders read before any is asked for');
    const [a, b] = [await second.charts.render(request('a')), await second.charts.render(request('b'))];
    assert.deepEqual([a.objects[0]!.metadata.name, b.objects[0]!.metadata.name], ['a', 'b']);
    assert.equal(reads.length, 2, 'and not read again');
    assert.deepEqual(second.templated, [], 'nor templated');
    // Another scope, or a render not asked for last time, reads as before.
    second.charts.recall!('src\0other');
    await second.charts.render(request('c'));
    assert.equal(reads.length, 3);
    assert.deepEqual(second.templated, ['c']);
  });

  it('reads a render told by expect() before it is asked for, once, and serves it; a request not told reads when asked', async () => {
    const store = new CacheStore({ dir: await mkdtemp(path.join(os.tmpdir(), 'homelab-expect-')), version: 'homelab@test', warn: () => {}, maxBytes: 1024 ** 3 });
    const first = renderer(store, []);
    await first.charts.render(request('a'));
    assert.deepEqual(first.templated, ['a']);

    const reads: string[] = [];
    const second = renderer(store, reads);
    const [expected, other] = [request('a'), request('b')];
    second.charts.expect!(expected);
    second.charts.expect!(expected);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(reads.length, 1, 'read once, before it is asked for');
    const served = await second.charts.render(expected);
    assert.equal(served.objects[0]!.metadata.name, 'a');
    assert.equal(reads.length, 1, 'and not read again');
    assert.deepEqual(second.templated, [], 'nor templated');
    await second.charts.render(other);
    assert.equal(reads.length, 2);
    assert.deepEqual(second.templated, ['b']);
  });

  for (const store of [false, true]) {
    it(`hands the CRDs prepare() read to the first caller after it, and a copy to every other (${store ? 'with' : 'without'} a store)`, async () => {
      const crd = () => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' } });
      const read: object[] = [];
      const inner: ChartRenderer = {
        chartCrds: async () => (read.push([crd()]), read.at(-1) as never),
        chartValues: async () => ({}),
        render: async () => ({ objects: [], warnings: [] }),
      };
      const cache = store ? new CacheStore({ dir: await mkdtemp(path.join(os.tmpdir(), 'homelab-crds-')), version: 'homelab@test', warn: () => {}, maxBytes: 1024 ** 3 }) : undefined;
      const charts = cachedChartRenderer(inner, {
        ...(cache && { store: { renders: cache.namespace('chart-render'), facts: cache.namespace('chart-facts') } }),
        helmVersion: async () => 'v3.19.0',
        apiVersionProbes: async () => [],
      });
      const chart = request('a').chart;
      charts.prepare!(chart);
      charts.prepare!(chart);
      const first = await charts.chartCrds(chart);
      const second = await charts.chartCrds(chart);
      assert.equal(read.length, 1, 'the archive is read once');
      assert.equal(first, read[0], 'the first caller gets the value read ahead, not a copy parsed again');
      assert.notEqual(second, first, 'a later caller gets its own copy');
      assert.deepEqual(second, first);
    });
  }
});
