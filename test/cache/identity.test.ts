import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { homelabIdentity } from '../../src/cache/identity.ts';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string; dependencies: Record<string, string> };

describe('homelab identity', () => {
  it("names the installed version of every dependency, as its node_modules package.json says", () => {
    const identity = homelabIdentity().split(' ');
    assert.equal(identity[0], `homelab@${manifest.version}`);
    for (const name of Object.keys(manifest.dependencies)) {
      const installed = (JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), 'utf8')) as { version: string }).version;
      // cdk8s-cli has no entry point to resolve: found by its folder, not by resolving the package.
      assert.ok(identity.includes(`${name}@${installed}`), `${name}@${installed} in ${identity.join(' ')}`);
    }
  });
});
