import type { FaultInfo } from './info.js';

/** Faults of area pagination: each breaks exactly one documented rule. */
export const paginationFaults = {
  'pagination-skips-item': { area: 'pagination', breaks: 'walking starting_after skips one item' },
  'pagination-repeats-item': { area: 'pagination', breaks: 'the next page repeats the cursor item' },
  'has-more-wrong-on-last-page': { area: 'pagination', breaks: '`has_more` is true on the last page' },
  'limit-over-100-accepted': { area: 'pagination', breaks: 'limit=101 is silently accepted' },
  'order-ignored': { area: 'pagination', breaks: 'order=asc is ignored (always desc)' },
} as const satisfies Record<string, FaultInfo>;
