// Two writers racing on one output, as two generate-manifests runs would: real processes, many rounds. Each run must
// leave a tree that is exactly one render, and exit 0.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { OUTPUT_MARKER } from '../../src/output/marker.ts';
import { startTsx } from '../support/child-process.ts';
import { tempDir } from '../support/source-repo.ts';
import { readTree } from '../support/tree-snapshot.ts';

const ROUNDS = 5;
const WRITES = 8;

/**
 * Three renders; each pair agrees on a quarter of the files where the third differs, so a writer that judged a file
 * unchanged against one tree and then links it from another (swapped in meanwhile) produces a tree of neither.
 */
function render(label: 'A' | 'B' | 'C'): Record<string, string> {
  const agree = [['A', 'B', 'C'], ['A', 'C'], ['A', 'B'], ['B', 'C']];
  const files: Record<string, string> = {};
  for (let app = 0; app < 8; app++) {
    for (let file = 0; file < 48; file++) {
      const group = agree[file % 4]!;
      files[`app-${app}/${String(file).padStart(2, '0')}.yaml`] = `${group.includes(label) ? group.join('') : label} ${app} ${file}\n`;
    }
  }
  return files;
}

describe('writeTree under concurrency', () => {
  it('three processes writing different renders into one output never mix them, and all succeed', async () => {
    const base = await tempDir();
    const renders = { A: render('A'), B: render('B'), C: render('C') };
    const json = { A: path.join(base, 'a.json'), B: path.join(base, 'b.json'), C: path.join(base, 'c.json') };
    for (const label of ['A', 'B', 'C'] as const) await writeFile(json[label], JSON.stringify(renders[label]));
    const canonical = (files: Record<string, string>) => JSON.stringify(Object.entries(files).filter(([file]) => file !== OUTPUT_MARKER).sort(([x], [y]) => (x < y ? -1 : 1)));
    for (let round = 0; round < ROUNDS; round++) {
      const out = path.join(base, `out-${round}`);
      // Each writer alternates between the renders, so each finds the other's tree in place and links from it.
      const orders = [[json.A, json.B, json.C], [json.B, json.C, json.A], [json.C, json.A, json.B]];
      const writers = orders.map((order) => startTsx('test/support/write-tree-child.ts', [out, ...order, '--times', String(WRITES)]));
      const codes = await Promise.all(writers.map((writer) => writer.exited()));
      assert.deepEqual(codes, [0, 0, 0], `round ${round}: ${writers.map((writer) => writer.stderr()).join('\n')}`);
      const result = canonical(await readTree(out));
      assert.ok([renders.A, renders.B, renders.C].some((files) => canonical(files) === result), `round ${round}: the output mixes the renders`);
      assert.deepEqual((await readdir(base)).filter((name) => name.startsWith(`.out-${round}.`)), [], `round ${round}: leftovers`);
    }
  });
});
