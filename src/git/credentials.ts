// Where the HTTPS token comes from, and the GIT_ASKPASS script that hands it to git through the environment.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What GitHub expects as the user name next to an installation token; any name works with a personal token. */
export const DEFAULT_GIT_USERNAME = 'x-access-token';

export interface GitCredentials {
  /** The HTTPS token, if any; SSH URLs never use it. */
  readonly token?: string;
  /** The variable the token came from, for messages (never the value). */
  readonly tokenSource?: 'HOMELAB_GIT_TOKEN' | 'GITHUB_TOKEN';
  /** @default "x-access-token" (or HOMELAB_GIT_USERNAME) */
  readonly username: string;
}

/**
 * HOMELAB_GIT_TOKEN, else GITHUB_TOKEN. Empty values count as unset: GitHub Actions expands a missing
 * secret to "", and falling through to the other variable is what the user meant.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): GitCredentials {
  const username = env.HOMELAB_GIT_USERNAME?.trim() || DEFAULT_GIT_USERNAME;
  for (const name of ['HOMELAB_GIT_TOKEN', 'GITHUB_TOKEN'] as const) {
    const token = env[name]?.trim();
    if (token) return { token, tokenSource: name, username };
  }
  return { username };
}

/** Environment variables the askpass script answers from; only network git commands get them. */
export const ASKPASS_USERNAME_VAR = 'HOMELAB_ASKPASS_USERNAME';
export const ASKPASS_PASSWORD_VAR = 'HOMELAB_ASKPASS_PASSWORD';

// printf is a shell builtin in every /bin/sh we know (dash, bash, busybox ash), so the token is never
// the argument of a separate process. Any other prompt (there should be none) gets a refusal, not a guess.
const ASKPASS_SCRIPT = `#!/bin/sh
# homelab: answers git's credential prompts from the environment, so the token is in no file and no argv.
case "$1" in
  Username*) printf '%s\\n' "$${ASKPASS_USERNAME_VAR}" ;;
  Password*) printf '%s\\n' "$${ASKPASS_PASSWORD_VAR}" ;;
  *) exit 1 ;;
esac
`;

/** Writes the askpass script (which holds no secret) into `dir` and returns its path. */
export async function writeAskpass(dir: string): Promise<string> {
  const file = path.join(dir, 'askpass.sh');
  await writeFile(file, ASKPASS_SCRIPT, { mode: 0o700 });
  return file;
}

/** true for http:// and https:// remotes, the only ones a token is offered to. */
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
