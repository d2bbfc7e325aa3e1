// Flux Kustomizations reference only apps that exist: every dependsOn names a Kustomization, every path an app directory.
import type { Problem } from '../errors.ts';
import { FLUX_NAMESPACE, FLUX_SOURCE } from '../render/app-of-apps.ts';
import { groupOf } from '../model/kube-object.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';

const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';

interface KustomizationSpec {
  readonly dependsOn?: readonly { readonly name?: string; readonly namespace?: string }[];
  readonly path?: string;
  readonly sourceRef?: { readonly kind?: string; readonly name?: string; readonly namespace?: string };
}

/** `apps` is every directory of the render (app ids plus crds, flux, flux-bootstrap). */
export function fluxReferenceProblems(objects: readonly RenderedObject[], appsPath: string, apps: readonly string[]): Problem[] {
  const kustomizations = objects.filter(({ object }) => object.kind === 'Kustomization' && groupOf(object.apiVersion) === KUSTOMIZE_GROUP);
  // flux-system/flux-system is the sync Kustomization `flux bootstrap` creates in the cluster.
  const known = new Set([`${FLUX_NAMESPACE}/${FLUX_NAMESPACE}`, ...kustomizations.map(({ object }) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`)]);
  const names = kustomizations.map(({ object }) => object.metadata.name ?? '');
  // A set: a thousand Kustomizations each looked up among a thousand apps.
  const appIds = new Set(apps);
  const problems: Problem[] = [];
  for (const at of kustomizations) {
    const namespace = at.object.metadata.namespace ?? '';
    const spec = (at.object.spec ?? {}) as KustomizationSpec;
    const dependsOn = Array.isArray(spec.dependsOn) ? spec.dependsOn : [];
    for (let i = 0; i < dependsOn.length; i++) {
      const dependency = dependsOn[i]!;
      const key = `${dependency.namespace ?? namespace}/${dependency.name ?? ''}`;
      if (!known.has(key)) {
        problems.push(objectProblem(at, `spec.dependsOn[${i}].name`, `unknown app "${dependency.name}": no Kustomization ${key} in the render${didYouMean(dependency.name ?? '', names)}`));
      }
    }
    const source = spec.sourceRef;
    const fromManifestsRepo = source?.kind === FLUX_SOURCE.kind && source.name === FLUX_SOURCE.name && (source.namespace ?? namespace) === FLUX_NAMESPACE;
    const relative = (spec.path ?? '').replace(/^\.?\//, '').replace(/\/+$/, '');
    if (fromManifestsRepo && relative.startsWith(`${appsPath}/`)) {
      const app = relative.slice(appsPath.length + 1).split('/')[0]!;
      if (!appIds.has(app)) {
        problems.push(objectProblem(at, 'spec.path', `"${spec.path}" is not an app directory in the render${didYouMean(app, apps)}`));
      }
    }
  }
  return problems;
}
