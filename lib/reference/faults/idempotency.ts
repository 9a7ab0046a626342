import type { FaultInfo } from './info.js';

/** Faults of area idempotency: each breaks exactly one documented rule. */
export const idempotencyFaults = {
  'idempotency-key-ignored': { area: 'idempotency', breaks: 'a replayed Idempotency-Key creates a second resource' },
  'idempotency-key-reuse-accepted': { area: 'idempotency', breaks: 'the same Idempotency-Key with another body is processed' },
} as const satisfies Record<string, FaultInfo>;
