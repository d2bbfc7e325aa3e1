// Who the manifests commits are by: git's own environment variables, else a documented bot identity.
import { HomelabError } from '../errors.ts';
import type { Identity } from '../git/commit-tree.ts';

/** The default author and committer of manifests commits (`.invalid` is reserved: it is nobody's address). */
export const BOT_IDENTITY: Identity = { name: 'homelab-bot', email: 'homelab-bot@noreply.invalid' };

/** GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL, then the bot; the committer is GIT_COMMITTER_* or else the author. */
export function identitiesFromEnv(env: NodeJS.ProcessEnv): { author: Identity; committer: Identity } {
  const author = pick(env, 'GIT_AUTHOR', BOT_IDENTITY);
  return { author, committer: pick(env, 'GIT_COMMITTER', author) };
}

function pick(env: NodeJS.ProcessEnv, prefix: string, fallback: Identity): Identity {
  const name = env[`${prefix}_NAME`]?.trim() || fallback.name;
  const email = env[`${prefix}_EMAIL`]?.trim() || fallback.email;
  for (const [variable, value] of [[`${prefix}_NAME`, name], [`${prefix}_EMAIL`, email]] as const) {
    if (/[<>\n\r\0]/.test(value)) throw new HomelabError(`${variable} may not contain "<", ">" or line breaks`);
  }
  return { name, email };
}
