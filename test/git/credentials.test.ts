import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { askpassEnvironment, credentialsFromEnv, promptOrigin, writeAskpass } from '../../src/git/credentials.ts';
import { hostEnv } from '../support/env.ts';
import { tempDir } from '../support/source-repo.ts';

describe('credentials', () => {
  it('take HOMELAB_GIT_TOKEN, else GITHUB_TOKEN, treating empty values as unset', () => {
    assert.deepEqual(credentialsFromEnv({ HOMELAB_GIT_TOKEN: 'a', GITHUB_TOKEN: 'b' }), { token: 'a', tokenSource: 'HOMELAB_GIT_TOKEN', username: 'x-access-token' });
    assert.deepEqual(credentialsFromEnv({ HOMELAB_GIT_TOKEN: '', GITHUB_TOKEN: 'b' }), { token: 'b', tokenSource: 'GITHUB_TOKEN', username: 'x-access-token' });
    assert.deepEqual(credentialsFromEnv({ HOMELAB_GIT_USERNAME: 'oauth2' }), { username: 'oauth2' });
  });

  it('the askpass script answers git prompts for the configured host from the environment, holds no secret and refuses other prompts', async () => {
    const script = await writeAskpass(await tempDir());
    assert.equal((await stat(script)).mode & 0o777, 0o700);
    const env = { PATH: hostEnv().PATH ?? '/usr/bin:/bin', ...askpassEnvironment('https://github.com/me/manifests.git', 'x-access-token', 's3cr3t') };
    const ask = (prompt: string) => promisify(execFile)(script, [prompt], { env });
    assert.equal((await ask("Username for 'https://github.com': ")).stdout, 'x-access-token\n');
    assert.equal((await ask("Password for 'https://x-access-token@github.com': ")).stdout, 's3cr3t\n');
    await assert.rejects(ask('Are you sure you want to continue connecting (yes/no)? '));
    // Another host, port or scheme is another origin.
    for (const other of ["Password for 'https://x-access-token@github.com.evil.example': ", "Password for 'https://x-access-token@github.com:8443': ", "Password for 'http://x-access-token@github.com': ", "Username for 'https://gitlab.com': "]) {
      await assert.rejects(ask(other), (error: { stdout: string; stderr: string }) => {
        assert.equal(error.stdout, '');
        assert.match(error.stderr, /^homelab: refusing to send credentials to the host of the prompt ".*"; the token goes only to https:\/\/github\.com\n$/);
        return true;
      });
    }
  });

  it('names an origin as git names it in its prompts: scheme, host and port as written', () => {
    assert.equal(promptOrigin('https://github.com/me/x.git'), 'https://github.com');
    assert.equal(promptOrigin('http://127.0.0.1:8080/x.git'), 'http://127.0.0.1:8080');
    assert.equal(promptOrigin('https://git.example.com:443'), 'https://git.example.com:443');
  });
});
