import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { emitYaml } from '../../src/render/yaml-emitter.ts';
import { readKubeYaml } from '../../src/yaml/read-kube-yaml.ts';

/**
 * What the readers of published files read back from the text: kubectl and Flux (go-yaml v2, YAML 1.1, through
 * homelab's reader, which test/yaml/kubectl-oracle.test.ts checks against the real kubectl), a generic YAML 1.1 reader
 * and modern tools (YAML 1.2 core).
 */
function readAll(text: string): [string, unknown][] {
  return [
    ['kubectl (go-yaml v2)', readKubeYaml(text, 'emitted.yaml').documents[0] ?? null],
    ['YAML 1.1', parse(text, { version: '1.1' })],
    ['YAML 1.2', parse(text, { version: '1.2', schema: 'core' })],
  ];
}

function assertRoundTrip(value: unknown): void {
  const text = emitYaml(value);
  for (const [reader, read] of readAll(text)) assert.deepEqual(read, value, `${reader} reads back something else from:\n${text}`);
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
  // What go-yaml v2 (kubectl) reads as numbers, booleans or merges, in every spelling it accepts.
  '0644', '0400', '0o644', '0O17', '0_644', '+0644', '-0644', '08', '09', '0x_1F', '0X1f', '0b101', '-0b11', '0B11', '1__0', '_1', '1_',
  '.5_5', '1e400', '12345678901234567890', '9007199254740993', '1.', '+.5', '-.Inf', '.NaN', '+.inf',
  'Y', 'y', 'Yes', 'YES', 'yES', 'On', 'ON', 'oN', 'N', 'No', 'NO', 'Off', 'OFF', 'True', 'TRUE', 'tRUE', 'FALSE', 'Null', 'nULL',
  '<<', '<< ', '!!binary aGk=', '!!str x', '&a', '*a', '? x', '...', '---', '--- x', '---x', '%YAML 1.1',
  '2001-12-14 21:59:43.10', '2001-12-14t21:59:43.10-05:00', '2001-12-14T21:59:43Z', '2001-1-2', '1:20', '190:20:30',
  'x\\/y', "it's", 'tab\tend\t', 'nbsp\u00a0x', 'zwsp\u200bx',
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
