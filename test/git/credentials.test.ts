import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { credentialsFromEnv, writeAskpass } from '../../src/git/credentials.ts';
import { tempDir } from '../support/source-repo.ts';

describe('credentials', () => {
  it('take HOMELAB_GIT_TOKEN, else GITHUB_TOKEN, treating empty values as unset', () => {
    assert.deepEqual(credentialsFromEnv({ HOMELAB_GIT_TOKEN: 'a', GITHUB_TOKEN: 'b' }), { token: 'a', tokenSource: 'HOMELAB_GIT_TOKEN', username: 'x-access-token' });
    assert.deepEqual(credentialsFromEnv({ HOMELAB_GIT_TOKEN: '', GITHUB_TOKEN: 'b' }), { token: 'b', tokenSource: 'GITHUB_TOKEN', username: 'x-access-token' });
    assert.deepEqual(credentialsFromEnv({ HOMELAB_GIT_USERNAME: 'oauth2' }), { username: 'oauth2' });
  });

  it('the askpass script answers git prompts from the environment, holds no secret and refuses other prompts', async () => {
    const script = await writeAskpass(await tempDir());
    assert.equal((await stat(script)).mode & 0o777, 0o700);
    const ask = (prompt: string) => promisify(execFile)(script, [prompt], { env: { HOMELAB_ASKPASS_USERNAME: 'x-access-token', HOMELAB_ASKPASS_PASSWORD: 's3cr3t' } });
    assert.equal((await ask("Username for 'https://github.com': ")).stdout, 'x-access-token\n');
    assert.equal((await ask("Password for 'https://x-access-token@github.com': ")).stdout, 's3cr3t\n');
    await assert.rejects(ask('Are you sure you want to continue connecting (yes/no)? '));
  });
});
