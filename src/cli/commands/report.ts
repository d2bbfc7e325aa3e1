// `homelab report`: flags → writeReport() → one self-contained HTML page (graph, table, search, details, diff, live status).
import { Command } from 'commander';
import { writeReport } from '../../pipeline/report.ts';
import type { Logger } from '../logger.ts';
import { createRuntime } from '../runtime.ts';

interface ReportFlags {
  source: string;
  output: string;
  against?: string;
  repo?: string;
  context?: string;
  cluster: boolean;
}

export function reportCommand(logger: Logger, env: NodeJS.ProcessEnv): Command {
  return new Command('report')
    .description('write a self-contained HTML report (no network at view time, works from file://): the app graph, a table, search, and per app its objects, Kustomization, diff and live status')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .option('--output <dir>', 'where to write index.html', './homelab-report')
    .option('--against <dir|ref>', 'show each app\'s changes against a manifests directory or a git ref of --repo (as homelab diff does)')
    .option('--repo <dir>', 'a clone of the manifests repository: resolves --against REF, and maps live revisions to source commits')
    .option('--context <name>', 'the kubeconfig context to read live status from (default: its current-context)')
    .option('--no-cluster', 'do not read live status, even when a kubeconfig exists')
    .action(async (flags: ReportFlags) => {
      logger.action(`rendering apps from "${flags.source}"${flags.against ? ` and comparing with "${flags.against}"` : ''}`);
      const result = await writeReport({
        source: flags.source,
        output: flags.output,
        cluster: flags.cluster,
        ...(flags.against !== undefined && { against: flags.against }),
        ...(flags.repo !== undefined && { repo: flags.repo }),
        ...(flags.context !== undefined && { context: flags.context }),
      }, createRuntime(env));
      for (const note of result.notes) logger.warning(note);
      logger.success(`wrote "${result.file}" (${(result.bytes / 1024).toFixed(0)} KiB): ${result.apps} apps${result.live ? ', with live status' : ''}`);
    });
}
