import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareTargets, normalizeRepoUrl } from '../../src/bootstrap/idempotency.ts';

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
});

describe('compareTargets', () => {
  it('names every difference, and ignores ./ and trailing slashes in the path', () => {
    assert.equal(compareTargets({ repo: 'https://x.test/a.git', branch: 'main', path: './flux/' }, { repo: 'https://X.test/a', branch: 'main', path: 'flux' }).state, 'same');
    const different = compareTargets({ repo: 'https://x.test/a.git', branch: 'main', path: './flux' }, { repo: 'https://x.test/b', branch: 'prod', path: 'clusters/home' });
    assert.equal(different.state, 'different');
    assert.equal(different.state === 'different' && different.differences.length, 3);
  });
});
