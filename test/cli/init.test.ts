import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../support/run-cli.ts';
import { tempDir } from '../support/source-repo.ts';

describe('homelab init', () => {
  it('scaffolds a source repository that generate-manifests renders as it is', async () => {
    const dir = path.join(await tempDir(), 'homelab');
    const init = await runCli('init', dir);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stderr, /^► scaffolding a source repository in ".*homelab"\n► created "config\/apps\.yaml"\n/);
    assert.match(init.stderr, /✔ scaffolded ".*homelab"\n$/);
    assert.match(init.stdout, /add a repository secret HOMELAB_GIT_TOKEN/);

    const out = path.join(dir, 'manifests');
    const generate = await runCli('generate-manifests --source', dir, '--output', out);
    assert.equal(generate.code, 0, generate.stderr);
    assert.match(generate.stderr, /✔ wrote 1 app \(4 objects\)/);
  });

  it('exits 1 on a non-empty directory and says --force is needed; with --force warns for each overwritten file', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, '.gitignore'), 'secrets/\n');
    const refused = await runCli('init', dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /✗ ".*" is not empty \("\.gitignore"\); --force is needed to write into it/);

    const forced = await runCli('init --force', dir);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /^⚠ overwrote "\.gitignore"$/m);
  });
});
