// Builds the program, runs it, and maps errors to "✗ …" and an exit code (the only place that decides it).
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { ConfigError, HomelabError, messageOf } from '../errors.ts';
import { bootstrapCommand } from './commands/bootstrap.ts';
import { diffCommand } from './commands/diff.ts';
import { generateManifestsCommand } from './commands/generate-manifests.ts';
import { refreshAssetsCommand } from './commands/refresh-assets.ts';
import { publishCommand } from './commands/publish.ts';
import { initCommand } from './commands/init.ts';
import { validateCommand } from './commands/validate.ts';
import { createLogger, type Streams } from './logger.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], streams: Streams = process): Promise<number> {
  const logger = createLogger(streams);
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
  program.addCommand(generateManifestsCommand(logger));
  program.addCommand(refreshAssetsCommand(logger));
  program.addCommand(validateCommand(logger));
  // diff exits like diff(1): 0 equal, 1 different, 2 on any error (usage errors included).
  let different = false;
  let errorCode = 1;
  program.addCommand(diffCommand(logger, () => (different = true)));
  program.hook('preSubcommand', (_program, command) => {
    errorCode = command.name() === 'diff' ? 2 : 1;
  });
  program.addCommand(publishCommand(logger));
  program.addCommand(initCommand(logger));
  program.addCommand(bootstrapCommand(logger, streams));
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());

  try {
    await program.parseAsync(['node', 'homelab', ...argv]);
    return different ? 1 : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : errorCode;
    if (error instanceof ConfigError) {
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
  }
}
