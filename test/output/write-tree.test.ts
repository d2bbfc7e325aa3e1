import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ownerTag } from '../../src/process/owner.ts';
import { startTsx } from '../support/child-process.ts';
import { OUTPUT_MARKER, OUTPUT_MARKER_CONTENT } from '../../src/output/marker.ts';
import { writeTree } from '../../src/output/write-tree.ts';
import { tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const inodes = (root: string, files: readonly string[]) => Promise.all(files.map(async (file) => (await stat(path.join(root, file))).ino));
const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));
/** A tree as one string, independent of key order. */
const canonical = (files: Record<string, string>) => JSON.stringify(Object.entries(files).sort(([x], [y]) => (x < y ? -1 : 1)));
/** What readTree shows for an output holding `files`: those and the marker. */
const marked = (files: Record<string, string>) => ({ [OUTPUT_MARKER]: OUTPUT_MARKER_CONTENT, ...files });

describe('writeTree', () => {
  it('creates the output directory with exactly the tree', async () => {
    const out = path.join(await tempDir(), 'manifests');
    const result = await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'flux/a.yaml': 'k\n' }));
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'one\n', 'flux/a.yaml': 'k\n' }));
    assert.deepEqual(result, { files: 2, changed: 2, removed: 0, directories: ['a', 'flux'] });
  });

  it('removes files and directories the new tree no longer has, and leaves no temp dirs behind', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'a/2.yaml': 'two\n', 'b/1.yaml': 'b\n' }));
    await writeTree(out, tree({ 'a/1.yaml': 'one again\n' }));
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'one again\n' }));
    assert.deepEqual(await readdir(parent), ['manifests']);
  });

  it('rewrites only the selected directories with `only` and keeps the others byte for byte', async () => {
    const out = path.join(await tempDir(), 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'a\n', 'b/1.yaml': 'b\n', 'b/old.yaml': 'stale\n', 'flux/a.yaml': 'fa\n' }));
    await writeTree(out, tree({ 'a/1.yaml': 'A\n', 'b/1.yaml': 'B\n', 'flux/a.yaml': 'FA\n' }), { only: new Set(['b', 'flux']) });
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'a\n', 'b/1.yaml': 'B\n', 'flux/a.yaml': 'FA\n' }));
  });

  it('keeps unchanged files as the same inodes, writes changed ones, and reports both', async () => {
    const out = path.join(await tempDir(), 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'a/2.yaml': 'two\n', 'b/1.yaml': 'b\n' }));
    const before = await inodes(out, ['a/1.yaml', 'a/2.yaml']);
    const result = await writeTree(out, tree({ 'a/1.yaml': 'one\n', 'a/2.yaml': 'TWO\n', 'c/1.yaml': 'c\n' }));
    assert.deepEqual(result, { files: 3, changed: 2, removed: 1, directories: ['a', 'c'] });
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'one\n', 'a/2.yaml': 'TWO\n', 'c/1.yaml': 'c\n' }));
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
    assert.deepEqual((await readdir(out)).sort(), [OUTPUT_MARKER, 'a', 'flux']);
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

  it('refuses an unmarked directory of YAML it did not generate (a source repo of config/ and plain manifests), changing nothing', async () => {
    const out = await tempDir();
    const files = {
      'config/apps.yaml': 'apiVersion: v1alpha1\nkind: HomelabAppsConfig\napps: []\n',
      'config/flux.yaml': 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://git.example.com/m.git\n',
      'k8s/deployment.yaml': 'kind: Deployment\n',
    };
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(out, file)), { recursive: true });
      await writeFile(path.join(out, file), content);
    }
    await assert.rejects(writeTree(out, tree({ 'a/1.yaml': 'a\n' })), /output ".*" is not a directory homelab generated \(no "\.homelab-generated" file, and it holds "config\/apps\.yaml", "config\/flux\.yaml", "k8s\/deployment\.yaml"\)/);
    assert.deepEqual(await readTree(out), files);
  });

  it('adopts an unmarked output of an older homelab (it holds the Kustomization "flux" in flux-bootstrap/) and marks it', async () => {
    const out = await tempDir();
    const bootstrap = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  path: ./apps/flux\n';
    await mkdir(path.join(out, 'flux-bootstrap'));
    await writeFile(path.join(out, 'flux-bootstrap/flux.yaml'), bootstrap);
    await mkdir(path.join(out, 'old-app'));
    await writeFile(path.join(out, 'old-app/1.yaml'), 'x\n');
    const notices: string[] = [];
    await writeTree(out, tree({ 'flux-bootstrap/flux.yaml': bootstrap, 'a/1.yaml': 'a\n' }), { onNotice: (message) => notices.push(message) });
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'a\n', 'flux-bootstrap/flux.yaml': bootstrap }));
    assert.match(notices.join('\n'), /has no "\.homelab-generated" marker but is an output of an older homelab/);
  });

  it('restores the previous output when a run is killed between the two renames of the swap', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'manifests');
    const before = { 'a/1.yaml': 'a1\n', 'b/1.yaml': 'b1\n' };
    await writeTree(out, tree(before));
    const next = path.join(parent, '..', `${path.basename(parent)}-next.json`);
    await writeFile(next, JSON.stringify({ 'a/1.yaml': 'a2\n', 'b/1.yaml': 'b2\n' }));
    const child = startTsx('test/support/write-tree-child.ts', [out, next, '--pause']);
    await child.waitFor('between');
    child.process.kill('SIGKILL');
    await child.exited();
    assert.deepEqual((await readdir(parent)).filter((name) => name === 'manifests'), [], 'killed between the renames: no output at this instant');

    // The next run puts the old tree back before it writes: with --filter a, b stays as it was.
    const notices: string[] = [];
    await writeTree(out, tree({ 'a/1.yaml': 'a3\n', 'b/1.yaml': 'b3\n' }), { only: new Set(['a']), onNotice: (message) => notices.push(message) });
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'a3\n', 'b/1.yaml': 'b1\n' }));
    assert.deepEqual(await readdir(parent), ['manifests'], 'the killed run\'s temporary trees are gone');
    assert.match(notices.join('\n'), /restored ".*manifests" as it was before a run that was killed while replacing it/);
  });

  it('removes the temporary trees of killed runs beside the output, and never those of a live run', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'a\n' }));
    // A process that has exited: its pid is free (or reused by a process started at another time).
    const gone = startTsx('test/support/write-tree-child.ts', []);
    await gone.exited();
    const deadTag = `${gone.process.pid}-1`;
    const leftovers = [`.manifests.homelab-new-${deadTag}-aa`, `.manifests.homelab-old-${deadTag}-bb`, `.manifests.homelab-lock-${deadTag}-cc`];
    const live = `.manifests.homelab-new-${ownerTag()}-dd`;
    for (const name of [...leftovers.slice(0, 2), live]) {
      await mkdir(path.join(parent, name, 'a'), { recursive: true });
      await writeFile(path.join(parent, name, 'a/1.yaml'), 'partial\n');
    }
    await writeFile(path.join(parent, leftovers[2]!), '{}');
    await writeTree(out, tree({ 'a/1.yaml': 'A\n' }));
    assert.deepEqual((await readdir(parent)).sort(), [live, 'manifests'].sort());
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'A\n' }));
  });

  it('leaves the old or the new tree, and the next run a clean one, through 30 random kill -9s', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'manifests');
    const variant = (label: string) => {
      const files: Record<string, string> = {};
      for (let app = 0; app < 6; app++) for (let file = 0; file < 40; file++) files[`app-${app}/${file}.yaml`] = file % 2 ? `shared ${app} ${file}\n` : `${label} ${app} ${file}\n`;
      return files;
    };
    const [a, b] = [variant('A'), variant('B')];
    const files = [path.join(parent, '..', `${path.basename(parent)}-a.json`), path.join(parent, '..', `${path.basename(parent)}-b.json`)];
    await writeFile(files[0]!, JSON.stringify(a));
    await writeFile(files[1]!, JSON.stringify(b));
    await writeTree(out, tree(a));
    for (let round = 0; round < 30; round++) {
      const child = startTsx('test/support/write-tree-child.ts', [out, ...files, '--times', '1000000']);
      // tsx needs a few hundred ms to start; kill somewhere in the writes that follow.
      await new Promise((resolve) => setTimeout(resolve, 700 + Math.random() * 600));
      child.process.kill('SIGKILL');
      await child.exited();
      const seen = await readTree(out);
      if (Object.keys(seen).length > 0) assert.ok([canonical(marked(a)), canonical(marked(b))].includes(canonical(seen)), `round ${round}: a mixed tree`);
      // The next run (only app-0) keeps the other apps whole: from the old or the new tree, never a mix.
      await writeTree(out, tree(a), { only: new Set(['app-0']) });
      const after = await readTree(out);
      const rest = (files: Record<string, string>) => canonical(Object.fromEntries(Object.entries(files).filter(([file]) => !file.startsWith('app-0/'))));
      assert.ok([rest(marked(a)), rest(marked(b))].includes(rest(after)), `round ${round}: the next run found a mixed tree`);
      assert.deepEqual(await readdir(parent), ['manifests'], `round ${round}: leftovers`);
      await writeTree(out, tree(a));
    }
  });
});

describe('writeTree when the filesystem gets in the way', () => {
  const root = process.getuid?.() === 0;
  const mounted: string[] = [];
  const sh = (...args: string[]) => promisify(execFile)(args[0]!, args.slice(1));
  after(async () => {
    for (const dir of mounted.reverse()) await sh('umount', '-l', dir).catch(() => {});
  });
  async function mountTmpfs(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await sh('mount', '-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir);
    mounted.push(dir);
  }
  const isMount = async (dir: string) => (await stat(dir)).dev !== (await stat(path.dirname(dir))).dev;

  it('writes into a mount point given as --output, directory by directory, and it stays the mount point', { skip: !root && 'needs root to mount a tmpfs' }, async () => {
    const out = path.join(await tempDir(), 'manifests');
    await mountTmpfs(out);
    await writeTree(out, tree({ 'a/1.yaml': 'a\n', 'b/1.yaml': 'b\n' }));
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'a\n', 'b/1.yaml': 'b\n' }));
    await writeTree(out, tree({ 'a/1.yaml': 'A\n', 'c/1.yaml': 'c\n' }));
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'A\n', 'c/1.yaml': 'c\n' }));
    assert.ok(await isMount(out), 'still the mount point');
    assert.deepEqual((await readdir(out)).sort(), [OUTPUT_MARKER, 'a', 'c'], 'no temporary directories left inside');
  });

  it('writes into a bind mount (same filesystem, rename says EBUSY) and into a mount point whose parent is read-only', { skip: !root && 'needs root to mount' }, async () => {
    const base = await tempDir();
    const real = path.join(base, 'real');
    const out = path.join(base, 'bound');
    await mkdir(real);
    await mkdir(out);
    await sh('mount', '--bind', real, out);
    mounted.push(out);
    await writeTree(out, tree({ 'a/1.yaml': 'a\n' }));
    await writeTree(out, tree({ 'a/1.yaml': 'A\n' }));
    assert.deepEqual(await readTree(real), marked({ 'a/1.yaml': 'A\n' }));

    const parent = path.join(base, 'ro');
    await mountTmpfs(parent);
    const inner = path.join(parent, 'manifests');
    await mountTmpfs(inner);
    await sh('mount', '-o', 'remount,ro', parent);
    await writeTree(inner, tree({ 'a/1.yaml': 'a\n' }));
    assert.deepEqual(await readTree(inner), marked({ 'a/1.yaml': 'a\n' }));
  });

  it('says the filesystem is read-only and leaves the previous output as it was', { skip: !root && 'needs root to mount a tmpfs' }, async () => {
    const base = path.join(await tempDir(), 'fs');
    await mountTmpfs(base);
    const out = path.join(base, 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'a\n' }));
    await sh('mount', '-o', 'remount,ro', base);
    await assert.rejects(writeTree(out, tree({ 'a/1.yaml': 'A\n' })), {
      message: `failed to write "${out}": "${out}" is on a read-only filesystem; the previous output is unchanged`,
    });
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'a\n' }));
  });

  it('refuses file names over NAME_MAX before writing anything, naming the file', async () => {
    const out = path.join(await tempDir(), 'manifests');
    await writeTree(out, tree({ 'a/1.yaml': 'a\n' }));
    const long = `29-deployment-${'x'.repeat(250)}.yaml`;
    await assert.rejects(writeTree(out, tree({ 'a/1.yaml': 'A\n', [`a/${long}`]: 'big\n' })), {
      message: `failed to write "a/${long}": its name is 269 bytes, longer than filesystems allow (255); shorten the object's name`,
    });
    assert.deepEqual(await readTree(out), marked({ 'a/1.yaml': 'a\n' }));
    assert.deepEqual(await readdir(path.dirname(out)), ['manifests']);
  });

  it('says which part of an output under a file is not a directory', async () => {
    const base = await tempDir();
    await writeFile(path.join(base, 'notes.txt'), 'x');
    const out = path.join(base, 'notes.txt', 'manifests');
    await assert.rejects(writeTree(out, tree({ 'a/1.yaml': 'a\n' })), {
      message: `failed to write "${out}": "${path.join(base, 'notes.txt')}" is a file, not a directory; the previous output is unchanged`,
    });
  });
});
