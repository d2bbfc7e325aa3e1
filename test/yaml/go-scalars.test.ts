import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBinary, formatFloat32, isGoTimestamp, resolveScalar, ScalarError } from '../../src/yaml/go-scalars.ts';
import { decodeDoubleQuoted } from '../../src/yaml/double-quoted.ts';

describe('go-yaml v2 scalar rules', () => {
  it('formats float keys as strconv.FormatFloat(f, \'g\', -1, 32) does', () => {
    const cases: [number, string][] = [[1, '1'], [1.5, '1.5'], [0.1, '0.1'], [1e6, '1e+06'], [123456, '123456'], [3.14159265358979, '3.1415927'],
      [0.0001, '0.0001'], [0.00001, '1e-05'], [-2.5, '-2.5'], [1e21, '1e+21'], [Infinity, '.inf'], [-Infinity, '-.inf'], [NaN, '.nan']];
    for (const [value, expected] of cases) assert.equal(formatFloat32(value), expected, String(value));
  });

  it('recognizes the timestamps time.Parse accepts in go-yaml\'s layouts', () => {
    for (const text of ['2001-12-14', '2001-1-2', '2001-12-14T21:59:43Z', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10', '2000-02-29']) assert.ok(isGoTimestamp(text), text);
    for (const text of ['2001-13-14', '2001-02-30', '1999-02-29', '01-12-14', '2001-12-14T21:59:43', '2001-12-14 21:59:43Z', '2001-12-14T25:00:00Z']) assert.ok(!isGoTimestamp(text), text);
  });

  it('resolves explicit tags or says why not, in go-yaml\'s words', () => {
    assert.deepEqual(resolveScalar('tag:yaml.org,2002:float', '1'), { kind: 'float', value: 1 });
    assert.equal(resolveScalar('tag:yaml.org,2002:int', '1.5'), 'cannot decode !!float `1.5` as a !!int');
    assert.deepEqual(resolveScalar('tag:yaml.org,2002:timestamp', '2001-12-14'), { kind: 'timestamp', value: '2001-12-14' });
    assert.deepEqual(resolveScalar('!custom', '12'), { kind: 'str', value: '12' });
  });

  it('decodes !!binary as Go\'s StdEncoding does, and only to UTF-8 text', () => {
    assert.equal(decodeBinary('aGVs\nbG8='), 'hello');
    assert.ok(decodeBinary('aGVsbG8') instanceof ScalarError, 'padding is required');
    assert.ok(decodeBinary('/w==') instanceof ScalarError, 'not UTF-8');
  });

  it('decodes double-quoted scalars as libyaml does', () => {
    assert.equal(decodeDoubleQuoted('"a\\\'b"'), "a'b");
    assert.equal(decodeDoubleQuoted('"one\n   two\n\n   three"'), 'one two\nthree');
    assert.equal(decodeDoubleQuoted('"esc\\\n   aped"'), 'escaped');
    assert.equal(decodeDoubleQuoted('"tail  "'), 'tail  ');
    assert.deepEqual(decodeDoubleQuoted('"\\/"'), { message: 'found unknown escape character \\/, as kubectl says (YAML 1.1 has no \\/ escape: write / on its own)', offset: 1 });
  });
});
