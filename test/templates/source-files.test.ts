import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sourceFiles } from '../../src/templates/source-files.ts';
import { sourceRepo, tempDir } from '../support/source-repo.ts';

describe('sourceFiles', () => {
  it('reads files inside the source repository, also through symlinks that stay inside it', async () => {
    const source = await sourceRepo({ 'k8s/a.yaml': 'kind: A\n' });
    await symlink('k8s', path.join(source, 'linked-dir'));
    await symlink('a.yaml', path.join(source, 'k8s', 'b.yaml'));
    const files = sourceFiles(source);
    assert.equal(files.read('linked-dir/a.yaml'), 'kind: A\n');
    assert.equal(files.read('k8s/b.yaml'), 'kind: A\n');
  });

  it('refuses symlinks that lead outside the source repository, to files and to directories', async () => {
    const outside = await tempDir('homelab-outside-');
    await writeFile(path.join(outside, 'secret.yaml'), 'kind: Secret\n');
    const source = await sourceRepo({ 'k8s/a.yaml': 'kind: A\n' });
    await symlink(path.join(outside, 'secret.yaml'), path.join(source, 'k8s', 'leak.yaml'));
    await symlink(outside, path.join(source, 'elsewhere'));
    await symlink(path.relative(path.join(source, 'k8s'), outside), path.join(source, 'k8s', 'relative'));
    const files = sourceFiles(source);
    for (const file of ['k8s/leak.yaml', 'elsewhere/secret.yaml', 'elsewhere', 'k8s/relative/secret.yaml']) {
      assert.throws(() => files.read(file), { message: new RegExp(`^"${file}" leads outside the source repository through a symlink \\(to ".*"\\); templates may only read files inside it$`) });
      assert.throws(() => files.resolve(file), /leads outside the source repository through a symlink/);
    }
    assert.throws(() => files.read('../x'), /is outside the source repository/);
  });

  it('reports a symlink loop as a loop, not as a missing file', async () => {
    const source = await sourceRepo({});
    await symlink('loop-b', path.join(source, 'loop-a'));
    await symlink('loop-a', path.join(source, 'loop-b'));
    await mkdir(path.join(source, 'k8s'));
    const files = sourceFiles(source);
    assert.throws(() => files.read('loop-a'), { message: '"loop-a" is a symlink loop: following its links never reaches a file or directory' });
    assert.throws(() => files.readYaml('loop-b/x.yaml'), /"loop-b\/x\.yaml" is a symlink loop/);
  });
});
