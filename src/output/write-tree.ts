// The only writer of an output directory: builds the new tree beside it, then swaps it in, so a failed
// run leaves the previous output untouched and files of removed apps disappear.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cp, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { HomelabError, wrapError } from '../errors.ts';

export interface WriteTreeOptions {
  /**
   * Rewrite only these top-level directories and keep every other one as it is (`--filter`).
   * @default every directory is replaced by the tree's
   */
  readonly only?: ReadonlySet<string>;
}

export interface WriteTreeResult {
  readonly files: number;
  readonly directories: readonly string[];
}

export async function writeTree(outDir: string, tree: ReadonlyMap<string, string>, options: WriteTreeOptions = {}): Promise<WriteTreeResult> {
  const target = path.resolve(outDir);
  const existing = await inspectExisting(target, outDir);
  const suffix = randomBytes(6).toString('hex');
  const staging = path.join(path.dirname(target), `.${path.basename(target)}.homelab-new-${suffix}`);
  const retired = path.join(path.dirname(target), `.${path.basename(target)}.homelab-old-${suffix}`);

  const selected = [...tree].filter(([file]) => !options.only || options.only.has(topDir(file)));
  try {
    await mkdir(staging, { recursive: true });
    if (options.only && existing) {
      for (const dir of existing.filter((name) => !options.only!.has(name))) {
        await cp(path.join(target, dir), path.join(staging, dir), { recursive: true, preserveTimestamps: true });
      }
    }
    writeAll(staging, selected);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw wrapError(`write "${outDir}"`, error);
  }

  // The swap: two renames in the same parent directory; the old tree is restored if the second fails.
  try {
    if (existing) await rename(target, retired);
    try {
      await rename(staging, target);
    } catch (error) {
      if (existing) await rename(retired, target);
      throw error;
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw wrapError(`replace "${outDir}"`, error);
  }
  await rm(retired, { recursive: true, force: true });
  return { files: selected.length, directories: [...new Set(selected.map(([file]) => topDir(file)))].sort() };
}

/** Lists the existing output's directories, refusing anything homelab would not have written. */
async function inspectExisting(target: string, shown: string): Promise<string[] | undefined> {
  const info = await lstat(target).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) throw new HomelabError(`output "${shown}" exists and is not a directory; choose another --output`);
  const foreign: string[] = [];
  const dirs: string[] = [];
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (!entry.isDirectory()) {
      foreign.push(entry.name);
      continue;
    }
    dirs.push(entry.name);
    for (const inner of await readdir(path.join(target, entry.name), { withFileTypes: true })) {
      if (!inner.isFile() || !inner.name.endsWith('.yaml')) foreign.push(`${entry.name}/${inner.name}`);
    }
  }
  if (foreign.length > 0) {
    const list = foreign.slice(0, 3).map((name) => `"${name}"`).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
    throw new HomelabError(`output "${shown}" holds files homelab did not write (${list}); it replaces the whole directory, so point --output at an empty or homelab-generated directory`);
  }
  return dirs.sort();
}

/**
 * Synchronous on purpose: for thousands of small files into a fresh directory, plain sequential
 * syscalls beat the libuv thread pool's round trips several times over, and nothing else runs meanwhile.
 */
function writeAll(root: string, files: readonly (readonly [string, string])[]): void {
  const made = new Set<string>();
  for (const [file, content] of files) {
    const dir = path.join(root, path.posix.dirname(file));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(path.join(root, file), content);
  }
}

function topDir(file: string): string {
  return file.split('/')[0]!;
}
