// A separate process that writes an output with the real writeTree, for tests that race or kill writers:
//   write-tree-child.ts OUT TREE.json [TREE.json...] --times N   writes the trees in turn, N writes in all
//   write-tree-child.ts OUT TREE.json --pause                     stops between the swap's two renames and waits
// It prints "between" when paused and "done" when finished; a failed write exits 1 with the error on stderr.
import { readFileSync } from 'node:fs';
import { writeTree } from '../../src/output/write-tree.ts';

const [out, ...rest] = process.argv.slice(2);
const trees = rest.filter((arg) => arg.endsWith('.json')).map((file) => new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)));
const timesAt = rest.indexOf('--times');
const times = timesAt >= 0 ? Number(rest[timesAt + 1]) : 1;
const pause = rest.includes('--pause');

try {
  for (let i = 0; i < times; i++) {
    await writeTree(out!, trees[i % trees.length]!, {
      ...(pause && {
        betweenRenames: () => {
          process.stdout.write('between\n');
          return new Promise<void>(() => setInterval(() => {}, 1000));
        },
      }),
    });
  }
  process.stdout.write('done\n');
} catch (error) {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
}
