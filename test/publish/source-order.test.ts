import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repositoryKey } from '../../src/publish/source-order.ts';

describe('source order', () => {
  it('recognises one repository in its https, ssh and scp-like spellings', () => {
    const spellings = ['https://github.com/me/homelab', 'https://GitHub.com/me/homelab.git', 'ssh://git@github.com/me/homelab.git', 'git@github.com:me/homelab.git', 'https://github.com/me/homelab/'];
    assert.deepEqual(new Set(spellings.map(repositoryKey)), new Set(['github.com/me/homelab']));
    assert.notEqual(repositoryKey('https://github.com/me/other'), repositoryKey('https://github.com/me/homelab'));
    assert.notEqual(repositoryKey('file:///work/a'), repositoryKey('file:///work/b'));
  });
});
