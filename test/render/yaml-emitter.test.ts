import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { emitYaml } from '../../src/render/yaml-emitter.ts';

/** What Kubernetes (YAML 1.1) and modern tools (YAML 1.2 core) read back from the text. */
function readBoth(text: string): [unknown, unknown] {
  return [parse(text, { version: '1.1' }), parse(text, { version: '1.2', schema: 'core' })];
}

function assertRoundTrip(value: unknown): void {
  const text = emitYaml(value);
  const [v11, v12] = readBoth(text);
  assert.deepEqual(v11, value, `YAML 1.1 reads back something else from:\n${text}`);
  assert.deepEqual(v12, value, `YAML 1.2 reads back something else from:\n${text}`);
}

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const TRICKY = [
  '', ' ', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', 'null', '~', 'NULL', '0755', '012', '0x1F', '0o17', '1e3',
  '1_000', '1:20', '.5', '.inf', '-.inf', '.nan', '+1', '-1', '1.34', '6.7.1', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '=', '<<',
  '-', '- x', '--flag', '-U', '? x', ': x', 'a: b', 'a #b', 'a#b', '#x', '&a', '*a', '!tag', '%x', '@x', '`x', '|', '>', "'q'", '"q"',
  '[a]', '{a}', 'a,b', 'trailing ', ' leading', 'two  spaces', 'tab\there', 'line\nbreak', 'ends\n', 'ends\n\n', '\n', '\nstarts',
  '  indented\nblock', 'trail \nspace', 'unicode ✓ ü 日本', 'nel\u0085x', 'ls\u2028x', 'bom\ufeffx', 'ctrl\u0001x', 'del\u007fx',
  'cr\r\nlf', 'a:b', 'http://x.example/a?b=c#d', 'C:\\path', 'key: value\nother: 1', '0', '00', '1', '-0', '0.0', '1e-3', 'e', 'E1',
  'app.kubernetes.io/name', 'kustomize.toolkit.fluxcd.io/prune', 'ghcr.io/x/y:1.2@sha256:abc', '100m', '128Mi', '0 3 * * *',
];

describe('emitYaml', () => {
  it('reads back every tricky string identically under YAML 1.1 and 1.2, as value and as key', () => {
    for (const text of TRICKY) {
      assertRoundTrip(text);
      assertRoundTrip({ [text]: text });
      assertRoundTrip([text, { k: [text] }]);
    }
  });

  it('reads back random nested documents identically', () => {
    const next = random(42);
    const alphabet = [...'abcXYZ019 -_.:/#\'"\n\t@!&*?|>{}[],%`~=+\\', '✓', '\u2028', '\u0085', '  '];
    const randomString = () => Array.from({ length: Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const randomValue = (depth: number): unknown => {
      const roll = next();
      if (depth > 3 || roll < 0.45) {
        const kind = Math.floor(next() * 6);
        return [randomString(), Math.floor(next() * 2000) - 1000, next() < 0.5, null, next() * 10, TRICKY[Math.floor(next() * TRICKY.length)]][kind];
      }
      if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [randomString(), randomValue(depth + 1)]));
    };
    for (let i = 0; i < 3000; i++) assertRoundTrip(randomValue(0));
  });

  it('writes the same block style as the yaml library for ordinary manifests', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: 'app', args: ['--port=80'], env: [], resources: {} }], volumes: [{ name: 'tmp', emptyDir: {} }] } },
      },
      data: { 'script.sh': '#!/bin/sh\necho hi\n' },
    };
    assert.equal(emitYaml(deployment), stringify(deployment, { version: '1.1', lineWidth: 0 }));
  });
});
