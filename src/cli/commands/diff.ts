// `homelab diff`: flags → diffSource() → the report on stdout; tells main whether anything differs (exit 1).
import { Command, InvalidArgumentError, Option } from 'commander';
import { DIFF_FORMATS, formatDiff, type DiffFormat } from '../../diff/format.ts';
import { DEFAULT_FILTERS, type NoiseFilter } from '../../diff/noise-filters.ts';
import { clusterOption } from '../cluster-option.ts';
import type { Logger } from '../logger.ts';
import { withRuntime } from '../runtime.ts';

interface DiffFlags {
  source: string;
  against: string;
  repo?: string;
  format: DiffFormat;
  maxBytes?: number;
  ignoreLabel?: string[];
  ignoreAnnotation?: string[];
  defaultFilters: boolean;
  cluster?: string[];
  cache: boolean;
}

/** Exit codes like diff(1): 0 equal, 1 different (`onDifferent`), 2 trouble (main's mapping for this command). */
export function diffCommand(logger: Logger, env: NodeJS.ProcessEnv, onDifferent: () => void): Command {
  return new Command('diff')
    .description('compare a fresh render with a previous one, per app and per object (exit 0 equal, 1 different, 2 error)')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .requiredOption('--against <dir|ref>', 'a manifests directory (generate-manifests output or a manifests repo checkout), or a git ref of --repo')
    .option('--repo <dir>', 'the local clone of the manifests repository that --against REF is resolved in, reading <appsPath>/ at that ref (default: the current directory)')
    .addOption(new Option('--format <format>', 'output format').choices(DIFF_FORMATS).default('text'))
    .option('--max-bytes <n>', 'truncate the output with a note above this size (default: 60000 for markdown, none for text; json is never truncated)', positiveInteger)
    .option('--ignore-label <key...>', 'also leave out these labels (a trailing * matches a prefix)')
    .option('--ignore-annotation <key...>', 'also leave out these annotations (a trailing * matches a prefix)')
    .addOption(clusterOption('compare (a generate-manifests --against DIR holds each in DIR/<cluster>/)'))
    .option('--no-default-filters', 'compare helm.sh/chart and chart labels and checksum/* annotations too')
    .option('--no-cache', 'render without the render cache (${HOMELAB_CACHE:-~/.cache/homelab}/render): every chart templated, every template and validator compiled')
    .action(async (flags: DiffFlags) => {
      const filters: NoiseFilter[] = [
        ...(flags.defaultFilters ? DEFAULT_FILTERS : []),
        ...(flags.ignoreLabel ?? []).map((key) => ({ field: 'label' as const, key })),
        ...(flags.ignoreAnnotation ?? []).map((key) => ({ field: 'annotation' as const, key })),
      ];
      logger.action(`rendering apps from "${flags.source}" and comparing with "${flags.against}"`);
      const report = await withRuntime(env, { cache: flags.cache, warn: logger.warning, templates: true }, async (runtime) =>
        (await import('../../pipeline/diff.ts')).diffSource({ source: flags.source, against: flags.against, filters, ...(flags.repo !== undefined && { repo: flags.repo }), ...(flags.cluster && { clusters: flags.cluster }) }, runtime));
      logger.result(formatDiff(report, flags.format, flags.maxBytes));
      if (report.equal) {
        logger.success('no changes');
      } else {
        logger.success(`${report.apps.length} app${report.apps.length === 1 ? '' : 's'} differ: ${report.totals.added} added, ${report.totals.changed} changed, ${report.totals.removed} removed`);
        onDifferent();
      }
    });
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of bytes');
  return n;
}
