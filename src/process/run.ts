// The one way homelab starts a child process: argument arrays (never a shell), output captured, async.
//
// Each child runs in a process group of its own, so it can be ended with everything it started (git's
// remote-http helper, ssh): on a timeout, and when homelab itself gets SIGINT or SIGTERM, since those children
// may hold a token in their environment and must not outlive the run.
import { spawn, type ChildProcess } from 'node:child_process';
import { HomelabError } from '../errors.ts';

export interface RunOptions {
  readonly cwd?: string;
  /** The child's whole environment: the CLI's, handed down (nothing below the CLI reads process.env). */
  readonly env: NodeJS.ProcessEnv;
  /** Written to the child's stdin, chunk by chunk, then stdin is closed. @default empty stdin */
  readonly input?: string | Buffer | readonly (string | Buffer)[];
  /** End the child and its descendants after this many milliseconds and reject with a ProcessTimeoutError. @default no limit */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as the child wrote it, for readers that must refuse invalid UTF-8 rather than see U+FFFD. */
  readonly stdoutBytes?: Buffer;
}

export class ProcessNotFoundError extends HomelabError {
  override readonly name = 'ProcessNotFoundError';
}

/** The child ran longer than `timeoutMs` and was ended. */
export class ProcessTimeoutError extends Error {
  override readonly name = 'ProcessTimeoutError';
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
    /** What it had printed on stderr by then. */
    readonly stderr: string,
  ) {
    super(`${command} did not finish within ${formatSeconds(timeoutMs)}`);
  }
}

/** How long a child gets between SIGTERM and SIGKILL. */
const GRACE_MS = 2000;

export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      endGroup(child);
    }, options.timeoutMs);
    track(child);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      untrack(child);
      reject(error.code === 'ENOENT' ? new ProcessNotFoundError(`${command}: not found`, { cause: error }) : error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      untrack(child);
      const err = Buffer.concat(stderr).toString('utf8');
      const stdoutBytes = Buffer.concat(stdout);
      if (timedOut) reject(new ProcessTimeoutError(command, options.timeoutMs!, err));
      else resolve({ code: code ?? -1, stdout: stdoutBytes.toString('utf8'), stderr: err, stdoutBytes });
    });
    // A child that exits without reading all its input must not crash us with EPIPE.
    child.stdin.on('error', () => {});
    const chunks = options.input === undefined ? [] : Array.isArray(options.input) ? options.input : [options.input];
    writeChunks(child.stdin, chunks as readonly (string | Buffer)[]);
  });
}

// Children running right now, and the signal handlers installed only while there are any (so a homelab busy
// without children still dies on Ctrl-C as any Node program does).
const running = new Set<ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function track(child: ChildProcess): void {
  if (running.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  running.add(child);
}

function untrack(child: ChildProcess): void {
  if (!running.delete(child) || running.size > 0) return;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Ends every child's process group, then lets the signal take its default course (homelab exits by it). */
function onSignal(signal: NodeJS.Signals): void {
  const children = [...running];
  for (const signalName of SIGNALS) process.off(signalName, onSignal);
  running.clear();
  for (const child of children) endGroup(child);
  const exits = children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()))));
  // Give them a moment to go (endGroup escalates to SIGKILL), then die of the same signal, unless someone else handles it.
  void Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, GRACE_MS + 500).unref())]).then(() => {
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** SIGTERM to the child's whole process group, SIGKILL to what is left after a grace period. */
function endGroup(child: ChildProcess): void {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), GRACE_MS).unref();
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

/** "90 s", "5 min", "1.5 s". */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return seconds >= 120 && seconds % 60 === 0 ? `${seconds / 60} min` : `${Number(seconds.toFixed(1))} s`;
}

