import type { FaultName } from '../../lib/reference/faults.js';

/** Each idempotency fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'idempotency-key-ignored', requirement: 'IDEM-REPLAY-SIMULATION' },
  { fault: 'idempotency-key-reuse-accepted', requirement: 'IDEM-KEY-REUSE-REFUSED' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-REPLAY-CUSTOMER' },
  { fault: 'idempotency-key-ignored-on-uploads', requirement: 'IDEM-REPLAY-DOCUMENT' },
  { fault: 'idempotency-key-ignored-on-loans', requirement: 'IDEM-REPLAY-LOAN' },
  { fault: 'idempotency-key-reuse-409', requirement: 'IDEM-KEY-REUSE-422' },
  { fault: 'idempotency-fingerprint-skips-multipart', requirement: 'IDEM-KEY-REUSE-UPLOAD-REFUSED' },
  { fault: 'idempotency-key-recorded-late', requirement: 'IDEM-CONCURRENT-ONE-RESOURCE' },
  { fault: 'idempotency-key-recorded-late', requirement: 'IDEM-CONCURRENT-ONE-SIMULATION' },
  { fault: 'idempotency-key-ignored-on-biometrics', requirement: 'IDEM-REPLAY-BIOMETRICS' },
  { fault: 'idempotency-key-ignored-on-credentials', requirement: 'IDEM-REPLAY-CREDENTIAL' },
  { fault: 'idempotency-key-expires-early', requirement: 'IDEM-KEY-KEPT-24H' },
  { fault: 'idempotency-key-never-expires', requirement: 'IDEM-KEY-EXPIRES-AFTER-24H' },
];
