// The one repo-URL normaliser: which repository a git URL names, however it is spelled.

/**
 * The repository a URL names, for comparison: host in lower case, no scheme, user, port 22, trailing slash or `.git`.
 * So `https://GitHub.com/me/fleet.git/`, `ssh://git@github.com/me/fleet` and `git@github.com:me/fleet` are equal
 * (`flux bootstrap github` records the SSH form of the HTTPS URL you gave it); other ports and path case stay apart.
 */
export function normalizeRepoUrl(url: string): string {
  let rest = url.trim();
  const scp = /^([^@/:]+@)?([^/:]+):(?!\/\/)(.*)$/.exec(rest);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) rest = `ssh://${scp[2]}/${scp[3]}`;
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/]+)(\/.*)?$/i.exec(rest);
  if (!match) return rest.replace(/\/+$/, '').replace(/\.git$/, '');
  const host = match[1]!.toLowerCase().replace(/:22$/, '');
  const path = (match[2] ?? '').replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  return `${host}${path}`;
}
