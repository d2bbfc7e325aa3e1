import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareTargets } from '../../src/bootstrap/idempotency.ts';

describe('compareTargets', () => {
  it('names every difference, and ignores ./ and trailing slashes in the path', () => {
    assert.equal(compareTargets({ repo: 'https://x.test/a.git', branch: 'main', path: './flux/' }, { repo: 'https://X.test/a', branch: 'main', path: 'flux' }).state, 'same');
    const different = compareTargets({ repo: 'https://x.test/a.git', branch: 'main', path: './flux' }, { repo: 'https://x.test/b', branch: 'prod', path: 'clusters/home' });
    assert.equal(different.state, 'different');
    assert.equal(different.state === 'different' && different.differences.length, 3);
  });
});
