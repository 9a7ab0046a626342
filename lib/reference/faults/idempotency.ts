import type { FaultInfo } from './info.js';

/** Faults of area idempotency: each breaks exactly one documented rule. */
export const idempotencyFaults = {
  'idempotency-key-ignored': { area: 'idempotency', breaks: 'a replayed Idempotency-Key creates a second resource' },
  'idempotency-key-reuse-accepted': { area: 'idempotency', breaks: 'the same Idempotency-Key with another body is processed' },
  'idempotency-replay-status-200': { area: 'idempotency', breaks: 'a replayed Idempotency-Key answers 200 instead of the status of the first answer' },
  'idempotency-key-ignored-on-uploads': { area: 'idempotency', breaks: 'document uploads ignore the Idempotency-Key: a replay stores a second document' },
  'idempotency-key-ignored-on-loans': { area: 'idempotency', breaks: 'POST /loans ignores the Idempotency-Key: a replay is processed again' },
  'idempotency-key-reuse-409': { area: 'idempotency', breaks: 'reusing an Idempotency-Key with another body is 409 instead of 422 idempotency_key_reused' },
  'idempotency-fingerprint-skips-multipart': {
    area: 'idempotency',
    breaks: "the request fingerprint ignores multipart bodies: an upload reusing a key with another file gets the first upload's answer",
  },
  'idempotency-key-ignored-on-biometrics': {
    area: 'idempotency',
    breaks: 'POST /customers/{id}/biometrics ignores the Idempotency-Key: a replay starts a second session',
  },
  'idempotency-key-ignored-on-credentials': {
    area: 'idempotency',
    breaks: 'POST /auth/credentials ignores the Idempotency-Key: a replay creates a second credential',
  },
  'idempotency-key-expires-early': {
    area: 'idempotency',
    breaks: 'an Idempotency-Key is forgotten after one hour instead of 24: a replay the same day is processed again',
  },
  'idempotency-key-never-expires': {
    area: 'idempotency',
    breaks: 'an Idempotency-Key is kept for ever instead of 24 hours: days later the key still refuses another body',
  },
  'idempotency-key-recorded-late': {
    area: 'idempotency',
    breaks: 'an Idempotency-Key is recorded only after its first answer, asynchronously: concurrent duplicates are processed again',
  },
  'reads-from-lagging-replica': {
    area: 'idempotency',
    breaks:
      'reads go to a replica a second behind its primary: a just-recorded Idempotency-Key and a just-registered CPF are both invisible, so concurrent duplicates each create a customer',
  },
  'idempotency-reuse-code-generic': {
    area: 'idempotency',
    breaks: 'reusing an Idempotency-Key with another body is a 422 whose code is `validation_failed`, not `idempotency_key_reused`',
  },
  'idempotency-reuse-refused-late': {
    area: 'idempotency',
    breaks: 'a key reused with another body is refused (422 idempotency_key_reused) only after the request was processed',
  },
  'idempotency-store-down': {
    area: 'idempotency',
    breaks: 'the Idempotency-Key store cannot be reached: every write that carries a key fails with 500',
  },
  'idempotency-replay-reprocessed': {
    area: 'idempotency',
    breaks: 'a replay runs the operation again and then answers with the stored first answer',
  },
  'idempotency-answer-outlives-key': {
    area: 'idempotency',
    breaks: "after 24 h a key's fingerprint is forgotten but its answer is not: the key with another body gets the old answer",
  },
} as const satisfies Record<string, FaultInfo>;
