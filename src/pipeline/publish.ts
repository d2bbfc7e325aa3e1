// `homelab publish`: the pipeline's render, then its last stage "publish": commit the tree to <appsPath>/ of the
// manifests repo and push (publish/publish.ts, which reads the source commit while the render runs).
import { formatProblem } from '../errors.ts';
import { publish, type PublishOptions, type PublishResult } from '../publish/publish.ts';
import { renderSource } from './pipeline.ts';
import type { Runtime } from './runtime.ts';

export type PublishSourceOptions = Omit<PublishOptions, 'render' | 'env'>;

export function publishSource(options: PublishSourceOptions, runtime: Runtime): Promise<PublishResult> {
  return publish({
    ...options,
    env: runtime.env,
    render: async () => {
      const { config, tree, warnings } = await renderSource(options.source, runtime);
      return { flux: config.flux, tree, warnings: warnings.map(formatProblem) };
    },
  });
}
