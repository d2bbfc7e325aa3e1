// Is the cluster already bootstrapped, and from the same repository, branch and path as config/flux.yaml says?
import { HomelabError } from '../errors.ts';
import { normalizeRepoUrl } from '../git/repo-url.ts';
import type { Kube } from './kube.ts';

export interface SyncTarget {
  readonly repo: string;
  readonly branch: string;
  /** Where flux-system lives in the repository (config/flux.yaml `path`). */
  readonly path: string;
}

export type ExistingBootstrap =
  | { readonly state: 'none' }
  | { readonly state: 'same'; readonly current: SyncTarget }
  | { readonly state: 'different'; readonly current: SyncTarget; readonly differences: readonly string[] };

interface GitRepository {
  spec: { url: string; ref?: { branch?: string } };
}
interface Kustomization {
  spec: { path?: string };
}

/** Reads GitRepository and Kustomization `flux-system` in flux-system and compares them with `wanted`. */
export async function existingBootstrap(kube: Kube, wanted: SyncTarget): Promise<ExistingBootstrap> {
  const [repository, kustomization] = await Promise.all([
    kube.get<GitRepository>('gitrepositories.source.toolkit.fluxcd.io', 'flux-system', 'flux-system'),
    kube.get<Kustomization>('kustomizations.kustomize.toolkit.fluxcd.io', 'flux-system', 'flux-system'),
  ]);
  // Half a bootstrap (one of the two missing) is not a bootstrap: running flux bootstrap again completes it.
  if (!repository || !kustomization) return { state: 'none' };
  const current = { repo: repository.spec.url, branch: repository.spec.ref?.branch ?? '', path: kustomization.spec.path ?? '' };
  return compareTargets(current, wanted);
}

export function compareTargets(current: SyncTarget, wanted: SyncTarget): ExistingBootstrap {
  const differences: string[] = [];
  if (normalizeRepoUrl(current.repo) !== normalizeRepoUrl(wanted.repo)) differences.push(`repository "${current.repo}" (config/flux.yaml: "${wanted.repo}")`);
  if (current.branch !== wanted.branch) differences.push(`branch "${current.branch}" (config/flux.yaml: "${wanted.branch}")`);
  if (normalizePath(current.path) !== normalizePath(wanted.path)) differences.push(`path "${current.path}" (config/flux.yaml: "${wanted.path}")`);
  return differences.length ? { state: 'different', current, differences } : { state: 'same', current };
}

/** `./flux/`, `flux` and `flux/` are the same path. */
function normalizePath(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '').replace(/^\/+/, '');
}

export function mismatchError(existing: Extract<ExistingBootstrap, { state: 'different' }>, context: string): HomelabError {
  return new HomelabError(
    `the cluster of context "${context}" is already bootstrapped from another source: flux-system syncs ${existing.differences.join(', ')}; ` +
      'nothing was changed. Fix config/flux.yaml, or pass --force-repoint to run flux bootstrap again and re-point the cluster deliberately',
  );
}
