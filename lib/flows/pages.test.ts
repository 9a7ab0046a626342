import { describe, expect, it } from 'vitest';
import { CheckFailure } from '../checks/types.js';
import { fakeContext } from './fake-context.test-helper.js';
import { LIST_BUDGET, readAll, readList } from './pages.js';

const defaultItems = Array.from({ length: 7 }, (_, i) => ({ id: `cust_${i}` }));
const items = defaultItems;

/** A list endpoint over `items`, `limit` per page, optionally broken by `bug`. */
function lister(limit: number, bug?: 'repeat-cursor' | 'no-envelope', items = defaultItems) {
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
    await expect(
      readAll(
        fakeContext(() => ({ status: 500, body: {} })),
        '/customers',
      ),
    ).rejects.toThrow(/expected HTTP 200, got 500/);
  });
});

describe('readAll on a long list', () => {
  /** A list as long as a shared sandbox's: 10,000 customers of others. */
  const crowd = Array.from({ length: 10_000 }, (_, i) => ({ id: `cust_${String(i).padStart(5, '0')}` }));
  const noting = (handler: Parameters<typeof fakeContext>[0]) => {
    const ctx = fakeContext(handler);
    const notes: string[] = [];
    (ctx as { note: (t: string) => void }).note = (t) => notes.push(t);
    return { ctx, notes };
  };

  it('stops at the page budget (20 × 100 by default), returns the prefix and says so', async () => {
    const { ctx, notes } = noting(lister(100, undefined, crowd));
    const got = await readList(ctx, '/customers', { status: 'pending_kyc' });
    expect(ctx.requests).toHaveLength(LIST_BUDGET.pages);
    expect(ctx.requests.every((r) => r.query?.limit === 100)).toBe(true);
    expect(got.cut).toBe(true);
    expect(got.items.map((x) => x.id)).toEqual(crowd.slice(0, 2000).map((x) => x.id));
    expect(notes).toEqual([expect.stringMatching(/GET \/customers\?status=pending_kyc: walked the first 2000 items of 2000\+ .*longer than the bound/)]);
    expect(await readAll(fakeContext(lister(100, undefined, crowd)), '/customers')).toHaveLength(2000);
  });

  it('honours a smaller budget and says nothing when the list ends within it', async () => {
    const { ctx, notes } = noting(lister(50, undefined, crowd));
    expect((await readList(ctx, '/customers', {}, { maxPages: 3, limit: 50 })).items).toHaveLength(150);
    expect(ctx.requests).toHaveLength(3);
    expect(notes[0]).toMatch(/first 150 items of 150\+ \(a budget of 3 pages × 50\)/);
    const short = noting(lister(3));
    const all = await readList(short.ctx, '/customers', {}, { limit: 3 });
    expect(all).toMatchObject({ cut: false, pages: 3 });
    expect(short.notes).toEqual([]);
  });
});
