// The one identity check: what an object needs before anything else can be said about it.
import type { KubeObject } from './kube-object.ts';

export type IdentityField = 'apiVersion' | 'kind' | 'metadata.name';

/** The identity fields the object lacks (absent, empty or not a string), in that order; none for a sound object. */
export function missingIdentity(object: Partial<KubeObject>): IdentityField[] {
  const present = (value: unknown) => typeof value === 'string' && value !== '';
  const missing: IdentityField[] = [];
  if (!present(object.apiVersion)) missing.push('apiVersion');
  if (!present(object.kind)) missing.push('kind');
  if (!present(object.metadata?.name)) missing.push('metadata.name');
  return missing;
}
