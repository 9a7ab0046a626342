import type { FaultName } from '../../lib/reference/faults.js';

/** Each webhooks fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'webhook-wrong-secret', requirement: 'HOOK-SIGNATURE-VERIFIES' },
  { fault: 'webhook-id-changes-on-retry', requirement: 'HOOK-ID-STABLE-ON-RETRY' },
  { fault: 'webhook-stale-timestamp', requirement: 'HOOK-TIMESTAMP-FRESH' },
  { fault: 'webhook-payload-invalid', requirement: 'HOOK-PAYLOAD-SCHEMA' },
  { fault: 'webhook-disabled-still-delivers', requirement: 'HOOK-DISABLED-NO-DELIVERY' },
  { fault: 'webhook-secret-readable', requirement: 'HOOK-SECRET-SHOWN-ONCE' },
];
