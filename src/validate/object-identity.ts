// Every object has apiVersion, kind and a valid name, and a namespace exactly when its kind is namespaced.
import type { Problem } from '../errors.ts';
import { missingIdentity as missingFields } from '../model/identity.ts';
import { isDnsLabel, nameRule } from '../model/names.ts';
import type { Scope } from '../model/scope.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';

/** Missing apiVersion, kind or metadata.name: nothing else can be checked about such an object. */
export function missingIdentity(at: RenderedObject): Problem[] {
  return missingFields(at.object).map((field) => objectProblem(at, field, 'required field is missing'));
}

/** Name and namespace as the API server checks them; `scope` is undefined for kinds nobody provides. */
export function identityProblems(at: RenderedObject, scope: Scope | undefined): Problem[] {
  const { object } = at;
  const problems: Problem[] = [];
  const name = object.metadata.name!;
  const rule = nameRule(object.apiVersion, object.kind);
  if (!rule.test(name)) problems.push(objectProblem(at, 'metadata.name', `${JSON.stringify(name)} is not a valid ${object.kind} name: expected ${rule.describe}`));
  const namespace = object.metadata.namespace;
  if (namespace !== undefined && !(typeof namespace === 'string' && isDnsLabel(namespace))) {
    problems.push(objectProblem(at, 'metadata.namespace', `${JSON.stringify(namespace)} is not a valid namespace: expected a DNS-1123 label (lower-case letters, digits, "-"; at most 63)`));
  }
  if (scope === 'Namespaced' && !namespace) {
    problems.push(objectProblem(at, 'metadata.namespace', `${object.kind} is namespaced: set a namespace, or leave it to the app's`));
  } else if (scope === 'Cluster' && namespace) {
    problems.push(objectProblem(at, 'metadata.namespace', `${object.kind} is cluster-scoped: remove the namespace`));
  }
  return problems;
}
