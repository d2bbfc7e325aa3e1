// The only writer of an output directory: builds the new tree beside it, then swaps it in, so a failed
// run leaves the previous output untouched and files of removed apps disappear.
//
// When an output already exists, files whose bytes are unchanged are hard-linked into the new tree
// instead of written again, and a run that changes nothing touches nothing. Regenerating thousands of
// files then costs directory entries, not new inodes: creating and freeing inodes is what makes
// back-to-back runs slow on some disks (and it keeps unchanged files' mtimes, as rsync would).
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
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
  /** Files of the tree that were written or confirmed unchanged. */
  readonly files: number;
  /** Of those, files that did not exist or had other bytes. */
  readonly changed: number;
  /** Files of the previous output the new one no longer has. */
  readonly removed: number;
  readonly directories: readonly string[];
}

export async function writeTree(outDir: string, tree: ReadonlyMap<string, string>, options: WriteTreeOptions = {}): Promise<WriteTreeResult> {
  const target = path.resolve(outDir);
  const existing = await inspectExisting(target, outDir);
  const rewritten = (dir: string) => !options.only || options.only.has(dir);
  const replaced = (file: string) => rewritten(topDir(file));
  const selected = [...tree].filter(([file]) => replaced(file));
  const previous = new Set(existing?.files.filter(replaced));

  const unchanged = new Set(selected.filter(([file, content]) => previous.has(file) && sameBytes(path.join(target, file), content)).map(([file]) => file));
  const removed = [...previous].filter((file) => !tree.has(file)).length;
  const directories = new Set(selected.map(([file]) => topDir(file)));
  const result = { files: selected.length, changed: selected.length - unchanged.size, removed, directories: [...directories].sort() };
  // Nothing to do, unless a directory the new tree has no file in (e.g. left empty by hand) must go.
  const strayDirectory = existing?.directories.some((dir) => rewritten(dir) && !directories.has(dir));
  if (existing && result.changed === 0 && removed === 0 && !strayDirectory) return result;

  const suffix = randomBytes(6).toString('hex');
  const staging = path.join(path.dirname(target), `.${path.basename(target)}.homelab-new-${suffix}`);
  const retired = path.join(path.dirname(target), `.${path.basename(target)}.homelab-old-${suffix}`);
  try {
    await mkdir(staging, { recursive: true });
    const kept = existing ? existing.files.filter((file) => !replaced(file)) : [];
    populate(staging, target, [...kept.map((file) => [file, undefined] as const), ...selected.map(([file, content]) => [file, unchanged.has(file) ? undefined : content] as const)]);
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
  return result;
}

interface ExistingOutput {
  readonly directories: readonly string[];
  /** Every file, as `<dir>/<name>.yaml`. */
  readonly files: readonly string[];
}

/** Lists the existing output's files, refusing anything homelab would not have written. */
async function inspectExisting(target: string, shown: string): Promise<ExistingOutput | undefined> {
  const info = await lstat(target).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) throw new HomelabError(`output "${shown}" exists and is not a directory; choose another --output`);
  const foreign: string[] = [];
  const files: string[] = [];
  const directories: string[] = [];
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (!entry.isDirectory()) {
      foreign.push(entry.name);
      continue;
    }
    directories.push(entry.name);
    for (const inner of await readdir(path.join(target, entry.name), { withFileTypes: true })) {
      if (!inner.isFile() || !inner.name.endsWith('.yaml')) foreign.push(`${entry.name}/${inner.name}`);
      else files.push(`${entry.name}/${inner.name}`);
    }
  }
  if (foreign.length > 0) {
    const list = foreign.slice(0, 3).map((name) => `"${name}"`).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
    throw new HomelabError(`output "${shown}" holds files homelab did not write (${list}); it replaces the whole directory, so point --output at an empty or homelab-generated directory`);
  }
  return { directories: directories.sort(), files: files.sort() };
}

function sameBytes(file: string, content: string): boolean {
  try {
    // In UTF-8 bytes, as written (comparing decoded text would let invalid bytes pass as U+FFFD).
    return readFileSync(file).equals(Buffer.from(content));
  } catch {
    return false;
  }
}

/**
 * Fills the staging directory: a file with content is written, one without is hard-linked from the
 * existing output (copied where the filesystem has no hard links).
 *
 * Synchronous on purpose: for thousands of small files into a fresh directory, plain sequential
 * syscalls beat the libuv thread pool's round trips several times over, and nothing else runs meanwhile.
 */
function populate(root: string, existing: string, files: readonly (readonly [string, string | undefined])[]): void {
  const made = new Set<string>();
  for (const [file, content] of files) {
    const dir = path.join(root, path.posix.dirname(file));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const destination = path.join(root, file);
    if (content !== undefined) writeFileSync(destination, content);
    else linkOrCopy(path.join(existing, file), destination);
  }
}

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EXDEV' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
    writeFileSync(to, readFileSync(from));
  }
}

function topDir(file: string): string {
  return file.split('/')[0]!;
}
