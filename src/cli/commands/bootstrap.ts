// `homelab bootstrap`: flags → bootstrap() → the Ready table (progress on stderr, the table on stdout).
import { Command } from 'commander';
import { createInterface } from 'node:readline';
import { bootstrapSource } from '../../pipeline/bootstrap.ts';
import { parseDuration } from '../../util/duration.ts';
import type { Logger, Streams } from '../logger.ts';
import { createRuntime } from '../runtime.ts';

interface BootstrapFlags {
  source: string;
  context?: string;
  yes?: boolean;
  dryRun?: boolean;
  manifests?: string;
  timeout: number;
  forceRepoint?: boolean;
}

export function bootstrapCommand(logger: Logger, env: NodeJS.ProcessEnv, io: Partial<Pick<Streams, 'stdin' | 'stderr'>> = {}): Command {
  return new Command('bootstrap')
    .description('run flux bootstrap for the manifests repository, apply flux-bootstrap and wait until Flux reports every app Ready (token from HOMELAB_GIT_TOKEN)')
    .option('--source <dir>', 'the source repository (config in <dir>/config)', '.')
    .option('--context <name>', 'the kube context to bootstrap (default: the current context)')
    .option('--yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .option('--dry-run', 'check everything and print every command, but change nothing')
    .option('--manifests <dir>', 'take flux-bootstrap from this generate-manifests output (default: render --source)')
    .option('--timeout <duration>', 'how long to wait for every app to be Ready, e.g. 90s, 5m', parseDuration, 5 * 60_000)
    .option('--force-repoint', 'run flux bootstrap even when the cluster syncs another repository, branch or path')
    .action(async (flags: BootstrapFlags) => {
      const confirm = io.stdin?.isTTY && io.stderr ? questionOn(io.stdin, io.stderr) : undefined;
      const result = await bootstrapSource({
        source: flags.source,
        ...(flags.context !== undefined && { context: flags.context }),
        yes: flags.yes ?? false,
        dryRun: flags.dryRun ?? false,
        ...(flags.manifests !== undefined && { manifests: flags.manifests }),
        timeoutMs: flags.timeout,
        forceRepoint: flags.forceRepoint ?? false,
        ...(confirm && { confirm }),
        progress: logger,
        fluxOutput: (line) => logger.action(`flux: ${line.replace(/^[►✔✚◎✗⚠]\s*/u, '')}`),
      }, createRuntime(env));
      if (flags.dryRun) {
        logger.result(result.commands.join('\n'));
        logger.success('dry run: nothing was changed');
      } else {
        logger.result(result.table);
        logger.success(`context "${result.context}" is reconciled by Flux: ${result.apps.length} Kustomizations Ready`);
      }
    });
}

/** Asks on stderr, reads one line from stdin: only "y"/"yes" agree. */
function questionOn(stdin: NonNullable<Streams['stdin']>, stderr: Streams['stderr']): (question: string) => Promise<boolean> {
  return (question) =>
    new Promise((resolve) => {
      stderr.write(`? ${question} [y/N] `);
      const lines = createInterface({ input: stdin, terminal: false });
      let answered = false;
      lines.once('line', (line) => {
        answered = true;
        lines.close();
        resolve(/^\s*y(es)?\s*$/i.test(line));
      });
      lines.once('close', () => {
        if (!answered) resolve(false);
      });
    });
}
