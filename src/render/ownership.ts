// No two apps may own the same object: Flux would flip it between them on every reconcile.
import type { Problem } from '../errors.ts';
import type { AppObjects } from './crds.ts';
import type { ProblemAt } from './problem-at.ts';
import { describeObject, groupOf, objectKey } from '../model/kube-object.ts';

export function findConflicts(apps: readonly AppObjects[], problemAt: ProblemAt): Problem[] {
  const owners = new Map<string, string>();
  const problems: Problem[] = [];
  for (const app of apps) {
    for (const object of app.objects) {
      const key = objectKey(object);
      const owner = owners.get(key);
      if (owner === undefined) {
        owners.set(key, app.id);
        continue;
      }
      const group = groupOf(object.apiVersion) || 'core';
      const which = owner === app.id ? `app "${app.id}" renders it twice` : `apps "${owner}" and "${app.id}" both render it`;
      problems.push(problemAt(app.id, `${describeObject(object)} (group ${group}): ${which}; give one a different name or namespace`));
    }
  }
  return problems;
}
