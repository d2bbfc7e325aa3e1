import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CacheStore } from '../../src/cache/store.ts';
import { tempDir } from '../support/source-repo.ts';
import { mountTmpfs, remountReadOnly, tmpfsSupport } from '../support/tmpfs.ts';

function store(dir: string, options: { version?: string; maxBytes?: number } = {}): { store: CacheStore; warnings: string[] } {
  const warnings: string[] = [];
  return { store: new CacheStore({ dir, version: options.version ?? 'homelab@test', warn: (m) => warnings.push(m), maxBytes: options.maxBytes ?? 1024 ** 3 }), warnings };
}

async function entryFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const kind of await readdir(dir).catch(() => [])) for (const name of await readdir(path.join(dir, kind))) files.push(path.join(dir, kind, name));
  return files;
}

describe('the render cache store', () => {
  it('reads back what was written, by kind and key, asynchronously and synchronously', async () => {
    const dir = await tempDir();
    const { store: cache, warnings } = store(dir);
    const charts = cache.namespace('chart-render');
    assert.equal(await charts.read('k'), undefined);
    await charts.write('k', 'hello ✓');
    assert.equal((await charts.read('k'))?.toString(), 'hello ✓');
    assert.equal(charts.readSync('k')?.toString(), 'hello ✓');
    assert.equal(await cache.namespace('template').read('k'), undefined, 'another kind has its own keys');
    assert.deepEqual(warnings, []);
  });

  it('never uses an entry another homelab version wrote, even under the same file name', async () => {
    const dir = await tempDir();
    const older = store(dir, { version: 'homelab@0.1.0 code:aaa' }).store.namespace('chart-render');
    await older.write('k', 'old');
    const newer = store(dir, { version: 'homelab@0.1.0 code:bbb' });
    assert.equal(await newer.store.namespace('chart-render').read('k'), undefined);
    // The same file copied under the name the newer version would use: its header still says who wrote it.
    const [file] = await entryFiles(dir);
    await newer.store.namespace('chart-render').write('k', 'new');
    const newFile = (await entryFiles(dir)).find((f) => f !== file)!;
    await writeFile(newFile, await readFile(file!));
    assert.equal(await newer.store.namespace('chart-render').read('k'), undefined);
    assert.deepEqual(newer.warnings, [], 'another version\'s entry is expected, not a fault');
  });

  it('ignores a corrupt or truncated entry (warning once), and the next write replaces it', async () => {
    const dir = await tempDir();
    const { store: cache, warnings } = store(dir);
    const renders = cache.namespace('chart-render');
    await renders.write('a', 'x'.repeat(1000));
    await renders.write('b', 'y'.repeat(1000));
    const [first, second] = await entryFiles(dir);
    const bytes = await readFile(first!);
    await writeFile(first!, bytes.subarray(0, bytes.length - 10));
    const flipped = Buffer.from(await readFile(second!));
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 1, flipped.length - 1);
    await writeFile(second!, flipped);
    assert.equal(await renders.read('a'), undefined);
    assert.equal(await renders.read('b'), undefined);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /ignoring the render cache entry ".*": (truncated \(990 of 1000 bytes\)|its content does not match its digest); it is rewritten/);
    await renders.write('a', 'x'.repeat(1000));
    assert.equal((await renders.read('a'))?.toString(), 'x'.repeat(1000));
  });

  it('treats garbage where the cache should be (a file) as no cache: one warning, no failure', async () => {
    const parent = await tempDir();
    const dir = path.join(parent, 'render');
    await writeFile(dir, 'not a directory');
    const { store: cache, warnings } = store(dir);
    const renders = cache.namespace('chart-render');
    assert.equal(await renders.read('k'), undefined);
    await renders.write('k', 'v');
    assert.equal(renders.readSync('k'), undefined);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /cannot (read|write) the render cache .*(ENOTDIR|EEXIST|not a directory|file already exists)/);
  });

  it('keeps entries whole when several processes write and read one key at once', async () => {
    const dir = await tempDir();
    const worker = fileURLToPath(new URL('./store-worker.ts', import.meta.url));
    const children = Array.from({ length: 4 }, (_, i) => new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker, dir, String(i)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker ${i} exited ${code}: ${out}`))));
    }));
    const reports = (await Promise.all(children)).map((out) => JSON.parse(out) as { reads: number; hits: number; bad: number; warnings: string[] });
    for (const report of reports) {
      assert.equal(report.bad, 0, 'a reader saw a partial or mixed entry');
      assert.deepEqual(report.warnings, []);
    }
    assert.ok(reports.reduce((sum, r) => sum + r.hits, 0) > 0, 'readers saw the entry at all');
    assert.equal((await entryFiles(dir)).filter((file) => file.endsWith('.tmp')).length, 0, 'no temporary file is left behind');
  });

  it('prunes abandoned temporary files, then the least recently used entries above the bound', async () => {
    const dir = await tempDir();
    const { store: cache } = store(dir, { maxBytes: 2500 });
    const renders = cache.namespace('chart-render');
    for (const key of ['oldest', 'middle', 'newest']) await renders.write(key, key[0]!.repeat(1000));
    const files = await entryFiles(dir);
    const byAge = await Promise.all(files.map(async (file) => [file, (await readFile(file)).toString().slice(-1)] as const));
    const ages: Record<string, number> = { o: 3000, m: 2000, n: 1000 };
    for (const [file, letter] of byAge) await utimes(file, new Date(), new Date(Date.now() - ages[letter]! * 1000));
    const abandoned = path.join(dir, 'chart-render', 'x.abc.tmp');
    await writeFile(abandoned, 'half');
    await utimes(abandoned, new Date(), new Date(Date.now() - 3600_000));
    const result = await cache.prune();
    assert.equal(result.removed, 2);
    assert.equal(await renders.read('oldest'), undefined);
    assert.equal((await renders.read('middle'))?.toString(), 'm'.repeat(1000));
    assert.equal((await renders.read('newest'))?.toString(), 'n'.repeat(1000));
    assert.equal(result.entries, 2);
    await assert.rejects(stat(abandoned));
  });

  it('prunes entries of other homelab versions when asked, and clears everything', async () => {
    const dir = await tempDir();
    await store(dir, { version: 'old' }).store.namespace('template').write('k', 'old');
    const { store: cache } = store(dir, { version: 'new' });
    await cache.namespace('template').write('k', 'new');
    const pruned = await cache.prune({ otherVersions: true });
    assert.equal(pruned.removed, 1);
    assert.equal((await cache.namespace('template').read('k'))?.toString(), 'new');
    const cleared = await cache.clear();
    assert.equal(cleared.entries, 1);
    assert.deepEqual(await entryFiles(dir), []);
  });
});

describe('the render cache store on a faulty filesystem', async () => {
  const root = await tempDir();
  const support = await tmpfsSupport(path.join(root, 'probe'));
  const unmounts: (() => Promise<void>)[] = [];
  after(async () => {
    for (const unmount of unmounts) await unmount().catch(() => {});
  });

  it('warns once and goes on when the disk is full', support, async () => {
    const dir = path.join(root, 'full');
    unmounts.push(await mountTmpfs(dir, { bytes: 64 * 1024 }));
    const { store: cache, warnings } = store(dir);
    const renders = cache.namespace('chart-render');
    await renders.write('small', 'fits');
    for (let i = 0; i < 5; i++) await renders.write(`big-${i}`, 'z'.repeat(40 * 1024));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /cannot write the render cache .*ENOSPC/);
    assert.equal((await renders.read('small'))?.toString(), 'fits', 'what was stored is still served');
    assert.equal((await entryFiles(dir)).filter((file) => file.endsWith('.tmp')).length, 0, 'no partial file is left');
  });

  it('serves entries from a read-only cache and warns once that it cannot store', support, async () => {
    const dir = path.join(root, 'read-only');
    unmounts.push(await mountTmpfs(dir, { bytes: 256 * 1024 }));
    await store(dir).store.namespace('chart-render').write('known', 'from CI');
    await mkdir(path.join(dir, 'template'));
    await remountReadOnly(dir);
    const { store: cache, warnings } = store(dir);
    assert.equal((await cache.namespace('chart-render').read('known'))?.toString(), 'from CI');
    await cache.namespace('chart-render').write('new', 'x');
    await cache.namespace('template').write('new', 'x');
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /cannot write the render cache .*EROFS/);
  });
});
