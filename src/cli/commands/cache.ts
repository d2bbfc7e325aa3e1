// `homelab cache prune|clear`: the render cache (${HOMELAB_CACHE:-~/.cache/homelab}/render) kept small, or emptied.
import { Command, InvalidArgumentError } from 'commander';
import type { Logger } from '../logger.ts';
import { cacheMaxBytes, renderCache } from '../runtime.ts';

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

export function cacheCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  const cache = new Command('cache').description('manage the render cache: chart renders, compiled templates and validators (${HOMELAB_CACHE:-~/.cache/homelab}/render)');
  cache.command('prune')
    .description('remove entries of other homelab versions and abandoned files, then the least recently used entries above the size bound')
    .option('--max-size <size>', 'the bound, e.g. 500M or 2G (default: HOMELAB_CACHE_MAX_SIZE, else 1G)', (value) => {
      let bad = false;
      const bytes = cacheMaxBytes(value, () => (bad = true));
      if (bad) throw new InvalidArgumentError('expected a size such as "500M" or "2G"');
      return bytes;
    })
    .action(async (flags: { maxSize?: number }) => {
      const store = renderCache(env, logger.warning);
      const result = await store.prune({ otherVersions: true, ...(flags.maxSize !== undefined && { maxBytes: flags.maxSize }) });
      logger.success(`pruned ${entries(result.removed)} (${mib(result.removedBytes)}); "${store.dir}" holds ${entries(result.entries)} (${mib(result.bytes)}, bound ${mib(flags.maxSize ?? store.maxBytes)})`);
    });
  cache.command('clear')
    .description('remove every entry (the next render computes everything again)')
    .action(async () => {
      const store = renderCache(env, logger.warning);
      const removed = await store.clear();
      logger.success(`removed ${entries(removed.entries)} (${mib(removed.bytes)}) from "${store.dir}"`);
    });
  return cache;
}
