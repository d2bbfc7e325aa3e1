// Moves every CustomResourceDefinition into the generated `crds` app, so custom resources never race
// their definitions and removing an app never deletes every custom resource of its kinds.
import { isDeepStrictEqual } from 'node:util';
import type { Problem } from '../errors.ts';
import type { ProblemAt } from './problem-at.ts';
import { isCrd, type KubeObject } from '../model/kube-object.ts';
import type { Scope } from '../model/scope.ts';

/** Flux's annotation that keeps an object when it disappears from the source. */
export const PRUNE_DISABLED = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } as const;

export interface AppObjects {
  readonly id: string;
  readonly objects: readonly KubeObject[];
}

export interface CrdSplit {
  /** The apps without their CRDs. */
  readonly apps: AppObjects[];
  /** Every CRD in the render, once, marked never to be pruned, sorted by name. */
  readonly crds: KubeObject[];
  /** `group/Kind` → scope, for every kind the CRDs define. */
  readonly scopes: ReadonlyMap<string, Scope>;
  readonly problems: Problem[];
}

export function splitCrds(apps: readonly AppObjects[], problemAt: ProblemAt): CrdSplit {
  const byName = new Map<string, { crd: KubeObject; owner: string }>();
  const problems: Problem[] = [];
  const rest = apps.map((app) => {
    const kept: KubeObject[] = [];
    for (const object of app.objects) {
      if (!isCrd(object)) {
        kept.push(object);
        continue;
      }
      const name = object.metadata.name ?? '';
      const first = byName.get(name);
      if (!first) byName.set(name, { crd: object, owner: app.id });
      // Two instances of one chart ship the same CRD: keep one. Different definitions would fight in the cluster.
      else if (!isDeepStrictEqual(first.crd, object)) {
        problems.push(problemAt(app.id, `apps "${first.owner}" and "${app.id}" both define CustomResourceDefinition "${name}" differently; only one definition can exist in the cluster`));
      }
    }
    return { id: app.id, objects: kept };
  });

  const crds = [...byName.keys()].sort().map((name) => markUnprunable(byName.get(name)!.crd));
  const scopes = new Map<string, Scope>();
  for (const crd of crds) {
    const spec = (crd.spec ?? {}) as { group?: string; names?: { kind?: string }; scope?: string };
    if (spec.group && spec.names?.kind) scopes.set(`${spec.group}/${spec.names.kind}`, spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced');
  }
  return { apps: rest, crds, scopes, problems };
}

function markUnprunable(crd: KubeObject): KubeObject {
  return { ...crd, metadata: { ...crd.metadata, annotations: { ...crd.metadata.annotations, ...PRUNE_DISABLED } } };
}
