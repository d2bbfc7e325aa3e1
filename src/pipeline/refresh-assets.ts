// `homelab refresh-assets`: the pipeline's first two stages (config, templates), then vendoring what the apps'
// templates declare (assets/refresh.ts).
import { refreshAssets, type RefreshResult } from '../assets/refresh.ts';
import { loadConfig, loadTemplates } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export interface RefreshSourceOptions {
  readonly source: string;
  /** Only these templates' assets; the rest of the lock stays as it is. */
  readonly filter?: readonly string[];
  /** Templates whose charts may change for the same version (re-published archives, dependency ranges resolved again). */
  readonly update?: readonly string[];
}

export async function refreshSourceAssets(options: RefreshSourceOptions, runtime: Runtime): Promise<RefreshResult> {
  const config = await loadConfig(options.source);
  const templates = await loadTemplates(config);
  return refreshAssets({ config, templates, helm: runtime.helm, env: runtime.env, ...(options.filter && { filter: options.filter }), ...(options.update && { update: options.update }) });
}
