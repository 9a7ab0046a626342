// Cursor pagination shared by every list: `starting_after` is the id of the last item of the
// previous page, `limit` is 1..100 (default 25), the answer is `{data, has_more}`.

import type { FaultName } from './faults.js';
import { ApiError, validationError } from './problem.js';

export interface Page<T> {
  data: T[];
  has_more: boolean;
}

export interface PaginateOptions {
  /** Id prefix of the listed resource; a cursor of another shape is malformed. */
  cursorPattern: RegExp;
  has(name: FaultName): boolean;
}

export function parseLimit(raw: unknown, has: (name: FaultName) => boolean): number {
  // Fault `limit-required`: `limit` is treated as required, so a list without it is refused.
  if (raw === undefined && has('limit-required')) throw validationError([{ field: 'limit', message: 'is required' }]);
  // Fault `no-limit-returns-all`: an absent `limit` is read as "no limit", so the whole list is one page.
  if (raw === undefined && has('no-limit-returns-all')) return Number.POSITIVE_INFINITY;
  if (raw === undefined) return has('default-limit-10') ? 10 : 25;
  const text = Array.isArray(raw) ? raw[0] : raw;
  const max = has('limit-over-100-accepted') ? 1000 : 100;
  // Fault `limit-parsed-leniently`: the limit is read with parseInt, so `4.5` or `7abc` pass as 4 or 7.
  if (has('limit-parsed-leniently') && typeof text === 'string' && /^\d/.test(text)) {
    const n = Number.parseInt(text, 10);
    if (n >= 1 && n <= max) return n;
  }
  // Fault `limit-zero-accepted`: a limit of 0 is read as the default page size.
  if (has('limit-zero-accepted') && text === '0') return 25;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw validationError([{ field: 'limit', message: 'must be an integer from 1 to 100' }], 'limit must be an integer from 1 to 100.');
  }
  return Number(text);
}

/** One page of `items` (already filtered and sorted) after the cursor in `query`. */
export function paginate<T extends { id: string }>(items: readonly T[], query: Record<string, unknown>, opts: PaginateOptions): Page<T> {
  const limit = parseLimit(query.limit, opts.has);
  let start = 0;
  const cursor = query.starting_after;
  if (cursor !== undefined) {
    const malformed = typeof cursor !== 'string' || !opts.cursorPattern.test(cursor);
    if (malformed && opts.has('malformed-cursor-ignored')) return page(items, 0, limit, opts);
    if (malformed) {
      throw new ApiError(400, 'invalid_cursor', 'Invalid cursor', 'starting_after is not an id of this list.', [
        { field: 'starting_after', message: 'must be the id of an item of this list' },
      ]);
    }
    const index = items.findIndex((item) => item.id === cursor);
    if (index < 0 && opts.has('unknown-cursor-empty-page')) return { data: [], has_more: false };
    if (index < 0) {
      throw new ApiError(400, 'invalid_cursor', 'Unknown cursor', 'starting_after names no item of this list.', [
        { field: 'starting_after', message: 'no item of this list has this id' },
      ]);
    }
    start = index + 1;
    // Fault `cursor-ignored`: the cursor is checked but never applied, so every page is the first one.
    if (opts.has('cursor-ignored')) start = 0;
    if (opts.has('pagination-skips-item')) start += 1;
    if (opts.has('pagination-repeats-item')) start -= 1;
  }
  const result = page(items, start, limit, opts);
  // Fault `has-more-false-without-limit`: has_more is computed against the `limit` parameter as sent, so
  // without one the comparison is with NaN and every page says it is the last.
  if (query.limit === undefined && opts.has('has-more-false-without-limit')) result.has_more = false;
  return result;
}

function page<T>(items: readonly T[], start: number, limit: number, opts: PaginateOptions): Page<T> {
  // Fault `limit-plus-one-returned`: the look-ahead item fetched to know `has_more` is not trimmed.
  const data = items.slice(start, start + limit + (opts.has('limit-plus-one-returned') ? 1 : 0));
  let hasMore = start + data.length < items.length;
  // Only the page holding the last item lies, so a walker still meets an honest empty page after it.
  if (opts.has('has-more-wrong-on-last-page') && !hasMore && data.length > 0) hasMore = true;
  return { data, has_more: hasMore };
}
