import type { FaultName } from '../../lib/reference/faults.js';

/** Each webhooks fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'webhook-wrong-secret', requirement: 'HOOK-SIGNATURE-VERIFIES' },
  { fault: 'webhook-id-changes-on-retry', requirement: 'HOOK-ID-STABLE-ON-RETRY' },
  { fault: 'webhook-stale-timestamp', requirement: 'HOOK-TIMESTAMP-FRESH' },
  { fault: 'webhook-payload-invalid', requirement: 'HOOK-PAYLOAD-SCHEMA' },
  { fault: 'webhook-disabled-still-delivers', requirement: 'HOOK-DISABLED-NO-DELIVERY' },
  { fault: 'webhook-secret-readable', requirement: 'HOOK-SECRET-SHOWN-ONCE' },
  { fault: 'webhook-secret-short', requirement: 'HOOK-ENDPOINT-CREATE' },
  { fault: 'webhook-read-expands-wildcards', requirement: 'HOOK-ENDPOINT-READ' },
  { fault: 'webhook-patch-events-ignored', requirement: 'HOOK-ENDPOINT-UPDATE' },
  { fault: 'webhook-delete-200-with-body', requirement: 'HOOK-ENDPOINT-DELETE' },
  { fault: 'webhook-deleted-still-delivers', requirement: 'HOOK-DELETED-ENDPOINT-NO-DELIVERY' },
  { fault: 'webhook-unknown-event-accepted', requirement: 'HOOK-UNKNOWN-EVENT-REFUSED' },
  { fault: 'webhook-id-with-dot', requirement: 'HOOK-HEADERS' },
  { fault: 'webhook-id-per-endpoint', requirement: 'HOOK-ID-DISTINCT' },
  { fault: 'webhook-no-retry', requirement: 'HOOK-RETRY-ON-FAILURE' },
  { fault: 'webhook-wildcard-matches-all', requirement: 'HOOK-EVENTS-FILTER' },
  { fault: 'webhook-loan-active-without-net-amount', requirement: 'HOOK-FLOW-DELIVERIES-VALID' },
  { fault: 'webhook-rotation-new-secret-unused', requirement: 'HOOK-ROTATE-SECRET' },
  { fault: 'webhook-rotation-no-grace', requirement: 'HOOK-ROTATION-GRACE-BOTH-SECRETS' },
  { fault: 'webhook-old-secret-never-expires', requirement: 'HOOK-ROTATION-OLD-SECRET-EXPIRES' },
  { fault: 'deleted-endpoint-listed', requirement: 'HOOK-ENDPOINT-DELETE' },
];
