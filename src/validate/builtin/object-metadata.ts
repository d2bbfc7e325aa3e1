// Every object's metadata as the API server checks it on create (custom resources too): the name rule of its kind,
// labels, annotations, owner references and finalizers (k8s.io/apimachinery pkg/api/validation/objectmeta.go).
import type { Problem } from '../../errors.ts';
import { groupOf } from '../../model/kube-object.ts';
import { objectProblem, type RenderedObject } from '../object-problem.ts';
import { FieldErrors, obj, type Obj } from './field-errors.ts';
import type { NameValidator } from './formats.ts';
import { validateObjectMeta } from './metadata.ts';
import { nameValidator } from './names.ts';

const NO_PROBLEMS: Problem[] = [];

/** minor → apiVersion → kind → the kind's name rule: looked up once per kind, not per object (11,000 in the bench). */
const nameRules = new Map<number, Map<string, Map<string, NameValidator>>>();

function nameRuleOf(apiVersion: string, kind: string, minor: number): NameValidator {
  let byVersion = nameRules.get(minor);
  if (!byVersion) nameRules.set(minor, (byVersion = new Map()));
  let byKind = byVersion.get(apiVersion);
  if (!byKind) byVersion.set(apiVersion, (byKind = new Map()));
  let rule = byKind.get(kind);
  if (!rule) byKind.set(kind, (rule = nameValidator(groupOf(apiVersion), kind, minor)));
  return rule;
}

export function metadataProblems(at: RenderedObject, minor: number): Problem[] {
  const errors = new FieldErrors();
  const object = at.object as unknown as Obj;
  validateObjectMeta(obj(object.metadata), nameRuleOf(at.object.apiVersion, at.object.kind, minor), 'metadata', errors);
  return errors.list.length === 0 ? NO_PROBLEMS : errors.list.map((issue) => objectProblem(at, issue.path, issue.message));
}
