// `homelab validate`: the pipeline's render in memory (which validates), then a report; writes nothing.
import type { Problem } from '../errors.ts';
import { kubeMinor } from '../validate/kubernetes-schemas.ts';
import { renderSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export interface ValidateResult {
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
  const rendered = await renderSource(source, runtime);
  const ids = new Set(rendered.config.apps.map((app) => app.id));
  return {
    kubeVersion: kubeMinor(rendered.config.flux.kubeVersion),
    apps: rendered.apps.filter((app) => ids.has(app.id)).map((app) => ({ id: app.id, objects: app.files.length })),
    objects: rendered.apps.reduce((sum, app) => sum + app.files.length, 0),
    warnings: rendered.warnings,
  };
}
