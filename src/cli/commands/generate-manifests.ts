// `homelab generate-manifests`: flags → generateManifests() → report.
import { Command } from 'commander';
import { formatProblem } from '../../errors.ts';
import { clusterOption } from '../cluster-option.ts';
import type { Logger } from '../logger.ts';
import { withRuntime } from '../runtime.ts';

export function generateManifestsCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  return new Command('generate-manifests')
    .description('render every app into a manifests directory (one folder per app, plus the Flux app-of-apps)')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .option('--output <dir>', 'where to write the manifests; replaced as a whole', './manifests')
    .option('--filter <id...>', 'only rewrite these apps (the Flux app-of-apps is always rewritten)')
    .addOption(clusterOption('render, each into <output>/<cluster>/'))
    .option('--no-cache', 'render without the render cache (${HOMELAB_CACHE:-~/.cache/homelab}/render): every chart templated, every template and validator compiled')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: { source: string; output: string; filter?: string[]; cluster?: string[]; json?: boolean; cache: boolean }) => {
      logger.action(`rendering apps from "${flags.source}"`);
      const result = await withRuntime(env, { cache: flags.cache, warn: logger.warning, templates: true }, async (runtime) => (await import('../../pipeline/generate.ts')).generateManifests(
        {
          source: flags.source,
          output: flags.output,
          ...(flags.filter && { filter: flags.filter }),
          ...(flags.cluster && { clusters: flags.cluster }),
          onWait: (holder) => logger.action(`waiting for another homelab run (process ${holder.pid}) to finish writing "${flags.output}"`),
          onNotice: (message) => logger.warning(message),
        },
        runtime,
      ));
      const objects = result.apps.reduce((sum, app) => sum + app.objects, 0);
      for (const warning of result.warnings) logger.warning(formatProblem(warning));
      if (flags.json) logger.result(JSON.stringify(result, null, 2));
      logger.success(`wrote ${plural(result.apps.length, 'app')} (${plural(objects, 'object')}), ${plural(result.crds, 'CRD')} and ${plural(result.kustomizations, 'Flux Kustomization')} to "${result.output}"${result.clusters ? ` for ${plural(result.clusters.length, 'cluster')} (${result.clusters.join(', ')})` : ''} (${changes(result)})`);
    });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function changes(result: { files: number; changed: number; removed: number }): string {
  if (result.changed === 0 && result.removed === 0) return `all ${plural(result.files, 'file')} unchanged`;
  return [`${plural(result.changed, 'file')} written`, result.removed > 0 && `${result.removed} removed`, `${result.files - result.changed} unchanged`].filter(Boolean).join(', ');
}
