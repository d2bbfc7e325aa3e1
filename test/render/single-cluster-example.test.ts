// Without config/clusters.yaml, the example renders byte for byte as it did before clusters existed: every file's
// sha256 is compared with test/fixtures/example-single-cluster.sha256, taken from main's generate-manifests output of
// the example (commit f2d523b) before clusters were added. A change to the example's output on purpose regenerates
// the list, without config/clusters.yaml: `node bin/homelab.js generate-manifests --source <example copy> --output /tmp/o
// && (cd /tmp/o && find . -type f ! -name .homelab-generated | sed 's|^./||' | LC_ALL=C sort | xargs sha256sum)`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateManifests } from '../../src/pipeline/generate.ts';
import { testRuntime } from '../support/runtime.ts';
import { exampleCopy, tempDir } from '../support/source-repo.ts';

const DIGESTS = new URL('../fixtures/example-single-cluster.sha256', import.meta.url);

async function digests(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name !== '.homelab-generated')
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
  const lines = await Promise.all(files.map(async (file) => `${createHash('sha256').update(await readFile(path.join(dir, file))).digest('hex')}  ${file}`));
  return lines.map((line) => `${line}\n`).join('');
}

describe('a source without config/clusters.yaml', () => {
  it('renders the example byte-identically to the output before clusters existed', async () => {
    const source = await exampleCopy();
    await rm(path.join(source, 'config/clusters.yaml'), { force: true });
    const output = path.join(await tempDir(), 'manifests');
    await generateManifests({ source, output }, testRuntime());
    const actual = await digests(output);
    assert.equal(actual, await readFile(DIGESTS, 'utf8'), 'the example no longer renders as before; if that is on purpose, regenerate the list (see the top of this file)');
  });
});
