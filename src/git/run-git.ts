// The one way homelab runs the real git: a clean, secret-safe environment, and output scrubbed of the token.
import { HomelabError } from '../errors.ts';
import { ProcessNotFoundError, run, type RunResult } from '../process/run.ts';
import { GIT, locateTool } from '../tools/find-tool.ts';
import { ASKPASS_PASSWORD_VAR, ASKPASS_USERNAME_VAR, type GitCredentials } from './credentials.ts';
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
  /** The environment to start from: the CLI's. */
  readonly env: NodeJS.ProcessEnv;
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
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
  ['init.defaultBranch', 'main'],
  ['advice.detachedHead', 'false'],
];

export function createGit(setup: GitSetup): Git {
  const { credentials, askpass } = setup;
  if (credentials.token && !askpass) throw new Error('createGit: a token needs an askpass script');
  const redact = createRedactor(credentials.token ? secretForms(credentials.token, credentials.username) : []);

  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(setup.env)) if (!DROPPED.test(key)) base[key] = value;
  const git = locateTool(GIT, setup.env).path;
  Object.assign(base, {
    LC_ALL: 'C', // git's messages in English, which is what the error classification reads
    GIT_TERMINAL_PROMPT: '0', // fail instead of waiting for a user who is not there
    GCM_INTERACTIVE: 'never',
    GIT_CONFIG_COUNT: String(CONFIG.length),
    ...Object.fromEntries(CONFIG.flatMap(([key, value], i) => [[`GIT_CONFIG_KEY_${i}`, key], [`GIT_CONFIG_VALUE_${i}`, value]])),
  });
  const withCredentials: NodeJS.ProcessEnv = credentials.token
    ? { ...base, GIT_ASKPASS: askpass, [ASKPASS_USERNAME_VAR]: credentials.username, [ASKPASS_PASSWORD_VAR]: credentials.token }
    : base;

  const runGit = async (args: readonly string[], options: GitCallOptions = {}): Promise<RunResult> => {
    const argv = options.cwd ? ['-C', options.cwd, ...args] : [...args];
    const result = await run(git, argv, { env: options.remote ? withCredentials : base, ...(options.input !== undefined && { input: options.input }) }).catch((error: unknown) => {
      throw error instanceof ProcessNotFoundError ? new HomelabError('git is not installed or not on PATH; publish runs the real git', { cause: error }) : error;
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

/** The end of git's stderr, where the reason is, without hint lines. */
function lastLines(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trimEnd()).filter((line) => line && !line.startsWith('hint:'));
  return lines.slice(-4).join('; ');
}
