import { describe, expect, it } from 'vitest';
import type { FaultName } from './faults.js';
import { paginate } from './pagination.js';
import { ApiError } from './problem.js';

const items = Array.from({ length: 7 }, (_, i) => ({ id: `x_${String(i).padStart(32, '0')}` }));
const opts = (...faults: FaultName[]) => ({ cursorPattern: /^x_[0-9a-f]{32}$/, has: (f: FaultName) => faults.includes(f) });

function walk(limit: number, o = opts()): string[] {
  const seen: string[] = [];
  let q: Record<string, unknown> = { limit: String(limit) };
  for (let i = 0; i < 20; i++) {
    const page = paginate(items, q, o);
    seen.push(...page.data.map((x) => x.id));
    if (!page.has_more || page.data.length === 0) break;
    q = { limit: String(limit), starting_after: page.data.at(-1)!.id };
  }
  return seen;
}

describe('paginate', () => {
  it('walks every item exactly once for every page size', () => {
    for (const limit of [1, 2, 3, 7, 100]) expect(walk(limit)).toEqual(items.map((x) => x.id));
  });
  it('defaults to 25 and says has_more only when more remain', () => {
    expect(paginate(items, {}, opts())).toEqual({ data: items, has_more: false });
    expect(paginate(items, { limit: '6' }, opts()).has_more).toBe(true);
  });
  it('refuses bad limits (422) and bad cursors (400)', () => {
    for (const limit of ['0', '101', 'abc', '1.5', '-1', '']) {
      expect(() => paginate(items, { limit }, opts())).toThrow(ApiError);
    }
    const status = (q: Record<string, unknown>) => {
      try {
        paginate(items, q, opts());
        return 200;
      } catch (e) {
        return (e as ApiError).status;
      }
    };
    expect(status({ limit: '101' })).toBe(422);
    expect(status({ starting_after: 'nope' })).toBe(400);
    expect(status({ starting_after: `x_${'f'.repeat(32)}` })).toBe(400);
  });
  it('each pagination fault breaks its rule', () => {
    expect(walk(2, opts('pagination-skips-item')).length).toBeLessThan(items.length);
    const repeated = walk(2, opts('pagination-repeats-item'));
    expect(new Set(repeated).size).toBeLessThan(repeated.length);
    expect(paginate(items, { limit: '100' }, opts('has-more-wrong-on-last-page')).has_more).toBe(true);
    expect(() => paginate(items, { limit: '101' }, opts('limit-over-100-accepted'))).not.toThrow();
  });
});
