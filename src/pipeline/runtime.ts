// What the pipeline needs from the world, made once by the CLI (src/cli/runtime.ts) and passed in: nothing below
// reads the environment or finds a tool on its own.
import type { CacheStore } from '../cache/store.ts';
import type { Helm } from '../helm/helm-binary.ts';
import type { ChartRenderer } from '../render/chart-renderer.ts';
import type { KustomizeBuilder } from '../render/kustomize-builder.ts';
import type { SpawnedWorker } from './template-worker/spawn.ts';

export interface Runtime {
  /** The environment variables, read once by the CLI (tokens, tool paths, git's and helm's settings). */
  readonly env: NodeJS.ProcessEnv;
  /** Renders Helm charts for the render's Helm phase (the real helm; a cache may wrap it). */
  readonly charts: ChartRenderer;
  /** Builds kustomization directories for the `kustomize` template (the real `kubectl kustomize`; a cache may wrap it). */
  readonly kustomize: KustomizeBuilder;
  /** helm itself, for refresh-assets (pull, package, show crds); found on first use. */
  readonly helm: () => Promise<Helm>;
  /** How many charts render at once. */
  readonly parallelism: number;
  /** The render cache (compiled templates and validators; `charts` already uses it); absent with `--no-cache`. */
  readonly cache?: CacheStore;
  /**
   * The templates' worker the CLI started with the runtime, before it loaded the render, for the first render to
   * take (with this runtime's cache); undefined once taken, or when none was started.
   */
  takeTemplates?(): SpawnedWorker | undefined;
}
