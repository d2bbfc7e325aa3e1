import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deferRequire } from '../../src/util/defer-require.ts';

describe('deferRequire', () => {
  let dir: string;
  const loads = () => (globalThis as { heavyLoads?: number }).heavyLoads ?? 0;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'homelab-defer-'));
    // A parent package reading a nested dependency as cdk8s reads yaml: TypeScript's importStar, then properties.
    await mkdir(path.join(dir, 'node_modules/parent/node_modules/heavy'), { recursive: true });
    await writeFile(path.join(dir, 'node_modules/parent/node_modules/heavy/index.js'),
      'globalThis.heavyLoads = (globalThis.heavyLoads ?? 0) + 1;\nexports.twice = (n) => n * 2;\nexports.name = "heavy";\n');
    await writeFile(path.join(dir, 'node_modules/parent/index.js'), [
      'var __importStar = function (mod) { if (mod && mod.__esModule) return mod; var r = {}; for (var k of Object.getOwnPropertyNames(mod)) r[k] = mod[k]; return r; };',
      'const heavy = __importStar(require("heavy"));',
      'exports.use = (n) => heavy.twice(n);',
      'exports.has = () => "twice" in heavy;',
    ].join('\n'));
  });
  after(async () => {
    delete (globalThis as { heavyLoads?: number }).heavyLoads;
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the nested module on first use, once, with its real exports', () => {
    const require = createRequire(path.join(dir, 'index.js'));
    const parentFile = require.resolve('parent');
    deferRequire('heavy', parentFile);
    const parent = require('parent') as { use(n: number): number; has(): boolean };
    assert.equal(loads(), 0, 'requiring the parent did not load it');
    assert.equal(parent.use(21), 42);
    assert.equal(loads(), 1);
    assert.equal(parent.has(), true);
    assert.equal(parent.use(2), 4);
    assert.equal(loads(), 1, 'loaded once');
    // Anyone requiring it afterwards gets the real module.
    const heavy = createRequire(parentFile)('heavy') as { name: string; __esModule?: unknown };
    assert.equal(heavy.name, 'heavy');
    assert.equal(heavy.__esModule, undefined);
  });

  it('leaves alone a module that cannot be found', () => {
    assert.doesNotThrow(() => deferRequire('no-such-package', path.join(dir, 'index.js')));
  });
});
