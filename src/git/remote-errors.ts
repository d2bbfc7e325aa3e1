// Turns git's stderr from a fetch or push into a sentence that says what to fix, keeping git's own last line.
import { formatSeconds } from '../process/run.ts';
import { ASKPASS_REFUSAL, promptOrigin, type GitCredentials } from './credentials.ts';
import { GitError, GitTimeoutError } from './run-git.ts';

const AUTH = /Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 401|Invalid username or password|HTTP Basic: Access denied/i;
const FORBIDDEN = /returned error: 403|Permission to .* denied|permission denied|write access to repository not granted/i;
const NOT_FOUND = /Repository not found|repository '.*' not found|does not appear to be a git repository|returned error: 404|No such file or directory/i;
const UNREACHABLE = /Could not resolve host|Failed to connect|Connection refused|Connection timed out|Could not connect|Network is unreachable|Operation timed out|Connection reset|Couldn't connect|SSL|unable to access/i;

const REDIRECT = /returned error: (30[1278])/;
const STALLED = /Operation too slow|Operation timed out after/i;

/** A HomelabError-ready reason for a failed remote command; never contains the token (the input is scrubbed). */
export function describeRemoteFailure(error: GitError | GitTimeoutError, url: string, credentials: GitCredentials): string {
  if (error instanceof GitTimeoutError) {
    return `"${url}" did not finish answering within ${formatSeconds(error.timeoutMs)}, so git ${error.args[0] ?? ''} was stopped; check the server, or allow more time with --timeout`;
  }
  const git = error.message.replace(/^git \S+ exited with \d+: /, '');
  const tokenName = credentials.tokenSource ?? 'HOMELAB_GIT_TOKEN';
  const stderr = error.stderr;
  const origin = /^https?:\/\//i.test(url) ? promptOrigin(url) : url;
  const refused = stderr.split('\n').find((line) => line.startsWith(ASKPASS_REFUSAL));
  if (refused) {
    const asked = /prompt "[^']*'([^']*)'/.exec(refused)?.[1] ?? 'another host';
    return `git asked for credentials for "${asked.replace(/\/\/[^@/]*@/, '//')}", not for "${origin}"; homelab sends the token only to the scheme, host and port of the repository URL (git: ${git})`;
  }
  const redirect = REDIRECT.exec(stderr);
  if (redirect) {
    return `"${url}" answered with a redirect (HTTP ${redirect[1]}); homelab follows no redirects, so the token never reaches another host than "${origin}": if the repository moved, set repo in config/flux.yaml (or --repo) to its new URL (git: ${git})`;
  }
  if (STALLED.test(stderr)) return `"${url}" stopped sending data, so git gave up (git: ${git}); check the server, or allow more time with --timeout`;
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
