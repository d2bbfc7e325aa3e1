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
  let stdout = '';
  let stderr = '';
  const argv = [...command.split(' ').filter(Boolean), ...args];
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: testEnv(env),
  });
  return { code, stdout, stderr };
}
