// Secret values never appear in a diff, in any format: each value becomes a marker that still shows whether it changed.
import { groupOf, type KubeObject } from '../model/kube-object.ts';

export const MASKED = '<masked>';
const MASKED_CHANGED = '<masked, changed>';

function isSecret(object: KubeObject | undefined): boolean {
  return !!object && object.kind === 'Secret' && typeof object.apiVersion === 'string' && groupOf(object.apiVersion) === '';
}

/**
 * Both sides of one Secret with `data` and `stringData` values masked; a value that differs between the sides is
 * masked differently, so the diff shows which keys changed and never what they hold.
 */
export function maskSecretPair(before: KubeObject | undefined, after: KubeObject | undefined): [KubeObject | undefined, KubeObject | undefined] {
  if (!isSecret(before) && !isSecret(after)) return [before, after];
  return [mask(before, after, false), mask(after, before, true)];
}

function mask(object: KubeObject | undefined, other: KubeObject | undefined, newer: boolean): KubeObject | undefined {
  if (!object || !isSecret(object)) return object;
  const out: KubeObject = { ...object };
  for (const field of ['data', 'stringData'] as const) {
    const values = object[field];
    if (!values || typeof values !== 'object') continue;
    const otherValues = (isSecret(other) ? other![field] : undefined) as Record<string, unknown> | undefined;
    out[field] = Object.fromEntries(Object.entries(values).map(([key, value]) => {
      const changed = newer && otherValues !== undefined && key in otherValues && otherValues[key] !== value;
      return [key, changed ? MASKED_CHANGED : MASKED];
    }));
  }
  return out;
}
