import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRedactor, redactUrlCredentials, secretForms, stripUrlCredentials } from '../../src/git/redact.ts';

describe('redact', () => {
  it('scrubs the token raw, URL-encoded, in base64 and in a Basic auth pair', () => {
    const token = 'ghp_abc/def+1';
    const redact = createRedactor(secretForms(token, 'x-access-token'));
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    const text = `a ${token} b ${encodeURIComponent(token)} c ${Buffer.from(token).toString('base64')} d Authorization: Basic ${basic}`;
    assert.equal(redact(text), 'a *** b *** c *** d Authorization: Basic ***');
  });

  it('hides any userinfo of http(s) URLs and passwords of other schemes, but keeps ssh user names', () => {
    assert.equal(redactUrlCredentials("fatal: unable to access 'https://user:pw@github.com/me/x.git/'"), "fatal: unable to access 'https://***@github.com/me/x.git/'");
    assert.equal(redactUrlCredentials('https://ghp_token@github.com/me/x.git'), 'https://***@github.com/me/x.git');
    assert.equal(redactUrlCredentials('ssh://git@github.com/me/x.git and ssh://git:pw@host/x'), 'ssh://git@github.com/me/x.git and ssh://***@host/x');
    assert.equal(redactUrlCredentials('git@github.com:me/x.git'), 'git@github.com:me/x.git');
  });

  it('strips credentials from a URL meant for a commit trailer', () => {
    assert.equal(stripUrlCredentials('https://x-access-token:t@github.com/me/src'), 'https://github.com/me/src');
    assert.equal(stripUrlCredentials('ssh://git@github.com/me/src.git'), 'ssh://git@github.com/me/src.git');
    assert.equal(stripUrlCredentials('git@github.com:me/src.git'), 'git@github.com:me/src.git');
  });
});
