// Stage "assemble": built apps → objects → the crds app, namespaces, ownership, the app-of-apps, one file per
// object → the manifests tree. Pure: takes values, returns values.
import type { HomelabConfig } from '../config/model.ts';
import { causedBy, ConfigError, type Problem } from '../errors.ts';
import { groupKind } from '../model/kube-object.ts';
import { applyNamespace } from '../model/scope.ts';
import { APP_OF_APPS_DIR, CRDS_DIR, FLUX_BOOTSTRAP_DIR, type ManifestTree, type RenderedApp } from '../model/tree.ts';
import { appKustomizations, appOfApps, type FluxApp } from './app-of-apps.ts';
import type { BuiltApp } from './build-apps.ts';
import { collectObjects } from './collect-objects.ts';
import { splitCrds, type AppObjects } from './crds.ts';
import { crdFileName, placeObjects } from './layout.ts';
import { resolveIfAbsent } from './if-absent.ts';
import { findConflicts } from './ownership.ts';
import { isSopsEncrypted } from './sops.ts';
import { toYaml } from './serialize.ts';

export interface RenderResult {
  /** Every app directory (including the generated `crds`, `flux` and `flux-bootstrap`). */
  readonly apps: readonly RenderedApp[];
  readonly tree: ManifestTree;
}

export function assemble(config: HomelabConfig, built: readonly BuiltApp[]): RenderResult {
  const problems: Problem[] = [];
  const failures: ConfigError[] = [];
  const rendered: AppObjects[] = [];
  for (const app of built) {
    try {
      rendered.push({ id: app.app.id, objects: collectObjects(config, app) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      failures.push(error);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, causedBy(failures));

  const appIndex = new Map(config.apps.map((app) => [app.id, app]));
  const problemAt = (appId: string, message: string) => config.files.apps.problem(['apps', appIndex.get(appId)?.index ?? 0], message);

  const ifAbsent = resolveIfAbsent(rendered, config.flux.existingNamespaces ?? []);
  const split = splitCrds(ifAbsent.apps, problemAt);
  const apps = split.apps.map((app) => ({
    id: app.id,
    objects: app.objects.map((object) => applyNamespace(object, appIndex.get(app.id)!.namespace, split.scopes)),
  }));
  problems.push(...split.problems, ...findConflicts(apps, problemAt));
  if (problems.length > 0) throw new ConfigError(problems);

  const output: RenderedApp[] = apps.map((app) => ({ id: app.id, files: placeObjects(app.objects) }));
  if (split.crds.length > 0) output.push({ id: CRDS_DIR, files: split.crds.map((crd) => ({ file: crdFileName(crd), object: crd })) });

  const kustomizations = appKustomizations(fluxApps(config, apps, split.crds.length > 0 ? split.scopes : new Map(), ifAbsent.providers), config.flux);
  output.push({ id: APP_OF_APPS_DIR, files: kustomizations.map((k) => ({ file: `${k.metadata.name}.yaml`, object: k })) });
  output.push({ id: FLUX_BOOTSTRAP_DIR, files: [{ file: 'flux.yaml', object: appOfApps(config.flux) }] });

  return { apps: output, tree: toTree(output) };
}

/**
 * Flux-managed apps with their dependencies: explicit ones, plus `crds` for apps that use a CRD-defined kind, plus the
 * apps that provide what an app asked for "if absent" (its Namespace, when another app creates it).
 */
function fluxApps(config: HomelabConfig, apps: readonly AppObjects[], crdKinds: ReadonlyMap<string, unknown>, providers: ReadonlyMap<string, readonly string[]>): FluxApp[] {
  const usesCrds = new Set(apps.filter((app) => app.objects.some((o) => crdKinds.has(groupKind(o)))).map((app) => app.id));
  const hasSops = new Set(apps.filter((app) => app.objects.some(isSopsEncrypted)).map((app) => app.id));
  const namespaceEdges = providerEdges(config, providers);
  const list: FluxApp[] = [];
  if (crdKinds.size > 0) list.push({ id: CRDS_DIR, dependsOn: [], settings: {} });
  for (const app of config.apps) {
    if (app.flux === false) continue;
    const explicit = usesCrds.has(app.id) ? [CRDS_DIR, ...app.dependencies.filter((d) => d !== CRDS_DIR)] : [...app.dependencies];
    const dependsOn = [...explicit, ...(namespaceEdges.get(app.id) ?? []).filter((id) => !explicit.includes(id))];
    const decryptionSecret = hasSops.has(app.id) ? config.flux.sops?.secretRef : undefined;
    list.push({ id: app.id, namespace: app.namespace, dependsOn, settings: app.flux, decryptionSecret });
  }
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * App id → the apps it waits for because they provide its Namespace: Flux-managed ones that do not already wait for
 * it themselves (through dependencies, or edges added here first, in config order), which would deadlock.
 */
function providerEdges(config: HomelabConfig, providers: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const byId = new Map(config.apps.map((app) => [app.id, app]));
  const added = new Map<string, string[]>();
  const waitsFor = (from: string, target: string, seen = new Set<string>()): boolean => {
    if (from === target) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return [...(byId.get(from)?.dependencies ?? []), ...(added.get(from) ?? [])].some((next) => waitsFor(next, target, seen));
  };
  for (const app of config.apps) {
    if (app.flux === false) continue;
    for (const provider of providers.get(app.id) ?? []) {
      if (byId.get(provider)?.flux === false || waitsFor(provider, app.id)) continue;
      added.set(app.id, [...(added.get(app.id) ?? []), provider]);
    }
  }
  return added;
}

function toTree(apps: readonly RenderedApp[]): ManifestTree {
  const tree = new Map<string, string>();
  for (const app of [...apps].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const { file, object } of app.files) tree.set(`${app.id}/${file}`, toYaml(object));
  }
  return tree;
}
