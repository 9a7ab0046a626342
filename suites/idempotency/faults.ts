import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each idempotency fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
  { fault: 'idempotency-key-ignored', requirement: 'IDEM-REPLAY-SIMULATION' },
  { fault: 'idempotency-key-reuse-accepted', requirement: 'IDEM-KEY-REUSE-REFUSED' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-REPLAY-CUSTOMER' },
  { fault: 'idempotency-key-ignored-on-uploads', requirement: 'IDEM-REPLAY-DOCUMENT' },
  { fault: 'idempotency-key-ignored-on-loans', requirement: 'IDEM-REPLAY-LOAN' },
  { fault: 'idempotency-key-reuse-409', requirement: 'IDEM-KEY-REUSE-422' },
  { fault: 'idempotency-fingerprint-skips-multipart', requirement: 'IDEM-KEY-REUSE-UPLOAD-REFUSED' },
  { fault: 'idempotency-key-recorded-late', requirement: 'IDEM-CONCURRENT-ONE-RESOURCE' },
  { fault: 'idempotency-key-recorded-late', requirement: 'IDEM-CONCURRENT-ONE-SIMULATION' },
  { fault: 'reads-from-lagging-replica', requirement: 'IDEM-CONCURRENT-ONE-RESOURCE', reason: 'every successful answer must name the same customer' },
  { fault: 'idempotency-key-ignored-on-biometrics', requirement: 'IDEM-REPLAY-BIOMETRICS' },
  { fault: 'idempotency-key-ignored-on-credentials', requirement: 'IDEM-REPLAY-CREDENTIAL' },
  { fault: 'idempotency-key-expires-early', requirement: 'IDEM-KEY-KEPT-24H' },
  { fault: 'idempotency-key-never-expires', requirement: 'IDEM-KEY-EXPIRES-AFTER-24H' },
  { fault: 'idempotency-reuse-code-generic', requirement: 'IDEM-KEY-REUSE-422', reason: 'the problem code must be idempotency_key_reused' },
  {
    fault: 'idempotency-reuse-refused-late',
    requirement: 'IDEM-KEY-REUSE-REFUSED',
    reason: 'the refused request must not have created its customer',
  },
  { fault: 'idempotency-store-down', requirement: 'IDEM-REPLAY-CUSTOMER', reason: 'POST /customers with a new Idempotency-Key' },
  { fault: 'idempotency-store-down', requirement: 'IDEM-KEY-KEPT-24H', reason: 'POST /customers with a new Idempotency-Key' },
  { fault: 'idempotency-store-down', requirement: 'IDEM-REPLAY-CREDENTIAL', reason: 'POST /auth/credentials with a new Idempotency-Key' },
  { fault: 'idempotency-replay-reprocessed', requirement: 'IDEM-REPLAY-CREDENTIAL', reason: 'the replay must not create a second credential' },
  {
    fault: 'idempotency-replay-reprocessed',
    requirement: 'IDEM-REPLAY-SIMULATION',
    reason: 'contract the replayed (still latest) simulation',
  },
  { fault: 'idempotency-answer-outlives-key', requirement: 'IDEM-KEY-EXPIRES-AFTER-24H', reason: 'the new registration exists' },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  ...(
    [
      ['IDEM-REPLAY-DOCUMENT', 'its upload carries a key'],
      ['IDEM-REPLAY-SIMULATION', 'its simulation carries a key'],
      ['IDEM-REPLAY-LOAN', 'its loan request carries a key'],
      ['IDEM-REPLAY-BIOMETRICS', 'its biometrics session carries a key'],
      ['IDEM-KEY-REUSE-REFUSED', 'its first registration carries a key'],
      ['IDEM-KEY-REUSE-422', 'its first registration carries a key'],
      ['IDEM-KEY-REUSE-UPLOAD-REFUSED', 'its first upload carries a key'],
      ['IDEM-CONCURRENT-ONE-RESOURCE', 'its registrations carry a key'],
      ['IDEM-CONCURRENT-ONE-SIMULATION', 'its simulations carry a key'],
      ['IDEM-KEY-EXPIRES-AFTER-24H', 'its first registration carries a key'],
    ] as const
  ).map(([requirement, what]) => ({
    fault: 'idempotency-store-down' as const,
    requirement,
    why: `every keyed write answers 500, and ${what} (on the sdk revision so do its KYC set-up steps)`,
  })),
  {
    fault: 'idempotency-key-ignored',
    requirement: 'IDEM-REPLAY-BIOMETRICS',
    why: 'the key is ignored on every operation, so each replay or reuse rule breaks',
  },
  {
    fault: 'idempotency-key-ignored',
    requirement: 'IDEM-REPLAY-CREDENTIAL',
    why: 'the key is ignored on every operation, so each replay or reuse rule breaks',
  },
  { fault: 'idempotency-key-ignored', requirement: 'IDEM-KEY-KEPT-24H', why: 'the key is ignored on every operation, so each replay or reuse rule breaks' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-REPLAY-CREDENTIAL', why: 'every replay answers 200, whatever its first status' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-KEY-KEPT-24H', why: 'every replay answers 200, whatever its first status' },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-REPLAY-BIOMETRICS',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-REPLAY-CREDENTIAL',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-KEY-KEPT-24H',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  { fault: 'idempotency-key-ignored', requirement: 'IDEM-REPLAY-CUSTOMER', why: 'the key is ignored on every operation, so each replay or reuse rule breaks' },
  { fault: 'idempotency-key-ignored', requirement: 'IDEM-REPLAY-DOCUMENT', why: 'the key is ignored on every operation, so each replay or reuse rule breaks' },
  { fault: 'idempotency-key-ignored', requirement: 'IDEM-REPLAY-LOAN', why: 'the key is ignored on every operation, so each replay or reuse rule breaks' },
  {
    fault: 'idempotency-key-ignored',
    requirement: 'IDEM-KEY-REUSE-REFUSED',
    why: 'the key is ignored on every operation, so each replay or reuse rule breaks',
  },
  { fault: 'idempotency-key-ignored', requirement: 'IDEM-KEY-REUSE-422', why: 'the key is ignored on every operation, so each replay or reuse rule breaks' },
  {
    fault: 'idempotency-key-ignored',
    requirement: 'IDEM-KEY-REUSE-UPLOAD-REFUSED',
    why: 'the key is ignored on every operation, so each replay or reuse rule breaks',
  },
  {
    fault: 'idempotency-key-ignored',
    requirement: 'IDEM-CONCURRENT-ONE-RESOURCE',
    why: 'the key is ignored on every operation, so each replay or reuse rule breaks',
  },
  {
    fault: 'idempotency-key-ignored',
    requirement: 'IDEM-CONCURRENT-ONE-SIMULATION',
    why: 'the key is ignored on every operation, so each replay or reuse rule breaks',
  },
  { fault: 'idempotency-key-reuse-accepted', requirement: 'IDEM-KEY-REUSE-422', why: 'reuse with another body is processed on every operation' },
  { fault: 'idempotency-key-reuse-accepted', requirement: 'IDEM-KEY-REUSE-UPLOAD-REFUSED', why: 'reuse with another body is processed on every operation' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-REPLAY-DOCUMENT', why: 'every replay answers 200, whatever its first status' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-REPLAY-SIMULATION', why: 'every replay answers 200, whatever its first status' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-REPLAY-LOAN', why: 'every replay answers 200, whatever its first status' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-CONCURRENT-ONE-RESOURCE', why: 'every replay answers 200, whatever its first status' },
  { fault: 'idempotency-replay-status-200', requirement: 'IDEM-CONCURRENT-ONE-SIMULATION', why: 'every replay answers 200, whatever its first status' },
  {
    fault: 'idempotency-key-ignored-on-uploads',
    requirement: 'IDEM-KEY-REUSE-UPLOAD-REFUSED',
    why: 'an upload reusing a key is processed as new when uploads ignore keys',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-REPLAY-CUSTOMER',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-REPLAY-DOCUMENT',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-REPLAY-SIMULATION',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-REPLAY-LOAN',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-KEY-REUSE-REFUSED',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-KEY-REUSE-422',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  {
    fault: 'idempotency-key-recorded-late',
    requirement: 'IDEM-KEY-REUSE-UPLOAD-REFUSED',
    why: 'the key is recorded asynchronously after the answer, so a quick replay or reuse is processed again',
  },
  // A lagging replica hides every just-recorded key, as recorded-late does, and every just-made customer too.
  ...(
    [
      'IDEM-REPLAY-CUSTOMER',
      'IDEM-REPLAY-DOCUMENT',
      'IDEM-REPLAY-SIMULATION',
      'IDEM-REPLAY-LOAN',
      'IDEM-REPLAY-BIOMETRICS',
      'IDEM-REPLAY-CREDENTIAL',
      'IDEM-KEY-REUSE-REFUSED',
      'IDEM-KEY-REUSE-422',
      'IDEM-KEY-REUSE-UPLOAD-REFUSED',
      'IDEM-CONCURRENT-ONE-SIMULATION',
      'IDEM-KEY-KEPT-24H',
    ] as const
  ).map((requirement) => ({
    fault: 'reads-from-lagging-replica' as const,
    requirement,
    why: 'a key is read a second after it was recorded, so a quick replay, reuse or concurrent duplicate is processed again',
  })),
];
