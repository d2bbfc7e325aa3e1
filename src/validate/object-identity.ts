// Every object has apiVersion, kind and a name, and a valid namespace exactly when its kind is namespaced (name rules: builtin/names.ts).
import type { Problem } from '../errors.ts';
import { missingIdentity as missingFields } from '../model/identity.ts';
import type { Scope } from '../model/scope.ts';
import { isDNS1123Label } from './builtin/formats.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';

const NONE: Problem[] = [];

/** Missing apiVersion, kind or metadata.name: nothing else can be checked about such an object. */
export function missingIdentity(at: RenderedObject): Problem[] {
  const { object } = at;
  // Every object of a render that got this far has all three: no list made for them.
  if (isSet(object.apiVersion) && isSet(object.kind) && isSet(object.metadata?.name)) return NONE;
  const missing = missingFields(object);
  return missing.length === 0 ? NONE : missing.map((field) => objectProblem(at, field, 'required field is missing'));
}

function isSet(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/** The namespace as the API server checks it, set exactly when the kind is namespaced; `scope` is undefined for kinds nobody provides. */
export function identityProblems(at: RenderedObject, scope: Scope | undefined): Problem[] {
  const { object } = at;
  const namespace = object.metadata.namespace;
  if (scope === 'Namespaced' && typeof namespace === 'string' && namespace !== '' && isDNS1123Label(namespace).length === 0) return NONE;
  const problems: Problem[] = [];
  if (namespace !== undefined) {
    const messages = typeof namespace === 'string' ? isDNS1123Label(namespace) : ['must be a string'];
    for (const message of messages) problems.push(objectProblem(at, 'metadata.namespace', `Invalid value: ${JSON.stringify(namespace)}: ${message}`));
  }
  if (scope === 'Namespaced' && !namespace) {
    problems.push(objectProblem(at, 'metadata.namespace', `${object.kind} is namespaced: set a namespace, or leave it to the app's`));
  } else if (scope === 'Cluster' && namespace) {
    problems.push(objectProblem(at, 'metadata.namespace', `${object.kind} is cluster-scoped: remove the namespace`));
  }
  return problems;
}
