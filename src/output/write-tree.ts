// The only writer of an output directory: builds the new tree beside it, then swaps it in, so a failed
// run leaves the previous output untouched and files of removed apps disappear.
//
// When an output already exists, files whose bytes are unchanged are hard-linked into the new tree
// instead of written again, and a run that changes nothing touches nothing. Regenerating thousands of
// files then costs directory entries, not new inodes: creating and freeing inodes is what makes
// back-to-back runs slow on some disks (and it keeps unchanged files' mtimes, as rsync would).
//
// Runs on one output take a lock (lock.ts) for the whole read-compare-link-swap, and begin by cleaning up
// after runs that were killed (leftovers.ts). An output that is a mount point cannot be swapped: it is
// updated in place, one top-level directory at a time.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HomelabError } from '../errors.ts';
import { ownerTag, type ProcessOwner } from '../process/owner.ts';
import { describeFsError, NAME_MAX } from './fs-errors.ts';
import { recoverInside, recoverBeside } from './leftovers.ts';
import { acquireLock, type OutputLock } from './lock.ts';
import { isLegacyOutput, OUTPUT_MARKER, OUTPUT_MARKER_CONTENT } from './marker.ts';
import { INSIDE_PREFIX, isInsideName, outputNames, type OutputNames } from './names.ts';

export interface WriteTreeOptions {
  /**
   * Rewrite only these top-level directories and keep every other one as it is (`--filter`).
   * @default every directory is replaced by the tree's
   */
  readonly only?: ReadonlySet<string>;
  /** Called when another run holds the output's lock and this one waits for it. */
  readonly onWait?: (holder: ProcessOwner) => void;
  /** Things worth a warning: an interrupted run's output restored, an unmarked older output adopted. */
  readonly onNotice?: (message: string) => void;
  /** How long to wait for another run's lock. @default 10 minutes */
  readonly lockTimeoutMs?: number;
  /**
   * Test hook, called between the two renames of the swap (tests kill the process there). Nothing in homelab
   * sets it; without it the swap runs straight through.
   */
  readonly betweenRenames?: () => void | Promise<void>;
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
  checkNameLengths(tree);
  const state = { touched: false };
  const names = outputNames(target);
  try {
    const place = await inspectPlace(target, outDir);
    await mkdir(names.parent, { recursive: true });
    const lock = await lockOutput(names, place.mountPoint, outDir, options);
    try {
      await recoverBeside(names, outDir, options.onNotice);
      if (place.exists) await recoverInside(target);
      return await writeLocked(target, names, outDir, tree, options, lock, state);
    } finally {
      await lock.release();
    }
  } catch (error) {
    if (error instanceof HomelabError) throw error;
    const inTree = (file: string) => {
      const relative = path.relative(names.parent, file).split(path.sep);
      return relative.length > 2 && relative[0]!.startsWith('.') ? relative.slice(1).join('/') : undefined;
    };
    const outcome = state.touched ? `"${outDir}" may be partly updated: run again` : 'the previous output is unchanged';
    throw new HomelabError(`failed to write "${outDir}": ${describeFsError(error, target, outDir, inTree)}; ${outcome}`, { cause: error });
  }
}

async function writeLocked(
  target: string,
  names: OutputNames,
  shown: string,
  tree: ReadonlyMap<string, string>,
  options: WriteTreeOptions,
  lock: OutputLock,
  state: { touched: boolean },
): Promise<WriteTreeResult> {
  const existing = await inspectExisting(target, shown);
  if (existing?.legacy) options.onNotice?.(`"${shown}" has no "${OUTPUT_MARKER}" marker but is an output of an older homelab (it holds flux-bootstrap/flux.yaml); marking it as homelab's`);
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
  if (existing && result.changed === 0 && removed === 0 && !strayDirectory) {
    if (!existing.marked) await writeFile(path.join(target, OUTPUT_MARKER), OUTPUT_MARKER_CONTENT);
    return result;
  }
  const files = selected.map(([file, content]) => [file, unchanged.has(file) ? undefined : content] as const);
  if (!(await lock.held())) throw new HomelabError(`failed to write "${shown}": another run took over its lock; run again`);

  if (existing && (await isMountPoint(target))) {
    await writeInPlace(target, existing, files, rewritten, state);
    return result;
  }
  const tag = `${ownerTag()}-${randomBytes(6).toString('hex')}`;
  const staging = names.staging(tag);
  const retired = names.retired(tag);
  try {
    await mkdir(staging);
    const kept = existing ? existing.files.filter((file) => !replaced(file)) : [];
    populate(staging, target, [...kept.map((file) => [file, undefined] as const), ...files]);
    writeFileSync(path.join(staging, OUTPUT_MARKER), OUTPUT_MARKER_CONTENT);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  // The swap: two renames in the same parent directory; the old tree is restored if the second fails, and by
  // the next run (leftovers.ts) if this process dies between them.
  try {
    if (existing) await rename(target, retired);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // A mount point (or a bind mount of a directory) cannot be renamed: update it in place instead.
    if ((error as NodeJS.ErrnoException).code === 'EBUSY' && existing) {
      await writeInPlace(target, existing, files, rewritten, state);
      return result;
    }
    throw error;
  }
  try {
    await options.betweenRenames?.();
    await rename(staging, target);
  } catch (error) {
    if (existing) await rename(retired, target);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rm(retired, { recursive: true, force: true });
  return result;
}

/**
 * A mount point as output: the new top-level directories are built in a staging directory inside it, then each one
 * replaces its old version with two renames. Each directory is always whole, old or new; a run killed halfway
 * leaves some directories old and some new until the next run, which puts back what it finds set aside.
 */
async function writeInPlace(
  target: string,
  existing: ExistingOutput,
  files: readonly (readonly [string, string | undefined])[],
  rewritten: (dir: string) => boolean,
  state: { touched: boolean },
): Promise<void> {
  const tag = `${ownerTag()}-${randomBytes(6).toString('hex')}`;
  const staging = path.join(target, `${INSIDE_PREFIX}new-${tag}`);
  const retired = path.join(target, `${INSIDE_PREFIX}old-${tag}`);
  try {
    await mkdir(staging);
    await mkdir(retired);
    populate(staging, target, files);
    writeFileSync(path.join(staging, OUTPUT_MARKER), OUTPUT_MARKER_CONTENT);
  } catch (error) {
    await Promise.all([rm(staging, { recursive: true, force: true }), rm(retired, { recursive: true, force: true })]);
    throw error;
  }
  const dirs = [...new Set([...existing.directories.filter(rewritten), ...files.map(([file]) => topDir(file))])].sort();
  const done: string[] = [];
  try {
    for (const dir of dirs) {
      state.touched = true;
      if (existing.directories.includes(dir)) await rename(path.join(target, dir), path.join(retired, dir));
      done.push(dir);
      if (files.some(([file]) => topDir(file) === dir)) await rename(path.join(staging, dir), path.join(target, dir));
    }
    await rename(path.join(staging, OUTPUT_MARKER), path.join(target, OUTPUT_MARKER));
  } catch (error) {
    // Put the old directories back; the output is then as it was.
    for (const dir of done.reverse()) {
      if (!existing.directories.includes(dir)) continue;
      await rm(path.join(target, dir), { recursive: true, force: true });
      await rename(path.join(retired, dir), path.join(target, dir));
    }
    state.touched = false;
    throw error;
  } finally {
    await Promise.all([rm(staging, { recursive: true, force: true }), rm(retired, { recursive: true, force: true })]);
  }
}

interface Place {
  readonly exists: boolean;
  readonly mountPoint: boolean;
}

async function inspectPlace(target: string, shown: string): Promise<Place> {
  const info = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return { exists: false, mountPoint: false };
  if (!info.isDirectory()) throw new HomelabError(`output "${shown}" exists and is not a directory; choose another --output`);
  return { exists: true, mountPoint: await isMountPoint(target) };
}

/** On another filesystem than its parent (a bind mount of the same filesystem shows as EBUSY on rename instead). */
async function isMountPoint(target: string): Promise<boolean> {
  const [own, parent] = await Promise.all([stat(target), stat(path.dirname(target))]);
  return own.dev !== parent.dev;
}

/** The lock lives beside the output; for a mount point in a read-only parent, inside it. */
async function lockOutput(names: OutputNames, mountPoint: boolean, shown: string, options: WriteTreeOptions): Promise<OutputLock> {
  const lockOptions = { shown, ...(options.onWait && { onWait: options.onWait }), ...(options.lockTimeoutMs !== undefined && { timeoutMs: options.lockTimeoutMs }) };
  try {
    return await acquireLock(names.lock, lockOptions);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!mountPoint || (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM')) throw error;
    return acquireLock(names.insideLock, lockOptions);
  }
}

interface ExistingOutput {
  readonly directories: readonly string[];
  /** Every file, as `<dir>/<name>.yaml`. */
  readonly files: readonly string[];
  /** It holds the marker. */
  readonly marked: boolean;
  /** Unmarked, but recognised as an older homelab's output. */
  readonly legacy: boolean;
}

/** Lists the existing output's files, refusing anything homelab would not have written. */
async function inspectExisting(target: string, shown: string): Promise<ExistingOutput | undefined> {
  const info = await lstat(target).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) throw new HomelabError(`output "${shown}" exists and is not a directory; choose another --output`);
  const foreign: string[] = [];
  const files: string[] = [];
  const directories: string[] = [];
  let marked = false;
  for (const entry of await readdir(target, { withFileTypes: true })) {
    if (entry.name === OUTPUT_MARKER && entry.isFile()) {
      marked = true;
      continue;
    }
    if (isInsideName(entry.name)) continue; // this writer's own lock and staging (recovered above)
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
  const legacy = !marked && files.length > 0 && (await isLegacyOutput(target, files));
  if (!marked && !legacy && (files.length > 0 || directories.length > 0)) {
    const held = files.length > 0 ? files : directories.map((dir) => `${dir}/`);
    const list = held.slice(0, 3).map((name) => `"${name}"`).join(', ') + (held.length > 3 ? ` and ${held.length - 3} more` : '');
    throw new HomelabError(
      `output "${shown}" is not a directory homelab generated (no "${OUTPUT_MARKER}" file, and it holds ${list}); it replaces the whole directory, so point --output at an empty or homelab-generated directory`,
    );
  }
  return { directories: directories.sort(), files: files.sort(), marked, legacy };
}

/** Names over NAME_MAX are refused before anything is written, naming the file. */
function checkNameLengths(tree: ReadonlyMap<string, string>): void {
  for (const file of tree.keys()) {
    const long = file.split('/').find((part) => Buffer.byteLength(part) > NAME_MAX);
    if (long) {
      throw new HomelabError(`failed to write "${file}": its name is ${Buffer.byteLength(long)} bytes, longer than filesystems allow (${NAME_MAX}); shorten the object's name`);
    }
  }
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
