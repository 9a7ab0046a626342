import type { FaultInfo } from './info.js';

/** Faults of area webhooks: each breaks exactly one documented rule. */
export const webhooksFaults = {
  'webhook-wrong-secret': { area: 'webhooks', breaks: "deliveries are signed with a secret other than the endpoint's" },
  'webhook-id-changes-on-retry': { area: 'webhooks', breaks: 'a retried delivery carries a new webhook-id' },
  'webhook-stale-timestamp': { area: 'webhooks', breaks: 'webhook-timestamp is 10 minutes in the past' },
  'webhook-payload-invalid': { area: 'webhooks', breaks: 'customer.created events lack `data.external_id`' },
  'webhook-disabled-still-delivers': { area: 'webhooks', breaks: 'an endpoint with status disabled still receives events' },
  'webhook-secret-readable': { area: 'webhooks', breaks: 'GET /webhooks/endpoints/{id} returns the secret' },
  'webhook-secret-short': { area: 'webhooks', breaks: "a new endpoint's signing secret holds only 8 bytes of key" },
  'webhook-read-expands-wildcards': { area: 'webhooks', breaks: 'GET /webhooks/endpoints/{id} returns `resource.*` expanded into event names' },
  'webhook-patch-events-ignored': { area: 'webhooks', breaks: 'PATCH /webhooks/endpoints/{id} ignores `events`' },
  'webhook-delete-200-with-body': { area: 'webhooks', breaks: 'DELETE /webhooks/endpoints/{id} answers 200 with a body, not 204' },
  'webhook-deleted-still-delivers': { area: 'webhooks', breaks: 'a deleted endpoint still receives events' },
  'webhook-unknown-event-accepted': { area: 'webhooks', breaks: 'an endpoint may subscribe to an event name outside the catalogue' },
  'webhook-id-with-dot': { area: 'webhooks', breaks: 'webhook-id contains a dot (event id + "." + endpoint id)' },
  'webhook-id-per-endpoint': { area: 'webhooks', breaks: 'every event to one endpoint carries the same webhook-id' },
  'webhook-no-retry': { area: 'webhooks', breaks: 'a delivery answered non-2xx is never retried' },
  'webhook-wildcard-matches-all': { area: 'webhooks', breaks: 'an endpoint subscribed to `resource.*` receives every event' },
  'webhook-loan-active-without-net-amount': { area: 'webhooks', breaks: 'loan.active events lack `data.net_amount`' },
  'webhook-rotation-new-secret-unused': { area: 'webhooks', breaks: 'after a rotation deliveries are signed with the old secret only' },
  'webhook-rotation-no-grace': { area: 'webhooks', breaks: 'a rotated-out secret stops signing at once, ignoring the grace period' },
  'webhook-old-secret-never-expires': { area: 'webhooks', breaks: 'the old secret keeps signing after previous_secret_expires_at' },
  'deleted-endpoint-listed': { area: 'webhooks', breaks: 'GET /webhooks/endpoints still lists deleted endpoints (a soft delete the list does not filter out)' },
  'webhook-rotation-keeps-secret': { area: 'webhooks', breaks: 'POST …/rotate-secret answers 200 with the current secret and rotates nothing' },
  'webhook-patch-description-ignored': { area: 'webhooks', breaks: 'PATCH /webhooks/endpoints/{id} answers 200 but keeps the old `description`' },
} as const satisfies Record<string, FaultInfo>;
