import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
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
});
