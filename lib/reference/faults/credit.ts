import type { FaultInfo } from './info.js';

/** Faults of area credit: each breaks exactly one documented rule. */
export const creditFaults = {
  'simulation-total-inconsistent': { area: 'credit', breaks: 'total_loan_amount is not principal + interest + fees + IOF' },
  'stale-simulation-accepted': { area: 'credit', breaks: 'a loan is accepted from a simulation that is not the latest' },
  'loan-for-inactive-customer': { area: 'credit', breaks: 'a loan is accepted for a customer that is not active' },
} as const satisfies Record<string, FaultInfo>;
