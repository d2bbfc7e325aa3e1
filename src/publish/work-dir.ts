// Publish's temporary working directory, named after its run (pid and start time), and the removal of those that
// runs killed before they could clean up; a directory whose run is still alive is never touched.
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ownerAlive, ownerTag, parseOwnerTag } from '../process/owner.ts';

const PREFIX = 'homelab-publish-';
/** `homelab-publish-<pid>-<start>-XXXXXX`; `homelab-publish-XXXXXX` is the unowned name of older versions. */
const OWNED = /^homelab-publish-(\d+-\d+)-[A-Za-z0-9]{6}$/;
const UNOWNED = /^homelab-publish-[A-Za-z0-9]{6}$/;
const UNOWNED_AGE_MS = 60 * 60_000;

export async function createWorkDir(tmp: string): Promise<string> {
  await removeDeadWorkDirs(tmp);
  return mkdtemp(path.join(tmp, `${PREFIX}${ownerTag()}-`));
}

export async function removeDeadWorkDirs(tmp: string): Promise<void> {
  const names = await readdir(tmp).catch(() => [] as string[]);
  await Promise.all(
    names.filter((name) => name.startsWith(PREFIX)).map(async (name) => {
      const owned = OWNED.exec(name);
      const owner = owned ? parseOwnerTag(owned[1]!) : undefined;
      const dead = owner ? !ownerAlive(owner) : UNOWNED.test(name) && Date.now() - ((await lstat(path.join(tmp, name)).catch(() => undefined))?.mtimeMs ?? Date.now()) > UNOWNED_AGE_MS;
      if (dead) await rm(path.join(tmp, name), { recursive: true, force: true });
    }),
  );
}
