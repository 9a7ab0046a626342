import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each webhooks fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
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
  { fault: 'webhook-rotation-keeps-secret', requirement: 'HOOK-ROTATE-SECRET', reason: 'the rotated secret equals the old one' },
  { fault: 'webhook-patch-description-ignored', requirement: 'HOOK-ENDPOINT-UPDATE', reason: 'description not changed' },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  {
    fault: 'webhook-rotation-keeps-secret',
    requirement: 'HOOK-ROTATION-OLD-SECRET-EXPIRES',
    why: "the 'old' secret is still the current one, so it keeps signing past previous_secret_expires_at",
  },
  { fault: 'webhook-wrong-secret', requirement: 'HOOK-ID-STABLE-ON-RETRY', why: 'it verifies every delivery it judges' },
  { fault: 'webhook-wrong-secret', requirement: 'HOOK-FLOW-DELIVERIES-VALID', why: 'it verifies every delivery it judges' },
  { fault: 'webhook-wrong-secret', requirement: 'HOOK-ROTATE-SECRET', why: 'it verifies every delivery it judges' },
  { fault: 'webhook-wrong-secret', requirement: 'HOOK-ROTATION-GRACE-BOTH-SECRETS', why: 'it verifies every delivery it judges' },
  { fault: 'webhook-wrong-secret', requirement: 'HOOK-ROTATION-OLD-SECRET-EXPIRES', why: 'it verifies every delivery it judges' },
  {
    fault: 'webhook-stale-timestamp',
    requirement: 'HOOK-SIGNATURE-VERIFIES',
    why: 'Standard Webhooks verification refuses a timestamp more than 5 minutes old, so the delivery does not verify',
  },
  {
    fault: 'webhook-stale-timestamp',
    requirement: 'HOOK-ID-STABLE-ON-RETRY',
    why: 'Standard Webhooks verification refuses a timestamp more than 5 minutes old, so the delivery does not verify',
  },
  {
    fault: 'webhook-stale-timestamp',
    requirement: 'HOOK-FLOW-DELIVERIES-VALID',
    why: 'Standard Webhooks verification refuses a timestamp more than 5 minutes old, so the delivery does not verify',
  },
  { fault: 'webhook-payload-invalid', requirement: 'HOOK-FLOW-DELIVERIES-VALID', why: 'it validates every delivery of the journey, customer.created included' },
  {
    fault: 'webhook-read-expands-wildcards',
    requirement: 'HOOK-ENDPOINT-UPDATE',
    why: 'it reads the endpoint back after the PATCH and compares events as sent',
  },
  {
    fault: 'webhook-delete-200-with-body',
    requirement: 'HOOK-DELETED-ENDPOINT-NO-DELIVERY',
    why: 'it deletes the endpoint first and expects the documented 204',
  },
  {
    fault: 'webhook-rotation-new-secret-unused',
    requirement: 'HOOK-ROTATION-GRACE-BOTH-SECRETS',
    why: 'during the grace period the new secret must verify too',
  },
];
