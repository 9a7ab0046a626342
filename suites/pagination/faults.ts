import type { FaultName } from '../../lib/reference/faults.js';

/** Each pagination fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'pagination-skips-item', requirement: 'PAGE-WALK-EXACTLY-ONCE' },
  { fault: 'pagination-repeats-item', requirement: 'PAGE-WALK-EXACTLY-ONCE' },
  { fault: 'has-more-wrong-on-last-page', requirement: 'PAGE-HAS-MORE-LAST-PAGE' },
  { fault: 'limit-over-100-accepted', requirement: 'PAGE-LIMIT-BOUNDS' },
  { fault: 'order-ignored', requirement: 'PAGE-SORT-ORDER' },
  { fault: 'limit-plus-one-returned', requirement: 'PAGE-LIMIT-RESPECTED' },
  { fault: 'default-limit-10', requirement: 'PAGE-DEFAULT-LIMIT' },
  { fault: 'malformed-cursor-ignored', requirement: 'PAGE-MALFORMED-CURSOR' },
  { fault: 'unknown-cursor-empty-page', requirement: 'PAGE-UNKNOWN-CURSOR' },
  { fault: 'default-order-asc', requirement: 'PAGE-DEFAULT-ORDER' },
];
