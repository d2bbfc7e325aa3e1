// Runs the real CLI in-process from a command line, capturing stdout, stderr and the exit code.
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `runCli('generate-manifests --source', dir)`: words of the string are split on spaces; extra args are kept whole. */
export async function runCli(command: string, ...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const argv = [...command.split(' ').filter(Boolean), ...args];
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
