// keyMatcher (patterns.ts) answers one-hole patterns with a prefix and suffix test instead of the pattern's regular
// expression: compared with the regular expression on seeded random patterns and keys, holes at either end included.
import assert from 'node:assert/strict';
import { HOLE, keyMatcher, patternRegExp } from '../../src/analysis/patterns';
import type { StaticString } from '../../src/analysis/types';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('analysis: key matchers agree with the patterns\' regular expressions', () => {
  it('on 20,000 random one- and two-hole patterns and keys over a small alphabet', () => {
    const r = rng(1234);
    const alphabet = ['a', 'b', ':', '#', '.', '\n'];
    const word = (max: number) => Array.from({ length: Math.floor(r() * (max + 1)) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    let oneHole = 0;
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      const holes = r() < 0.8 ? 1 : 2;
      const pattern = Array.from({ length: holes + 1 }, () => word(3)).join(HOLE);
      const s: StaticString = { form: 'template', pattern, text: pattern } as StaticString;
      const key = r() < 0.5 ? pattern.split(HOLE).join(word(3)) : word(7);
      const expected = patternRegExp(s)!.test(key);
      assert.equal(keyMatcher(s)(key), expected, `${JSON.stringify(pattern)} against ${JSON.stringify(key)}`);
      if (holes === 1) oneHole++;
      if (expected) matched++;
    }
    // Both answers occur, so the comparison is not one-sided.
    assert.ok(oneHole > 10_000 && matched > 2_000 && matched < 18_000, `${oneHole} one-hole patterns, ${matched} matches`);
  });

  it('keeps exact values, opaque keys and explicit regular expressions (bound steps) as they were', () => {
    assert.equal(keyMatcher({ form: 'literal', value: 'a', text: "'a'" } as StaticString)('a'), true);
    assert.equal(keyMatcher({ form: 'literal', value: 'a', text: "'a'" } as StaticString)('ab'), false);
    assert.equal(keyMatcher({ form: 'opaque', text: 'opts' } as StaticString)('anything'), true);
    const bound = { form: 'template', pattern: `dep${HOLE}`, regex: '^dep(#\\d+)?$', text: 'steps.dep' } as StaticString;
    assert.equal(keyMatcher(bound)('dep#2'), true);
    assert.equal(keyMatcher(bound)('depot'), false);
  });
});
