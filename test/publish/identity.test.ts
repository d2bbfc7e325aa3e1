import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identitiesFromEnv } from '../../src/publish/identity.ts';

describe('identity', () => {
  it('defaults author and committer to the documented bot', () => {
    const bot = { name: 'homelab-bot', email: 'homelab-bot@noreply.invalid' };
    assert.deepEqual(identitiesFromEnv({}), { author: bot, committer: bot });
  });

  it("takes git's variables, the committer falling back to the author", () => {
    const ada = { name: 'Ada', email: 'ada@example.test' };
    assert.deepEqual(identitiesFromEnv({ GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.test' }), { author: ada, committer: ada });
    assert.throws(() => identitiesFromEnv({ GIT_AUTHOR_NAME: 'Ada <evil>' }), { message: 'GIT_AUTHOR_NAME may not contain "<", ">" or line breaks' });
  });
});
