import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import { collectGarbage } from '../../src/util/collect-garbage.ts';

describe('collectGarbage', () => {
  it('frees the garbage of a big heap at once', () => {
    // About 150 MiB of strings and objects, unreachable once the function returns.
    (() => {
      const garbage: unknown[] = [];
      for (let i = 0; i < 600_000; i++) garbage.push({ index: i, text: `item ${i} `.repeat(20) });
      return garbage.length;
    })();
    const before = getHeapStatistics().used_heap_size;
    assert.ok(before > 128 * 1024 * 1024, `the garbage is still on the heap (${before} bytes)`);
    collectGarbage();
    const after = getHeapStatistics().used_heap_size;
    assert.ok(after < before / 2, `collected: ${before} → ${after} bytes`);
  });
});
