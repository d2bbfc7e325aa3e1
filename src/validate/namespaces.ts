// Every namespaced object's namespace exists when Flux applies it: some app of the render creates it, the cluster
// has it from the start, or config/flux.yaml lists it under `existingNamespaces`.
import type { HomelabConfig } from '../config/model.ts';
import type { Problem } from '../errors.ts';
import { CLUSTER_NAMESPACES } from '../model/cluster-namespaces.ts';
import { groupKind } from '../model/kube-object.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';

export { CLUSTER_NAMESPACES };

export function namespaceProblems(objects: readonly RenderedObject[], config: HomelabConfig): Problem[] {
  const created = new Set(objects.filter(({ object }) => object.kind === 'Namespace' && groupKind(object) === '/Namespace').map(({ object }) => object.metadata.name));
  const existing = new Set([...CLUSTER_NAMESPACES, ...(config.flux.existingNamespaces ?? [])]);
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const at of objects) {
    const namespace = at.object.metadata?.namespace;
    if (typeof namespace !== 'string' || namespace === '' || created.has(namespace) || existing.has(namespace)) continue;
    // One problem per app and namespace, at the app's first object in it.
    const key = `${at.app}\0${namespace}`;
    if (reported.has(key)) continue;
    reported.add(key);
    problems.push(objectProblem(at, 'metadata.namespace', `namespace "${namespace}" does not exist: no app creates it and it is not a cluster default; add a Namespace "${namespace}" to an app, or list it under existingNamespaces in config/flux.yaml if the cluster has it`));
  }
  return problems;
}
