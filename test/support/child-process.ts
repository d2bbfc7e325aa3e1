// Starts test helpers and the CLI as real processes (node + tsx), to race them, signal them and kill them.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hostEnv } from './env.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout holds `text`; rejects when the process exits first or after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited(): Promise<number | string>;
}

/** `node --import tsx <script> ...args`, with the repository as working directory. */
export function startTsx(script: string, args: readonly string[], env: NodeJS.ProcessEnv = hostEnv()): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, `file://${root}`)), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    waitFor: (text, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`)), timeoutMs);
        const check = () => {
          if (!out.includes(text)) return;
          clearTimeout(timer);
          resolve();
        };
        child.stdout!.on('data', check);
        check();
        void exit.then((code) => {
          clearTimeout(timer);
          if (!out.includes(text)) reject(new Error(`exited (${code}) before "${text}"; stdout: ${out}; stderr: ${err}`));
        });
      }),
  };
}

/** The CLI (src/cli/main.ts) in a process of its own. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = hostEnv()): Child {
  return startTsx('test/support/cli-entry.ts', args, env);
}
