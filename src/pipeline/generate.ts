// `generate-manifests`: the pipeline's render, then its last stage "write": the manifests tree into a directory.
import { formatProblem, HomelabError, type Problem } from '../errors.ts';
import { APP_OF_APPS_DIR, CRDS_DIR, FLUX_BOOTSTRAP_DIR } from '../model/tree.ts';
import { checkOutputPlacement, SOURCE_INPUTS } from '../output/placement.ts';
import { writeTree } from '../output/write-tree.ts';
import type { ProcessOwner } from '../process/owner.ts';
import { manifestsPaths } from '../templates/builtin/manifests.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { CLUSTERS_FILE } from '../config/clusters.ts';
import { renderClusters, type RenderedSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export interface GenerateOptions {
  /** The source repository. */
  readonly source: string;
  /** The output directory, replaced as a whole (or per app with `filter`). */
  readonly output: string;
  /** Only rewrite these apps (plus the app-of-apps, which always matches the full app list). */
  readonly filter?: readonly string[];
  /** With config/clusters.yaml: only render these clusters and keep the other clusters' folders. @default all */
  readonly clusters?: readonly string[];
  /** Called when another run is writing the same output and this one waits for it. */
  readonly onWait?: (holder: ProcessOwner) => void;
  /** Warnings from the writer: an interrupted run's output restored, an older unmarked output adopted. */
  readonly onNotice?: (message: string) => void;
}

export interface GenerateResult {
  readonly output: string;
  /** With config/clusters.yaml: the clusters written, each to `<output>/<cluster>/`. */
  readonly clusters?: readonly string[];
  /** The user's apps that were written, with their object counts (`<cluster>/<id>` with config/clusters.yaml). */
  readonly apps: readonly { readonly id: string; readonly objects: number }[];
  /** CRDs written to crds/. */
  readonly crds: number;
  /** Flux Kustomizations written to flux/ (one per Flux-managed app). */
  readonly kustomizations: number;
  /** Files of the output in all (with `filter`: of the rewritten directories). */
  readonly files: number;
  /** Of those, files that were new or had other bytes; the rest were left as they were. */
  readonly changed: number;
  /** Files of the previous output that are gone. */
  readonly removed: number;
  /** What validation could not check (the API server will). */
  readonly warnings: readonly Problem[];
}

export async function generateManifests(options: GenerateOptions, runtime: Runtime): Promise<GenerateResult> {
  const renders = await renderClusters(options.source, runtime, options.clusters ?? []);
  const rendered = renders[0]!;
  if (rendered.config.clusters) return generateClusters(options, renders);
  const only = options.filter?.length ? filterDirectories(options.filter, rendered.apps.map((app) => app.id)) : undefined;
  // The output is replaced as a whole: never onto the source repository or anything its render reads.
  await checkOutputPlacement(options.output, { root: rendered.config.sourceDir, inputs: [...SOURCE_INPUTS, ...manifestsPaths(rendered.config.apps)] });
  const written = await writeTree(options.output, rendered.tree, {
    ...(only && { only }),
    ...(options.onWait && { onWait: options.onWait }),
    ...(options.onNotice && { onNotice: options.onNotice }),
  });
  const count = (id: string) => (only && !only.has(id) ? 0 : rendered.apps.find((app) => app.id === id)?.files.length ?? 0);
  const apps = rendered.config.apps
    .filter((app) => !only || only.has(app.id))
    .map((app) => ({ id: app.id, objects: count(app.id) }));
  return { output: options.output, apps, crds: count(CRDS_DIR), kustomizations: count(APP_OF_APPS_DIR), files: written.files, changed: written.changed, removed: written.removed, warnings: rendered.warnings };
}

/** Several clusters: each cluster's tree under `<output>/<cluster>/`, all written in one swap. */
async function generateClusters(options: GenerateOptions, renders: readonly RenderedSource[]): Promise<GenerateResult> {
  if (options.filter?.length) throw new HomelabError(`--filter works on a single cluster's output; with ${CLUSTERS_FILE}, pick clusters with --cluster NAME instead`);
  const { config } = renders[0]!;
  const names = renders.map((rendered) => rendered.config.cluster.name);
  const tree = new Map<string, string>();
  for (const rendered of renders) for (const [file, content] of rendered.tree) tree.set(`${rendered.config.cluster.name}/${file}`, content);
  const all = config.clusters!.flatMap((cluster) => cluster.apps);
  await checkOutputPlacement(options.output, { root: config.sourceDir, inputs: [...SOURCE_INPUTS, ...manifestsPaths(all)] });
  // Naming clusters keeps the others' folders; without --cluster the output holds exactly clusters.yaml's clusters.
  const only = options.clusters?.length ? new Set(names) : undefined;
  const written = await writeTree(options.output, tree, {
    ...(only && { only }),
    ...(options.onWait && { onWait: options.onWait }),
    ...(options.onNotice && { onNotice: options.onNotice }),
  });
  const count = (rendered: RenderedSource, id: string) => rendered.apps.find((app) => app.id === id)?.files.length ?? 0;
  const seen = new Set<string>();
  return {
    output: options.output,
    clusters: names,
    apps: renders.flatMap((rendered) => rendered.config.apps.map((app) => ({ id: `${rendered.config.cluster.name}/${app.id}`, objects: count(rendered, app.id) }))),
    crds: renders.reduce((sum, rendered) => sum + count(rendered, CRDS_DIR), 0),
    kustomizations: renders.reduce((sum, rendered) => sum + count(rendered, APP_OF_APPS_DIR), 0),
    files: written.files,
    changed: written.changed,
    removed: written.removed,
    warnings: renders.flatMap((rendered) => rendered.warnings).filter((warning) => !seen.has(formatProblem(warning)) && seen.add(formatProblem(warning))),
  };
}

/** The directories a filtered run rewrites: the named apps, and always the app-of-apps so Flux sees the full list. */
function filterDirectories(filter: readonly string[], rendered: readonly string[]): Set<string> {
  const known = rendered.filter((id) => id !== APP_OF_APPS_DIR && id !== FLUX_BOOTSTRAP_DIR);
  for (const id of filter) {
    if (!known.includes(id)) {
      throw new HomelabError(`--filter "${id}" is not an app in config/apps.yaml${didYouMean(id, known)}; apps: ${known.join(', ')}`);
    }
  }
  const only = new Set([...filter, APP_OF_APPS_DIR, FLUX_BOOTSTRAP_DIR]);
  // CRDs of the named apps live in the crds app, which is regenerated with them.
  if (rendered.includes(CRDS_DIR)) only.add(CRDS_DIR);
  return only;
}
