import type { FaultName } from '../../lib/reference/faults.js';

/** Each loans fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'loan-skips-disbursing', requirement: 'LOAN-LIFECYCLE-LEGAL-STEPS' },
  { fault: 'loan-leaves-finished', requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL' },
  { fault: 'signing-url-missing', requirement: 'LOAN-FIELDS-BY-STATUS' },
  { fault: 'transactions-wrong-count', requirement: 'LOAN-TRANSACTIONS-SCHEDULE' },
];
