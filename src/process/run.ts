// The one way homelab starts a child process: argument arrays (never a shell), output captured, async.
import { spawn } from 'node:child_process';
import { HomelabError } from '../errors.ts';

export interface RunOptions {
  readonly cwd?: string;
  /** The child's whole environment: the CLI's, handed down (nothing below the CLI reads process.env). */
  readonly env: NodeJS.ProcessEnv;
  /** Written to the child's stdin, chunk by chunk, then stdin is closed. @default empty stdin */
  readonly input?: string | Buffer | readonly (string | Buffer)[];
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class ProcessNotFoundError extends HomelabError {
  override readonly name = 'ProcessNotFoundError';
}

export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new ProcessNotFoundError(`${command}: not found`, { cause: error }) : error);
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    // A child that exits without reading all its input must not crash us with EPIPE.
    child.stdin.on('error', () => {});
    const chunks = options.input === undefined ? [] : Array.isArray(options.input) ? options.input : [options.input];
    writeChunks(child.stdin, chunks as readonly (string | Buffer)[]);
  });
}

function writeChunks(stdin: NodeJS.WritableStream, chunks: readonly (string | Buffer)[]): void {
  let index = 0;
  const writeMore = (): void => {
    while (index < chunks.length) {
      // Respect backpressure, so large inputs (git fast-import streams) are not all buffered at once.
      if (!stdin.write(chunks[index++]!)) {
        stdin.once('drain', writeMore);
        return;
      }
    }
    stdin.end();
  };
  writeMore();
}
