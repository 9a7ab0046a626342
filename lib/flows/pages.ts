// Walks a cursor-paginated list (api-facts 1.8): same query + starting_after=<last id> until has_more
// is false, or until the page budget is spent. A shared sandbox may hold tens of thousands of items
// (other runs', other partners' customers), so no walk is unbounded: when the budget cuts it, the
// walk says so in a note and returns the prefix it saw, which is all a caller may judge.

import type { ApiClient, CheckContext } from '../checks/context.js';
import { precondition } from '../checks/preconditions.js';
import { expectStatus } from './http.js';
import { memberOf } from './json.js';

/** The default page budget of a list walk: 20 pages of 100 items. */
export const LIST_BUDGET = { pages: 20, limit: 100 } as const;

export interface ListWalk<T> {
  /** Every item seen, in the order listed. */
  items: T[];
  /** The budget ended the walk while the target still said has_more: `items` is a prefix of the list. */
  cut: boolean;
  pages: number;
}

export interface ReadOptions {
  api?: ApiClient;
  /** Items per page (default 100). */
  limit?: number;
  /** Page budget (default 20). */
  maxPages?: number;
}

function describeQuery(path: string, query: Record<string, unknown>): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
  return q ? `${path}?${q}` : path;
}

/** The words a cut walk leaves in the evidence. */
export function cutNote(what: string, seen: number, pages: number, limit: number): string {
  return `${what}: walked the first ${seen} items of ${seen}+ (a budget of ${pages} pages × ${limit}); the list is longer than the bound, so only that prefix is judged`;
}

/** Reads a list page by page within the budget; notes when the budget cut it. */
export const readList = precondition(async function readList<T extends { id: string } = { id: string }>(
  ctx: CheckContext,
  path: string,
  query: Record<string, string | number | boolean | undefined> = {},
  opts: ReadOptions = {},
): Promise<ListWalk<T>> {
  const api = opts.api ?? ctx.api;
  const maxPages = Math.max(1, opts.maxPages ?? LIST_BUDGET.pages);
  const limit = opts.limit ?? LIST_BUDGET.limit;
  const items: T[] = [];
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await api.request<{ data?: unknown; has_more?: unknown } | null>({ method: 'GET', path, query: { ...query, limit, starting_after: cursor } });
    expectStatus(ctx, res, 200, `GET ${path} (page ${page + 1})`);
    const { data, has_more } = res.body ?? {};
    ctx.ensure(Array.isArray(data) && typeof has_more === 'boolean', `GET ${path}: not a list envelope`, '{ data: [...], has_more: boolean }', res.body);
    items.push(...(data as T[]));
    if (!has_more) return { items, cut: false, pages: page + 1 };
    // Items are paged by their id (credentials by client_id where they have no id).
    const last: unknown = (data as unknown[])[(data as unknown[]).length - 1];
    const id = memberOf(last, 'id');
    const clientId = memberOf(last, 'client_id');
    const next = typeof id === 'string' ? id : typeof clientId === 'string' ? clientId : undefined;
    ctx.ensure(next !== undefined, `GET ${path}: has_more is true but the page has no last id to continue from`, 'a non-empty page', res.body);
    ctx.ensure(!cursors.has(next), `GET ${path}: the cursor ${next} came back twice; the walk would never end`, 'a new cursor per page', next);
    cursors.add(next);
    cursor = next;
  }
  ctx.note(cutNote(`GET ${describeQuery(path, query)}`, items.length, maxPages, limit));
  return { items, cut: true, pages: maxPages };
});

/** The items of a list, or the prefix the page budget allows (noted when cut). */
export const readAll = precondition(async function readAll<T extends { id: string } = { id: string }>(
  ctx: CheckContext,
  path: string,
  query: Record<string, string | number | boolean | undefined> = {},
  opts: ReadOptions = {},
): Promise<T[]> {
  return (await readList<T>(ctx, path, query, opts)).items;
});
