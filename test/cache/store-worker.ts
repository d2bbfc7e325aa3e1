// A process of the concurrency test in store.test.ts: writes and reads one key many times, reporting what it saw.
import { CacheStore } from '../../src/cache/store.ts';

const [dir, id] = process.argv.slice(2) as [string, string];
const warnings: string[] = [];
const cache = new CacheStore({ dir, version: 'homelab@test', warn: (m) => warnings.push(m), maxBytes: 1024 ** 3 });
const renders = cache.namespace('chart-render');
// Every writer writes the same value for the key (content addressing), large enough to take several writes.
const value = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
let reads = 0;
let hits = 0;
let bad = 0;
for (let round = 0; round < 40; round++) {
  if ((round + Number(id)) % 3 === 0) await renders.write('shared', value);
  const read = round % 2 ? await renders.read('shared') : renders.readSync('shared');
  reads++;
  if (read === undefined) continue;
  hits++;
  if (read.toString() !== value) bad++;
}
process.stdout.write(JSON.stringify({ reads, hits, bad, warnings }));
