import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHelm } from '../../src/helm/helm-binary.ts';
import { testEnv } from '../support/env.ts';

/** The real helm's own report of its garbage collections (GODEBUG=gctrace=1 prints one line per collection). */
async function collections(env: NodeJS.ProcessEnv): Promise<number> {
  const helm = await findHelm(testEnv({ GOGC: undefined, GOMEMLIMIT: undefined, ...env, GODEBUG: 'gctrace=1' }));
  const result = await helm.run(['version', '--short']);
  assert.equal(result.code, 0, result.stderr);
  return result.stderr.split('\n').filter((line) => line.startsWith('gc ')).length;
}

describe('helm as homelab runs it', () => {
  it('collects no garbage in a short run (Go collects from a 4 MB heap by default)', async () => {
    assert.equal(await collections({}), 0);
  });

  it("leaves Go's collector to the user's GOGC or GOMEMLIMIT when either is set", async () => {
    assert.ok(await collections({ GOGC: '100' }) > 0, 'GOGC=100 collects as Go does by default');
    // With GOGC=off added, a limit this high would mean no collection at all.
    assert.ok(await collections({ GOMEMLIMIT: '1GiB' }) > 0, "a user's GOMEMLIMIT alone keeps Go's default GOGC");
  });
});
