import type { FaultInfo } from './info.js';

/** Faults of area loans: each breaks exactly one documented rule. */
export const loansFaults = {
  'loan-skips-disbursing': { area: 'loans', breaks: 'a loan goes from signed straight to active' },
  'loan-leaves-finished': { area: 'loans', breaks: 'a finished loan can be moved again (to cancelled)' },
  'signing-url-missing': { area: 'loans', breaks: '`signing_url` stays null during awaiting_signatures' },
  'transactions-wrong-count': { area: 'loans', breaks: 'an active loan has one transaction fewer than its installments' },
} as const satisfies Record<string, FaultInfo>;
