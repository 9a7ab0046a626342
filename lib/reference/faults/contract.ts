import type { FaultInfo } from './info.js';

/** Faults of area contract: each breaks exactly one documented rule. */
export const contractFaults = {
  'response-missing-field': { area: 'contract', breaks: 'GET /customers/{id} omits the required `updated_at`' },
  'money-one-decimal': { area: 'contract', breaks: 'simulation money fields are sent with one decimal ("2750.0")' },
  'wrong-id-prefix': { area: 'contract', breaks: 'new customers get ids `cus_…` instead of `cust_…`' },
  'error-not-problem-json': { area: 'contract', breaks: '4xx errors are sent as application/json, not application/problem+json' },
  'undocumented-method-accepted': { area: 'contract', breaks: 'DELETE /customers/{id} answers 204 instead of 405' },
  'location-names-collection': { area: 'contract', breaks: 'the Location of a new customer names the collection (`/v3/customers`), not the customer' },
  'credential-location-missing': { area: 'contract', breaks: 'the 201 of POST /auth/credentials has no Location header' },
  'request-id-reused': { area: 'contract', breaks: 'every response carries the same x-request-id' },
  'validation-errors-name-body': { area: 'contract', breaks: 'a 422 validation_failed names `body` in errors[].field instead of the offending field' },
  'credential-lifetime-capped': {
    area: 'contract',
    breaks: 'POST /auth/credentials refuses with 422 an expires_at more than a year ahead (a cap the contract does not state)',
  },
  'second-loan-refused': {
    area: 'contract',
    breaks:
      'POST /loans refuses with 422 a loan for a customer who already has one in progress, on an available offer from the latest simulation with its terms (a one-loan limit the documentation does not state)',
  },
  'customer-sort-refused': { area: 'contract', breaks: 'GET /customers refuses its documented `sort` and `order` parameters with 422' },
  'customer-filter-no-match-500': { area: 'contract', breaks: 'GET /customers with a `cpf` or `external_id` filter that matches nothing answers 500' },
  'missing-body-read-as-empty': { area: 'contract', breaks: 'a request without its required JSON body is read as `{}` (PATCH /customers/{id} answers 200)' },
  // Validation gaps: each accepts one kind of invalid member on one operation (issue 11); the coverage
  // phase of CONTRACT-INVALID-INPUT-REFUSED must catch each on every seed.
  'rotate-expiry-text-accepted': {
    area: 'contract',
    breaks: 'POST /webhooks/endpoints/{id}/rotate-secret reads `expire_current_in` given as a numeric string ("3600") as the number (type)',
  },
  'webhook-description-null-accepted': {
    area: 'contract',
    breaks: 'PATCH /webhooks/endpoints/{id} reads `description: null` as no description instead of refusing it (null)',
  },
  'webhook-url-not-required': { area: 'contract', breaks: 'POST /webhooks/endpoints registers an endpoint without its required `url` (required)' },
  'webhook-status-unchecked': { area: 'contract', breaks: 'PATCH /webhooks/endpoints/{id} stores any `status` text, not only active or disabled (enum)' },
  'webhook-url-scheme-any-case': {
    area: 'contract',
    breaks: 'POST /webhooks/endpoints compares the URL scheme case-insensitively, so `HTTPS://…` breaks the pattern `^https?://` unnoticed (pattern)',
  },
  'rotate-expiry-unbounded': {
    area: 'contract',
    breaks: 'POST /webhooks/endpoints/{id}/rotate-secret accepts an `expire_current_in` above its maximum 86400 (bounds)',
  },
  'limit-zero-accepted': { area: 'contract', breaks: 'lists accept `limit=0` (below its minimum 1) and answer the default page (query bounds)' },
  'limit-parsed-leniently': { area: 'contract', breaks: 'lists read `limit` with parseInt, so `4.5` passes as 4 (query type)' },
  'empty-idempotency-key-ignored': {
    area: 'contract',
    breaks: 'POST /webhooks/endpoints reads an empty Idempotency-Key (minLength 1) as no key instead of refusing it (header, lengths)',
  },
  'webhook-unknown-members-ignored': {
    area: 'contract',
    breaks: 'POST /webhooks/endpoints ignores members the contract does not declare instead of refusing them (additionalProperties)',
  },
  'webhook-id-prefix-ignored': {
    area: 'contract',
    breaks: 'GET /webhooks/endpoints/{id} finds an endpoint by the hex part of its id, whatever the prefix (`co_…` finds `we_…`) (path id)',
  },
  'grant-type-unchecked': { area: 'contract', breaks: 'POST /auth/token issues a token whatever `grant_type` names, not only client_credentials (const)' },
  'json-body-any-content-type': { area: 'contract', breaks: 'JSON operations parse a `text/plain` body as JSON instead of answering 415 (media type)' },
  'problem-request-id-own': { area: 'contract', breaks: 'a problem body carries a request_id of its own, not the x-request-id of its answer' },
  'method-not-allowed-without-allow': { area: 'contract', breaks: 'a 405 answer has no Allow header naming the methods the path has' },
  'token-request-id-missing': { area: 'contract', breaks: 'answers of POST /auth/token carry no x-request-id' },
  'token-grant-type-defaulted': {
    area: 'contract',
    breaks: 'POST /auth/token without a body (no grant_type) issues a token, as if client_credentials were named',
  },
  'credential-location-without-base': {
    area: 'contract',
    breaks: 'the Location of a new credential leaves out the /v3 base (`/auth/credentials/{client_id}`)',
  },
  'credential-list-never-used-500': {
    area: 'contract',
    breaks: 'GET /auth/credentials answers 500 when a listed credential was never used (its null last_used_at is formatted as a date)',
  },
  'credential-list-needs-admin-scope': {
    area: 'contract',
    breaks: 'GET /auth/credentials answers 403 to partner tokens (it demands a scope the token endpoint never grants)',
  },
} as const satisfies Record<string, FaultInfo>;
