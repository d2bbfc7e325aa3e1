// Progress and results in Flux's words and symbols; the only place that writes to the terminal.
import type { Progress } from '../progress.ts';

/** The Progress every library step reports to, plus what only the CLI prints. */
export interface Logger extends Progress {
  /** `✗ failed to …` */
  failure(message: string): void;
  /** Machine-readable or plain result text on stdout. */
  result(text: string): void;
}

export interface Streams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** For commands that ask (bootstrap's confirmation); a terminal when `isTTY`. @default none: nobody to ask */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** The environment commands read tokens and tool paths from; main reads it once. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Ends commands that run until interrupted (`status --watch`). @default SIGINT or SIGTERM */
  readonly signal?: AbortSignal;
}

export function createLogger(streams: Streams): Logger {
  const line = (symbol: string) => (message: string) => {
    streams.stderr.write(`${symbol} ${message}\n`);
  };
  return {
    action: line('►'),
    success: line('✔'),
    warning: line('⚠'),
    failure: line('✗'),
    result: (text) => {
      streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}
