import type { FaultInfo } from './info.js';

/** Faults of area webhooks: each breaks exactly one documented rule. */
export const webhooksFaults = {
  'webhook-wrong-secret': { area: 'webhooks', breaks: 'deliveries are signed with a secret other than the endpoint\'s' },
  'webhook-id-changes-on-retry': { area: 'webhooks', breaks: 'a retried delivery carries a new webhook-id' },
  'webhook-stale-timestamp': { area: 'webhooks', breaks: 'webhook-timestamp is 10 minutes in the past' },
  'webhook-payload-invalid': { area: 'webhooks', breaks: 'customer.created events lack `data.external_id`' },
  'webhook-disabled-still-delivers': { area: 'webhooks', breaks: 'an endpoint with status disabled still receives events' },
  'webhook-secret-readable': { area: 'webhooks', breaks: 'GET /webhooks/endpoints/{id} returns the secret' },
} as const satisfies Record<string, FaultInfo>;
