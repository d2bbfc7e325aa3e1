// The whole render, in memory: apps → objects → crds app → app-of-apps → files. Writes nothing.
import type { HomelabConfig } from '../config/model.ts';
import { ConfigError, type Problem } from '../errors.ts';
import type { AssetResolver } from '../assets/resolve.ts';
import { renderHelmCharts } from '../helm/render-charts.ts';
import type { SourceFiles } from '../templates/contract.ts';
import type { TemplateSet } from '../templates/load.ts';
import { appKustomizations, appOfApps, type FluxApp } from './app-of-apps.ts';
import { CRDS_APP, splitCrds, type AppObjects } from './crds.ts';
import { groupKind, type KubeObject } from './kube-object.ts';
import { crdFileName, placeObjects } from './layout.ts';
import { findConflicts } from './ownership.ts';
import { buildApp, collectObjects, type BuiltApp } from './render-app.ts';
import { applyNamespace } from './scope.ts';
import { isSopsEncrypted } from './sops.ts';
import { toYaml } from './serialize.ts';

/** A rendered manifests tree: relative POSIX path → file content. */
export type ManifestTree = ReadonlyMap<string, string>;

export interface RenderedApp {
  readonly id: string;
  /** The objects, in apply order, with the file each goes to. */
  readonly files: readonly { readonly file: string; readonly object: KubeObject }[];
}

export interface RenderResult {
  /** Every app directory (including the generated `crds`, `flux` and `flux-bootstrap`). */
  readonly apps: readonly RenderedApp[];
  readonly tree: ManifestTree;
}

export interface RenderInput {
  readonly config: HomelabConfig;
  readonly templates: TemplateSet;
  readonly files: SourceFiles;
  readonly assets: AssetResolver;
}

export async function render({ config, templates, files, assets }: RenderInput): Promise<RenderResult> {
  const problems: Problem[] = [];
  const built: BuiltApp[] = [];
  // Templates are independent: run them all and report every failure at once.
  const results = await Promise.allSettled(config.apps.map((app) => buildApp({ config, app, template: templates.get(app.template)!, files, assets })));
  for (const result of results) {
    if (result.status === 'fulfilled') built.push(result.value);
    else if (result.reason instanceof ConfigError) problems.push(...result.reason.problems);
    else throw result.reason;
  }
  if (problems.length > 0) throw new ConfigError(problems);

  // Helm charts render last, once the whole render's CRDs (and so its API versions) are known.
  await renderHelmCharts(config, built);
  const rendered: AppObjects[] = [];
  for (const app of built) {
    try {
      rendered.push({ id: app.app.id, objects: collectObjects(config, app) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const appIndex = new Map(config.apps.map((app) => [app.id, app]));
  const problemAt = (appId: string, message: string) => config.files.apps.problem(['apps', appIndex.get(appId)?.index ?? 0], message);

  const split = splitCrds(rendered, problemAt);
  const apps = split.apps.map((app) => ({
    id: app.id,
    objects: app.objects.map((object) => applyNamespace(object, appIndex.get(app.id)!.namespace, split.scopes)),
  }));
  problems.push(...split.problems, ...findConflicts(apps, problemAt));
  if (problems.length > 0) throw new ConfigError(problems);

  const output: RenderedApp[] = apps.map((app) => ({ id: app.id, files: placeObjects(app.objects) }));
  if (split.crds.length > 0) output.push({ id: CRDS_APP, files: split.crds.map((crd) => ({ file: crdFileName(crd), object: crd })) });

  const kustomizations = appKustomizations(fluxApps(config, apps, split.crds.length > 0 ? split.scopes : new Map()), config.flux);
  output.push({ id: 'flux', files: kustomizations.map((k) => ({ file: `${k.metadata.name}.yaml`, object: k })) });
  output.push({ id: 'flux-bootstrap', files: [{ file: 'flux.yaml', object: appOfApps(config.flux) }] });

  return { apps: output, tree: toTree(output) };
}

/** Flux-managed apps with their dependencies: explicit ones, plus `crds` for apps that use a CRD-defined kind. */
function fluxApps(config: HomelabConfig, apps: readonly AppObjects[], crdKinds: ReadonlyMap<string, unknown>): FluxApp[] {
  const usesCrds = new Set(apps.filter((app) => app.objects.some((o) => crdKinds.has(groupKind(o)))).map((app) => app.id));
  const hasSops = new Set(apps.filter((app) => app.objects.some(isSopsEncrypted)).map((app) => app.id));
  const list: FluxApp[] = [];
  if (crdKinds.size > 0) list.push({ id: CRDS_APP, dependsOn: [], settings: {} });
  for (const app of config.apps) {
    if (app.flux === false) continue;
    const dependsOn = usesCrds.has(app.id) ? [CRDS_APP, ...app.dependencies.filter((d) => d !== CRDS_APP)] : [...app.dependencies];
    const decryptionSecret = hasSops.has(app.id) ? config.flux.sops?.secretRef : undefined;
    list.push({ id: app.id, namespace: app.namespace, dependsOn, settings: app.flux, decryptionSecret });
  }
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function toTree(apps: readonly RenderedApp[]): ManifestTree {
  const tree = new Map<string, string>();
  for (const app of [...apps].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const { file, object } of app.files) tree.set(`${app.id}/${file}`, toYaml(object));
  }
  return tree;
}
