import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSimplePattern, simplePatternArb } from './pattern.js';

const simple = [
  '^cust_[0-9a-f]{32}$',
  '^\\+[1-9]\\d{7,14}$',
  '^\\d+\\.\\d{2}$',
  '^dinie_ci_(live|test)_[A-Za-z0-9]+$'.replace('(live|test)', 'test'),
  '^[A-Z]{2}-?\\d{3,}$',
  '^whsec_[A-Za-z0-9+/]+={0,2}$',
  '^\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}$',
];

describe('simple pattern generator', () => {
  for (const pattern of simple) {
    it(`generates only matches of ${pattern}`, () => {
      const arb = simplePatternArb(pattern);
      expect(arb).toBeDefined();
      const re = new RegExp(pattern, 'u');
      for (const v of fc.sample(arb!, { numRuns: 300, seed: 8 })) expect(v).toMatch(re);
    });
  }

  it('leaves groups, alternation, negated classes and unanchored patterns to fast-check', () => {
    for (const p of ['^(a|b)$', '^a|b$', '^[^x]+$', 'abc', '^a.c$', '^\\bword$']) expect(parseSimplePattern(p), p).toBeUndefined();
  });

  it('varies lengths within quantifier bounds', () => {
    const lengths = new Set(fc.sample(simplePatternArb('^x{2,5}$')!, { numRuns: 200, seed: 1 }).map((s) => s.length));
    expect([...lengths].sort()).toEqual([2, 3, 4, 5]);
  });
});
