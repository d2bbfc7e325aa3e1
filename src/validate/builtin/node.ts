// RuntimeClass (node.k8s.io) as k8s.io/kubernetes checks it on create: pkg/apis/node/validation/validation.go
// ValidateRuntimeClass (validateOverhead, validateScheduling).
import { EMPTY, FieldErrors, obj, str, type Obj } from './field-errors.ts';
import { isDNS1123Label } from './formats.ts';
import { validateLabels } from './metadata.ts';
import { validateResources, validateTolerations } from './pod.ts';

export function validateRuntimeClass(object: Obj, errors: FieldErrors): void {
  const handler = str(object.handler);
  errors.invalidEach('handler', handler, isDNS1123Label(handler));
  const overhead = obj(object.overhead);
  // ValidateContainerResourceRequirements of {Limits: podFixed}: its paths say `overhead.limits[cpu]`.
  if (overhead) validateResources({ limits: overhead.podFixed }, 'overhead', errors);
  const scheduling = obj(object.scheduling);
  if (scheduling) {
    validateLabels(scheduling.nodeSelector ?? EMPTY, 'scheduling.nodeSelector', errors);
    validateTolerations(scheduling.tolerations, 'scheduling.tolerations', errors);
  }
}
