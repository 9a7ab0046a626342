import type { FaultName } from '../../lib/reference/faults.js';

/** Each idempotency fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'idempotency-key-ignored', requirement: 'IDEM-REPLAY-SIMULATION' },
  { fault: 'idempotency-key-reuse-accepted', requirement: 'IDEM-KEY-REUSE-REFUSED' },
];
