// Every object has apiVersion, kind and a valid name, and a namespace exactly when its kind is namespaced.
import type { Problem } from '../errors.ts';
import { groupOf } from '../render/kube-object.ts';
import type { Scope } from '../render/scope.ts';
import { objectProblem, type RenderedObject } from './object-problem.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Missing apiVersion, kind or metadata.name: nothing else can be checked about such an object. */
export function missingIdentity(at: RenderedObject): Problem[] {
  const { object } = at;
  const missing = [
    typeof object.apiVersion === 'string' && object.apiVersion !== '' ? undefined : 'apiVersion',
    typeof object.kind === 'string' && object.kind !== '' ? undefined : 'kind',
    typeof object.metadata?.name === 'string' && object.metadata.name !== '' ? undefined : 'metadata.name',
  ].filter((field) => field !== undefined);
  return missing.map((field) => objectProblem(at, field, 'required field is missing'));
}

/** Name and namespace as the API server checks them; `scope` is undefined for kinds nobody provides. */
export function identityProblems(at: RenderedObject, scope: Scope | undefined): Problem[] {
  const { object } = at;
  const problems: Problem[] = [];
  const name = object.metadata.name!;
  const rule = nameRule(groupOf(object.apiVersion), object.kind);
  if (!rule.test(name)) problems.push(objectProblem(at, 'metadata.name', `${JSON.stringify(name)} is not a valid ${object.kind} name: expected ${rule.describe}`));
  const namespace = object.metadata.namespace;
  if (namespace !== undefined && !(typeof namespace === 'string' && DNS_LABEL.test(namespace) && namespace.length <= 63)) {
    problems.push(objectProblem(at, 'metadata.namespace', `${JSON.stringify(namespace)} is not a valid namespace: expected a DNS-1123 label (lower-case letters, digits, "-"; at most 63)`));
  }
  if (scope === 'Namespaced' && !namespace) {
    problems.push(objectProblem(at, 'metadata.namespace', `${object.kind} is namespaced: set a namespace, or leave it to the app's`));
  } else if (scope === 'Cluster' && namespace) {
    problems.push(objectProblem(at, 'metadata.namespace', `${object.kind} is cluster-scoped: remove the namespace`));
  }
  return problems;
}

interface NameRule {
  readonly describe: string;
  test(name: string): boolean;
}

const SUBDOMAIN: NameRule = {
  describe: 'a DNS-1123 subdomain (lower-case letters, digits, "-" and "."; at most 253)',
  test: (name) => name.length <= 253 && DNS_SUBDOMAIN.test(name),
};
const LABEL: NameRule = {
  describe: 'a DNS-1123 label (lower-case letters, digits and "-"; at most 63)',
  test: (name) => name.length <= 63 && DNS_LABEL.test(name),
};
const LABEL_1035: NameRule = {
  describe: 'a DNS-1035 label (lower-case letters, digits and "-", starting with a letter; at most 63)',
  test: (name) => name.length <= 63 && DNS_1035_LABEL.test(name),
};
/** RBAC names are path segments: anything but "/" and "%", and not "." or "..". */
const PATH_SEGMENT: NameRule = {
  describe: 'a path segment (no "/" or "%", not "." or "..")',
  test: (name) => !/[/%]/.test(name) && name !== '.' && name !== '..',
};

function nameRule(group: string, kind: string): NameRule {
  if (group === 'rbac.authorization.k8s.io') return PATH_SEGMENT;
  if (group === '' && kind === 'Namespace') return LABEL;
  if (group === '' && kind === 'Service') return LABEL_1035;
  return SUBDOMAIN;
}
