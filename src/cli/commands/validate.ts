// `homelab validate`: flags → validateSource() → report (problems like compiler output, or --json).
import { Command } from 'commander';
import { ConfigError, formatProblem } from '../../errors.ts';
import { validateSource } from '../../pipeline/validate.ts';
import type { Logger } from '../logger.ts';
import { withRuntime } from '../runtime.ts';

export function validateCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  return new Command('validate')
    .description('render every app in memory and run every check (schemas, CRDs, ownership, secrets, Flux references); writes nothing')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .option('--json', 'print the result as JSON on stdout: { valid, kubeVersion, apps, objects, warnings } or { valid: false, problems }')
    .option('--no-cache', 'render without the render cache (${HOMELAB_CACHE:-~/.cache/homelab}/render): every chart templated, every template and validator compiled')
    .action(async (flags: { source: string; json?: boolean; cache: boolean }) => {
      logger.action(`validating apps from "${flags.source}"`);
      try {
        const result = await withRuntime(env, { cache: flags.cache, warn: logger.warning }, (runtime) => validateSource(flags.source, runtime));
        for (const warning of result.warnings) logger.warning(formatProblem(warning));
        if (flags.json) logger.result(JSON.stringify({ valid: true, ...result }, null, 2));
        const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
        logger.success(`${plural(result.apps.length, 'app')} (${plural(result.objects, 'object')}) valid for Kubernetes ${result.kubeVersion}`);
      } catch (error) {
        // The problems as data for machines; main still prints them for people and exits 1.
        if (flags.json && error instanceof ConfigError) logger.result(JSON.stringify({ valid: false, problems: error.problems }, null, 2));
        throw error;
      }
    });
}
