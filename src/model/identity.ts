// The one identity check: what an object needs before anything else can be said about it.
import type { KubeObject } from './kube-object.ts';

export type IdentityField = 'apiVersion' | 'kind' | 'metadata.name';

/** The identity fields the object lacks (absent, empty or not a string), in that order; none for a sound object. */
export function missingIdentity(object: Partial<KubeObject>): IdentityField[] {
  const missing: IdentityField[] = [];
  if (!present(object.apiVersion)) missing.push('apiVersion');
  if (!present(object.kind)) missing.push('kind');
  if (!present(object.metadata?.name)) missing.push('metadata.name');
  return missing;
}

// At module level: called for every object of the render, and a closure made per call costs more than the check.
function present(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}
