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
  'webhook-list-shows-secret': { area: 'webhooks', breaks: "GET /webhooks/endpoints shows each endpoint's signing secret" },
  'webhook-create-answer-omits-updated-at': { area: 'webhooks', breaks: 'the 201 of POST /webhooks/endpoints lacks `updated_at`' },
  'webhook-read-omits-updated-at': { area: 'webhooks', breaks: 'GET /webhooks/endpoints/{id} answers without `updated_at`' },
  'webhook-read-lags-create': {
    area: 'webhooks',
    breaks: 'GET /webhooks/endpoints/{id} answers 404 for an endpoint created less than 10 s ago (a lagging read replica)',
  },
  'webhook-patch-answers-202': { area: 'webhooks', breaks: 'PATCH /webhooks/endpoints/{id} applies the change but answers 202, not 200' },
  'webhook-patch-answer-omits-created-at': { area: 'webhooks', breaks: 'the answer of PATCH /webhooks/endpoints/{id} lacks `created_at`' },
  'webhook-patch-status-absent-disables': { area: 'webhooks', breaks: 'a PATCH without `status` disables the endpoint' },
  'webhook-rotation-answers-201': { area: 'webhooks', breaks: 'POST …/rotate-secret rotates but answers 201, not 200' },
  'webhook-rotation-answer-omits-expiry': { area: 'webhooks', breaks: 'the rotate-secret answer lacks `previous_secret_expires_at`' },
  'webhook-rotation-answer-new-id': { area: 'webhooks', breaks: "the rotate-secret answer carries a new id, not the endpoint's" },
  'webhook-customer-external-id-is-id': { area: 'webhooks', breaks: "customer.created carries the customer's id as `data.external_id`" },
  'webhook-offer-event-dropped': { area: 'webhooks', breaks: 'credit_offer.available events are never delivered' },
  'webhook-url-trailing-slash': { area: 'webhooks', breaks: 'a new endpoint stores its url with a `/` appended, not as given' },
  'webhook-patch-rewrites-url': { area: 'webhooks', breaks: 'a PATCH without `url` re-saves the url with a `/` appended' },
  'webhook-list-lags-create': { area: 'webhooks', breaks: 'GET /webhooks/endpoints omits endpoints created less than 10 s ago (a lagging read replica)' },
  'webhook-rotate-finds-deleted': { area: 'webhooks', breaks: 'POST …/rotate-secret still rotates a deleted endpoint (its lookup ignores the delete)' },
  'webhook-created-shown-disabled': {
    area: 'webhooks',
    breaks:
      'the 201 of POST /webhooks/endpoints says status disabled: the answer derives the status from a last-delivery record a new endpoint lacks (the stored endpoint is active and receives events)',
  },
  'webhook-rotate-restores-deleted': {
    area: 'webhooks',
    breaks:
      'POST …/rotate-secret on a deleted endpoint answers 404, but its upsert has already written the endpoint back with the new secret: the deleted endpoint is readable, listed and delivered to again',
  },
  'webhook-rotation-expiry-other-form': {
    area: 'webhooks',
    breaks:
      "the rotate-secret answer's previous_secret_expires_at is written by a generic serialiser in the other instant form: Unix seconds where the contract writes date-time text, text where it writes seconds",
  },
  'webhook-secret-without-prefix': {
    area: 'webhooks',
    breaks: "a new endpoint's secret is shown as the bare base64 key, without the `whsec_` prefix (deliveries are still signed with that key)",
  },
} as const satisfies Record<string, FaultInfo>;
