// Builds the program, runs it, and maps errors to "✗ …" and an exit code (the only place that decides it).
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { ConfigError, HomelabError, formatProblem, messageOf } from '../errors.ts';
import { createLogger, type Streams } from './logger.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], streams: Streams = process): Promise<number> {
  const logger = createLogger(streams);
  // The one place homelab reads the environment; everything below gets this copy.
  const env: NodeJS.ProcessEnv = { ...(streams.env ?? process.env) };
  const verbose = argv.includes('--verbose');
  const program = new Command('homelab')
    .description('render typed app config and TypeScript templates into a Flux app-of-apps')
    .version(version)
    .option('--verbose', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
      outputError: (text, write) => write(`✗ ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(run with --help for usage)');
  // diff exits like diff(1): 0 equal, 1 different, 2 on any error (usage errors included); status alike:
  // 0 all Ready, 1 not, 2 when the cluster cannot be read (or any other error).
  let different = false;
  let notReady = false;
  let errorCode = 1;
  program.hook('preSubcommand', (_program, command) => {
    errorCode = command.name() === 'diff' || command.name() === 'status' ? 2 : 1;
  });
  const signals = interruptSignal(streams.signal);
  const commands: Record<string, () => Promise<Command>> = {
    'generate-manifests': async () => (await import('./commands/generate-manifests.ts')).generateManifestsCommand(logger, env),
    'refresh-assets': async () => (await import('./commands/refresh-assets.ts')).refreshAssetsCommand(logger, env),
    validate: async () => (await import('./commands/validate.ts')).validateCommand(logger, env),
    diff: async () => (await import('./commands/diff.ts')).diffCommand(logger, env, () => (different = true)),
    publish: async () => (await import('./commands/publish.ts')).publishCommand(logger, env),
    init: async () => (await import('./commands/init.ts')).initCommand(logger),
    cache: async () => (await import('./commands/cache.ts')).cacheCommand(logger, env),
    bootstrap: async () => (await import('./commands/bootstrap.ts')).bootstrapCommand(logger, env, streams),
    graph: async () => (await import('./commands/graph.ts')).graphCommand(logger, env),
    status: async () =>
      (await import('./commands/status.ts')).statusCommand(logger, { env, interrupted: signals.signal, onNotReady: () => (notReady = true) }),
    report: async () => (await import('./commands/report.ts')).reportCommand(logger, env),
  };

  try {
    // Only the command being run is loaded, with its own libraries (git, kubectl, diff, …): start-up is
    // what a render pays on every CI run. Help and unknown commands load them all.
    const requested = argv.find((arg) => !arg.startsWith('-'));
    // `homelab --version` needs none (loading all, the Kubernetes client included, takes a second and a half).
    const versionOnly = requested === undefined && (argv.includes('--version') || argv.includes('-V'));
    const names = requested !== undefined && Object.hasOwn(commands, requested) ? [requested] : versionOnly ? [] : Object.keys(commands);
    for (const name of names) program.addCommand(await commands[name]!());
    // Subcommands' subcommands too (cache prune/clear): nothing but main may exit.
    const configure = (commands: readonly Command[]): void => {
      for (const command of commands) {
        command.exitOverride().configureOutput(program.configureOutput());
        configure(command.commands);
      }
    };
    configure(program.commands);

    await program.parseAsync(['node', 'homelab', ...argv]);
    return different || notReady ? 1 : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : errorCode;
    if (error instanceof ConfigError) {
      for (const warning of error.warnings) logger.warning(formatProblem(warning));
      logger.failure(`${error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`} in the source repository:`);
      streams.stderr.write(`${error.message}\n`);
    } else if (error instanceof HomelabError) {
      logger.failure(error.message);
    } else {
      logger.failure(`unexpected error: ${messageOf(error)}`);
      if (verbose && error instanceof Error) streams.stderr.write(`${error.stack}\n`);
    }
    if (verbose && error instanceof HomelabError && error.cause instanceof Error) streams.stderr.write(`cause: ${error.cause.stack}\n`);
    return errorCode;
  } finally {
    signals.release();
  }
}

/** For commands that run until interrupted (status --watch): the caller's signal, or SIGINT/SIGTERM, listened to only once asked for. */
function interruptSignal(given: AbortSignal | undefined): { signal: () => AbortSignal; release: () => void } {
  if (given) return { signal: () => given, release: () => undefined };
  const controller = new AbortController();
  const abort = () => controller.abort();
  let listening = false;
  return {
    signal: () => {
      if (!listening) for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, abort);
      listening = true;
      return controller.signal;
    },
    release: () => {
      if (listening) for (const name of ['SIGINT', 'SIGTERM'] as const) process.off(name, abort);
    },
  };
}
