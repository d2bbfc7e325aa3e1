// The one way homelab runs the real git: a clean, secret-safe environment, and output scrubbed of the token.
import { HomelabError } from '../errors.ts';
import { formatSeconds, ProcessNotFoundError, ProcessTimeoutError, run, type RunResult } from '../process/run.ts';
import { GIT, locateTool } from '../tools/find-tool.ts';
import { askpassEnvironment, type GitCredentials } from './credentials.ts';
import { createRedactor, secretForms } from './redact.ts';

export interface GitCallOptions {
  /** The repository to run in (`git -C`). */
  readonly cwd?: string;
  readonly input?: string | Buffer | readonly (string | Buffer)[];
  /** Talks to the remote: only then does git get the credentials. */
  readonly remote?: boolean;
}

export interface Git {
  /** Runs git and resolves with its exit code and scrubbed output, whatever the code. */
  run(args: readonly string[], options?: GitCallOptions): Promise<RunResult>;
  /** Runs git and returns its stdout; a non-zero exit throws a GitError. */
  output(args: readonly string[], options?: GitCallOptions): Promise<string>;
  /** Scrubs the token (in every form) and URL credentials from a message. */
  redact(text: string): string;
}

export interface GitSetup {
  readonly credentials: GitCredentials;
  /** The askpass script; required when credentials carry a token. */
  readonly askpass?: string;
  /** The remote's URL: the token is offered to its scheme, host and port only. Required with a token. */
  readonly remoteUrl?: string;
  /** The environment to start from: the CLI's. */
  readonly env: NodeJS.ProcessEnv;
  /** Limits for commands that talk to the remote. @default DEFAULT_NETWORK_TIMEOUTS */
  readonly timeouts?: NetworkTimeouts;
}

export interface NetworkTimeouts {
  /** The longest one remote command (fetch, push) may run in all. */
  readonly commandMs: number;
  /** An HTTP transfer that moves less than a byte a second for this long is ended (git's http.lowSpeedTime). */
  readonly stallMs: number;
}

export const DEFAULT_NETWORK_TIMEOUTS: NetworkTimeouts = { commandMs: 5 * 60_000, stallMs: 30_000 };

/** A remote git command that ran out of time; its stderr is already scrubbed. */
export class GitTimeoutError extends HomelabError {
  override readonly name = 'GitTimeoutError';
  constructor(
    readonly args: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(`git ${args[0] ?? ''} did not finish within ${formatSeconds(timeoutMs)} and was stopped`);
  }
}

/** A failed git command; its message and stderr are already scrubbed. */
export class GitError extends HomelabError {
  override readonly name = 'GitError';
  constructor(
    readonly args: readonly string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} exited with ${code}${stderr.trim() ? `: ${lastLines(stderr)}` : ''}`);
  }
}

// Variables that point git at another repository or change what it prints or sends; a publish run inside a
// git hook or with tracing switched on must behave like any other.
const DROPPED = /^(GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|PREFIX|CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)|TRACE\w*|CURL_VERBOSE|REDACT_COOKIES|ASKPASS|TERMINAL_PROMPT|QUARANTINE_PATH)|SSH_ASKPASS|HOMELAB_GIT_TOKEN|HOMELAB_GIT_USERNAME|GITHUB_TOKEN|LANGUAGE|LC_\w+|LANG)$/;

// Passed as GIT_CONFIG_* (the highest config scope), never on the command line.
const CONFIG: readonly (readonly [string, string])[] = [
  // No credential helper may supply another identity or store ours (e.g. in ~/.git-credentials).
  ['credential.helper', ''],
  // The askpass is asked for "<scheme>://<host[:port]>", never per path.
  ['credential.useHttpPath', 'false'],
  // A redirect is an error: with "initial" (git's default) git follows it to any host and then offers the
  // credentials it already has to that host. The remote-errors module says why the fetch failed.
  ['http.followRedirects', 'false'],
  // Only these transports; "ext::" and "fd::" (which run commands) never.
  ['protocol.allow', 'never'],
  ['protocol.https.allow', 'always'],
  ['protocol.http.allow', 'always'],
  ['protocol.ssh.allow', 'always'],
  ['protocol.git.allow', 'always'],
  ['protocol.file.allow', 'always'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
  ['init.defaultBranch', 'main'],
  ['advice.detachedHead', 'false'],
];

export function createGit(setup: GitSetup): Git {
  const { credentials, askpass } = setup;
  if (credentials.token && (!askpass || !setup.remoteUrl)) throw new Error('createGit: a token needs an askpass script and the remote URL');
  const redact = createRedactor(credentials.token ? secretForms(credentials.token, credentials.username) : []);
  const timeouts = setup.timeouts ?? DEFAULT_NETWORK_TIMEOUTS;
  // For remote commands only: a stalled HTTP transfer ends (at least a byte a second, within the overall limit).
  const network: (readonly [string, string])[] = [
    ['http.lowSpeedLimit', '1'],
    ['http.lowSpeedTime', String(Math.max(1, Math.ceil(Math.min(timeouts.stallMs, timeouts.commandMs) / 1000)))],
  ];

  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(setup.env)) if (!DROPPED.test(key)) base[key] = value;
  const git = locateTool(GIT, setup.env).path;
  Object.assign(base, {
    LC_ALL: 'C', // git's messages in English, which is what the error classification reads
    GIT_TERMINAL_PROMPT: '0', // fail instead of waiting for a user who is not there
    GCM_INTERACTIVE: 'never',
    ...configEnv(CONFIG),
  });
  const remoteBase: NodeJS.ProcessEnv = { ...base, ...configEnv([...CONFIG, ...network]) };
  const withCredentials: NodeJS.ProcessEnv = credentials.token
    ? { ...remoteBase, GIT_ASKPASS: askpass, ...askpassEnvironment(setup.remoteUrl!, credentials.username, credentials.token) }
    : remoteBase;

  const runGit = async (args: readonly string[], options: GitCallOptions = {}): Promise<RunResult> => {
    const argv = options.cwd ? ['-C', options.cwd, ...args] : [...args];
    const result = await run(git, argv, {
      env: options.remote ? withCredentials : base,
      ...(options.input !== undefined && { input: options.input }),
      ...(options.remote && { timeoutMs: timeouts.commandMs }),
    }).catch((error: unknown) => {
      if (error instanceof ProcessNotFoundError) throw new HomelabError('git is not installed or not on PATH; publish runs the real git', { cause: error });
      if (error instanceof ProcessTimeoutError) throw new GitTimeoutError(args.map(redact), error.timeoutMs);
      throw error;
    });
    return { code: result.code, stdout: redact(result.stdout), stderr: redact(result.stderr) };
  };

  return {
    run: runGit,
    async output(args, options) {
      const result = await runGit(args, options);
      if (result.code !== 0) throw new GitError(args.map(redact), result.code, result.stderr);
      return result.stdout;
    },
    redact,
  };
}

/** Settings as GIT_CONFIG_COUNT/KEY/VALUE: git's highest-precedence scope, and never on a command line. */
function configEnv(config: readonly (readonly [string, string])[]): NodeJS.ProcessEnv {
  return {
    GIT_CONFIG_COUNT: String(config.length),
    ...Object.fromEntries(config.flatMap(([key, value], i) => [[`GIT_CONFIG_KEY_${i}`, key], [`GIT_CONFIG_VALUE_${i}`, value]])),
  };
}

/** The end of git's stderr, where the reason is, without hint lines. */
function lastLines(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trimEnd()).filter((line) => line && !line.startsWith('hint:'));
  return lines.slice(-4).join('; ');
}
