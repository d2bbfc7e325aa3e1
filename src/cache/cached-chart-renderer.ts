// A ChartRenderer that remembers: a chart's rendered objects keyed by everything that decides them (the archive's
// digest, values, release name, namespace, kubeVersion, the API versions the chart can see, helm's version; the store
// adds homelab's identity), in this process and, when given a store, on disk. Results that would not come back from
// JSON exactly as they are (see isPlainJson) are not kept. Failures are never cached.
import type { ContentCache } from '../model/content-cache.ts';
import type { KubeObject } from '../model/kube-object.ts';
import type { ChartArchive, ChartRenderer, ChartRenderRequest } from '../render/chart-renderer.ts';
import { isPlainJson } from '../util/plain-json.ts';
import { sha256Hex } from '../util/sha256.ts';

export interface ChartCacheOptions {
  /** Where chart renders and archive facts persist between runs; none with `--no-cache`. */
  readonly store?: { readonly renders: ContentCache; readonly facts: ContentCache };
  /** helm's version, part of every key (asked only when a key is needed). */
  readonly helmVersion: () => Promise<string>;
  /**
   * The API versions a chart asks about with `.Capabilities.APIVersions.Has "<literal>"`, or undefined when its output
   * may depend on the whole set (helm/api-version-probes.ts). Only the probed versions then go into the key, so
   * a chart is templated once however often the render's API-version set grows by versions it never asks about.
   */
  readonly apiVersionProbes: (chart: ChartArchive) => Promise<readonly string[] | undefined>;
}

export function cachedChartRenderer(inner: ChartRenderer, options: ChartCacheOptions): ChartRenderer {
  // In this process: JSON texts by key (undefined while not cacheable), so every caller gets its own copy.
  const renders = new Map<string, Promise<string | undefined>>();
  const crds = new Map<string, Promise<string | undefined>>();
  const probes = new Map<string, Promise<readonly string[] | undefined>>();

  const probesOf = (chart: ChartArchive) => once(probes, chart.sha256, async () =>
    (await remembered(options.store?.facts, `probes\0${chart.sha256}`, async () => (await options.apiVersionProbes(chart)) ?? null)).value ?? undefined);

  // Renders read ahead by recall(), by key, and the keys asked for since; and by expect(), by request.
  const ahead = new Map<string, Promise<Buffer | undefined>>();
  const expected = new WeakMap<ChartRenderRequest, Promise<Buffer | undefined>>();
  // Each request's key, made once for expect() and render().
  const keys = new WeakMap<ChartRenderRequest, Promise<string>>();
  // helm's version not found: asked again by whoever asks next.
  const keyOf = (request: ChartRenderRequest) => once(keys, request, async () => renderKey(request, await options.helmVersion(), await probesOf(request.chart)));
  let asked: string[] = [];
  const recalled = new Map<string, Promise<string | undefined>>();
  const lastRenders = (scope: string) => `last-renders\0${scope}`;

  const crdsOf = (chart: ChartArchive) => memoized(crds, chart.sha256, () => remembered(options.store?.facts, `crds\0${chart.sha256}`, () => inner.chartCrds(chart)));
  const ignore = (promise: Promise<unknown>) => void promise.catch(() => undefined);
  // The CRDs prepare() read, for the first caller after it: a realistic homelab's 6 MB of them is not parsed again
  // from its JSON text. Later callers get copies; one that prepare() failed to read is read again.
  const spareCrds = new Map<string, Promise<KubeObject[]>>();

  return {
    // Read only to name the values that fix a refused object: not worth a cache entry.
    chartValues: (chart) => inner.chartValues(chart),
    chartCrds(chart) {
      const spare = spareCrds.get(chart.sha256);
      spareCrds.delete(chart.sha256);
      return spare ? spare.catch(() => crdsOf(chart)) : crdsOf(chart);
    },
    prepare(chart) {
      if (!crds.has(chart.sha256)) {
        const read = crdsOf(chart);
        spareCrds.set(chart.sha256, read);
        ignore(read);
      }
      ignore(probesOf(chart));
      ignore(options.helmVersion());
    },
    version: async () => `helm ${await options.helmVersion()}`,
    recall(scope) {
      const store = options.store;
      if (!store) return;
      const list = store.facts.read(lastRenders(scope)).then((stored) => stored?.toString('utf8'));
      recalled.set(scope, list);
      ignore((async () => {
        const keys = JSON.parse((await list) ?? '[]') as unknown;
        if (!Array.isArray(keys)) return;
        for (const key of keys) if (typeof key === 'string' && !ahead.has(key)) ahead.set(key, store.renders.read(key));
      })());
    },
    async settle(scope) {
      const list = JSON.stringify([...new Set(asked)]);
      asked = [];
      ahead.clear();
      if (list !== (await recalled.get(scope)?.catch(() => undefined))) await options.store?.facts.write(lastRenders(scope), list);
    },
    expect(request) {
      const store = options.store;
      if (!store || expected.has(request)) return;
      const read = (async () => {
        const key = await keyOf(request);
        return ahead.get(key) ?? store.renders.read(key);
      })();
      expected.set(request, read);
      ignore(read);
    },
    async render(request, progress) {
      const key = await keyOf(request);
      asked.push(key);
      // A read that failed (helm's version not found) is left to the store's own read, which reports the same.
      const early = ahead.get(key) ?? expected.get(request)?.catch(() => undefined);
      ahead.delete(key);
      expected.delete(request);
      // With a store, a render's text is not kept in memory once every waiting caller has it: a chart's output (CRDs
      // included) runs to megabytes, and a later round asking again reads it back from the store.
      return memoized(renders, key, () => remembered(options.store?.renders, key, () => inner.render(request, progress), early), !options.store);
    },
  };
}

/**
 * The value for `key`: computed once per process; later callers get a fresh copy from its JSON text, so no two callers
 * share objects. A value without a JSON text (not plain JSON) is not kept, and neither is a failure: those are computed
 * again by whoever asks next. Without `keep`, the text serves only the callers that asked while it was computed.
 */
async function memoized<T>(memo: Map<string, Promise<string | undefined>>, key: string, compute: () => Promise<{ value: T; text: string | undefined }>, keep = true): Promise<T> {
  const known = memo.get(key);
  if (known) {
    const text = await known;
    if (text !== undefined) return JSON.parse(text) as T;
    return (await compute()).value;
  }
  let settle!: (text: string | undefined) => void;
  memo.set(key, new Promise((resolve) => (settle = resolve)));
  try {
    const { value, text } = await compute();
    settle(text);
    if (text === undefined || !keep) memo.delete(key);
    return value;
  } catch (error) {
    settle(undefined);
    memo.delete(key);
    throw error;
  }
}

/** Everything that decides a chart's output; homelab's identity is added by the store. */
export function renderKey(request: ChartRenderRequest, helmVersion: string, probes: readonly string[] | undefined): string {
  // Values may hold templates that `tpl` renders: if they mention Capabilities, every API version counts.
  const values = JSON.stringify(request.values);
  const wholeSet = probes === undefined || /Capabilities|APIVersions/.test(values);
  const present = new Set(request.apiVersions);
  const apiVersions = wholeSet ? [...request.apiVersions] : probes.filter((probe) => present.has(probe));
  return sha256Hex(JSON.stringify({
    helm: helmVersion,
    chart: request.chart.sha256,
    values,
    releaseName: request.releaseName,
    namespace: request.namespace,
    kubeVersion: request.kubeVersion,
    apiVersions: wholeSet ? { all: apiVersions } : { probed: apiVersions },
  }));
}

/** What once() needs of a Map or a WeakMap. */
interface Memo<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
  delete(key: K): unknown;
}

/** A failed computation is not kept: whoever asks next computes it again. */
function once<K, T>(memo: Memo<K, Promise<T>>, key: K, compute: () => Promise<T>): Promise<T> {
  let entry = memo.get(key);
  if (!entry) {
    entry = compute();
    memo.set(key, entry);
    entry.catch(() => memo.delete(key));
  }
  return entry;
}

/** A value from the store (or as read ahead from it) with its JSON text; else computed, and stored when it is plain JSON. */
async function remembered<T>(store: ContentCache | undefined, key: string, compute: () => Promise<T>, early?: Promise<Buffer | undefined>): Promise<{ value: T; text: string | undefined }> {
  const stored = await (early ?? store?.read(key));
  if (stored) {
    const text = stored.toString('utf8');
    try {
      return { value: JSON.parse(text) as T, text };
    } catch {
      // Entries are checked whole; one that is not JSON was not written by this homelab: recompute it.
    }
  }
  const value = await compute();
  const text = isPlainJson(value) ? JSON.stringify(value) : undefined;
  if (store && text !== undefined) await store.write(key, text);
  return { value, text };
}
