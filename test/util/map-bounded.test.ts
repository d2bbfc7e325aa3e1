// mapBounded: at most `limit` tasks hold a slot; a task that releases its slot lets the next start while it finishes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapBounded } from '../../src/util/map-bounded.ts';

const turn = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('mapBounded', { timeout: 10_000 }, () => {
  it('runs at most `limit` tasks at once and keeps results in input order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapBounded([30, 10, 20, 5, 15], 2, async (ms) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 2;
    });
    assert.deepEqual(results, [60, 20, 40, 10, 30]);
    assert.equal(most, 2);
  });

  it('starts the next task when one releases its slot, and waits for the released one before it returns', async () => {
    const log: string[] = [];
    let finishFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
    const results = await mapBounded(['first', 'second'], 1, async (name, release) => {
      log.push(`${name} starts`);
      if (name === 'first') {
        release();
        await firstMayFinish;
      } else {
        await turn();
        finishFirst();
        await turn();
      }
      log.push(`${name} ends`);
      return name.toUpperCase();
    });
    assert.deepEqual(log, ['first starts', 'second starts', 'first ends', 'second ends']);
    assert.deepEqual(results, ['FIRST', 'SECOND']);
  });

  it('fails with the failure of a task that released its slot, once the others have ended', async () => {
    const ended: string[] = [];
    await assert.rejects(mapBounded(['bad', 'good'], 1, async (name, release) => {
      release();
      await turn();
      if (name === 'bad') throw new Error('bad task');
      await turn();
      ended.push(name);
    }), /bad task/);
    assert.deepEqual(ended, ['good']);
  });

  it('starts no task after one has failed', async () => {
    const ran: number[] = [];
    await assert.rejects(mapBounded([1, 2, 3, 4], 1, async (n) => {
      ran.push(n);
      if (n === 2) throw new Error('two failed');
    }), /two failed/);
    assert.deepEqual(ran, [1, 2]);
  });
});
