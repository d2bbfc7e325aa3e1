// The render as the views (graph, status, report) see it: the pipeline's render turned into the app graph and each
// directory's objects. The one place the views meet the render.
import { maskSecretPair } from '../diff/mask-secrets.ts';
import { buildGraph, type AppGraph } from '../graph/model.ts';
import { APP_OF_APPS_DIR } from '../model/tree.ts';
import { toYaml } from '../render/serialize.ts';
import { renderSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

/** One rendered object, as the views show it. */
export interface ViewObject {
  /** The file in the app's directory, e.g. `29-deployment-blog.yaml`. */
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The object as written to the manifests tree, except that Secret values are masked, as in diffs. */
  readonly yaml: string;
}

export interface SourceView {
  /** Absolute path of the source repository. */
  readonly sourceDir: string;
  /** config/flux.yaml: where the apps live in the manifests repo, and which repo and branch Flux reads. */
  readonly flux: { readonly repo: string; readonly branch: string; readonly appsPath: string };
  readonly graph: AppGraph;
  /** Objects per rendered directory (apps, `crds`, `flux`, `flux-bootstrap`), in apply order. */
  readonly objects: ReadonlyMap<string, readonly ViewObject[]>;
  /** The manifests tree: `<dir>/<file>` → content, as generate-manifests writes it. */
  readonly tree: ReadonlyMap<string, string>;
}

/** Renders and validates `sourceDir` exactly as generate-manifests does, writing nothing. */
export async function renderSourceView(sourceDir: string, runtime: Runtime): Promise<SourceView> {
  const rendered = await renderSource(sourceDir, runtime);
  const objects = new Map<string, ViewObject[]>();
  for (const app of rendered.apps) {
    objects.set(app.id, app.files.map(({ file, object }) => {
      const [masked] = maskSecretPair(object, undefined);
      return {
        file,
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name ?? '',
        ...(object.metadata.namespace !== undefined && { namespace: object.metadata.namespace }),
        yaml: masked === object ? rendered.tree.get(`${app.id}/${file}`) ?? '' : toYaml(masked!),
      };
    }));
  }
  const { config } = rendered;
  const graph = buildGraph({
    apps: config.apps.map((app) => ({
      id: app.id,
      template: app.template,
      namespace: app.namespace,
      dependencies: app.dependencies,
      flux: app.flux !== false,
    })),
    objectCounts: new Map(rendered.apps.map((app) => [app.id, app.files.length])),
    kustomizations: rendered.apps.find((app) => app.id === APP_OF_APPS_DIR)?.files.map((f) => f.object) ?? [],
  });
  return {
    sourceDir: config.sourceDir,
    flux: { repo: config.flux.repo, branch: config.flux.branch, appsPath: config.flux.appsPath },
    graph,
    objects,
    tree: rendered.tree,
  };
}
