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
  'customer-sort-refused': { area: 'contract', breaks: 'GET /customers refuses its documented `sort` and `order` parameters with 422' },
  'customer-filter-no-match-500': { area: 'contract', breaks: 'GET /customers with a `cpf` or `external_id` filter that matches nothing answers 500' },
  'missing-body-read-as-empty': { area: 'contract', breaks: 'a request without its required JSON body is read as `{}` (PATCH /customers/{id} answers 200)' },
} as const satisfies Record<string, FaultInfo>;
