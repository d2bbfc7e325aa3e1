// The templates' worker builds against assets/lock.yaml as the render thread read it (sent with the build request),
// and reads the lock itself only when it is not sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLock } from '../../src/assets/lock.ts';
import type { Problem } from '../../src/errors.ts';
import { loadConfig } from '../../src/pipeline/pipeline.ts';
import { startTemplates } from '../../src/pipeline/template-worker/host.ts';
import { exampleCopy } from '../support/source-repo.ts';

describe('the templates\' worker and the lock', { timeout: 120_000 }, () => {
  it('uses the lock it is sent, and reads the source\'s own when sent none', async () => {
    const source = await exampleCopy();
    const config = await loadConfig(source);
    const lock = await readLock(source);
    const built = async (given?: typeof lock) => {
      const worker = startTemplates({});
      try {
        const warnings: Problem[] = [];
        return await worker.build(config, warnings, given);
      } finally {
        await worker.close();
      }
    };
    assert.equal((await built()).length, config.apps.length);
    assert.equal((await built(lock)).length, config.apps.length);
    // The same lock with one asset's digest changed: the worker checks the asset against the lock it was sent.
    const [template, files] = Object.entries(lock).find(([, entries]) => Object.keys(entries).length > 0)!;
    const [file, entry] = Object.entries(files)[0]!;
    const wrong = { ...lock, [template]: { ...files, [file]: { ...entry, sha256: '0'.repeat(64) } } };
    await assert.rejects(built(wrong), (error: Error) => error.message.includes(file));
  });
});
