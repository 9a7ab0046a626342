import { describe, expect, it } from 'vitest';
import { CheckFailure } from '../checks/types.js';
import { fakeContext } from './fake-context.test-helper.js';
import { readAll } from './pages.js';

const items = Array.from({ length: 7 }, (_, i) => ({ id: `cust_${i}` }));

/** A list endpoint over `items`, `limit` per page, optionally broken by `bug`. */
function lister(limit: number, bug?: 'repeat-cursor' | 'no-envelope') {
  return (req: { query?: Record<string, unknown> }) => {
    if (bug === 'no-envelope') return { status: 200, body: items };
    const after = req.query?.starting_after;
    const start = after ? items.findIndex((x) => x.id === after) + 1 : 0;
    const from = bug === 'repeat-cursor' && after ? 0 : start;
    const data = items.slice(from, from + limit);
    return { status: 200, body: { data, has_more: from + limit < items.length } };
  };
}

describe('readAll', () => {
  it('follows starting_after until has_more is false', async () => {
    const ctx = fakeContext(lister(3));
    const got = await readAll(ctx, '/customers', { status: 'active' }, { limit: 3 });
    expect(got.map((x) => x.id)).toEqual(items.map((x) => x.id));
    expect(ctx.requests.map((r) => r.query?.starting_after)).toEqual([undefined, 'cust_2', 'cust_5']);
    expect(ctx.requests.every((r) => r.query?.status === 'active')).toBe(true);
  });
  it('fails when a cursor comes back (the walk would never end)', async () => {
    await expect(readAll(fakeContext(lister(3, 'repeat-cursor')), '/customers', {}, { limit: 3 })).rejects.toThrow(CheckFailure);
  });
  it('fails on an answer that is not a list envelope, or not 200', async () => {
    await expect(readAll(fakeContext(lister(3, 'no-envelope')), '/customers')).rejects.toThrow(/list envelope/);
    await expect(readAll(fakeContext(() => ({ status: 500, body: {} })), '/customers')).rejects.toThrow(/expected HTTP 200, got 500/);
  });
});
