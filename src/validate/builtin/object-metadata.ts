// Every object's metadata as the API server checks it on create (custom resources too): the name rule of its kind,
// labels, annotations, owner references and finalizers (k8s.io/apimachinery pkg/api/validation/objectmeta.go).
import type { Problem } from '../../errors.ts';
import { groupOf } from '../../model/kube-object.ts';
import { objectProblem, type RenderedObject } from '../object-problem.ts';
import { FieldErrors, type Obj } from './field-errors.ts';
import { validateMetadata } from './kinds.ts';

const NO_PROBLEMS: Problem[] = [];

export function metadataProblems(at: RenderedObject, minor: number): Problem[] {
  const errors = new FieldErrors();
  validateMetadata(at.object as unknown as Obj, groupOf(at.object.apiVersion), at.object.kind, minor, errors);
  return errors.list.length === 0 ? NO_PROBLEMS : errors.list.map((issue) => objectProblem(at, issue.path, issue.message));
}
