// Walks a cursor-paginated list (api-facts 1.8): same query + starting_after=<last id> until has_more is false.
import type { ApiClient, CheckContext } from '../checks/context.js';
import { expectStatus } from './http.js';

export async function readAll<T extends { id: string } = any>(
  ctx: CheckContext,
  path: string,
  query: Record<string, string | number | boolean | undefined> = {},
  opts: { api?: ApiClient; limit?: number; maxPages?: number } = {},
): Promise<T[]> {
  const api = opts.api ?? ctx.api;
  const maxPages = opts.maxPages ?? 200;
  const items: T[] = [];
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await api.request({ method: 'GET', path, query: { ...query, limit: opts.limit ?? 100, starting_after: cursor } });
    expectStatus(ctx, res, 200, `GET ${path} (page ${page + 1})`);
    const { data, has_more } = res.body ?? {};
    if (!Array.isArray(data) || typeof has_more !== 'boolean') ctx.fail(`GET ${path}: not a list envelope`, '{ data: [...], has_more: boolean }', res.body);
    items.push(...(data as T[]));
    if (!has_more) return items;
    const last = (data as T[])[data.length - 1];
    if (!last || typeof last.id !== 'string') ctx.fail(`GET ${path}: has_more is true but the page has no last id to continue from`, 'a non-empty page', res.body);
    if (cursors.has(last.id)) ctx.fail(`GET ${path}: the cursor ${last.id} came back twice; the walk would never end`, 'a new cursor per page', last.id);
    cursors.add(last.id);
    cursor = last.id;
  }
  ctx.fail(`GET ${path}: still has_more after ${maxPages} pages`, `at most ${maxPages} pages`, items.length);
}
