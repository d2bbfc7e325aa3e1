// Runs the real CLI in-process from a command line, capturing stdout, stderr and the exit code.
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `runCli('generate-manifests --source', dir)`: words of the string are split on spaces; extra args are kept whole. */
export async function runCli(command: string, ...args: string[]): Promise<CliRun> {
  return runCliWith({}, command, ...args);
}

export interface CliIo {
  /** The environment main hands to commands. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Ends commands that run until interrupted (status --watch). */
  readonly signal?: AbortSignal;
  /** Called with every chunk written to stdout, as it is written. */
  readonly onStdout?: (text: string) => void;
}

/** runCli with the environment, an interrupt signal and a stdout listener of the caller's choosing. */
export async function runCliWith(io: CliIo, command: string, ...args: string[]): Promise<CliRun> {
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
    ...(io.env && { env: io.env }),
    ...(io.signal && { signal: io.signal }),
  });
  return { code, stdout, stderr };
}
