// `homelab status`: flags → readStatus()/watchStatus() → a table (or JSON) on stdout; exit 0 all Ready, 1 not, 2 trouble.
import { Command } from 'commander';
import { readStatus, watchStatus, type StatusOptions } from '../../pipeline/status.ts';
import type { StatusReport } from '../../status/app-status.ts';
import { formatStatus, summarize } from '../../status/format.ts';
import type { Logger } from '../logger.ts';
import { createRuntime } from '../runtime.ts';

interface StatusFlags {
  source: string;
  context?: string;
  repo?: string;
  json?: boolean;
  watch?: boolean;
}

export interface StatusIo {
  /** KUBECONFIG, HOME and PATH, read once by main. */
  readonly env: NodeJS.ProcessEnv;
  /** Ends `--watch` (main ties it to SIGINT/SIGTERM). */
  readonly interrupted: () => AbortSignal;
  /** Tells main that not every app is Ready (exit 1). */
  readonly onNotReady: () => void;
  readonly now?: () => Date;
}

export function statusCommand(logger: Logger, io: StatusIo): Command {
  return new Command('status')
    .description("every app's live Flux state from the cluster: Ready, reason, revision, what blocks it (exit 0 all Ready, 1 not, 2 cluster unreachable or other trouble)")
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .option('--context <name>', 'the kubeconfig context (default: its current-context; KUBECONFIG is honoured as kubectl does)')
    .option('--repo <dir>', 'a clone of the manifests repository: map each revision to its source commit (Source-Commit trailer)')
    .option('--json', 'print the report as JSON on stdout (with --watch: one JSON document per line)')
    .option('--watch', 'keep watching and print again whenever an app changes (Ctrl-C ends it)')
    .action(async (flags: StatusFlags) => {
      const now = io.now ?? (() => new Date());
      const runtime = createRuntime(io.env);
      const options: StatusOptions = {
        source: flags.source,
        ...(flags.context !== undefined && { context: flags.context }),
        ...(flags.repo !== undefined && { repo: flags.repo }),
      };
      const print = (report: StatusReport, compact: boolean) => {
        if (flags.json) logger.result(JSON.stringify(report, null, compact ? undefined : 2));
        else logger.result(formatStatus(report, now(), flags.repo !== undefined));
      };
      logger.action(`rendering apps from "${flags.source}" and reading Flux's Kustomizations${flags.context ? ` from context "${flags.context}"` : ''}`);
      let last: StatusReport;
      if (flags.watch) {
        last = await watchStatus({
          ...options,
          signal: io.interrupted(),
          onReport: (report) => {
            const { ok, text } = summarize(report);
            (ok ? logger.success : logger.action)(`${now().toISOString().slice(11, 19)} ${text}`);
            print(report, true);
          },
          onTrouble: (message) => (message === undefined ? logger.success('the cluster answers again') : logger.warning(`${message}; retrying`)),
        }, runtime);
      } else {
        last = await readStatus(options, runtime);
        print(last, false);
      }
      const { ok, text } = summarize(last);
      if (ok) {
        logger.success(text);
      } else {
        logger.warning(text);
        io.onNotReady();
      }
    });
}
