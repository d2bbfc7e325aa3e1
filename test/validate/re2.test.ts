import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateRe2 } from '../../src/validate/re2.ts';

/** [RE2 pattern, strings it matches, strings it does not] — what Go's regexp says about each. */
const CASES: [string, string[], string[]][] = [
  ['(?i)^abc$', ['ABC', 'abc', 'aBc'], ['abcd']],
  ['^(?i:ab)c$', ['ABc', 'abc'], ['ABC']],
  ['^[a-z]+\\z', ['abc'], ['abc\n', 'ABC']],
  ['\\Aab', ['abc'], ['cab']],
  ['^(?P<year>\\d{4})-(?<month>\\d\\d)$', ['2024-01'], ['24-01']],
  ['^[[:alpha:]][[:alnum:]_]*$', ['a1_'], ['1a', '_']],
  ['^[^[:space:]]+$', ['abc'], ['a b']],
  ['^[[:^digit:]]+$', ['ab'], ['a1']],
  ['^\\Qa.b*\\E$', ['a.b*'], ['axb', 'a.bbb']],
  // RE2's `.` matches \r; JavaScript's does not.
  ['^a.b$', ['a\rb', 'a-b'], ['a\nb']],
  ['(?s)^a.b$', ['a\nb'], []],
  ['(?m)^b$', ['a\nb\nc'], ['abc']],
  ['^\\x{41}\\x42\\101$', ['ABA'], []],
  // RE2's \s is [\t\n\f\r ]: no vertical tab, no Unicode spaces.
  ['^\\s$', [' ', '\t'], ['\v', '\u00a0']],
  ['^a{2}$', ['aa'], ['a']],
  // `{,2}` is no repetition in RE2: the braces are literal.
  ['^a{,2}$', ['a{,2}'], ['aa']],
  ['^\\pL+$', ['héllo'], ['123']],
  ['^\\p{Greek}+$', ['αβ'], ['ab']],
  ['^[\\-_a-z]+$', ['a-_'], ['A']],
  ['^\\:\\@\\_$', [':@_'], []],
  ['^}$', ['}'], []],
  ['^[]a]+$', [']a'], ['b']],
  ['(?U)^a+', ['aaa'], []],
  ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', ['a.b-c'], ['A', '-a']],
];

describe('RE2 patterns in JavaScript', () => {
  for (const [pattern, yes, no] of CASES) {
    it(`${pattern} keeps its RE2 meaning`, () => {
      const translated = translateRe2(pattern, { unicode: true });
      assert.ok(translated.ok, JSON.stringify(translated));
      const regex = new RegExp(translated.source, 'u');
      for (const text of yes) assert.ok(regex.test(text), `${JSON.stringify(text)} should match ${translated.source}`);
      for (const text of no) assert.ok(!regex.test(text), `${JSON.stringify(text)} should not match ${translated.source}`);
    });
  }

  it('translates without the u flag for CEL matches(), folding case by hand', () => {
    assert.deepEqual(translateRe2('(?i)^ab$', { unicode: false }), { ok: true, source: '^[Aa][Bb]$' });
    const greek = translateRe2('\\p{Greek}', { unicode: false });
    assert.equal(greek.ok, false);
    assert.equal(!greek.ok && greek.kind, 'unsupported');
  });

  it('refuses what RE2 refuses, with Go’s reason', () => {
    const invalid = (pattern: string) => {
      const result = translateRe2(pattern, { unicode: true });
      assert.ok(!result.ok && result.kind === 'invalid', `${pattern}: ${JSON.stringify(result)}`);
      return result.reason;
    };
    assert.match(invalid('a**'), /invalid nested repetition operator/);
    assert.match(invalid('x++'), /invalid nested repetition operator/);
    assert.match(invalid('(?=a)'), /lookaround/);
    assert.match(invalid('\\1'), /backreferences/);
    assert.match(invalid('a{1001}'), /invalid repeat count/);
    assert.match(invalid('(a'), /missing closing \)/);
    assert.match(invalid('[a'), /missing closing \]/);
    assert.match(invalid('[z-a]'), /invalid character class range/);
    assert.match(invalid('\\q'), /invalid escape sequence/);
  });

  it('says which valid RE2 it cannot express', () => {
    const result = translateRe2('\\C', { unicode: true });
    assert.ok(!result.ok && result.kind === 'unsupported');
  });
});
