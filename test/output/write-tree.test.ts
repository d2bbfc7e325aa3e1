import assert from 'node:assert/strict';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { writeTree } from '../../src/output/write-tree.ts';
import { tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const inodes = (root: string, files: readonly string[]) => Promise.all(files.map(async (file) => (await stat(path.join(root, file))).ino));
const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('writeTree', () => {
  it('creates the output directory with exactly the tree', async () => {
    const out = path.join(await tempDir(), 'manifests');
    const result = await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'flux/a.yaml': 'k\n' }));
    assert.deepEqual(await readTree(out), { 'a/1.yaml': 'one\n', 'flux/a.yaml': 'k\n' });
    assert.deepEqual(result, { files: 2, changed: 2, removed: 0, directories: ['a', 'flux'] });
  });

  it('removes files and directories the new tree no longer has, and leaves no temp dirs behind', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'a/2.yaml': 'two\n', 'b/1.yaml': 'b\n' }));
    await writeTree(out, tree({ 'a/1.yaml': 'one again\n' }));
    assert.deepEqual(await readTree(out), { 'a/1.yaml': 'one again\n' });
    assert.deepEqual(await readdir(parent), ['manifests']);
  });

  it('rewrites only the selected directories with `only` and keeps the others byte for byte', async () => {
    const out = path.join(await tempDir(), 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'a\n', 'b/1.yaml': 'b\n', 'b/old.yaml': 'stale\n', 'flux/a.yaml': 'fa\n' }));
    await writeTree(out, tree({ 'a/1.yaml': 'A\n', 'b/1.yaml': 'B\n', 'flux/a.yaml': 'FA\n' }), { only: new Set(['b', 'flux']) });
    assert.deepEqual(await readTree(out), { 'a/1.yaml': 'a\n', 'b/1.yaml': 'B\n', 'flux/a.yaml': 'FA\n' });
  });

  it('keeps unchanged files as the same inodes, writes changed ones, and reports both', async () => {
    const out = path.join(await tempDir(), 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'a/2.yaml': 'two\n', 'b/1.yaml': 'b\n' }));
    const before = await inodes(out, ['a/1.yaml', 'a/2.yaml']);
    const result = await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'a/2.yaml': 'TWO\n', 'c/1.yaml': 'c\n' }));
    assert.deepEqual(result, { files: 3, changed: 2, removed: 1, directories: ['a', 'c'] });
    assert.deepEqual(await readTree(out), { 'a/1.yaml': 'one\n', 'a/2.yaml': 'TWO\n', 'c/1.yaml': 'c\n' });
    const after = await inodes(out, ['a/1.yaml', 'a/2.yaml']);
    assert.equal(after[0], before[0], 'the unchanged file is linked, not rewritten');
    assert.notEqual(after[1], before[1], 'the changed file is a new file (the old inode may still be open elsewhere)');
    assert.equal((await stat(path.join(out, 'a/1.yaml'))).nlink, 1, 'no second link survives the swap');
  });

  it('touches nothing when the tree is unchanged, and still drops a stray empty directory', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'manifests');
    const files = tree({ 'a/1.yaml': 'one\n', 'flux/a.yaml': 'k\n' });
    await writeTree(out, files);
    const before = await inodes(out, ['.', 'a', 'a/1.yaml']);
    assert.deepEqual(await writeTree(out, files), { files: 2, changed: 0, removed: 0, directories: ['a', 'flux'] });
    assert.deepEqual(await inodes(out, ['.', 'a', 'a/1.yaml']), before, 'same directory and file inodes: no swap happened');
    assert.deepEqual(await readdir(parent), ['manifests']);

    await mkdir(path.join(out, 'gone'));
    await writeTree(out, files);
    assert.deepEqual((await readdir(out)).sort(), ['a', 'flux']);
  });

  it('refuses to replace a directory holding files it did not write, and changes nothing', async () => {
    const out = await tempDir();
    await writeFile(path.join(out, 'package.json'), '{}');
    await mkdir(path.join(out, 'src'));
    await writeFile(path.join(out, 'src', 'index.ts'), 'x');
    await assert.rejects(writeTree(out, tree({ 'a/1.yaml': 'a\n' })),
      /output ".*" holds files homelab did not write \("package\.json", "src\/index\.ts"\); it replaces the whole directory/);
    assert.deepEqual(await readTree(out), { 'package.json': '{}', 'src/index.ts': 'x' });
  });

  it('refuses an output path that is a file', async () => {
    const file = path.join(await tempDir(), 'manifests');
    await writeFile(file, 'not a dir');
    await assert.rejects(writeTree(file, tree({ 'a/1.yaml': 'a\n' })), /exists and is not a directory/);
  });
});
