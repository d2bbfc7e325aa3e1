// Helm hooks (`helm.sh/hook` annotations) as GitOps sees them: which kinds of hook become plain objects, which are
// dropped, and where a kept hook goes in apply order.
import type { KubeObject } from '../model/kube-object.ts';

export const HOOK_ANNOTATION = 'helm.sh/hook';
export const HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';

/** Hooks that run when a release is installed or upgraded: Flux applies them with everything else. */
const PRE_HOOKS = new Set(['pre-install', 'pre-upgrade']);
const POST_HOOKS = new Set(['post-install', 'post-upgrade']);

/** The hook types of an object (`helm.sh/hook: pre-install,pre-upgrade`), or undefined for a plain object. */
export function hookTypes(object: KubeObject): string[] | undefined {
  const hook = object.metadata?.annotations?.[HOOK_ANNOTATION];
  if (hook === undefined) return undefined;
  return hook.split(',').map((type) => type.trim()).filter(Boolean);
}

/**
 * Whether a chart's object belongs in a GitOps tree: plain objects and install/upgrade hooks do; test hooks and
 * hooks that only run on delete or rollback have nothing to run them under Flux.
 */
export function keptByGitOps(object: KubeObject): boolean {
  const types = hookTypes(object);
  return types === undefined || types.some((type) => PRE_HOOKS.has(type) || POST_HOOKS.has(type));
}

/** Where a kept hook runs relative to the release's other objects. */
export interface HookOrder {
  /** 1: before the release's objects (pre-install/pre-upgrade), 2: after them (post-install/post-upgrade only). */
  readonly phase: 1 | 2;
  /** `helm.sh/hook-weight` (default 0): helm runs lower weights first. */
  readonly weight: number;
}

/** The hook order of a kept hook; undefined for plain objects. */
export function hookOrder(object: KubeObject): HookOrder | undefined {
  const types = hookTypes(object);
  if (types === undefined) return undefined;
  const phase = types.some((type) => PRE_HOOKS.has(type)) ? 1 : 2;
  // Helm reads the weight with strconv.Atoi and treats anything else as 0.
  const text = object.metadata?.annotations?.[HOOK_WEIGHT_ANNOTATION]?.trim() ?? '';
  const weight = /^[+-]?\d+$/.test(text) ? Number(text) : 0;
  return { phase, weight };
}
