// Turns git's stderr from a fetch or push into a sentence that says what to fix, keeping git's own last line.
import type { GitCredentials } from './credentials.ts';
import { GitError } from './run-git.ts';

const AUTH = /Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 401|Invalid username or password|HTTP Basic: Access denied/i;
const FORBIDDEN = /returned error: 403|Permission to .* denied|permission denied|write access to repository not granted/i;
const NOT_FOUND = /Repository not found|repository '.*' not found|does not appear to be a git repository|returned error: 404|No such file or directory/i;
const UNREACHABLE = /Could not resolve host|Failed to connect|Connection refused|Connection timed out|Could not connect|Network is unreachable|Operation timed out|Connection reset|Couldn't connect|SSL|unable to access/i;

/** A HomelabError-ready reason for a failed remote command; never contains the token (the input is scrubbed). */
export function describeRemoteFailure(error: GitError, url: string, credentials: GitCredentials): string {
  const git = error.message.replace(/^git \S+ exited with \d+: /, '');
  const tokenName = credentials.tokenSource ?? 'HOMELAB_GIT_TOKEN';
  const stderr = error.stderr;
  if (AUTH.test(stderr)) {
    return credentials.token
      ? `"${url}" refused the token in ${tokenName}; check that it is valid, not expired, and may read and write the repository (git: ${git})`
      : `"${url}" needs credentials: set HOMELAB_GIT_TOKEN (or GITHUB_TOKEN) to a token that may read and write it (git: ${git})`;
  }
  if (FORBIDDEN.test(stderr)) {
    return `the token in ${tokenName} may not write to "${url}"; give it write access to the repository's contents (git: ${git})`;
  }
  if (NOT_FOUND.test(stderr)) {
    return `no repository at "${url}" (or the token may not see it); check repo in config/flux.yaml or --repo (git: ${git})`;
  }
  if (UNREACHABLE.test(stderr)) return `cannot reach "${url}" (git: ${git})`;
  return git;
}
