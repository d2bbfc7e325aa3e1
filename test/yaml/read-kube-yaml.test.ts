import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { emitYaml } from '../../src/render/yaml-emitter.ts';
import type { Problem } from '../../src/errors.ts';
import { readBlock } from '../../src/yaml/block-reader.ts';
import { DECLINED, readFast, type FastWarning } from '../../src/yaml/fast-reader.ts';
import { MAX_KUBE_YAML_BYTES, positionAt } from '../../src/yaml/limits.ts';
import { readKubeYaml } from '../../src/yaml/read-kube-yaml.ts';
import { readReference } from '../../src/yaml/reference-reader.ts';
import { splitDocuments } from '../../src/yaml/split-documents.ts';

function errorOf(input: string | Buffer, file = 'apps/web/deploy.yaml'): string {
  try {
    readKubeYaml(input, file);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('expected an error');
}

describe('readKubeYaml', () => {
  it('reads YAML 1.1 scalars as kubectl does', () => {
    const { documents, warnings } = readKubeYaml('defaultMode: 0400\nreadOnly: yes\nport: 8_080\nwhen: 2001-12-14\nnote: "0644"\n', 'x.yaml');
    assert.deepEqual(documents, [{ defaultMode: 256, readOnly: true, port: 8080, when: '2001-12-14', note: '0644' }]);
    assert.deepEqual(warnings, []);
  });

  it('resolves duplicate keys last-wins, warning with file and both lines', () => {
    const { documents, warnings } = readKubeYaml('kind: ConfigMap\ndata:\n  a: "1"\n  b: "2"\n  a: "3"\n', 'apps/web/cm.yaml');
    assert.deepEqual(documents, [{ kind: 'ConfigMap', data: { a: '3', b: '2' } }]);
    assert.deepEqual(warnings, [{ file: 'apps/web/cm.yaml', position: { line: 5, column: 3 }, message: 'duplicate key "a", also on line 3: the last value wins, as with kubectl; remove the other one' }]);
  });

  it('names keys that only YAML 1.1 makes duplicates', () => {
    const { documents, warnings } = readKubeYaml('on: 1\nyes: 2\n', 'x.yaml');
    assert.deepEqual(documents, [{ true: 2 }]);
    assert.deepEqual(warnings.map((w) => `${w.position?.line}: ${w.message}`), [
      '1: the key on is "true" to kubectl (YAML 1.1 reads it as a boolean); quote it ("on") if you mean the text',
      '2: duplicate key "true" (yes is "true" to kubectl), also on line 1: the last value wins, as with kubectl; remove the other one',
      '2: the key yes is "true" to kubectl (YAML 1.1 reads it as a boolean); quote it ("yes") if you mean the text',
    ]);
  });

  it('warns about keys kubectl reads as something else than written', () => {
    const { documents, warnings } = readKubeYaml('data:\n  0644: a\n  y: b\n  "n": c\n  true: d\n', 'x.yaml');
    assert.deepEqual(documents, [{ data: { 420: 'a', true: 'd', n: 'c' } }]);
    assert.deepEqual(warnings.map((w) => `${w.position?.line}:${w.position?.column}`), ['2:3', '3:3', '5:3']);
  });

  it('merges << keys in order, as go-yaml v2 does (later keys overwrite, earlier merge sources win)', () => {
    const text = 'base: &base {a: 1, b: 1}\nover: &over {b: 2, c: 2}\nx:\n  a: 0\n  <<: [*over, *base]\n  c: 3\n';
    assert.deepEqual(readKubeYaml(text, 'x.yaml').documents, [{ base: { a: 1, b: 1 }, over: { b: 2, c: 2 }, x: { a: 1, b: 2, c: 3 } }]);
  });

  it('gives each alias its own copy, so a change to one object never shows in another', () => {
    const [document] = readKubeYaml('a: &l {app: web}\nb: *l\n', 'x.yaml').documents as [{ a: object; b: object }];
    assert.deepEqual(document.a, document.b);
    assert.notEqual(document.a, document.b);
  });

  it('locates errors at file:line:col of the whole stream', () => {
    assert.equal(errorOf('a: 1\n---\nb: *nope\n'), "apps/web/deploy.yaml:3:4: unknown anchor 'nope' referenced (as kubectl says): define \"&nope\" before using \"*nope\"");
    assert.match(errorOf('a: 1\n---\nb: [1, 2\n'), /^apps\/web\/deploy\.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a \]$/);
    assert.equal(errorOf('x:\n  y: !!int "twelve"\n'), 'apps/web/deploy.yaml:2:12: cannot decode !!str `twelve` as a !!int (as kubectl says); remove the tag or fix the value');
    assert.equal(errorOf('x: .inf\n'), 'apps/web/deploy.yaml:1:4: .inf is not a number JSON can carry (kubectl fails with "json: unsupported value"); quote it if you mean the string');
    assert.match(errorOf(Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a])), /^apps\/web\/deploy\.yaml:1:4: invalid UTF-8 \(byte 0xc3 at byte offset 3\)/);
  });

  it('refuses alias bombs as kubectl does', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 7; level++) {
      const name = String.fromCharCode(97 + level);
      const previous = String.fromCharCode(96 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    assert.match(errorOf(`${levels.join('\n')}\n`), /^apps\/web\/deploy\.yaml:\d+:\d+: document contains excessive aliasing \(as kubectl says\)/);
  });

  it('refuses self-containing aliases and keys kubectl cannot convert', () => {
    assert.match(errorOf('a: &r [*r]\n'), /^apps\/web\/deploy\.yaml:1:8: anchor 'r' value contains itself/);
    assert.match(errorOf('~: x\n'), /^apps\/web\/deploy\.yaml:1:1: the key "~" is null/);
    assert.match(errorOf('? [a]\n: b\n'), /^apps\/web\/deploy\.yaml:1:3: a sequence or mapping as a key/);
    assert.match(errorOf('a: 1\n"1": 2\n1: 3\n'), /^apps\/web\/deploy\.yaml:3:1: two keys of this mapping become "1" in JSON/);
  });

  it('refuses input over the size limit before parsing it', () => {
    const huge = Buffer.alloc(MAX_KUBE_YAML_BYTES + 1, 0x20);
    assert.equal(errorOf(huge), 'apps/web/deploy.yaml: 64.0 MiB is more than the 64.0 MiB homelab reads from one YAML file; split it');
    assert.throws(() => readKubeYaml('a: 1\n', 'x.yaml', { maxBytes: 2 }), /x\.yaml: 0\.0 KiB is more than/);
  });

  it('refuses nesting deeper than the limit with a located error, not a stack overflow', () => {
    assert.match(errorOf(`${'['.repeat(5000)}${']'.repeat(5000)}\n`), /^apps\/web\/deploy\.yaml:\d+:\d+: collections nested too deeply/);
  });

  it('warns about tags kubectl ignores and reads their value as it does', () => {
    const { documents, warnings } = readKubeYaml('a: !Ref 12\nb: !!binary aGk=\nc: ! 12\nd: ! "7"\n', 'x.yaml');
    assert.deepEqual(documents, [{ a: '12', b: 'hi', c: '12', d: '7' }]);
    assert.deepEqual(warnings.map((w) => `${w.position?.line} ${w.message}`), ['1 the tag !Ref is ignored, as kubectl ignores it: the value is the string "12"; remove the tag']);
  });

  it('reads integers beyond 2^53 as the nearest double, with a warning', () => {
    const { documents, warnings } = readKubeYaml('maximum: 9223372036854775000\n', 'crd.yaml');
    assert.deepEqual(documents, [{ maximum: Number('9223372036854775000') }]);
    assert.match(warnings[0]!.message, /^9223372036854775000 is beyond 2\^53: homelab carries it as 9223372036854775000, the nearest double/);
  });

  it('warns about integers beyond 2^53 read on the fast path as the reference reader does: same words, note, place and order', () => {
    const file = 'helm template of chart.tgz';
    const stream = [
      '---\n# Source: chart/templates/cm.yaml\nkind: ConfigMap\ndata:\n  a: "1"\n  a: "2"\n',
      '---\n# Source: chart/crds/crd.yaml\nkind: CustomResourceDefinition\nspec:\n  minimum: -9223372036854775000\n  maximum: 9223372036854775000\n  other: [9007199254740993]\n',
      '---\nkind: X\nvalue: 9007199254740993 # not 9007199254740993x\n',
    ].join('');
    const documents = splitDocuments(stream, file);
    assert.notEqual(readFast(documents[1]!.text, []), DECLINED, 'the CRD takes the fast path');
    assert.notEqual(readFast(documents[2]!.text, []), DECLINED);
    const expected: Problem[] = [];
    for (const document of documents) {
      const source = /# Source: (\S+)/.exec(document.text)?.[1];
      readReference(document, { file, stream, warnings: expected, ...(source ? { note: `from ${source}` } : {}) });
    }
    assert.equal(expected.length, 5);
    assert.deepEqual(readKubeYaml(stream, file).warnings, expected);
  });
});

/** How many documents agree() saw the block reader read. */
let blockRead = 0;

/**
 * Reads `text` with both readers; when the fast path accepts it, its value and warnings (located in `text`) must be the
 * reference reader's. Returns the fast path's warnings, or DECLINED.
 */
function agree(text: string): FastWarning[] | typeof DECLINED {
  let reference: unknown;
  const referenceWarnings: Problem[] = [];
  try {
    reference = readReference({ text, offset: 0 }, { file: 'x.yaml', stream: text, warnings: referenceWarnings });
  } catch {
    reference = 'error';
  }
  // The block reader, readFast's first try, reads a document exactly as the reference reader or declines it.
  const block = readBlock(text);
  if (block !== DECLINED) {
    blockRead++;
    assert.deepEqual(block, reference, `block reader: ${text}`);
  }
  const found: FastWarning[] = [];
  const value = readFast(text, found);
  if (value === DECLINED) {
    assert.deepEqual(found, [], 'a declined document leaves no warnings');
    return DECLINED;
  }
  assert.deepEqual(value, reference, text);
  assert.deepEqual(found.map((w) => ({ file: 'x.yaml', position: positionAt(text, w.offset), message: w.message })), referenceWarnings, text);
  return found;
}

/** How randomNode makes each part of a document; `flow` (a flow collection) takes a tenth of the rolls after scalars. */
interface NodeParts {
  scalar(indent: string): string;
  key(): string;
  comment(): string;
  flow?: () => string;
  /** Rolls below this (and above the scalars' 0.4 and flow's 0.5) make a block sequence, the rest a mapping. */
  readonly sequenceBelow: number;
  readonly maxPairs: number;
}

/** A random block node at `depth` (after a key or `-`), at most four levels deep, from `next`'s numbers. */
function randomNode(next: () => number, parts: NodeParts): (depth: number, indent: string) => string {
  const node = (depth: number, indent: string): string => {
    const roll = next();
    if (depth > 3 || roll < 0.4) return ` ${parts.scalar(`${indent}  `)}`;
    if (parts.flow && roll < 0.5) return ` ${parts.flow()}`;
    if (roll < parts.sequenceBelow) {
      const items = Array.from({ length: 1 + Math.floor(next() * 3) }, () => `${indent}-${node(depth + 1, `${indent}  `)}${parts.comment()}`);
      return `\n${items.join('\n')}`;
    }
    const pairs = Array.from({ length: 1 + Math.floor(next() * parts.maxPairs) }, () => `${indent}${parts.key()}:${node(depth + 1, `${indent}  `)}${parts.comment()}`);
    return `\n${pairs.join('\n')}`;
  };
  return node;
}

describe('the fast path', () => {
  /** Deterministic pseudo-random numbers, so a failure reproduces. */
  function random(seed: number): () => number {
    return () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
  }
  const SCALARS = ['0644', 'yes', 'Off', '~', 'null', '1.5', '1e3', '08', '0x1F', '1_000', '2001-12-14', '.inf', '<<', 'y', 'x', '', '9007199254740993', '-0', '1.0', '.5',
    '"q"', "'it''s'", '"a\\tb\\u00e9"', '"x\\/y"', "'0644'", 'a b', 'http://x/y?z=1', 'a #c', '"multi\n  line"', 'plain\n  folded', '|\n  lit\n  eral', '>-\n  fold\n\n  ed',
    '!!str 1', '!!int "7"', '!x y', '! 12', '! "x"', '!<!> 12', '[! 1, x]', '&a v', '*a', '{a: 1, b: [2]}', '[]', '{}', '- x', '? k', '|\n  a\n  -\n  ? b\n  %c', '>-\n  -\n\n  x', '|2\n   -', '-', '- ', '|\n  see [1]: x', '>-\n  {a}: b'];

  it('reads random documents exactly as the reference reader, or declines them', () => {
    const next = random(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const scalar = (indent: string) => pick(SCALARS).replaceAll('\n', `\n${indent}`);
    const key = () => pick(['a', 'b', 'yes', '0644', '"q"', 'k k', '1.5', '~', '<<', 'x', '[a]', '{k: v}']);
    const comment = () => (next() < 0.1 ? ' # note' : '');
    const flow = () => `[${Array.from({ length: 3 }, () => pick(['1', 'x', '"s"', 'yes', '[a]', '{k: v}'])).join(', ')}]`;
    const node = randomNode(next, { scalar, key, comment, flow, sequenceBelow: 0.72, maxPairs: 3 });
    let fast = 0;
    const blockBefore = blockRead;
    for (let i = 0; i < 5000; i++) {
      if (agree(`root:${node(0, '  ')}\n`) !== DECLINED) fast++;
    }
    assert.ok(fast > 1000, `only ${fast} of 5000 documents took the fast path`);
    assert.ok(blockRead - blockBefore > 500, `only ${blockRead - blockBefore} of 5000 documents took the block reader`);
  });

  // Integers beyond 2^53 (a CRD's `maximum: 9223372036854775000`) and backslashes, in every place their text can stand.
  const BIG = ['9223372036854775000', '-9223372036854775000', '9007199254740993', '-9007199254740993', '+9007199254740993', '9_007_199_254_740_993',
    '0x7FFFFFFFFFFFFFFF', '0777777777777777777777', '18446744073709551615', '99999999999999999999', '9007199254740991', '-9223372036854775808'];
  const ESCAPES = ['\\/', "\\'", '\\U0001F600', '\\U00110000', '\\ud83d\\ude00', '\\uD800', '\\u00e9', '\\\\/', '\\\\\\/', '\\t', '\\x41', '\\"', '\\\\'];

  it('reads integers beyond 2^53 and backslashes exactly as the reference reader, warnings and their places included, or declines', () => {
    const next = random(11);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const big = () => pick(BIG);
    const escape = () => pick(ESCAPES);
    const scalar = (indent: string): string => {
      const text = pick([
        () => big(), () => big(), () => big(), () => `"${big()}"`, () => `'${big()}'`, () => `|\n${big()}`, () => `>-\n${big()}\n${big()}`, () => `x ${big()}`, () => `${big()}x`,
        () => `[${big()}, ${big()}, "${big()}"]`, () => `{a: ${big()}, ${big()}: b}`, () => `{"a":${big()}}`, () => `${big()} # ${big()}`,
        () => `"a${escape()}b"`, () => `'a${escape()}b'`, () => `a${escape()}b`, () => `|\na${escape()}\nb`, () => `a # ${escape()}`, () => `"a${escape()}\nb${escape()} c"`,
        () => `["${escape()}", '${escape()}', x${escape()}]`, () => `{"k${escape()}": '${escape()}'}`, () => `"${big()}${escape()}"`, () => 'a"', () => 'x',
      ])();
      return text.replaceAll('\n', `\n${indent}`);
    };
    const key = () => pick(['a', 'b', 'c', big(), `"${big()}"`, `"k${escape()}"`, `'k${escape()}'`, 'd', 'e']);
    const comment = () => (next() < 0.2 ? ` # ${pick([big(), escape(), 'note'])}` : '');
    const node = randomNode(next, { scalar, key, comment, sequenceBelow: 0.65, maxPairs: 4 });
    let fast = 0;
    const blockBefore = blockRead;
    let warned = 0;
    let escaped = 0;
    for (let i = 0; i < 5000; i++) {
      const text = `root:${node(0, '  ')}\n`;
      const found = agree(text);
      if (found === DECLINED) continue;
      fast++;
      if (found.length > 1) warned++;
      if (/\\(?:[/'U]|u[dD][89abAB])/.test(text)) escaped++;
    }
    assert.ok(fast > 1000, `only ${fast} of 5000 documents took the fast path`);
    assert.ok(blockRead - blockBefore > 500, `only ${blockRead - blockBefore} of 5000 documents took the block reader`);
    assert.ok(warned > 50, `only ${warned} documents with two warnings or more took the fast path`);
    assert.ok(escaped > 150, `only ${escaped} documents with a backslash go-yaml reads unlike js-yaml took the fast path`);
  });

  it('locates integers beyond 2^53 in flow and block collections, in document order', () => {
    const text = 'a: 9223372036854775000\nb: [1, -9007199254740993, x]\nc:\n  - {d: 9223372036854775000}\n  - 9007199254740993 # 9007199254740993x\n';
    const found = agree(text);
    assert.notEqual(found, DECLINED);
    assert.deepEqual((found as FastWarning[]).map((w) => positionAt(text, w.offset)), [{ line: 1, column: 4 }, { line: 2, column: 8 }, { line: 4, column: 9 }, { line: 5, column: 5 }]);
  });

  it('declines integers beyond 2^53 whose text stands elsewhere too, or that are keys', () => {
    for (const text of [
      'a: 9007199254740993\nb: "9007199254740993"\n',
      "a: 9007199254740993\nb: '9007199254740993'\n",
      'a: 9007199254740993 # was 9007199254740993\n',
      'a: |\n  9007199254740993\nb: 9007199254740993\n',
      'a: 9007199254740993\n9007199254740993: b\n',
      'a: {9223372036854775807: b}\n',
      '18446744073709551615: b\n',
      'a: [{-9223372036854775808: b}]\n',
      'a: [9007199254740993, x 9007199254740993]\n',
    ]) {
      assert.equal(agree(text), DECLINED, text);
    }
    assert.equal(readFast('a: 9007199254740993\n'), DECLINED, 'without a place for its warning');
  });

  it('reads backslashes outside double quotes as text, and checks double-quoted escapes as go-yaml decodes them', () => {
    const read = (text: string) => (agree(text) === DECLINED ? DECLINED : readFast(text, []));
    assert.deepEqual(read(`rule: '!self.matches(r"""(\\/\\.\\.\\/)""")'\n`), { rule: '!self.matches(r"""(\\/\\.\\.\\/)""")' });
    assert.deepEqual(read('a: x\\/y # \\/\nb: |\n  \\U \\ud800\nc: "\\\\/"\n'), { a: 'x\\/y', b: '\\U \\ud800\n', c: '\\/' });
    assert.deepEqual(read('a: "\\U0001F600 \\u00e9"\nb: \\/\n'), { a: '\u{1F600} \u00e9', b: '\\/' });
    for (const text of ['a: "\\/"\n', 'a: "x\\\\\\/"\n', 'a: "\\ud83d\\ude00"\nb: \\/\n', 'a: "\\U00110000"\nb: \\/\n', '"k\\/": v\n', 'a:\n  x"\nb: \\/\n']) {
      assert.equal(read(text), DECLINED, text);
    }
  });

  it('declines anchors to the reference reader, and only text with an "&" can hold one', () => {
    assert.equal(readFast('a: &x {b: 1}\nc: *x\n'), DECLINED);
    assert.equal(readFast('a: &x 1\n'), DECLINED);
    assert.equal(readFast('- &x [1]\n'), DECLINED);
    assert.deepEqual(readFast('a: "b & c"\nd: e&f\n'), { a: 'b & c', d: 'e&f' });
  });

  it('declines flow collections as keys, but not the same text in a block scalar', () => {
    assert.equal(readFast('[a, b]: c\n'), DECLINED);
    assert.equal(readFast('x:\n  {a: b}: c\n'), DECLINED);
    assert.deepEqual(readFast('description: |\n  More info [1]: https://example.com\n  {a}: b\nkind: X\n'), { description: 'More info [1]: https://example.com\n{a}: b\n', kind: 'X' });
  });

  it('declines the non-specific tag "!", which makes a merge key to go-yaml and not to js-yaml, but not a "!" line in a block scalar', () => {
    for (const text of ['a: {b: 1}\nc:\n  ! <<: {d: 2}\n', 'a: ! 12\n', 'a: !\n  12\n', '- ! "x"\n', 'a: [! 1]\n', 'a: !<!> 12\n', 'a: ! |\n  x\n']) assert.equal(readFast(text, []), DECLINED, text);
    const frr = 'frr.conf: |+\n  ! This file gets overriden\n  !\nb: 1 != 2\n';
    assert.deepEqual(agree(frr) === DECLINED ? DECLINED : readFast(frr, []), { 'frr.conf': '! This file gets overriden\n!\n', b: '1 != 2' });
  });

  it('reads random block-style documents as CRDs are written exactly as the reference reader, or declines them', () => {
    // What the block reader is for: compact and indentless sequences, plain and quoted scalars folded over lines (with
    // blank lines), literal blocks (blank and deeper lines, chomping), comments anywhere, one-line flow collections.
    const next = random(23);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const SAFE = ['a', 'b c', 'http://x/y', 'x:y', 'p - q', 'é', '1', '0644', 'yes', 'null', '1.5', '"q"', "'s'", 'a #c', '[x]', '{y}'];
    const RISKY = ['x: y', '- z', '? z', '#h', 'z:', '-', '&a', '!t', '*a', '%', '@', '... .'];
    const word = () => (next() < 0.9 ? pick(SAFE) : pick(RISKY));
    const lines = (indent: string, count: number) => Array.from({ length: count }, word).join(`\n${pick(['', '', '\n', '\n  \n'])}${indent}${pick(['', ' ', '  '])}`);
    const scalar = (indent: string): string => pick([
      () => word(),
      () => lines(`${indent}  `, 2 + Math.floor(next() * 3)),
      () => `"${lines(`${indent}  `, 1 + Math.floor(next() * 3)).replaceAll('"', "'")}"`,
      () => `'${lines(`${indent}  `, 1 + Math.floor(next() * 3)).replaceAll("'", "''")}'`,
      () => `${pick(['|', '|-', '|+', '|2', '>'])}${pick(['', ' # c'])}\n${indent}  ${lines(`${indent}  ${pick(['', '', ' '])}`, 1 + Math.floor(next() * 3))}${pick(['', '\n', '\n\n'])}`,
      () => `[${Array.from({ length: Math.floor(next() * 3) }, () => pick(['1', 'x', '"s, t"', "'u'", 'yes', '[a]', '{k: v}', 'a:b'])).join(', ')}]`,
      () => `{${Array.from({ length: Math.floor(next() * 3) }, () => `${pick(['k', '"q k"', 'on'])}${Math.floor(next() * 9)}: ${pick(['1', 'v', '[w]'])}`).join(', ')}}`,
      () => '',
    ])();
    const comment = () => (next() < 0.1 ? ` # ${pick(['c', 'x: y', '- z'])}` : '');
    const commentLine = (indent: string) => (next() < 0.1 ? `${pick([indent, '', `${indent}    `])}# note\n` : '');
    const key = () => pick(['a', 'b', 'name', 'k k', '"q"', "'s'", 'x-y', 'description', 'type', 'on', '1']);
    const node = (depth: number, indent: string, compact: boolean): string => {
      const roll = next();
      if (depth > 3 || roll < 0.45) return ` ${scalar(indent)}`;
      if (roll < 0.75) {
        // A mapping: below its key, or (after a dash) starting on the dash's line.
        const pairs = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => `${compact && i === 0 ? '' : indent}${key()}:${node(depth + 1, indent, false).replaceAll('\n', `\n${next() < 0.1 ? '' : '  '}`)}${comment()}`);
        return compact ? ` ${pairs.join(`\n${commentLine(indent)}`)}` : `\n${commentLine(indent)}${pairs.join(`\n${commentLine(indent)}`)}`;
      }
      // A sequence, indented below its key or not; its entries may be mappings started on the dash's line.
      const at = next() < 0.3 ? indent.slice(2) : indent;
      const items = Array.from({ length: 1 + Math.floor(next() * 3) }, () => `${at}-${node(depth + 1, `${at}  `, true)}${comment()}`);
      return `\n${items.join(`\n${commentLine(at)}`)}`;
    };
    let read = 0;
    let long = 0;
    const before = blockRead;
    for (let i = 0; i < 5000; i++) {
      const text = `root:${node(0, '  ', false)}\nend: 1\n`;
      if (readBlock(text) !== DECLINED && text.split('\n').length > 10) long++;
      if (agree(text) !== DECLINED) read++;
    }
    assert.ok(blockRead - before > 2000, `only ${blockRead - before} of 5000 documents took the block reader (${read} the fast path)`);
    assert.ok(long > 100, `only ${long} documents of more than ten lines took the block reader`);
  });

  it('reads the edges of block style exactly as the reference reader, or declines them', () => {
    const edges = [
      'a: |\nb: 1\n', 'a: |-\n  x\n\n  y\n\nb: 1\n', 'a: |\n\n  x\n', 'a: |\n    x\n  y\n', 'a: |\n  x\n   \n  y\n', 'a: | # c\n  x\n# d\nb: 1\n',
      'a:\n- b: 1\n  c: 2\n- d\ne: 3\n', '- - a\n', '-\n  - a\n', 'a:\n  - x\n  b: 1\n', 'a:\n  {}\nb:\n  []\n', 'a:\n  x\n',
      'a: x\n  y\n\n  z\nb: 1\n', 'a: b # c\n  d\n', 'a: x\n  # c\n  y\n', "a: 'x\n\n  y'\n", 'a: "x\\\n  y"\n', 'a: "x\n  \n  y  "\n', "'a b': 1\n\"c\": 2\n",
      'a: x:\n', 'a: 1\n a: 2\n', 'a: 1\na: 2\n', '  a: 1\n  b: 2\n', 'a: [x, {k: v}, "y, z"]\n', 'a: [x:y]\n', 'a: [x, ]\n', 'a: {k: }\n', '"a":b\n', 'a: -1\nb: - 1\n',
    ];
    for (const text of edges) agree(text);
    assert.deepEqual(readBlock('a:\n- b: 1\n  c: 2\n- d\ne: 3\n'), { a: [{ b: 1, c: 2 }, 'd'], e: 3 });
    assert.deepEqual(readBlock('a: |-\n  x\n\n  y\n\nb: 1\n'), { a: 'x\n\ny', b: 1 });
    assert.deepEqual(readBlock("a: x\n  y\n\n  z\nb: 'p\n\n  q r'\n"), { a: 'x y\nz', b: 'p\nq r' });
    assert.equal(readBlock('a: |\nb: 1\n'), DECLINED, 'an empty literal block');
  });

  it('reads what homelab emits without declining', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { on: 'yes', '0644': '0644' } }, data: { a: 'null', b: '1.5', c: '~', d: '' } };
    assert.deepEqual(readFast(emitYaml(object)), object);
  });
});

describe('readKubeYaml with known documents', () => {
  // Big enough to be kept (small documents read faster than their digest), as a chart's CRDs are.
  const big = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${Array.from({ length: 300 }, (_, i) => `  key${i}: "value ${i}"`).join('\n')}\n${extra}`;

  it('takes a document read before from the values, whatever comment lines helm put before it, as a copy', () => {
    const values = new Map<string, string>();
    const first = readKubeYaml(big('a'), 'chart.tgz: crds/a.yaml', { known: { values, remember: true } });
    assert.equal(values.size, 1);
    // Poison the kept value: a second read that took it shows the poison, one that read the text again does not.
    const [key] = values.keys();
    values.set(key!, JSON.stringify({ ...(first.documents[0] as object), kept: true }));
    const stream = `---\n# Source: chart/crds/a.yaml\n${big('a')}---\n# Source: chart/templates/b.yaml\n${big('b')}`;
    const second = readKubeYaml(stream, 'helm template of chart.tgz', { known: { values, remember: false } });
    assert.equal((second.documents[0] as { kept?: boolean }).kept, true);
    assert.equal((second.documents[1] as { kept?: boolean }).kept, undefined);
    assert.equal(values.size, 1, 'a read that does not remember keeps nothing');
    // Each reader gets its own objects.
    const third = readKubeYaml(stream, 'helm template of chart.tgz', { known: { values, remember: false } });
    assert.notEqual(third.documents[0], second.documents[0]);
    assert.deepEqual(third.documents[0], second.documents[0]);
  });

  it('keeps no document that warned, so its warnings are told again at their place in the new stream', () => {
    const values = new Map<string, string>();
    const text = big('dup', 'metadata:\n  name: again\n');
    const first = readKubeYaml(text, 'crds/dup.yaml', { known: { values, remember: true } });
    assert.equal(first.warnings.length, 1);
    assert.equal(first.warnings[0]!.position?.line, 306);
    assert.equal(values.size, 0);
    const second = readKubeYaml(`# Source: chart/crds/dup.yaml\n${text}`, 'helm template of chart.tgz', { known: { values, remember: false } });
    assert.equal(second.warnings.length, 1);
    assert.equal(second.warnings[0]!.position?.line, 307, 'one line further down, under the comment');
  });
});
