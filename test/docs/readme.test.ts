// The README's pictures of the example cannot drift: its mermaid graph is what `homelab graph` prints today.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../support/run-cli.ts';
import { EXAMPLE_DIR } from '../support/source-repo.ts';
import { REPO_ROOT } from '../support/tools.ts';


describe('the README', () => {
  it('shows the mermaid graph that homelab graph prints for the example', async () => {
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /<!-- homelab graph --source example -->\n```mermaid\n([\s\S]*?)```\n/.exec(readme);
    assert.ok(block, 'the README has a ```mermaid block after <!-- homelab graph --source example -->');
    const { code, stdout, stderr } = await runCli('graph --source', EXAMPLE_DIR);
    assert.equal(code, 0, stderr);
    assert.equal(block[1], stdout, 'regenerate it: homelab graph --source example');
  });

  it('shows a picture of the report that exists', async () => {
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const image = /!\[[^\]]*report[^\]]*\]\(([^)]+\.png)\)/.exec(readme);
    assert.ok(image, 'the README shows a PNG of the report');
    const png = await readFile(path.join(REPO_ROOT, image[1]!));
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  });
});
