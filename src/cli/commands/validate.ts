// `homelab validate`: flags → validateSource() → report (problems like compiler output, or --json).
import { Command } from 'commander';
import { ConfigError, formatProblem } from '../../errors.ts';
import { clusterOption } from '../cluster-option.ts';
import type { Logger } from '../logger.ts';
import { withRuntime } from '../runtime.ts';

export function validateCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  return new Command('validate')
    .description('render every app in memory and run every check (schemas, CRDs, ownership, secrets, Flux references); writes nothing')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .addOption(clusterOption('validate, each against its own kubeVersion'))
    .option('--no-cache', 'render without the render cache (${HOMELAB_CACHE:-~/.cache/homelab}/render): every chart templated, every template and validator compiled')
    .option('--json', 'print the result as JSON on stdout: { valid, kubeVersion, apps, objects, warnings } (with config/clusters.yaml: { valid, clusters: [{ cluster, kubeVersion, … }] }) or { valid: false, problems }')
    .action(async (flags: { source: string; cluster?: string[]; json?: boolean; cache: boolean }) => {
      logger.action(`validating apps from "${flags.source}"`);
      try {
        const results = await withRuntime(env, { cache: flags.cache, warn: logger.warning, templates: true }, async (runtime) => (await import('../../pipeline/validate.ts')).validateClusters(flags.source, runtime, flags.cluster ?? []));
        const seen = new Set<string>();
        for (const warning of results.flatMap((result) => result.warnings)) if (!seen.has(formatProblem(warning)) && seen.add(formatProblem(warning))) logger.warning(formatProblem(warning));
        const clustered = results[0]!.cluster !== undefined;
        if (flags.json) logger.result(JSON.stringify(clustered ? { valid: true, clusters: results } : { valid: true, ...results[0]! }, null, 2));
        const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
        for (const result of results) {
          const where = result.cluster === undefined ? '' : `cluster "${result.cluster}": `;
          logger.success(`${where}${plural(result.apps.length, 'app')} (${plural(result.objects, 'object')}) valid for Kubernetes ${result.kubeVersion}`);
        }
      } catch (error) {
        // The problems as data for machines; main still prints them for people and exits 1.
        if (flags.json && error instanceof ConfigError) logger.result(JSON.stringify({ valid: false, problems: error.problems }, null, 2));
        throw error;
      }
    });
}
