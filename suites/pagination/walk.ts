// Walks a cursor-paginated list page by page (api-facts 1.8: same query plus starting_after=<id of
// the last item> until has_more is false) and keeps every page, so each pagination rule can be
// judged on the same walk. It never loops forever: a repeated cursor or an empty page that still
// says has_more ends the walk, and the checks judge what was seen. Nor is it unbounded: a shared
// sandbox may hold tens of thousands of items, so a page budget ends the walk (`cut`, noted), and
// the checks judge only the prefix they walked.
import type { ApiResponse, CheckContext } from '../../lib/checks/context.js';
import { cutNote, LIST_BUDGET } from '../../lib/flows/pages.js';

/** One listed item as the target wrote it (judged by the checks member by member). */
export type ListItem = Record<string, unknown>;

export interface Page {
  res: ApiResponse;
  data: ListItem[];
  hasMore: boolean;
  startingAfter?: string;
}

export interface Walk {
  pages: Page[];
  /** Items in the order they were listed. */
  items: ListItem[];
  /** Why the walk stopped before has_more said false because of the target, if it did. */
  stoppedBecause?: string;
  /** The page budget ended the walk while the target still said has_more (not the target's fault): `items` is a prefix. */
  cut?: boolean;
}

/** Page budget of a walk (20 pages: 2,000 items at limit 100). */
export const MAX_PAGES = LIST_BUDGET.pages;

/** The id a list item is paged by (credentials are paged by client id). */
export function cursorOf(item: unknown): string | undefined {
  const { id, client_id } = (item !== null && typeof item === 'object' ? item : {}) as { id?: unknown; client_id?: unknown };
  return typeof id === 'string' ? id : typeof client_id === 'string' ? client_id : undefined;
}

export interface WalkOptions {
  operationId?: string;
  maxPages?: number;
  /**
   * Whether an item still exists. Other checks delete their own items (webhook endpoints) while we
   * walk; when a page is refused because its cursor item was deleted meanwhile, the walk starts over
   * (at most twice) instead of blaming the target.
   */
  exists?: (id: string) => Promise<boolean>;
}

export async function walkList(ctx: CheckContext, path: string, query: Record<string, string | number | undefined>, opts: WalkOptions = {}): Promise<Walk> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await walkOnce(ctx, path, query, opts);
    } catch (e) {
      if (!(e instanceof CursorVanished) || attempt >= 2) throw e instanceof CursorVanished ? e.original : e;
      ctx.note(`walk of ${path} restarted: its cursor ${e.cursor} was deleted by someone else meanwhile`);
    }
  }
}

class CursorVanished extends Error {
  constructor(
    readonly cursor: string,
    readonly original: unknown,
  ) {
    super(`cursor ${cursor} vanished`);
  }
}

async function walkOnce(ctx: CheckContext, path: string, query: Record<string, string | number | undefined>, opts: WalkOptions): Promise<Walk> {
  const pages: Page[] = [];
  const items: ListItem[] = [];
  const cursors = new Set<string>();
  let startingAfter: string | undefined;
  for (let n = 0; n < (opts.maxPages ?? MAX_PAGES); n++) {
    const res = await ctx.api.request({ method: 'GET', path, query: { ...query, starting_after: startingAfter } });
    if (res.status !== 200 && startingAfter && opts.exists && !(await opts.exists(startingAfter))) {
      throw new CursorVanished(startingAfter, new Error(`GET ${path}: page ${n + 1} refused after its cursor vanished`));
    }
    ctx.ensure(res.status === 200, `GET ${path} (page ${n + 1}) failed`, 200, { status: res.status, body: res.body });
    if (opts.operationId) {
      const v = ctx.validateResponse(opts.operationId, res);
      ctx.ensure(v.valid, `GET ${path} (page ${n + 1}) does not match the contract`, 'a valid list envelope', v.errors);
    }
    const data = res.body?.data;
    const hasMore = res.body?.has_more;
    ctx.ensure(Array.isArray(data) && typeof hasMore === 'boolean', `GET ${path}: not a list envelope`, '{ data: [...], has_more: boolean }', res.body);
    pages.push({ res, data, hasMore, startingAfter });
    items.push(...data);
    if (!hasMore) return { pages, items };
    if (data.length === 0) return { pages, items, stoppedBecause: 'an empty page said has_more: true' };
    const next = cursorOf(data[data.length - 1]);
    if (!next) return { pages, items, stoppedBecause: 'the last item of a page has no id to continue from' };
    if (cursors.has(next)) return { pages, items, stoppedBecause: `the cursor ${next} came back; the walk would never end` };
    cursors.add(next);
    startingAfter = next;
  }
  const budget = opts.maxPages ?? MAX_PAGES;
  const q = Object.entries(query)
    .filter(([k, v]) => v !== undefined && k !== 'limit')
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  ctx.note(cutNote(`GET ${path}${q ? `?${q}` : ''}`, items.length, budget, Number(query.limit ?? 25)));
  return { pages, items, cut: true };
}
