import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY, retryDelay } from '../../src/publish/backoff.ts';

describe('retry delay', () => {
  it('doubles from the base up to the cap, jittered within the upper half', () => {
    const low = (n: number) => retryDelay(n, DEFAULT_RETRY, () => 0);
    const high = (n: number) => retryDelay(n, DEFAULT_RETRY, () => 1);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 9].map(low), [100, 200, 400, 800, 1500, 1500, 1500]);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 9].map(high), [200, 400, 800, 1600, 3000, 3000, 3000]);
  });
});
