import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatKeyPath, YamlFile, type KeyPath } from '../../src/config/yaml-file.ts';

const TEXT = `apiVersion: v1alpha1
kind: HomelabAppsConfig
apps:
  - template: web-app
    id: db
    options:
      image: ghcr.io/example/db:1.0.0
      env: { A: "1", "2": two }
      empty:
      list: [a, { b: c }]
  - template: web-app
    id: web
    dependencies: [db]
    options: {}
  -
  - &anchor { x: 1 }
  - *anchor
`;

/** Paths that exist, paths that do not (the deepest ancestor's position), keys, numbers for map keys, strings for items. */
const PATHS: KeyPath[] = [
  [], ['apps'], ['apps', 0], ['apps', 0, 'options'], ['apps', 0, 'options', 'image'], ['apps', 0, 'options', 'env', 'A'],
  ['apps', 0, 'options', 'env', 2], ['apps', 0, 'options', 'env', '2'], ['apps', 0, 'options', 'empty'], ['apps', 0, 'options', 'list', 1, 'b'],
  ['apps', 0, 'options', 'missing', 'deeper'], ['apps', 1, 'dependencies', 0], ['apps', 1, 'options', 'replicas'], ['apps', '1'], ['apps', 2],
  ['apps', 2, 'x'], ['apps', 3, 'x'], ['apps', 4, 'x'], ['apps', 9], ['apps', -1], ['kind'], ['nope'], ['kind', 'deeper'],
];

describe('YamlFile outlines', () => {
  it('locate every path, and every key, as the parsed file does', () => {
    const file = YamlFile.parse('config/apps.yaml', TEXT);
    // Across threads: structured clone is what the templates' worker gets.
    const outlined = YamlFile.fromOutline(structuredClone(file.outline()));
    assert.equal(outlined.file, 'config/apps.yaml');
    for (const path of PATHS) {
      for (const key of [false, true]) {
        assert.deepEqual(outlined.locate(path, { key }), file.locate(path, { key }), `${formatKeyPath(path)} key: ${key}`);
        assert.deepEqual(outlined.problem(path, 'm', { key }), file.problem(path, 'm', { key }));
      }
    }
    assert.deepEqual(file.locate(['apps', 1, 'options', 'replicas']), { line: 14, column: 14 });
  });
});
