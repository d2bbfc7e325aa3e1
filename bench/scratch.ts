// Scratch space for the benchmarks. Nothing is deleted until every section has run: on some disks,
// freeing thousands of inodes makes the next minute of file creation several times slower (a bare
// loop creating 11k files: 0.2 s, then 6.5 s right after deleting the previous 11k), so an untimed
// cleanup would be charged to the next timed run. Outputs are moved aside instead, an O(1) rename.
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

let root: string | undefined;
let discarded = 0;

/** The directory every section works in; BENCH_DIR picks its parent (e.g. /dev/shm for tmpfs). */
export async function scratchRoot(): Promise<string> {
  root ??= await mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'homelab-bench-'));
  return root;
}

/** A fresh directory for one section. */
export async function scratchDir(name: string): Promise<string> {
  const dir = path.join(await scratchRoot(), name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Moves `dir` (if it exists) out of the way, to be deleted by removeScratch(). */
export async function discard(dir: string): Promise<void> {
  const graveyard = path.join(await scratchRoot(), '.discarded');
  await mkdir(graveyard, { recursive: true });
  await rename(dir, path.join(graveyard, String(discarded++))).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

export async function removeScratch(): Promise<void> {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
}
