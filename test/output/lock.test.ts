import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { acquireLock } from '../../src/output/lock.ts';
import { startTsx } from '../support/child-process.ts';
import { tempDir } from '../support/source-repo.ts';

describe('output lock', () => {
  it('makes a second run wait for a live holder, and gives up after the timeout naming it', async () => {
    const file = path.join(await tempDir(), '.out.homelab-lock');
    const first = await acquireLock(file, { shown: 'out' });
    const waited: number[] = [];
    await assert.rejects(acquireLock(file, { shown: 'out', timeoutMs: 300, onWait: (holder) => waited.push(holder.pid) }), {
      message: `output "out" is locked by another homelab run (process ${process.pid} on "${os.hostname()}"), which has not finished in 0 s; wait for it or stop it (a lock of a process that no longer runs is taken over)`,
    });
    assert.deepEqual(waited, [process.pid]);
    await first.release();
    const second = await acquireLock(file, { shown: 'out', timeoutMs: 300 });
    assert.ok(await second.held());
    await second.release();
    assert.deepEqual(await readdir(path.dirname(file)), []);
  });

  it('takes over the lock of a process that no longer runs, or of a reused pid', async () => {
    const dir = await tempDir();
    const file = path.join(dir, '.out.homelab-lock');
    const gone = startTsx('test/support/write-tree-child.ts', []);
    await gone.exited();
    for (const holder of [{ pid: gone.process.pid, start: '1' }, { pid: process.pid, start: '1' }]) {
      await writeFile(file, JSON.stringify({ ...holder, host: os.hostname(), nonce: 'dead' }));
      const lock = await acquireLock(file, { shown: 'out', timeoutMs: 1000 });
      assert.ok(await lock.held());
      await lock.release();
    }
    assert.deepEqual(await readdir(dir), []);
  });
});
