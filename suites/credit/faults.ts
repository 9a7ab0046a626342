import type { FaultName } from '../../lib/reference/faults.js';

/** Each credit fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'simulation-total-inconsistent', requirement: 'CREDIT-SIMULATION-CONSISTENT' },
  { fault: 'stale-simulation-accepted', requirement: 'CREDIT-LATEST-SIMULATION-ONLY' },
  { fault: 'loan-for-inactive-customer', requirement: 'CREDIT-LOAN-NEEDS-ACTIVE-CUSTOMER' },
];
