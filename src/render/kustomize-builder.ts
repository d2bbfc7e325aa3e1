// The seam between the render and kustomize: the render asks for a kustomization directory's objects, the CLI passes
// in what answers (kustomize/kubectl-kustomize.ts runs the real `kubectl kustomize`; a cache can wrap it).
import { HomelabError } from '../errors.ts';
import type { KubeObject } from '../model/kube-object.ts';

export interface KustomizeBuildRequest {
  /** The source repository's root (absolute): kustomizations may not reach outside it. */
  readonly sourceDir: string;
  /** The kustomization directory, relative to the source repo (as config/apps.yaml names it). */
  readonly path: string;
}

export interface KustomizeBuilder {
  /** The directory's objects as `kubectl kustomize` prints them, in order. Throws a KustomizeBuildError when it does not build. */
  build(request: KustomizeBuildRequest): Promise<KubeObject[]>;
}

/** The kustomization failed to build (kustomize's own message) or refers to something homelab cannot render offline. */
export class KustomizeBuildError extends HomelabError {
  override readonly name = 'KustomizeBuildError';
}
