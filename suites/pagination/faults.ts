import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each pagination fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
  { fault: 'pagination-skips-item', requirement: 'PAGE-WALK-EXACTLY-ONCE' },
  { fault: 'pagination-repeats-item', requirement: 'PAGE-WALK-EXACTLY-ONCE' },
  { fault: 'has-more-wrong-on-last-page', requirement: 'PAGE-HAS-MORE-LAST-PAGE' },
  { fault: 'limit-over-100-accepted', requirement: 'PAGE-LIMIT-BOUNDS' },
  { fault: 'order-ignored', requirement: 'PAGE-SORT-ORDER' },
  { fault: 'limit-plus-one-returned', requirement: 'PAGE-LIMIT-RESPECTED' },
  { fault: 'default-limit-10', requirement: 'PAGE-DEFAULT-LIMIT' },
  { fault: 'malformed-cursor-ignored', requirement: 'PAGE-MALFORMED-CURSOR' },
  { fault: 'unknown-cursor-empty-page', requirement: 'PAGE-UNKNOWN-CURSOR' },
  { fault: 'default-order-asc', requirement: 'PAGE-DEFAULT-ORDER', reason: 'the default order is not created_at desc' },
  {
    fault: 'default-order-only-when-filtered',
    requirement: 'PAGE-DEFAULT-ORDER',
    reason: 'without sort and order the customer list is not created_at desc (judged on the',
  },
  { fault: 'created-at-node-local-time', requirement: 'PAGE-DEFAULT-ORDER', reason: 'the default order is not the reverse of creation' },
  {
    fault: 'has-more-false-without-limit',
    requirement: 'PAGE-DEFAULT-LIMIT',
    reason: 'with more than 25 customers the first page must hold 25 and say has_more',
  },
  { fault: 'limit-required', requirement: 'PAGE-DEFAULT-LIMIT', reason: 'without limit failed' },
  { fault: 'no-limit-returns-all', requirement: 'PAGE-DEFAULT-LIMIT', reason: 'the default page holds more than 25 items' },
  { fault: 'cursor-ignored', requirement: 'PAGE-WALK-EXACTLY-ONCE' },
  { fault: 'cursor-ignored', requirement: 'PAGE-HAS-MORE-LAST-PAGE', reason: 'came back; the walk would never end' },
  { fault: 'cursor-ignored', requirement: 'PAGE-DEFAULT-ORDER', reason: 'GET /customers without sort and order: the walk broke off' },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  {
    fault: 'limit-required',
    requirement: 'PAGE-UNKNOWN-CURSOR',
    why: 'it sends starting_after without limit, so the missing limit is refused (422) before the cursor is read',
  },
  {
    fault: 'pagination-skips-item',
    requirement: 'PAGE-HAS-MORE-LAST-PAGE',
    why: 'the walk it makes to the last page skips an item, so the page counts disagree',
  },
  { fault: 'pagination-skips-item', requirement: 'PAGE-SORT-ORDER', why: 'it walks the list to find every item it made, and one is skipped' },
  { fault: 'pagination-repeats-item', requirement: 'PAGE-HAS-MORE-LAST-PAGE', why: 'a page repeating its cursor item never runs out where the walk expects' },
  { fault: 'pagination-repeats-item', requirement: 'PAGE-SORT-ORDER', why: 'it walks the list to find every item it made, and the walk is broken' },
  {
    fault: 'has-more-wrong-on-last-page',
    requirement: 'PAGE-DEFAULT-LIMIT',
    why: 'it walks a short list and reads has_more to know whether the default page is full',
  },
  { fault: 'limit-plus-one-returned', requirement: 'PAGE-DEFAULT-LIMIT', why: 'the default page holds 25 + 1 items' },
  { fault: 'cursor-ignored', requirement: 'PAGE-SORT-ORDER', why: 'it walks the list to find every item it made, and the walk never gets past the first page' },
];
