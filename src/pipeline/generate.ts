// `generate-manifests`: the pipeline's render, then its last stage "write": the manifests tree into a directory.
import { HomelabError, type Problem } from '../errors.ts';
import { APP_OF_APPS_DIR, CRDS_DIR, FLUX_BOOTSTRAP_DIR } from '../model/tree.ts';
import { checkOutputPlacement, SOURCE_INPUTS } from '../output/placement.ts';
import { writeTree } from '../output/write-tree.ts';
import type { ProcessOwner } from '../process/owner.ts';
import { manifestsPaths } from '../templates/builtin/manifests.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { renderSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export interface GenerateOptions {
  /** The source repository. */
  readonly source: string;
  /** The output directory, replaced as a whole (or per app with `filter`). */
  readonly output: string;
  /** Only rewrite these apps (plus the app-of-apps, which always matches the full app list). */
  readonly filter?: readonly string[];
  /** Called when another run is writing the same output and this one waits for it. */
  readonly onWait?: (holder: ProcessOwner) => void;
  /** Warnings from the writer: an interrupted run's output restored, an older unmarked output adopted. */
  readonly onNotice?: (message: string) => void;
}

export interface GenerateResult {
  readonly output: string;
  /** The user's apps that were written, with their object counts. */
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
  const rendered = await renderSource(options.source, runtime);
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
