// Repository URLs: the one normaliser (which repository a git URL names, however it is spelled), and what a manifests
// repository URL may be: https:// or http://, ssh://, or scp-like user@host:path. Never something git would read as
// an option, never credentials (tokens come from the environment), never control characters.
import { HomelabError } from '../errors.ts';
import { shownValue } from '../util/shown-value.ts';

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

const FORMS = /^(https?:\/\/|ssh:\/\/|[\w.-]+@[\w.-]+:(?!\/\/))/i;

/** Refuses what publish and bootstrap must not pass to git or flux; `where` names the flag or config key. */
export function checkRepoUrl(url: string, where: string): void {
  const shown = shownValue(hidePassword(url));
  if (/[\x00-\x20\x7f]/.test(url)) throw new HomelabError(`${where} ${shown} holds spaces or control characters; expected a repository URL`);
  if (url.startsWith('-')) throw new HomelabError(`${where} ${shown} is not a repository URL (it starts with "-", which git would read as an option)`);
  if (!FORMS.test(url)) {
    throw new HomelabError(`${where} ${shown} is not a repository URL: expected https://host/path, ssh://user@host/path or user@host:path`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  const userinfo = scheme ? /^[^:]+:\/\/([^/?#]*)@/.exec(url)?.[1] : undefined;
  if ((scheme === 'http' || scheme === 'https') && userinfo !== undefined) {
    throw new HomelabError(`${where} must not contain credentials: remove "…@" from the URL and set HOMELAB_GIT_TOKEN (and HOMELAB_GIT_USERNAME if the server needs a particular user name)`);
  }
  if (scheme === 'ssh' && userinfo?.includes(':')) {
    throw new HomelabError(`${where} must not contain a password: ssh URLs authenticate with your ssh agent or key (use "ssh://user@host/path")`);
  }
  if (scheme === 'http' || scheme === 'https') {
    try {
      new URL(url);
    } catch {
      throw new HomelabError(`${where} ${shown} is not a valid URL`);
    }
  }
}

/** The URL with any password (and any http user, which is often a token) replaced by `***`. */
export function hidePassword(url: string): string {
  return url
    .replace(/^(https?:\/\/)[^/?#@]*@/i, '$1***@')
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#:@]*):[^/?#@]*@/i, '$1:***@')
    .replace(/^([^/:@]*):[^/@]*@/, '$1:***@');
}
