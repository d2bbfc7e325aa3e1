import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRepoUrl } from '../../src/git/repo-url.ts';

describe('normalizeRepoUrl', () => {
  it('treats host case, a trailing slash, .git and the SSH spellings of one repository as equal', () => {
    const same = [
      'https://github.com/me/fleet',
      'https://GitHub.com/me/fleet.git',
      'https://github.com/me/fleet/',
      'ssh://git@github.com/me/fleet.git',
      'ssh://git@github.com:22/me/fleet',
      'git@github.com:me/fleet.git',
    ];
    for (const url of same) assert.equal(normalizeRepoUrl(url), 'github.com/me/fleet', url);
  });

  it('keeps path case and other ports apart', () => {
    assert.notEqual(normalizeRepoUrl('https://github.com/me/Fleet'), normalizeRepoUrl('https://github.com/me/fleet'));
    assert.notEqual(normalizeRepoUrl('http://127.0.0.1:8080/fleet.git'), normalizeRepoUrl('http://127.0.0.1:8081/fleet.git'));
  });

  it('recognises one repository in its https, ssh and scp-like spellings', () => {
    const spellings = ['https://github.com/me/homelab', 'https://GitHub.com/me/homelab.git', 'ssh://git@github.com/me/homelab.git', 'git@github.com:me/homelab.git', 'https://github.com/me/homelab/'];
    assert.deepEqual(new Set(spellings.map(normalizeRepoUrl)), new Set(['github.com/me/homelab']));
    assert.notEqual(normalizeRepoUrl('https://github.com/me/other'), normalizeRepoUrl('https://github.com/me/homelab'));
    assert.notEqual(normalizeRepoUrl('file:///work/a'), normalizeRepoUrl('file:///work/b'));
  });
});
