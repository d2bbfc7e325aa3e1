// Cleans up after runs that were killed: their staging and set-aside trees and lock files. An output that is
// missing because its run died between the two renames of the swap is put back from the tree set aside.
// Runs under the output's lock; a leftover whose owner still runs is never touched.
import { lstat, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ownerAlive, parseOwnerTag } from '../process/owner.ts';
import { INSIDE_PREFIX, TEMP_NAME, type OutputNames } from './names.ts';

interface Leftover {
  readonly kind: string;
  readonly path: string;
}

/** Temporary names of homelab before they carried an owner: removed once they are an hour old. */
const UNOWNED = /^(new|old)-[0-9a-f]{12}$/;
const UNOWNED_AGE_MS = 60 * 60_000;

export async function recoverBeside(names: OutputNames, shown: string, notice?: (message: string) => void): Promise<void> {
  const dead = await deadLeftovers(names.parent, names.prefix);
  if (!(await exists(names.target))) {
    const retired = await newest(dead.filter((leftover) => leftover.kind === 'old'));
    if (retired) {
      await rename(retired.path, names.target);
      dead.splice(dead.indexOf(retired), 1);
      notice?.(`restored "${shown}" as it was before a run that was killed while replacing it`);
    }
  }
  await Promise.all(dead.map((leftover) => rm(leftover.path, { recursive: true, force: true })));
}

/** Inside a mount point: directories a killed run had set aside come back where no new one replaced them. */
export async function recoverInside(target: string): Promise<void> {
  const dead = await deadLeftovers(target, INSIDE_PREFIX);
  for (const retired of dead.filter((leftover) => leftover.kind === 'old')) {
    for (const dir of await readdir(retired.path)) {
      if (!(await exists(path.join(target, dir)))) await rename(path.join(retired.path, dir), path.join(target, dir));
    }
  }
  await Promise.all(dead.map((leftover) => rm(leftover.path, { recursive: true, force: true })));
}

async function deadLeftovers(dir: string, prefix: string): Promise<Leftover[]> {
  const dead: Leftover[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const full = path.join(dir, name);
    const owned = TEMP_NAME.exec(rest);
    if (owned) {
      const owner = parseOwnerTag(owned[2]!);
      if (owner && !ownerAlive(owner)) dead.push({ kind: owned[1]!, path: full });
    } else if (UNOWNED.test(rest)) {
      const info = await lstat(full).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > UNOWNED_AGE_MS) dead.push({ kind: rest.slice(0, 3), path: full });
    }
  }
  return dead;
}

async function newest(leftovers: readonly Leftover[]): Promise<Leftover | undefined> {
  const dated = await Promise.all(leftovers.map(async (leftover) => ({ leftover, mtime: (await stat(leftover.path)).mtimeMs })));
  return dated.sort((a, b) => b.mtime - a.mtime)[0]?.leftover;
}

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}
