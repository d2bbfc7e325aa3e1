// Runs the real CLI in-process from a command line, capturing stdout, stderr and the exit code.
import { main } from '../../src/cli/main.ts';
import { testEnv } from './env.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `runCli('generate-manifests --source', dir)`: words of the string are split on spaces; extra args are kept whole. */
export async function runCli(command: string, ...args: string[]): Promise<CliRun> {
  return runCliWith({}, command, ...args);
}

/** runCli with variables added to (or, as `undefined`, removed from) the environment main is given. */
export async function runCliWith(env: NodeJS.ProcessEnv, command: string, ...args: string[]): Promise<CliRun> {
  return runCliLive({ env }, command, ...args);
}

export interface LiveIo {
  /** Variables added to (or, as `undefined`, removed from) the environment main is given. */
  readonly env?: NodeJS.ProcessEnv;
  /** Ends commands that run until interrupted (status --watch), as Ctrl-C would. */
  readonly signal?: AbortSignal;
  /** Called with every chunk written to stdout, as it is written. */
  readonly onStdout?: (text: string) => void;
}

/** runCli for commands that run until interrupted: stdout as it comes, and a signal to end them. */
export async function runCliLive(io: LiveIo, command: string, ...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const argv = [...command.split(' ').filter(Boolean), ...args];
  const code = await main(argv, {
    stdout: {
      write: (text: string) => {
        stdout += text;
        io.onStdout?.(text);
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env: testEnv(io.env),
    ...(io.signal && { signal: io.signal }),
  });
  return { code, stdout, stderr };
}
