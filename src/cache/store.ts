// The render cache on disk: content-addressed entries under `${HOMELAB_CACHE:-~/.cache/homelab}/render/<kind>/`,
// written atomically (a temporary file renamed into place, so concurrent runs share it safely) and checked on every
// read (a header with homelab's identity, the payload's length and sha256). A cache directory that is read-only, full
// or holds garbage never fails a render: the store warns once and the stage computes what it would have read.
import { closeSync, fstatSync, futimesSync, openSync, readFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { messageOf } from '../errors.ts';
import type { ContentCache } from '../model/content-cache.ts';
import { sha256Hex } from '../util/sha256.ts';

const MAGIC = 'homelab-cache/1';
/** A header is one line: magic, homelab identity digest, payload length, payload sha256. */
const MAX_HEADER = 256;
/** Entries read are marked used (their mtime, which prune orders by) at most this often. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;
/** Temporary files older than this belong to runs that were killed; prune removes them. */
const STALE_TEMP_MS = 10 * 60 * 1000;

export interface CacheStoreOptions {
  /** The cache's own directory: `${HOMELAB_CACHE:-~/.cache/homelab}/render`. */
  readonly dir: string;
  /** The running homelab's identity (version and code digest): entries of any other are never used. */
  readonly version: string;
  /** Told once when the cache cannot be read or written; the render goes on without it. */
  readonly warn: (message: string) => void;
  /** The size bound prune keeps the cache under. */
  readonly maxBytes: number;
}

export interface CacheUsage {
  readonly entries: number;
  readonly bytes: number;
}

export interface PruneResult extends CacheUsage {
  /** Entries (and abandoned temporary files) removed. */
  readonly removed: number;
  readonly removedBytes: number;
}

interface EntryFile {
  readonly file: string;
  readonly bytes: number;
  readonly mtimeMs: number;
}

export class CacheStore {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly version: string;
  private readonly versionDigest: string;
  private readonly warn: (message: string) => void;
  private readonly madeDirs = new Map<string, Promise<unknown>>();
  private warned = false;
  private readable = true;
  private writable = true;
  private writtenBytes = 0;

  constructor(options: CacheStoreOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes;
    this.version = options.version;
    this.versionDigest = sha256Hex(options.version).slice(0, 32);
    this.warn = options.warn;
  }

  /** What another thread needs to open this cache (the templates' worker): everything but the warning callback. */
  settings(): Omit<CacheStoreOptions, 'warn'> {
    return { dir: this.dir, version: this.version, maxBytes: this.maxBytes };
  }

  /** Bytes this process wrote into the cache. */
  get written(): number {
    return this.writtenBytes;
  }

  /** One kind of entry (chart renders, compiled templates, …): its own folder, its keys mixed with homelab's identity. */
  namespace(kind: string): ContentCache {
    if (!/^[a-z0-9-]+$/.test(kind)) throw new Error(`cache kind "${kind}" must be lower-case letters, digits and "-"`);
    const fileOf = (key: string) => path.join(this.dir, kind, sha256Hex(`${this.version}\0${kind}\0${key}`));
    return {
      read: (key) => this.read(fileOf(key)),
      readSync: (key) => this.readSync(fileOf(key)),
      write: (key, value) => this.write(kind, fileOf(key), value),
    };
  }

  private async read(file: string): Promise<Buffer | undefined> {
    if (!this.readable) return undefined;
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      this.readFailed(file, error);
      return undefined;
    }
    try {
      const [info, content] = [await handle.stat(), await handle.readFile()];
      const payload = this.check(file, content);
      if (payload && Date.now() - info.mtimeMs > TOUCH_AFTER_MS) await handle.utimes(info.atime, new Date()).catch(() => {});
      return payload;
    } catch (error) {
      this.readFailed(file, error);
      return undefined;
    } finally {
      await handle.close().catch(() => {});
    }
  }

  private readSync(file: string): Buffer | undefined {
    if (!this.readable) return undefined;
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      this.readFailed(file, error);
      return undefined;
    }
    try {
      const info = fstatSync(fd);
      const payload = this.check(file, readFileSync(fd));
      if (payload && Date.now() - info.mtimeMs > TOUCH_AFTER_MS) {
        try {
          futimesSync(fd, info.atime, new Date());
        } catch {
          // A read-only cache still serves entries.
        }
      }
      return payload;
    } catch (error) {
      this.readFailed(file, error);
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** The payload when the entry is whole and this homelab's; otherwise undefined (the caller computes and rewrites it). */
  private check(file: string, content: Buffer): Buffer | undefined {
    const end = content.subarray(0, MAX_HEADER).indexOf(10);
    const [magic, version, length, digest] = end === -1 ? [] : content.subarray(0, end).toString('latin1').split(' ');
    const payload = content.subarray(end + 1);
    let problem: string | undefined;
    if (magic !== MAGIC) problem = 'not a homelab cache entry';
    else if (version !== this.versionDigest) problem = 'written by another homelab';
    else if (Number(length) !== payload.length) problem = `truncated (${payload.length} of ${length} bytes)`;
    else if (sha256Hex(payload) !== digest) problem = 'its content does not match its digest';
    if (problem === undefined) return payload;
    // Not a fault of the cache as a whole: the entry is recomputed and rewritten. Another homelab's entry is expected.
    if (problem !== 'written by another homelab') this.warnOnce(`ignoring the render cache entry "${file}": ${problem}; it is rewritten`);
    return undefined;
  }

  private readFailed(file: string, error: unknown): void {
    const code = (error as NodeJS.ErrnoException).code;
    // Absent: a miss. Anything else (permissions, a file where a folder should be): the cache is not usable for reading.
    if (code === 'ENOENT') return;
    this.readable = false;
    this.warnOnce(`cannot read the render cache ("${file}"): ${messageOf(error)}; rendering without it`);
  }

  private async write(kind: string, file: string, value: string | Uint8Array): Promise<void> {
    if (!this.writable) return;
    const payload = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    const header = Buffer.from(`${MAGIC} ${this.versionDigest} ${payload.length} ${sha256Hex(payload)}\n`, 'latin1');
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.makeDir(path.join(this.dir, kind), attempt > 0);
        await writeFile(temp, [header, payload]);
        // Atomic: readers see the old entry, no entry, or the whole new one; two writers of one key write the same bytes.
        await rename(temp, file);
        this.writtenBytes += header.length + payload.length;
        return;
      } catch (error) {
        await unlink(temp).catch(() => {});
        // A concurrent `homelab cache clear` removed the folder under us: make it again, once.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && attempt === 0) continue;
        this.writable = false;
        this.warnOnce(`cannot write the render cache ("${this.dir}"): ${messageOf(error)}; rendering without storing results`);
        return;
      }
    }
  }

  private makeDir(dir: string, again: boolean): Promise<unknown> {
    let made = this.madeDirs.get(dir);
    if (!made || again) {
      made = mkdir(dir, { recursive: true });
      this.madeDirs.set(dir, made);
      made.catch(() => this.madeDirs.delete(dir));
    }
    return made;
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(message);
  }

  /** How many entries the cache holds and their size. */
  async usage(): Promise<CacheUsage> {
    const files = await this.entryFiles();
    return { entries: files.filter((f) => !isTemp(f.file)).length, bytes: files.reduce((sum, f) => sum + f.bytes, 0) };
  }

  /**
   * Removes abandoned temporary files, entries of other homelab versions when `otherVersions`, then the least
   * recently used entries until the cache is at most `maxBytes`.
   */
  async prune(options: { maxBytes?: number; otherVersions?: boolean } = {}): Promise<PruneResult> {
    const maxBytes = options.maxBytes ?? this.maxBytes;
    const files = await this.entryFiles();
    const now = Date.now();
    const kept: EntryFile[] = [];
    let removed = 0;
    let removedBytes = 0;
    const remove = async (entry: EntryFile) => {
      await rm(entry.file, { force: true });
      removed++;
      removedBytes += entry.bytes;
    };
    for (const entry of files) {
      if (isTemp(entry.file) ? now - entry.mtimeMs > STALE_TEMP_MS : options.otherVersions && !(await this.isCurrent(entry.file))) await remove(entry);
      else if (!isTemp(entry.file)) kept.push(entry);
    }
    let bytes = kept.reduce((sum, entry) => sum + entry.bytes, 0);
    kept.sort((a, b) => a.mtimeMs - b.mtimeMs);
    while (bytes > maxBytes && kept.length > 0) {
      const oldest = kept.shift()!;
      await remove(oldest);
      bytes -= oldest.bytes;
    }
    return { entries: kept.length, bytes, removed, removedBytes };
  }

  /** After a run that stored something: keeps the cache under its bound (to 90%, so the next runs need not prune). */
  async maintain(): Promise<void> {
    if (this.writtenBytes === 0 || !this.writable) return;
    try {
      const { bytes } = await this.usage();
      if (bytes > this.maxBytes) await this.prune({ maxBytes: Math.floor(this.maxBytes * 0.9) });
    } catch (error) {
      this.warnOnce(`cannot prune the render cache ("${this.dir}"): ${messageOf(error)}`);
    }
  }

  /** Removes every entry. */
  async clear(): Promise<CacheUsage> {
    const before = await this.usage();
    for (const kind of await readdir(this.dir).catch(() => [] as string[])) await rm(path.join(this.dir, kind), { recursive: true, force: true });
    return before;
  }

  private async isCurrent(file: string): Promise<boolean> {
    try {
      const head = (await readFile(file)).subarray(0, MAX_HEADER).toString('latin1');
      return head.startsWith(`${MAGIC} ${this.versionDigest} `);
    } catch {
      return false;
    }
  }

  private async entryFiles(): Promise<EntryFile[]> {
    const files: EntryFile[] = [];
    for (const kind of await readdir(this.dir).catch(() => [] as string[])) {
      const folder = path.join(this.dir, kind);
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        const file = path.join(folder, name);
        const info = await stat(file).catch(() => undefined);
        if (info?.isFile()) files.push({ file, bytes: info.size, mtimeMs: info.mtimeMs });
      }
    }
    return files;
  }
}

function isTemp(file: string): boolean {
  return file.endsWith('.tmp');
}
