import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { packageName } from '../../src/init/files.ts';
import { initSourceRepo } from '../../src/init/init.ts';
import { pullRequestWorkflow } from '../../src/init/pull-request-workflow.ts';
import { publishWorkflow } from '../../src/init/workflow.ts';
import { tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

describe('init', () => {
  it('writes config, an example template, .gitignore, package.json and the publish workflow', async () => {
    const dir = path.join(await tempDir(), 'My Homelab');
    const result = await initSourceRepo({ dir, homelabVersion: '1.2.3' });
    assert.deepEqual(result.files.map((file) => `${file.action} ${file.path}`), [
      'created config/apps.yaml',
      'created config/flux.yaml',
      'created templates/hello/index.ts',
      'created .gitignore',
      'created package.json',
      'created .github/workflows/publish.yaml',
      'created .github/workflows/pull-request.yaml',
    ]);
    const tree = await readTree(dir);
    assert.equal(tree['.github/workflows/publish.yaml'], publishWorkflow());
    assert.equal(tree['.github/workflows/pull-request.yaml'], pullRequestWorkflow());
    assert.deepEqual(JSON.parse(tree['package.json']!), {
      name: 'my-homelab',
      private: true,
      type: 'module',
      description: 'Apps for my cluster: config and templates that homelab renders into the manifests repository',
      scripts: { generate: 'homelab generate-manifests' },
      engines: { node: '>=20.6' },
      dependencies: { homelab: '^1.2.3' },
    });
    assert.match(tree['config/flux.yaml']!, /^repo: https:\/\/github\.com\/OWNER\/homelab-manifests\.git$/m);
  });

  it('refuses a non-empty directory without --force and writes nothing', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'notes.md'), 'mine\n');
    await assert.rejects(initSourceRepo({ dir, homelabVersion: '1.0.0' }), {
      message: `"${dir}" is not empty ("notes.md"); --force is needed to write into it (files of the same names are replaced, others kept)`,
    });
    assert.deepEqual(await readTree(dir), { 'notes.md': 'mine\n' });
  });

  it('treats a directory holding only .git as empty, so `git init && homelab init .` works', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, '.git'));
    assert.equal((await initSourceRepo({ dir, homelabVersion: '1.0.0' })).files.length, 7);
  });

  it('with force, replaces files of the same names, reports each one, and keeps the others', async () => {
    const dir = await tempDir();
    await initSourceRepo({ dir, homelabVersion: '1.0.0' });
    await writeFile(path.join(dir, 'config/apps.yaml'), 'my apps\n');
    await writeFile(path.join(dir, 'README.md'), 'mine\n');
    const result = await initSourceRepo({ dir, homelabVersion: '1.0.0', force: true });
    assert.deepEqual(result.files.filter((file) => file.action !== 'unchanged').map((file) => `${file.action} ${file.path}`), ['overwritten config/apps.yaml']);
    assert.equal(await readFile(path.join(dir, 'README.md'), 'utf8'), 'mine\n');
  });

  it('derives a valid npm package name from the directory name', () => {
    assert.equal(packageName('My Homelab!'), 'my-homelab');
    assert.equal(packageName('.hidden'), 'hidden');
    assert.equal(packageName('___'), 'homelab-source');
  });

  it('with --force, never writes through a symlink to a file or directory outside the directory', async () => {
    const outside = await tempDir('homelab-outside-');
    await writeFile(path.join(outside, 'precious'), 'keep me\n');
    const cases: [string, (dir: string) => Promise<void>, RegExp][] = [
      ['.gitignore', (dir) => symlink(path.join(outside, 'precious'), path.join(dir, '.gitignore')), /refusing to write "\.gitignore": it is a symlink to ".*homelab-outside-.*\/precious", outside ".*"; remove the symlink or choose another directory; nothing was written/],
      ['package.json', (dir) => symlink(path.join(outside, 'created-outside'), path.join(dir, 'package.json')), /refusing to write "package\.json": it is a symlink to a file that does not exist/],
      ['config', (dir) => symlink(outside, path.join(dir, 'config')), /refusing to write "config\/apps\.yaml": its directory leads outside ".*" through a symlink/],
      ['.github', (dir) => symlink(outside, path.join(dir, '.github')), /refusing to write "\.github\/workflows\/publish\.yaml": its directory leads outside/],
    ];
    for (const [name, make, expected] of cases) {
      const dir = await tempDir();
      await make(dir);
      await assert.rejects(initSourceRepo({ dir, homelabVersion: '1.0.0', force: true }), { message: expected }, name);
      assert.deepEqual((await readdir(dir)).sort(), [name], `${name}: nothing else was written`);
      assert.deepEqual(await readTree(outside), { precious: 'keep me\n' }, `${name}: nothing was written outside`);
    }
  });

  it('ignores generate-manifests\' output, lock and temporary trees in .gitignore', async () => {
    const dir = await tempDir();
    await initSourceRepo({ dir, homelabVersion: '1.0.0' });
    await promisify(execFile)('git', ['init', '--quiet', dir]);
    const ignored = async (file: string) => promisify(execFile)('git', ['-C', dir, 'check-ignore', '--quiet', '--no-index', file]).then(() => true, () => false);
    for (const file of ['manifests/blog/1.yaml', '.manifests.homelab-lock', '.manifests.homelab-new-123-456-abc/a/1.yaml', '.out.homelab-old-1-2-ff']) assert.ok(await ignored(file), file);
    for (const file of ['config/apps.yaml', 'templates/hello/index.ts', '.github/workflows/publish.yaml']) assert.equal(await ignored(file), false, file);
  });
});
