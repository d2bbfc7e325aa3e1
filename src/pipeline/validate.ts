// `homelab validate`: the pipeline's render in memory (which validates), then a report; writes nothing.
import type { Problem } from '../errors.ts';
import { kubeMinor } from '../validate/kubernetes-schemas.ts';
import { renderClusters, type RenderedSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export interface ValidateResult {
  /** The cluster of config/clusters.yaml this result is for; absent without that file. */
  readonly cluster?: string;
  /** The Kubernetes version the objects were checked against, e.g. `1.34`. */
  readonly kubeVersion: string;
  /** The user's apps with their object counts (the generated crds, flux and flux-bootstrap apps are not listed). */
  readonly apps: readonly { readonly id: string; readonly objects: number }[];
  /** Every object checked, generated ones included. */
  readonly objects: number;
  /** What homelab could not check (the API server will). */
  readonly warnings: readonly Problem[];
}

/** Resolves when the render passes every check; throws a ConfigError listing every problem otherwise. */
export async function validateSource(source: string, runtime: Runtime): Promise<ValidateResult> {
  const [first] = await validateClusters(source, runtime);
  return first!;
}

/** Each selected cluster validated against its own kubeVersion (one result without config/clusters.yaml). */
export async function validateClusters(source: string, runtime: Runtime, clusters: readonly string[] = []): Promise<ValidateResult[]> {
  return (await renderClusters(source, runtime, clusters)).map(summarize);
}

function summarize(rendered: RenderedSource): ValidateResult {
  const ids = new Set(rendered.config.apps.map((app) => app.id));
  return {
    ...(rendered.config.clusters && { cluster: rendered.config.cluster.name }),
    kubeVersion: kubeMinor(rendered.config.flux.kubeVersion),
    apps: rendered.apps.filter((app) => ids.has(app.id)).map((app) => ({ id: app.id, objects: app.files.length })),
    objects: rendered.apps.reduce((sum, app) => sum + app.files.length, 0),
    warnings: rendered.warnings,
  };
}
