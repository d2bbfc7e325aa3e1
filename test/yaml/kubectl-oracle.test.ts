import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { readKubeYaml } from '../../src/yaml/read-kube-yaml.ts';
import { hostEnv } from '../support/env.ts';
import { toolPath } from '../support/tools.ts';

// The real kubectl is the oracle: `kubectl label --local -o json` reads files with sigs.k8s.io/yaml (go-yaml v2) into
// the unstructured objects it would send to the API server, with no cluster involved.

/** Values under `data:` of a ConfigMap, two spaces deep. Each is read by kubectl and by homelab and must agree. */
const VALUES = [
  // octal, hex, binary, underscores, signs
  'a: 0644', 'a: 0400', 'a: 0755', 'a: 0o17', 'a: 0O17', 'a: 0x1F', 'a: 0X1f', 'a: +0x1F', 'a: 0b101', 'a: -0b11', 'a: 0b1_1', 'a: 1_000',
  'a: 1__0', 'a: 0_644', 'a: 0x_1F', 'a: _1', 'a: 08', 'a: 09', 'a: 00', 'a: -0', 'a: +12', 'a: 0x', 'a: 0o', 'a: 0b', 'a: 0xG',
  // floats and big numbers
  'a: 1e3', 'a: 1E3', 'a: 1.', 'a: .5', 'a: +.5', 'a: -.5', 'a: 1.5e-3', 'a: 0.1', 'a: 1e400', 'a: .5_5', 'a: ._5', 'a: 1.0',
  'a: 12345678901234567890', 'a: 99999999999999999999', 'a: -9223372036854775809', 'a: 9007199254740991', 'a: 1:20', 'a: 190:20:30',
  // booleans and nulls in every case form
  'a: y', 'a: Y', 'a: yes', 'a: Yes', 'a: YES', 'a: yES', 'a: on', 'a: On', 'a: ON', 'a: oN', 'a: true', 'a: True', 'a: TRUE', 'a: tRue',
  'a: n', 'a: N', 'a: no', 'a: No', 'a: NO', 'a: off', 'a: Off', 'a: OFF', 'a: false', 'a: False', 'a: FALSE', 'a: fALSE',
  'a: ~', 'a: null', 'a: Null', 'a: NULL', 'a: nULL', 'a:', "a: ''", 'a: "yes"', "a: 'on'", 'a: "0644"',
  // timestamps stay strings
  'a: 2001-12-14', 'a: 2001-12-14t21:59:43.10-05:00', 'a: 2001-12-14 21:59:43.10', 'a: 2001-13-14', 'a: !!timestamp 2001-12-14',
  // explicit tags
  'a: !!str 012', 'a: !!str yes', 'a: !!int "12"', 'a: !!int 0x1F', 'a: !!float 1', 'a: !!float "1.5"', 'a: !!bool yes', 'a: !!bool "off"',
  'a: !!null ""', 'a: !!null ~', 'a: !!binary aGVsbG8=', 'a: !!binary |\n    aGVs\n    bG8=', 'a: !custom 12', 'a: ! 12',
  'a: !custom {x: 1}', 'a: !!set {x, z}', 'a: !!omap [{x: 1}, {z: 2}]', 'a: !!str {x: 1}', 'a: !!map {x: 1}',
  // keys
  '1.5: a', '1000000.0: a', '0.0001: a', '0.00001: a', '123456.0: a', '-2.5: a', '1e21: a', '3.14159265358979: a', '0.1: a', '1.0: a', '.inf: a', '-.inf: a', '.nan: a', '1e400: a', '0644: a', '0x1F: a',
  'yes: a', 'off: a', 'y: a', '9007199254740993: a', '-9223372036854775808: a', '"1": a', '2001-12-14: a', '!!binary aGVsbG8=: a',
  // merge keys, duplicates, aliases
  'b: &x {p: 1, q: 2}\n  c:\n    x: 5\n    <<: *x\n    z: 3', 'b: &x {p: 1, q: 2}\n  c:\n    <<: *x\n    p: 5',
  'b: &x {p: 1}\n  c: {<<: [*x, {p: 9}]}', 'b: &x {p: 1}\n  c: {<<: [{p: 9, r: 9}, *x]}', 'b: {"<<": {p: 1}}', 'b: {!!merge "<<": {p: 1}}',
  'b: {<<: {p: 1}, <<: {q: 2}}', 'b: {<<: {p: 1, p: 2}}', 'b: 1\n  b: 2', 'b: 1\n  c: 2\n  b: 3', 'yes: 1\n  y: 2\n  on: 3',
  'b: &a x\n  c: *a\n  d: &a y\n  e: *a', 'b: &s [1, 2]\n  c: *s', 'b: &k key\n  *k : v',
  // quoting and escapes
  'a: "x\\x41\\u00e9\\U0001F600y"', 'a: "x\\Ny"', 'a: "x\\_y"', 'a: "x\\ey"', 'a: "x\\\'y"', 'a: "x\\ y"', 'a: "x\\ty"', "a: 'it''s'",
  'a: "line\n    folded\n\n    para"', 'a: "esc\\\n    aped"', 'a: |\n    x\n    y', 'a: >\n    x\n    y\n\n    z', 'a: |-\n    x', 'a: |+\n    x\n\n',
  'a: plain\n    folded', 'a: "trailing  "', 'a: "  leading"', 'a: [1, "2", three, 0644]', 'a: {x: 1, "y": yes}',
  // syntax corners where YAML 1.1 and 1.2 parsers have differed
  'a: {x:y}', 'a: [x:y]', 'a: b:c', 'a: x#y', 'a: x # comment', 'a: -1', 'a: [1,2 ,3]', 'a: {x: 1,}', 'a: [a, [b, {c: d}]]',
  'a: \tx', 'a: "tab\there"', 'a: |2\n     indented\n    text', 'a: >+\n    keep\n\n', 'a: \'multi\n    line\'', 'a:\n  - - x\n    - y\n  - z',
  'a:\n  -\n    - x\n    -\n  -\n    - y', 'a: [\n    1,\n    2\n  ]', 'a: { x: [1, 2], y: {z: 3} }', 'a: "\\u00e9\\x41"', 'a: \'\\n\'',
];

/** Values homelab refuses on purpose although kubectl accepts them, each with the reason. */
const STRICTER = new Map([
  ['a: !!binary "/w=="', 'kubectl turns invalid UTF-8 into U+FFFD silently'],
]);

/** Values both refuse. */
const REFUSED = [
  'a: .inf', 'a: -.Inf', 'a: .NaN', 'a: !!float .inf', 'a: !!int 1.5', 'a: !!int yes', 'a: !!bool 1', 'a: !!null x', 'a: !!timestamp 12',
  'a: !!float abc', 'a: !!binary aGVsbG8', 'a: "x\\/y"', 'a: "\\ud800"', 'a: *nope', 'a: &r [*r]', 'b: {<<: 5}', 'b: {<<: [5]}', 'b: {<<: ~}',
  '~: a', 'null: a', '12345678901234567890: a', '? [a]\n  : b', '? {a: 1}\n  : b', 'a: "\\q"',
];

const dir = mkdtempSync(join(tmpdir(), 'homelab-oracle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configMap(name: string, data: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  ${data}\n`;
}

/** kubectl's reading of a stream: the objects, or its error. */
function kubectlRead(stream: string | Buffer): { objects?: { metadata: { name: string }; data?: unknown }[]; error?: string } {
  const file = join(dir, `in-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stream);
  const result = spawnSync(toolPath('kubectl'), ['label', '--local', '-f', file, 'oracle=yes', '-o', 'json'], {
    encoding: 'utf8',
    env: { PATH: hostEnv().PATH ?? '', KUBECONFIG: '/dev/null' },
  });
  if (result.status !== 0) return { error: result.stderr.trim() };
  // One pretty-printed JSON object per document, each starting with "{" on a line of its own.
  const objects = result.stdout.split(/\n(?=\{)/).filter((text) => text.trim() !== '').map((text) => JSON.parse(text) as never);
  for (const object of objects as { metadata: { labels?: Record<string, string> } }[]) delete object.metadata.labels;
  return { objects };
}

function homelabRead(stream: string | Buffer): { objects?: { metadata: { name: string }; data?: unknown }[]; error?: string; warnings: string[] } {
  try {
    const { documents, warnings } = readKubeYaml(typeof stream === 'string' ? Buffer.from(stream) : stream, 'in.yaml');
    return { objects: documents as never, warnings: warnings.map((w) => w.message) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { error: error.message, warnings: [] };
  }
}

describe('the Kubernetes YAML reader, judged by the real kubectl', () => {
  it('reads every value as kubectl does', () => {
    const accepted = VALUES.filter((value) => !homelabRead(configMap('x', value)).error);
    const rejected = VALUES.filter((value) => homelabRead(configMap('x', value)).error);
    assert.deepEqual(rejected.filter((value) => !STRICTER.has(value)), [], 'homelab refuses values kubectl reads');
    const stream = accepted.map((value, index) => configMap(`c${index}`, value)).join('---\n');
    const theirs = kubectlRead(stream);
    assert.equal(theirs.error, undefined, theirs.error);
    const ours = homelabRead(stream);
    assert.equal(ours.error, undefined);
    assert.equal(ours.objects!.length, accepted.length);
    for (const [index, value] of accepted.entries()) {
      assert.deepEqual(ours.objects![index], theirs.objects![index], `kubectl and homelab disagree on:\n  ${value}`);
    }
  });

  it('refuses, with a located error, what kubectl refuses', () => {
    for (const value of REFUSED) {
      const theirs = kubectlRead(configMap('x', value));
      assert.ok(theirs.error, `kubectl accepts:\n  ${value}`);
      const ours = homelabRead(configMap('x', value));
      assert.match(ours.error ?? '', /^in\.yaml:\d+:\d+: /, `homelab does not refuse (with a location):\n  ${value}\n${ours.error ?? ''}`);
    }
  });

  it('is stricter than kubectl only where kubectl would change or lose the value', () => {
    for (const [value] of STRICTER) {
      assert.equal(kubectlRead(configMap('x', value)).error, undefined, `kubectl refuses ${value}`);
      assert.match(homelabRead(configMap('x', value)).error ?? '', /^in\.yaml:6:\d+: /, value);
    }
  });

  it('splits streams into documents as kubectl does', () => {
    const a = configMap('a', 'k: "1"');
    const b = configMap('b', 'k: "2"');
    const streams = [
      `${a}---\n${b}`, `${a}--- # comment\n${b}`, `---\n---\n${a}---\n# only a comment\n---\n`, `${a}...\n`,
      `${a.replaceAll('\n', '\r\n')}---\r\n${b.replaceAll('\n', '\r\n')}`, `\ufeff${a}`, `${a}---`, `${a}---\n${b}---\n`,
    ];
    for (const stream of streams) {
      const theirs = kubectlRead(stream);
      assert.equal(theirs.error, undefined, theirs.error);
      assert.deepEqual(homelabRead(stream).objects, theirs.objects, JSON.stringify(stream));
    }
    for (const stream of [`${a}--- {a: 1}\n${b}`, `${a}---foo: 1\n`, `%YAML 1.1\n---\n${a}`, `${a}data2: "\u0001"\n`, `${a}data2: "\u007f"\n`]) {
      assert.ok(kubectlRead(stream).error, `kubectl accepts ${JSON.stringify(stream)}`);
      assert.match(homelabRead(stream).error ?? '', /^in\.yaml:\d+:\d+: /, JSON.stringify(stream));
    }
  });

  it('refuses invalid UTF-8 and content kubectl would silently drop, where kubectl is lenient', () => {
    const a = configMap('a', 'k: "x\xffy"');
    const invalid = Buffer.from(a, 'latin1');
    assert.equal(kubectlRead(invalid).error, undefined, 'kubectl reads invalid UTF-8 (as U+FFFD)');
    assert.match(homelabRead(invalid).error ?? '', /^in\.yaml:6:8: invalid UTF-8/);
    const dropped = `${configMap('a', 'k: "1"')}...\n${configMap('b', 'k: "2"')}`;
    assert.equal(kubectlRead(dropped).objects?.length, 1, 'kubectl drops the document after "..."');
    assert.match(homelabRead(dropped).error ?? '', /^in\.yaml:8:1: a second document after "\.\.\."/);
  });
});
