// `homelab refresh-assets`: flags → refreshAssets() → report.
import { Command } from 'commander';
import { refreshSourceAssets } from '../../pipeline/refresh-assets.ts';
import type { Logger } from '../logger.ts';
import { createRuntime } from '../runtime.ts';

export function refreshAssetsCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  return new Command('refresh-assets')
    .description('download the Helm charts and files templates declare into assets/, pinned by sha256 in assets/lock.yaml')
    .option('--source <dir>', 'the source repository', '.')
    .option('--filter <template...>', 'only refresh these templates\' assets')
    .option('--update <template...>', 'accept re-published chart archives and re-resolve dependency version ranges of these templates')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: { source: string; filter?: string[]; update?: string[]; json?: boolean }) => {
      logger.action(`refreshing assets of "${flags.source}"`);
      const result = await refreshSourceAssets({ source: flags.source, ...(flags.filter && { filter: flags.filter }), ...(flags.update && { update: flags.update }) }, createRuntime(env));
      for (const file of result.files) {
        if (!file.changed) continue;
        logger.success(`vendored "assets/${file.template}/${file.file}" (sha256 ${file.sha256.slice(0, 12)}…, ${file.size} bytes)`);
        for (const dependency of file.dependencies ?? []) {
          const range = dependency.constraint ? ` (for "${dependency.constraint}")` : '';
          logger.success(`pinned dependency "${dependency.name}" ${dependency.version}${range} from "${dependency.repository}" (sha256 ${dependency.sha256.slice(0, 12)}…)`);
        }
      }
      for (const file of result.removed) logger.success(`removed "${file}", which no template declares any more`);
      if (flags.json) logger.result(JSON.stringify(result, null, 2));
      const changed = result.files.filter((f) => f.changed).length;
      logger.success(changed === 0 && result.removed.length === 0 ? `assets are up to date (${result.files.length} files)` : `updated assets/lock.yaml (${changed} changed, ${result.removed.length} removed)`);
    });
}
