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
const USERNAME_PROMPT_VAR = 'HOMELAB_ASKPASS_USERNAME_PROMPT';
const PASSWORD_PROMPT_VAR = 'HOMELAB_ASKPASS_PASSWORD_PROMPT';
const ORIGIN_VAR = 'HOMELAB_ASKPASS_ORIGIN';

/** What the askpass prints to stderr when it refuses a prompt; remote-errors.ts reads it. */
export const ASKPASS_REFUSAL = 'homelab: refusing to send credentials to';

// The script answers exactly the two prompts git shows for the configured remote, which name its scheme, host and
// port ("Username for 'https://host:port': "); a prompt for any other host (an HTTP redirect, an insteadOf rewrite)
// is refused, so the token goes to no other host. printf is a shell builtin in every /bin/sh we know (dash, bash,
// busybox ash), so the token is never the argument of a separate process.
const ASKPASS_SCRIPT = `#!/bin/sh
# homelab: answers git's credential prompts for one host from the environment, so the token is in no file and no argv.
if [ "$1" = "$${USERNAME_PROMPT_VAR}" ]; then printf '%s\\n' "$${ASKPASS_USERNAME_VAR}"; exit 0; fi
if [ "$1" = "$${PASSWORD_PROMPT_VAR}" ]; then printf '%s\\n' "$${ASKPASS_PASSWORD_VAR}"; exit 0; fi
printf '${ASKPASS_REFUSAL} the host of the prompt "%s"; the token goes only to %s\\n' "$1" "$${ORIGIN_VAR}" >&2
exit 1
`;

/**
 * `<scheme>://<host[:port]>` of a URL, exactly as git names it in its prompts (credential_from_url: the scheme as
 * written, the host and port as written, percent-decoded). Two origins differ if any of the three differ:
 * `http://127.0.0.1:8080` and `http://localhost:8080` are two hosts.
 */
export function promptOrigin(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) throw new Error(`not a URL with a scheme: ${url}`);
  const rest = url.slice(schemeEnd + 3);
  const authority = rest.slice(0, rest.search(/[/?#]|$/));
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return `${url.slice(0, schemeEnd)}://${safeDecode(host)}`;
}

/** The askpass's environment for a token offered to `url`'s origin only. */
export function askpassEnvironment(url: string, username: string, token: string): NodeJS.ProcessEnv {
  const origin = promptOrigin(url);
  const [scheme, host] = origin.split('://') as [string, string];
  return {
    [ORIGIN_VAR]: origin,
    [USERNAME_PROMPT_VAR]: `Username for '${origin}': `,
    [PASSWORD_PROMPT_VAR]: `Password for '${scheme}://${username}@${host}': `,
    [ASKPASS_USERNAME_VAR]: username,
    [ASKPASS_PASSWORD_VAR]: token,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

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
