// Cursor pagination (seed 001 · List customers, seed 004 · List loan transactions, api-facts 1.8,
// decision 5) on every list operation of the contract: `limit` 1..100 (default 25), `starting_after`
// = id of the last item of the previous page, `{data, has_more}` envelope; the customer list also
// sorts by `sort`/`order` (default created_at desc).
//
// On a shared sandbox the partner may already have tens of thousands of customers, and other checks
// add theirs while we walk. So the walks judge sets we control (our customers, selected by their
// shared external_id; our endpoints and credentials), and where a rule is judged on the whole list
// the walk is bounded by a page budget, says so in a note, and only the prefix it walked is judged.
import fc from 'fast-check';
import type { CheckContext } from '../../lib/checks/context.js';
import type { Check } from '../../lib/checks/types.js';
import { createCustomer } from '../../lib/flows/customers.js';
import { newCustomerBody, uniqueExternalId } from '../../lib/flows/data.js';
import { hex32 } from '../../lib/flows/ids.js';
import { listOperations, type Operation, queryParams } from '../../lib/flows/operations.js';
import { expectProblem } from '../../lib/flows/problem.js';
import { property } from '../../lib/flows/property.js';
import { instantMs } from '../../lib/flows/revision/values.js';
import { fixtureFor, type ListFixture, ownCustomers } from './fixtures.js';
import { cursorOf, type ListItem, type Walk, walkList } from './walk.js';

const SOURCE = 'seed 001 · List customers; seed 004 · List loan transactions; api-facts 1.8';

/**
 * Runs `judge` on every list the target lets us fill (notes the ones it cannot exercise); a judge that found nothing to judge on a list
 * returns why (noted, not counted); with no list judged the check skips.
 */
async function forEachList(ctx: CheckContext, judge: (op: Operation, fx: ListFixture) => Promise<string | undefined>): Promise<void> {
  const ops = listOperations(ctx);
  ctx.ensure(ops.length > 0, 'the contract has no list operation', 'list operations with a limit parameter', 0);
  let judged = 0;
  for (const op of ops) {
    const fx = await fixtureFor(ctx, op.id);
    if (!fx) {
      ctx.note(`${op.id}: not exercised (no items of our own can be put in it on this target)`);
      continue;
    }
    for (const n of fx.notes ?? []) ctx.note(`${op.id}: ${n}`);
    try {
      const nothing = await judge(op, fx);
      if (typeof nothing === 'string') ctx.note(`${op.id}: not judged (${nothing})`);
      else judged++;
    } finally {
      await fx.cleanup();
    }
  }
  if (judged === 0) ctx.skip('no list operation could be filled with items of our own on this target');
  ctx.note(`judged on ${judged} of ${ops.length} list operations`);
}

/** The enum of a query parameter, if the contract gives one. */
function enumOf(op: Operation, name: string): string[] | undefined {
  const p = queryParams(op).find((q) => q.name === name);
  const e = p?.schema?.enum;
  return Array.isArray(e) ? e.map(String) : undefined;
}

function countIds(items: unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const id = cursorOf(item);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Each of our items exactly once; when the whole list is ours (`total`), no repeats and every item.
 * A walk the page budget cut is judged on its prefix: none of ours twice, and no more items than
 * the list holds; ours beyond the prefix are not judged (the cut is noted by the walk).
 */
function judgeExactlyOnce(ctx: CheckContext, fx: ListFixture, walk: Walk, what: string): void {
  if (walk.stoppedBecause) ctx.fail(`${what}: the walk broke off: ${walk.stoppedBecause}`, 'a walk that ends with has_more false', walk.stoppedBecause);
  const counts = countIds(walk.items);
  const wrong = fx.own.filter((id) => (walk.cut ? (counts.get(id) ?? 0) > 1 : counts.get(id) !== 1)).map((id) => ({ id, seen: counts.get(id) ?? 0 }));
  ctx.ensure(wrong.length === 0, `${what}: items of ours were not listed exactly once`, 'each of our items exactly once', wrong.slice(0, 5));
  if (fx.total !== undefined) {
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    ctx.ensure(twice.length === 0, `${what}: items were listed more than once`, 'no repeats', twice.slice(0, 5));
    if (walk.cut) ctx.ensure(walk.items.length <= fx.total, `${what}: the list goes on past its ${fx.total} items`, `at most ${fx.total}`, walk.items.length);
    else ctx.ensure(walk.items.length === fx.total, `${what}: the walk did not visit every item`, fx.total, walk.items.length);
  }
}

/** `sort=created_at&order=desc` where the operation documents them (so the walk does not depend on the defaults). */
function newestFirst(op: Operation): Record<string, string> {
  return enumOf(op, 'sort')?.includes('created_at') && enumOf(op, 'order')?.includes('desc') ? { sort: 'created_at', order: 'desc' } : {};
}

/**
 * The whole customer list, newest first, walked within the page budget (the partner may have
 * thousands of customers of its own): no item twice in the walked prefix, and each of our
 * customers newer than the last item walked exactly once. Customers created by others meanwhile
 * are newer than the cursor and never come up behind it; none is ever deleted.
 */
async function judgeWholeCustomerList(ctx: CheckContext, op: Operation): Promise<void> {
  const set = await ownCustomers(ctx);
  const what = 'GET /customers, the whole list newest first';
  const walk = await walkList(ctx, '/customers', { ...newestFirst(op), limit: 100 }, { operationId: op.id });
  if (walk.stoppedBecause)
    ctx.fail(`${what}: the walk broke off: ${walk.stoppedBecause}`, 'a walk that ends with has_more false or at the page budget', walk.stoppedBecause);
  const counts = countIds(walk.items);
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  ctx.ensure(twice.length === 0, `${what}: items were listed more than once`, 'no repeats', twice.slice(0, 5));
  const last = walk.items[walk.items.length - 1];
  // Instants as the contract writes them (date-time strings, or epoch seconds).
  const at = (v: unknown) => instantMs(ctx, v) ?? Number.NaN;
  const horizon = walk.cut && last ? at(last.created_at) : -Infinity;
  const within = set.ids.filter((id) => at(set.createdAt.get(id)) > horizon);
  const wrong = within.filter((id) => counts.get(id) !== 1).map((id) => ({ id, created_at: set.createdAt.get(id), seen: counts.get(id) ?? 0 }));
  ctx.ensure(wrong.length === 0, `${what}: customers of ours within the walked range were not listed exactly once`, 'each exactly once', wrong.slice(0, 5));
  ctx.note(
    `${what}: ${walk.items.length} items walked${walk.cut ? ' (a prefix)' : ' (all of it)'}, ${within.length} of our ${set.ids.length} customers within them, each exactly once`,
  );
}

/**
 * Two customers of ours created a second or more apart (created_at often has whole seconds), under
 * one reference of their own so the filtered list is exactly the pair: without sort and order the
 * newer is listed first. Skips when the target gives them the same created_at seconds apart.
 */
async function judgeNewerFirst(ctx: CheckContext, fx: ListFixture): Promise<void> {
  const filterable = fx.filter.external_id !== undefined;
  const pairId = uniqueExternalId('order');
  const body = () => ({ ...newCustomerBody({ for: ctx }), external_id: filterable ? pairId : uniqueExternalId('order') });
  const at = (v: unknown) => instantMs(ctx, v) ?? Number.NaN;
  const older = await createCustomer(ctx, body());
  let newer = older;
  for (let i = 0; i < 3 && at(newer.created_at) <= at(older.created_at); i++) {
    await new Promise((r) => setTimeout(r, 1100));
    newer = await createCustomer(ctx, body());
  }
  if (at(newer.created_at) <= at(older.created_at)) {
    ctx.skip(`customers created seconds apart share created_at ${older.created_at}: the default order cannot be judged`);
  }
  const query = filterable ? { external_id: pairId, limit: 100 } : { limit: 100 };
  const all = (await walkList(ctx, fx.path, query, { operationId: 'listCustomers' })).items.map((i) => i.id);
  const pair = {
    newer: { id: newer.id, created_at: newer.created_at, at: all.indexOf(newer.id) },
    older: { id: older.id, created_at: older.created_at, at: all.indexOf(older.id) },
  };
  ctx.ensure(
    pair.newer.at >= 0 && pair.older.at >= 0 && pair.newer.at < pair.older.at,
    'without sort and order the newer customer is not listed before the older one',
    'the newer customer first',
    pair,
  );
}

export const checks: Check[] = [
  {
    id: 'PAGE-WALK-EXACTLY-ONCE',
    level: 'MUST',
    area: 'pagination',
    title: 'Walking a list with starting_after visits every item exactly once, whatever the limit and sort.',
    source: SOURCE,
    needs: ['stateful'],
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      await forEachList(ctx, async (op, fx) => {
        const sorts = enumOf(op, 'sort');
        const orders = enumOf(op, 'order');
        const arb = fc.record({
          limit: fc.integer({ min: 2, max: 40 }),
          sort: sorts ? fc.option(fc.constantFrom(...sorts), { nil: undefined }) : fc.constant(undefined),
          order: orders ? fc.option(fc.constantFrom(...orders), { nil: undefined }) : fc.constant(undefined),
        });
        await property(ctx, arb, async ({ limit, sort, order }) => {
          const walk = await walkList(ctx, fx.path, { ...fx.filter, limit, sort, order }, { operationId: op.id, exists: fx.exists });
          judgeExactlyOnce(ctx, fx, walk, `${op.id} with limit=${limit}${sort ? ` sort=${sort}` : ''}${order ? ` order=${order}` : ''}`);
        });
        if (op.id === 'listCustomers') await judgeWholeCustomerList(ctx, op);
      });
    },
  },
  {
    id: 'PAGE-LIMIT-RESPECTED',
    level: 'MUST',
    area: 'pagination',
    title: 'No page holds more items than `limit`, for any limit from 1 to 100.',
    source: SOURCE,
    needs: ['stateful'],
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      await forEachList(ctx, async (op, fx) => {
        for (const limit of [1, 3, 100]) {
          const walk = await walkList(ctx, fx.path, { ...fx.filter, limit }, { operationId: op.id, exists: fx.exists, maxPages: limit === 1 ? 8 : undefined });
          for (const [i, p] of walk.pages.entries()) {
            ctx.ensure(p.data.length <= limit, `${op.id}: page ${i + 1} holds more than limit=${limit} items`, `at most ${limit}`, p.data.length);
          }
        }
        if (op.id === 'listCustomers') {
          // Our set is smaller than 100: one page of the whole list, which may be full, judges limit=100.
          const res = await ctx.api.request({ method: 'GET', path: fx.path, query: { limit: 100 } });
          ctx.ensure(res.status === 200 && Array.isArray(res.body?.data), `${op.id} with limit=100 failed`, 200, { status: res.status, body: res.body });
          ctx.ensure(
            res.body.data.length <= 100,
            `${op.id}: the first page of the whole list holds more than limit=100 items`,
            'at most 100',
            res.body.data.length,
          );
          // A list of 100 items or fewer cannot show a page over limit=100: say so rather than imply it was judged.
          if (res.body.has_more === false && res.body.data.length < 100)
            ctx.note(
              `${op.id}: the whole list holds ${res.body.data.length} items, so no page of it can exceed limit=100: that limit was not tested on a list longer than it`,
            );
        }
      });
    },
  },
  {
    id: 'PAGE-HAS-MORE-LAST-PAGE',
    level: 'MUST',
    area: 'pagination',
    title: '`has_more` is true on every page but the last, and false on the last page.',
    source: SOURCE,
    needs: ['stateful'],
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      await forEachList(ctx, async (op, fx) => {
        const walk = await walkList(ctx, fx.path, { ...fx.filter, limit: 4 }, { operationId: op.id, exists: fx.exists });
        for (let i = 0; i < walk.pages.length - 1; i++) {
          const next = walk.pages[i + 1]!;
          ctx.ensure(next.data.length > 0, `${op.id}: page ${i + 1} said has_more: true but the next page is empty`, 'a non-empty next page', {
            page: i + 2,
            has_more: next.hasMore,
          });
        }
        if (walk.stoppedBecause) ctx.fail(`${op.id}: ${walk.stoppedBecause}`, 'has_more false on the last page', walk.stoppedBecause);
        if (walk.cut) {
          ctx.note(`${op.id}: the page budget ended the walk before the last page; only the ${walk.pages.length} pages walked are judged`);
          return;
        }
        // The walk ends only on a page saying has_more: false, so a last page that says true is judged
        // above: the page after it is empty (the loop) or is an empty page still saying true (the walk broke off).
        const last = walk.pages[walk.pages.length - 1]!;
        if (op.id === 'listCustomers' && last.data.length > 0) {
          // Newest first: nothing can appear after the oldest item, even while other checks add customers.
          const after = await ctx.api.request({
            method: 'GET',
            path: fx.path,
            query: { ...fx.filter, limit: 4, starting_after: cursorOf(last.data[last.data.length - 1]) },
          });
          ctx.ensure(
            after.status === 200 && Array.isArray(after.body?.data) && after.body.data.length === 0 && after.body.has_more === false,
            `${op.id}: asking past the last page does not give an empty final page`,
            '200 { data: [], has_more: false }',
            { status: after.status, body: after.body },
          );
        }
      });
    },
  },
  {
    id: 'PAGE-DEFAULT-LIMIT',
    level: 'MUST',
    area: 'pagination',
    title: 'Without `limit` a list returns pages of 25 items.',
    source: `${SOURCE} ("Default 25")`,
    needs: ['stateful'],
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      await forEachList(ctx, async (op, fx) => {
        const res = await ctx.api.request({ method: 'GET', path: fx.path, query: fx.filter });
        ctx.ensure(res.status === 200 && Array.isArray(res.body?.data), `${op.id} without limit failed`, 200, { status: res.status, body: res.body });
        const n = res.body.data.length;
        if (res.body.has_more) ctx.ensure(n === 25, `${op.id}: the default page does not hold 25 items`, 25, n);
        else ctx.ensure(n <= 25, `${op.id}: the default page holds more than 25 items`, 'at most 25', n);
        if (op.id === 'listCustomers')
          ctx.ensure(
            res.body.has_more === true && n === 25,
            'GET /customers without limit: with more than 25 customers the first page must hold 25 and say has_more',
            { n: 25, has_more: true },
            { n, has_more: res.body.has_more },
          );
      });
    },
  },
  {
    id: 'PAGE-LIMIT-BOUNDS',
    level: 'MUST',
    area: 'pagination',
    title: 'A `limit` outside 1..100 or not an integer is refused with a 4xx problem, never clamped.',
    source: `${SOURCE}; decision 5`,
    async run(ctx: CheckContext) {
      const stateful = ctx.target.capabilities.has('stateful');
      for (const op of listOperations(ctx)) {
        const fx = stateful ? await fixtureFor(ctx, op.id) : undefined;
        try {
          const path = fx?.path ?? (op.path.includes('{') ? undefined : op.path);
          if (!path) {
            ctx.note(`${op.id}: not exercised (needs an existing parent resource)`);
            continue;
          }
          for (const limit of ['0', '101', '-1', '1000', 'abc', '2.5']) {
            const res = await ctx.api.request({ method: 'GET', path, query: { ...(fx?.filter ?? {}), limit } });
            expectProblem(ctx, res, { what: `${op.id} with limit=${limit}` });
          }
        } finally {
          await fx?.cleanup();
        }
      }
    },
  },
  {
    id: 'PAGE-MALFORMED-CURSOR',
    level: 'MUST',
    area: 'pagination',
    title: 'A malformed `starting_after` is refused with a 4xx problem.',
    source: 'decision 5; api-facts 1.8',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      for (const op of listOperations(ctx)) {
        if (op.path.includes('{')) {
          ctx.note(`${op.id}: judged by its parent-free siblings only`);
          continue;
        }
        for (const cursor of ['not a cursor', "x' OR '1'='1", 'z'.repeat(300), '../../etc/passwd']) {
          const res = await ctx.api.request({ method: 'GET', path: op.path, query: { starting_after: cursor } });
          expectProblem(ctx, res, { what: `${op.id} with starting_after=${JSON.stringify(cursor.slice(0, 40))}` });
        }
      }
    },
  },
  {
    id: 'PAGE-UNKNOWN-CURSOR',
    level: 'SHOULD',
    area: 'pagination',
    title: 'A well-formed `starting_after` that names no item of the list is refused with 400.',
    source: 'decision 5',
    needs: ['stateful'],
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      await forEachList(ctx, async (op, fx) => {
        const first = await ctx.api.request({ method: 'GET', path: fx.path, query: { ...fx.filter, limit: 1 } });
        const sample = cursorOf(first.body?.data?.[0]);
        if (!sample) return 'its first page is empty: no cursor to imitate';
        const m = /^(.*?)([0-9a-f]{32}|[A-Za-z0-9]+)$/.exec(sample);
        const unknown = m && /[0-9a-f]{32}$/.test(sample) ? `${sample.slice(0, -32)}${hex32()}` : `${m?.[1] ?? ''}${hex32()}`;
        const res = await ctx.api.request({ method: 'GET', path: fx.path, query: { ...fx.filter, starting_after: unknown } });
        expectProblem(ctx, res, { status: 400, what: `${op.id} with starting_after=${unknown}` });
      });
    },
  },
  {
    id: 'PAGE-SORT-ORDER',
    level: 'MUST',
    area: 'pagination',
    title: 'The customer list is ordered by `sort` in the direction of `order`, across pages.',
    source: 'seed 001 · List customers (sort: created_at | updated_at | name; order: asc | desc)',
    needs: ['stateful'],
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      const op = listOperations(ctx).find((o) => enumOf(o, 'sort') && enumOf(o, 'order'));
      if (!op) ctx.skip('no list operation of the contract documents sort and order');
      const fx = (await fixtureFor(ctx, op.id))!;
      for (const n of fx.notes ?? []) ctx.note(`${op.id}: ${n}`);
      const own = new Set(fx.own);
      for (const sort of enumOf(op, 'sort')!) {
        for (const order of enumOf(op, 'order')!) {
          const walk = await walkList(ctx, fx.path, { ...fx.filter, sort, order, limit: 7 }, { operationId: op.id, exists: fx.exists });
          const mine = walk.items.filter((i) => typeof i.id === 'string' && own.has(i.id));
          if (!walk.cut) ctx.ensure(mine.length === fx.own.length, `sort=${sort} order=${order}: not all of our items were listed`, fx.own.length, mine.length);
          const bad = misordered(mine, sort, order, (v) => instantMs(ctx, v) ?? Number.NaN);
          ctx.ensure(bad === undefined, `sort=${sort} order=${order}: items are out of order`, `${sort} ${order}`, bad);
        }
      }
    },
  },
  {
    id: 'PAGE-DEFAULT-ORDER',
    level: 'MUST',
    area: 'pagination',
    title: 'Without `sort` and `order` the customer list is ordered by created_at, newest first.',
    source: 'seed 001 · List customers (sort default "created_at", order default "desc")',
    needs: ['stateful'],
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      const fx = (await fixtureFor(ctx, 'listCustomers'))!;
      for (const n of fx.notes ?? []) ctx.note(`listCustomers: ${n}`);
      const own = new Set(fx.own);
      const at = (v: unknown) => instantMs(ctx, v) ?? Number.NaN;
      const walk = await walkList(ctx, fx.path, { ...fx.filter, limit: 100 }, { operationId: 'listCustomers' });
      const mine = walk.items.filter((i) => typeof i.id === 'string' && own.has(i.id));
      // Our customers were created one after the other. Where their created_at values all differ,
      // they show the whole order to expect. Where some tie (a target writing whole seconds), two
      // more customers of ours, made a second apart, are judged first: so a wrong default order is
      // found by the same judgement whichever seconds the fixture happened to fall in.
      const distinct = new Set(mine.map((m) => at(m.created_at))).size === mine.length;
      if (!distinct) await judgeNewerFirst(ctx, fx);
      const bad = misordered(mine, 'created_at', 'desc', at);
      ctx.ensure(bad === undefined, 'the default order is not created_at desc', 'created_at desc', bad);
      if (distinct) {
        // Newest first is the reverse of creation (a target whose created_at is not the order its
        // customers were made in lists them in another order while sorted by created_at).
        const created = fx.own.filter((id) => mine.some((m) => m.id === id)).reverse();
        const k = mine.findIndex((m, i) => m.id !== created[i]);
        const from = Math.max(k, 0);
        ctx.ensure(
          k < 0,
          'the default order is not the reverse of creation',
          { position: from, newestFirst: created.slice(from, from + 3) },
          { position: from, listed: mine.slice(from, from + 3).map((m) => ({ id: m.id, created_at: m.created_at })) },
        );
        ctx.note(`our ${mine.length} customers carry distinct created_at values: their order was judged on them alone`);
      }
      // The whole list, within the page budget: every item walked newest first. Customers created
      // meanwhile are newer than the cursor and never come up behind it, so they cannot disorder it.
      // Pages of 25 (the default size), so that even a short list is walked across pages, each
      // continuing the default order from its cursor; the budget still covers 2,000 items.
      const whole = await walkList(ctx, fx.path, { limit: 25 }, { operationId: 'listCustomers', maxPages: 80 });
      if (whole.stoppedBecause)
        ctx.fail(
          `GET /customers without sort and order: the walk broke off: ${whole.stoppedBecause}`,
          'a walk that ends with has_more false or at the page budget',
          whole.stoppedBecause,
        );
      const badWhole = misordered(whole.items, 'created_at', 'desc', at);
      ctx.ensure(
        badWhole === undefined,
        `without sort and order the customer list is not created_at desc (judged on the ${whole.items.length} items walked)`,
        'created_at desc',
        badWhole,
      );
    },
  },
];

/**
 * The first pair of neighbours out of order, or undefined when the sequence is ordered (ties
 * allowed). Instants are read by `instant` (the contract's form; date-time strings by default).
 */
export function misordered(
  items: ListItem[],
  sort: string,
  order: string,
  instant: (v: unknown) => number = (v) => Date.parse(String(v)),
): { before: unknown; after: unknown } | undefined {
  const key = (i: ListItem) => (sort === 'name' ? String(i[sort]) : instant(i[sort]));
  for (let k = 1; k < items.length; k++) {
    const a = key(items[k - 1]);
    const b = key(items[k]);
    const ok = order === 'asc' ? a <= b : a >= b;
    if (!ok) return { before: { id: items[k - 1].id, [sort]: items[k - 1][sort] }, after: { id: items[k].id, [sort]: items[k][sort] } };
  }
  return undefined;
}
