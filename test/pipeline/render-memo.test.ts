import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CacheStore } from '../../src/cache/store.ts';
import type { HomelabConfig } from '../../src/config/model.ts';
import { YamlFile } from '../../src/config/yaml-file.ts';
import { memoized, memoKey, type MemoizedStages } from '../../src/pipeline/render-memo.ts';

async function store(): Promise<{ cache: CacheStore; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homelab-memo-'));
  return { cache: new CacheStore({ dir, version: 'homelab@test', warn: () => {}, maxBytes: 1024 ** 3 }), dir };
}

const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1' } };
const stages = (): MemoizedStages => ({
  result: { apps: [{ id: 'web', files: [{ file: '11-configmap-a.yaml', object }] }], tree: new Map([['web/11-configmap-a.yaml', 'apiVersion: v1\n']]) },
  warnings: [{ file: 'config/apps.yaml', message: 'a warning' }],
});

/** A config as loadConfig gives it, made from the text of config/apps.yaml. */
function config(apps: string): HomelabConfig {
  const file = YamlFile.parse('config/apps.yaml', apps);
  return { sourceDir: '/src', apps: [], flux: {} as HomelabConfig['flux'], files: { apps: file, flux: file }, cluster: { name: 'default', facts: {} } } as HomelabConfig;
}

describe('render memo', () => {
  it('keeps stages 4–6 the second time their inputs are seen, and gives them back the third without computing', async () => {
    const { cache } = await store();
    const memo = cache.namespace('render');
    let computed = 0;
    const compute = async () => (computed++, stages());
    for (let run = 0; run < 3; run++) {
      const got = await memoized(memo, 'k', compute);
      assert.deepEqual(got.result.apps, stages().result.apps);
      assert.deepEqual([...got.result.tree], [...stages().result.tree]);
      assert.deepEqual(got.warnings, stages().warnings);
    }
    assert.equal(computed, 2);
  });

  it('recomputes over a corrupt entry, and keeps nothing without a cache, a key, or plain-JSON objects', async () => {
    const { cache, dir } = await store();
    const memo = cache.namespace('render');
    await memoized(memo, 'k', async () => stages());
    await memoized(memo, 'k', async () => stages());
    for (const file of await readdir(path.join(dir, 'render'))) await writeFile(path.join(dir, 'render', file), 'garbage');
    let computed = 0;
    await memoized(memo, 'k', async () => (computed++, stages()));
    assert.equal(computed, 1);

    const odd = (): MemoizedStages => ({ ...stages(), result: { ...stages().result, apps: [{ id: 'web', files: [{ file: 'x.yaml', object: { ...object, data: { x: undefined } } as never }] }] } });
    for (let run = 0; run < 3; run++) await memoized(memo, 'odd', async () => (computed++, odd()));
    assert.equal(computed, 4, 'an object JSON would change is never kept');
    for (let run = 0; run < 2; run++) await memoized(undefined, 'k', async () => (computed++, stages()));
    for (let run = 0; run < 2; run++) await memoized(memo, undefined, async () => (computed++, stages()));
    assert.equal(computed, 8);
  });

  it('keys by the config files\' content, the built apps and the tools, not by where problems would be located', () => {
    const base = { config: config('apps: []\n'), built: 'b1', tools: { helm: 'v3.19.0' } };
    const key = memoKey(base);
    assert.equal(memoKey({ ...base, config: config('apps: []\n') }), key, 'the same files give the same key');
    assert.equal(memoKey({ ...base, config: config('# a comment\napps: []\n') }), key, 'a comment changes nothing');
    assert.notEqual(memoKey({ ...base, config: config('apps: [{ id: x }]\n') }), key);
    assert.notEqual(memoKey({ ...base, built: 'b2' }), key);
    assert.notEqual(memoKey({ ...base, tools: { helm: 'v3.19.1' } }), key);
    assert.notEqual(memoKey({ ...base, tools: {} }), key);
  });
});
