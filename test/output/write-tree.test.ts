import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { writeTree } from '../../src/output/write-tree.ts';
import { tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('writeTree', () => {
  it('creates the output directory with exactly the tree', async () => {
    const out = path.join(await tempDir(), 'manifests');
    const result = await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'flux/a.yaml': 'k\n' }));
    assert.deepEqual(await readTree(out), { 'a/1.yaml': 'one\n', 'flux/a.yaml': 'k\n' });
    assert.deepEqual(result, { files: 2, directories: ['a', 'flux'] });
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
