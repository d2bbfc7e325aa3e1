// Jobs rendered by a chart, made fit for Flux: helm deletes and re-creates a hook Job on every upgrade, Flux applies
// objects in place, and a Job's pod template is immutable.
import { groupOf, type KubeObject } from '../model/kube-object.ts';

/**
 * kustomize-controller's per-object force: when applying the object fails on an immutable field, Flux deletes and
 * re-creates it (fluxcd/pkg ssa `ForceSelector`; the value is compared case-insensitively).
 */
export const FLUX_FORCE = { 'kustomize.toolkit.fluxcd.io/force': 'enabled' } as const;

export function isJob(object: KubeObject): boolean {
  return object.kind === 'Job' && groupOf(object.apiVersion) === 'batch';
}

/**
 * A chart's Job under Flux: annotated with FLUX_FORCE, so an upgrade that changes its template re-creates it instead of
 * failing the app's Kustomization, and without `spec.ttlSecondsAfterFinished`, since a Job that Kubernetes deletes
 * after it finished is re-created (and so re-run) by Flux at every interval.
 */
export function fitJobForFlux(object: KubeObject): KubeObject {
  if (!isJob(object)) return object;
  const spec = object.spec as Record<string, unknown> | undefined;
  const { ttlSecondsAfterFinished: _dropped, ...keptSpec } = spec ?? {};
  return {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, ...FLUX_FORCE } },
    ...(spec !== undefined && { spec: keptSpec }),
  };
}
