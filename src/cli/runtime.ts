// The composition root: the real world the pipeline runs against, made from the environment main read once.
import os from 'node:os';
import path from 'node:path';
import { cachedChartRenderer } from '../cache/cached-chart-renderer.ts';
import { homelabIdentity } from '../cache/identity.ts';
import { CacheStore } from '../cache/store.ts';
import { rememberedVersion } from '../cache/tool-version.ts';
import { findHelm, type Helm } from '../helm/helm-binary.ts';
import { helmChartRenderer } from '../helm/helm-renderer.ts';
import { kubectlKustomizeBuilder } from '../kustomize/kubectl-kustomize.ts';
import type { Runtime } from '../pipeline/runtime.ts';
import { spawnTemplateWorker } from '../pipeline/template-worker/spawn.ts';
import { HELM, toolFile } from '../tools/find-tool.ts';

export interface RuntimeOptions {
  /** Use the render cache (`--no-cache` turns it off). @default true */
  readonly cache?: boolean;
  /** Where the cache says, once, that it cannot be used. @default silent */
  readonly warn?: (message: string) => void;
  /**
   * Start the templates' worker now, for the command's render to take: commands that render load the render only
   * after, so that the worker's start-up overlaps the loading. @default false
   */
  readonly templates?: boolean;
}

/** The default bound of the render cache; HOMELAB_CACHE_MAX_SIZE overrides it (e.g. `2G`, `300M`). */
export const DEFAULT_CACHE_MAX_BYTES = 1024 ** 3;

/** helm is found (and its version checked) on first use, once per runtime; renders without charts never need it. */
export function createRuntime(env: NodeJS.ProcessEnv, options: RuntimeOptions = {}): Runtime {
  let found: Promise<Helm> | undefined;
  const helm = (): Promise<Helm> => {
    if (!found) {
      found = findHelm(env);
      // A failed lookup is not kept: the next command may find helm installed.
      found.catch(() => (found = undefined));
    }
    return found;
  };
  const warn = options.warn ?? (() => {});
  const cache = options.cache === false ? undefined : renderCache(env, warn);
  let helmVersion: Promise<string> | undefined;
  const helmCharts = helmChartRenderer(helm);
  const charts = cachedChartRenderer(helmCharts, {
    ...(cache && { store: { renders: cache.namespace('chart-render'), facts: cache.namespace('chart-facts') } }),
    helmVersion: () => {
      if (!helmVersion) {
        helmVersion = toolFile(HELM, env).then((file) => rememberedVersion(file, cache?.namespace('tool-version'), async () => (await helm()).version));
        // Like helm itself: a failed lookup is not kept.
        helmVersion.catch(() => (helmVersion = undefined));
      }
      return helmVersion;
    },
    apiVersionProbes: (chart) => helmCharts.apiVersionProbes(chart),
  });
  let templates = options.templates ? spawnTemplateWorker(cache?.settings(), true) : undefined;
  const takeTemplates = () => {
    const taken = templates;
    templates = undefined;
    return taken;
  };
  return { env, charts, kustomize: kubectlKustomizeBuilder(env), helm, parallelism: Math.max(2, os.availableParallelism()), ...(cache && { cache }), takeTemplates };
}

/** Runs `work` with a runtime, then keeps the render cache under its bound (when the run stored anything). */
export async function withRuntime<T>(env: NodeJS.ProcessEnv, options: RuntimeOptions, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = createRuntime(env, options);
  try {
    return await work(runtime);
  } finally {
    // A worker the command did not take (it failed before rendering) has nothing to do.
    await runtime.takeTemplates?.()?.worker.terminate();
    await runtime.cache?.maintain();
  }
}

/** `${HOMELAB_CACHE:-~/.cache/homelab}/render`, bounded by HOMELAB_CACHE_MAX_SIZE. */
export function renderCache(env: NodeJS.ProcessEnv, warn: (message: string) => void): CacheStore {
  const root = env.HOMELAB_CACHE || path.join(env.HOME || os.homedir(), '.cache', 'homelab');
  return new CacheStore({ dir: path.join(path.resolve(root), 'render'), version: homelabIdentity(), warn, maxBytes: cacheMaxBytes(env.HOMELAB_CACHE_MAX_SIZE, warn) });
}

/** `512M`, `2G`, `1.5GiB`, `1000000` (bytes) → bytes; a value that is none of these is warned about and the default used. */
export function cacheMaxBytes(value: string | undefined, warn: (message: string) => void): number {
  if (value === undefined || value.trim() === '') return DEFAULT_CACHE_MAX_BYTES;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value);
  if (!match) {
    warn(`HOMELAB_CACHE_MAX_SIZE="${value}" is not a size such as "512M" or "2G"; using ${DEFAULT_CACHE_MAX_BYTES / 1024 ** 3}G`);
    return DEFAULT_CACHE_MAX_BYTES;
  }
  const unit = 1024 ** ' kmgt'.indexOf((match[2] || ' ').toLowerCase());
  return Math.floor(Number(match[1]) * unit);
}
