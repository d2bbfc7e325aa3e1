// `homelab bootstrap`: flux bootstrap and the wait run in bootstrap/; the flux-bootstrap manifests come from the
// pipeline's render (unless --manifests names a generate-manifests output).
import { bootstrap, type BootstrapOptions, type BootstrapResult } from '../bootstrap/bootstrap.ts';
import { renderSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export type BootstrapSourceOptions = Omit<BootstrapOptions, 'render' | 'env'>;

export function bootstrapSource(options: BootstrapSourceOptions, runtime: Runtime): Promise<BootstrapResult> {
  return bootstrap({ ...options, env: runtime.env, render: async () => (await renderSource(options.source, runtime)).tree });
}
