import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTrailers, withTrailers } from '../../src/git/trailers.ts';

describe('trailers', () => {
  it('appends trailers as the last paragraph, after a trimmed message', () => {
    assert.equal(withTrailers('Subject\n\nBody\n\n', [['Source-Commit', 'abc'], ['Source-Repository', 'https://x']]), 'Subject\n\nBody\n\nSource-Commit: abc\nSource-Repository: https://x\n');
  });

  it('reads trailers only from the last paragraph, never from a one-paragraph message', () => {
    assert.deepEqual([...parseTrailers('Subject\n\nSource-Commit: abc\nSource-Repository: https://x\n')], [['Source-Commit', 'abc'], ['Source-Repository', 'https://x']]);
    assert.deepEqual([...parseTrailers('Source-Commit: abc\n')], []);
    assert.deepEqual([...parseTrailers('Subject\n\nSource-Commit: abc\n\nSigned-off-by: me\n')], [['Signed-off-by', 'me']]);
  });
});
