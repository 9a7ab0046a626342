import type { FaultInfo } from './info.js';

/** Faults of area pagination: each breaks exactly one documented rule. */
export const paginationFaults = {
  'pagination-skips-item': { area: 'pagination', breaks: 'walking starting_after skips one item' },
  'pagination-repeats-item': { area: 'pagination', breaks: 'the next page repeats the cursor item' },
  'has-more-wrong-on-last-page': { area: 'pagination', breaks: '`has_more` is true on the last page' },
  'limit-over-100-accepted': { area: 'pagination', breaks: 'limit=101 is silently accepted' },
  'order-ignored': { area: 'pagination', breaks: 'order=asc is ignored (always desc)' },
  'limit-plus-one-returned': { area: 'pagination', breaks: 'a page holds limit + 1 items (the look-ahead item is not trimmed)' },
  'default-limit-10': { area: 'pagination', breaks: 'without `limit` a page holds 10 items, not 25' },
  'malformed-cursor-ignored': { area: 'pagination', breaks: 'a malformed `starting_after` is ignored (the first page is returned)' },
  'unknown-cursor-empty-page': { area: 'pagination', breaks: 'a well-formed `starting_after` naming no item gives an empty page, not 400' },
  'default-order-asc': { area: 'pagination', breaks: 'without `order` the customer list is oldest first' },
  'default-order-only-when-filtered': {
    area: 'pagination',
    breaks:
      'the default order (created_at desc) is applied only to a filtered customer list: without filter, sort or order the list comes in storage order, oldest first',
  },
  'created-at-node-local-time': {
    area: 'pagination',
    breaks:
      'every other customer is registered by a node that writes its local time (UTC-3) as UTC: its created_at reads three hours early, so newest first by created_at is not newest first',
  },
  'has-more-false-without-limit': {
    area: 'pagination',
    breaks: 'without `limit`, `has_more` is false on every page (computed against the absent parameter, not the default 25)',
  },
  'no-limit-returns-all': {
    area: 'pagination',
    breaks: 'without `limit` the whole list comes back in one page with has_more false (the absent limit read as "no limit", not 25)',
  },
  'cursor-ignored': {
    area: 'pagination',
    breaks: 'a valid `starting_after` is checked but never applied: every page is the first page, so a walk never reaches the end',
  },
  'limit-required': { area: 'pagination', breaks: 'a list without `limit` is refused (422) instead of using the default 25' },
} as const satisfies Record<string, FaultInfo>;
