import type { FaultInfo } from './info.js';

/** Faults of area contract: each breaks exactly one documented rule. */
export const contractFaults = {
  'response-missing-field': { area: 'contract', breaks: 'GET /customers/{id} omits the required `updated_at`' },
  'money-one-decimal': { area: 'contract', breaks: 'simulation money fields are sent with one decimal ("2750.0")' },
  'wrong-id-prefix': { area: 'contract', breaks: 'new customers get ids `cus_…` instead of `cust_…`' },
  'error-not-problem-json': { area: 'contract', breaks: '4xx errors are sent as application/json, not application/problem+json' },
  'undocumented-method-accepted': { area: 'contract', breaks: 'DELETE /customers/{id} answers 204 instead of 405' },
} as const satisfies Record<string, FaultInfo>;
