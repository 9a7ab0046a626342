import type { FaultName } from '../../lib/reference/faults.js';

/** Each loans fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'loan-skips-disbursing', requirement: 'LOAN-LIFECYCLE-LEGAL-STEPS' },
  { fault: 'loan-leaves-finished', requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL' },
  { fault: 'loan-reused-by-offer', requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL' },
  { fault: 'signing-url-missing', requirement: 'LOAN-FIELDS-BY-STATUS' },
  { fault: 'transactions-wrong-count', requirement: 'LOAN-TRANSACTIONS-SCHEDULE' },
  { fault: 'loan-location-missing', requirement: 'LOAN-CREATE-201' },
  { fault: 'disbursing-loan-not-cancellable', requirement: 'LOAN-CANCEL-OR-ERROR-BEFORE-ACTIVE' },
  { fault: 'loan-not-finished-when-paid', requirement: 'LOAN-PAYMENTS' },
  { fault: 'awaiting-signatures-event-missing', requirement: 'LOAN-EVENTS-ORDER' },
  { fault: 'cancelled-event-stale-status', requirement: 'LOAN-EVENTS-TERMINAL' },
  { fault: 'unknown-loan-transactions-empty', requirement: 'LOAN-UNKNOWN-404' },
];
