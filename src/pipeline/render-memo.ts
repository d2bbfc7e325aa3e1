// Stages 4–6 (the Helm phase, assemble, validate) remembered by everything that decides them: the cluster's config,
// the apps its templates built (as the templates' worker sent them, with kustomize's output), and the versions of the
// tools those stages run. A render whose inputs are an earlier render's gets that render's result from the cache:
// on a warm render that is most of the work once the templates have run. Renders with a helmChart transform are not
// kept (its code runs in the Helm phase and is not in the built apps), nor failed renders. An entry runs to megabytes
// (every file of the render): it is written the second time a render with the same inputs is seen, so that each
// one-off edit on the way does not cost its write, nor fill the cache.
import { createHash } from 'node:crypto';
import { ApiObject } from 'cdk8s';
import type { HomelabConfig } from '../config/model.ts';
import { YamlFile } from '../config/yaml-file.ts';
import type { Problem } from '../errors.ts';
import { sighting, type ContentCache } from '../model/content-cache.ts';
import type { ManifestTree, RenderedApp } from '../model/tree.ts';
import type { RenderResult } from '../render/assemble.ts';
import type { BuiltApp } from '../render/build-apps.ts';
import type { ChartRenderer } from '../render/chart-renderer.ts';
import { hasChartTransforms, HelmChart } from '../templates/helm-chart.ts';
import { KustomizeDirectory } from '../templates/kustomize-directory.ts';
import { isPlainJson } from '../util/plain-json.ts';

export interface MemoInputs {
  readonly config: HomelabConfig;
  /** A digest of the built apps as the worker sent them and of what kustomize added to them. */
  readonly built: string;
  /** The versions of the tools stages 4–6 run (helm's, when the render has charts). */
  readonly tools: Readonly<Record<string, string>>;
}

/** What stages 4–6 gave: the render, and what they warned about (chart output, what validation could not check). */
export interface MemoizedStages {
  readonly result: RenderResult;
  readonly warnings: readonly Problem[];
}

/**
 * The memo key of a cluster's built apps (kustomize's output in them), or undefined when they cannot be memoized: an
 * app built in this thread (no digest), or a helmChart with a transform.
 */
export async function renderMemoKey(config: HomelabConfig, apps: readonly BuiltApp[], charts: ChartRenderer): Promise<string | undefined> {
  if (hasChartTransforms(apps.map((app) => app.scope))) return undefined;
  const built = createHash('sha256');
  let hasCharts = false;
  for (const { digest, scope } of apps) {
    if (digest === undefined) return undefined;
    built.update(digest).update('\0');
    for (const construct of scope.node.findAll()) {
      if (HelmChart.isHelmChart(construct)) hasCharts = true;
      if (KustomizeDirectory.isKustomizeDirectory(construct)) {
        for (const child of construct.node.children.filter(ApiObject.isApiObject)) built.update(JSON.stringify(child.toJson())).update('\0');
      }
    }
  }
  const tools: Record<string, string> = {};
  if (hasCharts) {
    if (!charts.version) return undefined;
    tools.charts = await charts.version();
  }
  return memoKey({ config, built: built.digest('hex'), tools });
}

export function memoKey({ config, built, tools }: MemoInputs): string {
  const hash = createHash('sha256');
  // Config files as their content: their outlines only locate problems, and a memoized render had none.
  hash.update(JSON.stringify(config, (_, value: unknown) => (value instanceof YamlFile ? { file: value.file, data: value.data } : value)));
  hash.update('\0').update(built).update('\0').update(JSON.stringify(Object.entries(tools).sort()));
  return hash.digest('hex');
}

/** The stages' result for `key`, from `cache` when it holds a whole entry, else computed and kept. */
export async function memoized(cache: ContentCache | undefined, key: string | undefined, compute: () => Promise<MemoizedStages>): Promise<MemoizedStages> {
  if (!cache || key === undefined) return compute();
  const stored = await cache.read(key);
  if (stored) {
    const memo = parse(stored.toString('utf8'));
    if (memo) return memo;
  }
  const computed = await compute();
  const { before, marked } = sighting(cache, key);
  await marked;
  // Objects that would not come back from JSON as they are (see isPlainJson) are not kept.
  if (before && isPlainJson(computed.result.apps)) await cache.write(key, JSON.stringify({ apps: computed.result.apps, tree: [...computed.result.tree], warnings: computed.warnings } satisfies Stored));
  return computed;
}

interface Stored {
  readonly apps: readonly RenderedApp[];
  readonly tree: readonly (readonly [string, string])[];
  readonly warnings: readonly Problem[];
}

function parse(text: string): MemoizedStages | undefined {
  try {
    const { apps, tree, warnings } = JSON.parse(text) as Stored;
    if (!Array.isArray(apps) || !Array.isArray(tree) || !Array.isArray(warnings)) return undefined;
    return { result: { apps, tree: new Map(tree) as ManifestTree }, warnings };
  } catch {
    // Not this homelab's JSON: computed again and rewritten.
    return undefined;
  }
}
