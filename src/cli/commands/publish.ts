// `homelab publish`: flags → publish() → summary (a table or --json on stdout, progress on stderr).
import { Command } from 'commander';
import { DEFAULT_NETWORK_TIMEOUTS } from '../../git/run-git.ts';
import { short, type PublishResult } from '../../publish/publish.ts';
import { parseDuration } from '../../util/duration.ts';
import type { AppChange } from '../../publish/summary.ts';
import { clusterOption } from '../cluster-option.ts';
import type { Logger } from '../logger.ts';
import { withRuntime } from '../runtime.ts';

interface PublishFlags {
  source: string;
  repo?: string;
  branch?: string;
  sourceCommit?: string;
  message?: string;
  dryRun?: boolean;
  json?: boolean;
  timeout?: number;
  cluster?: string[];
  cache: boolean;
}

export function publishCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  return new Command('publish')
    .description('render every app and commit the result to <appsPath>/ of the manifests repository (HTTPS token from HOMELAB_GIT_TOKEN or GITHUB_TOKEN)')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .option('--repo <url>', 'the manifests repository (default: repo in config/flux.yaml)')
    .option('--branch <branch>', 'the branch to publish to, created when missing (default: branch in config/flux.yaml)')
    .option('--source-commit <sha>', 'the source commit being published (default: HEAD of --source)')
    .option('--message <msg>', "the manifests commit's message (default: the source commit's subject)")
    .option('--dry-run', 'render, fetch and compare, but push nothing')
    .option('--timeout <duration>', 'how long one fetch or push may take, e.g. 90s, 10m (default 5m); one that receives nothing for 30 s is stopped sooner', parseDuration)
    .addOption(clusterOption('render and publish: one commit per manifests repository and branch'))
    .option('--no-cache', 'render without the render cache (${HOMELAB_CACHE:-~/.cache/homelab}/render): every chart templated, every template and validator compiled')
    .option('--json', 'print the result as JSON on stdout (with config/clusters.yaml: a list, one result per repository and branch)')
    .action(async (flags: PublishFlags) => {
      logger.action(`rendering apps from "${flags.source}"`);
      const results = await withRuntime(env, { cache: flags.cache, warn: logger.warning, templates: true }, async (runtime) => (await import('../../pipeline/publish.ts')).publishClusters({
        ...(flags.cluster && { clusters: flags.cluster }),
        source: flags.source,
        ...(flags.repo !== undefined && { repo: flags.repo }),
        ...(flags.branch !== undefined && { branch: flags.branch }),
        ...(flags.sourceCommit !== undefined && { sourceCommit: flags.sourceCommit }),
        ...(flags.message !== undefined && { message: flags.message }),
        dryRun: flags.dryRun ?? false,
        ...(flags.timeout !== undefined && { timeouts: { commandMs: flags.timeout, stallMs: Math.min(flags.timeout, DEFAULT_NETWORK_TIMEOUTS.stallMs) } }),
        progress: logger,
      }, runtime));
      const clustered = results[0]!.clusters !== undefined;
      if (flags.json) logger.result(JSON.stringify(clustered ? results : results[0], null, 2));
      for (const result of results) {
        if (!flags.json && result.apps.length > 0) logger.result(formatApps(result.apps));
        logger.success(`${result.clusters ? `clusters ${result.clusters.map((cluster) => cluster.name).join(', ')}: ` : ''}${outcome(result)}`);
      }
    });
}

function outcome(result: PublishResult): string {
  const where = `"${result.branch}" of "${result.repo}"`;
  switch (result.status) {
    case 'up-to-date':
      return `manifests are up to date: ${where} already holds this render`;
    case 'superseded':
      return `a newer source commit "${short(result.publishedSourceCommit!)}" is already published to ${where}; nothing to do for "${short(result.sourceCommit)}"`;
    case 'dry-run':
      return `dry run: would ${result.createdBranch ? 'create' : 'update'} ${where} with ${counts(result.apps)}; nothing pushed`;
    case 'published':
      return `pushed "${result.branch}" (${short(result.commit!)}) to "${result.repo}"${result.createdBranch ? ', creating the branch' : ''}: ${counts(result.apps)}`;
  }
}

function counts(apps: readonly AppChange[]): string {
  const n = (change: AppChange['change']) => apps.filter((app) => app.change === change).length;
  return `${n('added')} ${n('added') === 1 ? 'app' : 'apps'} added, ${n('changed')} changed, ${n('removed')} removed`;
}

/** `+ podinfo  4 objects (4 added)`; one line per app, ids aligned. */
function formatApps(apps: readonly AppChange[]): string {
  const width = Math.max(...apps.map((app) => app.id.length));
  const symbol = { added: '+', changed: '~', removed: '-' } as const;
  const plural = (count: number) => `${count} object${count === 1 ? '' : 's'}`;
  return apps
    .map((app) => {
      const detail = [app.added && `${app.added} added`, app.changed && `${app.changed} changed`, app.removed && `${app.removed} removed`].filter(Boolean).join(', ');
      return `${symbol[app.change]} ${app.id.padEnd(width)}  ${plural(app.objects)} (${detail})`;
    })
    .join('\n');
}
