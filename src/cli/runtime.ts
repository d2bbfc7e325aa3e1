// The composition root: the real world the pipeline runs against, made from the environment main read once.
import os from 'node:os';
import { findHelm, type Helm } from '../helm/helm-binary.ts';
import { helmChartRenderer } from '../helm/helm-renderer.ts';
import { kubectlKustomizeBuilder } from '../kustomize/kubectl-kustomize.ts';
import type { Runtime } from '../pipeline/runtime.ts';

/** helm is found (and its version checked) on first use, once per runtime; renders without charts never need it. */
export function createRuntime(env: NodeJS.ProcessEnv): Runtime {
  let found: Promise<Helm> | undefined;
  const helm = (): Promise<Helm> => {
    if (!found) {
      found = findHelm(env);
      // A failed lookup is not kept: the next command may find helm installed.
      found.catch(() => (found = undefined));
    }
    return found;
  };
  // The render cache (issue 12 item 2) wraps this renderer; nothing else changes.
  const charts = helmChartRenderer(helm);
  return { env, charts, kustomize: kubectlKustomizeBuilder(env), helm, parallelism: Math.max(2, os.availableParallelism()) };
}
