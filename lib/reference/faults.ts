// Named faults of the reference server. Each breaks exactly one documented rule, so the
// self-tests can prove that the check for that rule turns red (suites/<area>/faults.ts maps
// each fault to the requirement that must catch it).
import type { Area } from '../checks/types.js';

export interface FaultInfo {
  area: Area;
  /** The rule it breaks, in words. */
  breaks: string;
}

export const FAULTS = {
  // contract
  'response-missing-field': { area: 'contract', breaks: 'GET /customers/{id} omits the required `updated_at`' },
  'money-one-decimal': { area: 'contract', breaks: 'simulation money fields are sent with one decimal ("2750.0")' },
  'wrong-id-prefix': { area: 'contract', breaks: 'new customers get ids `cus_…` instead of `cust_…`' },
  'error-not-problem-json': { area: 'contract', breaks: '4xx errors are sent as application/json, not application/problem+json' },
  'undocumented-method-accepted': { area: 'contract', breaks: 'DELETE /customers/{id} answers 204 instead of 405' },
  // auth
  'expired-token-accepted': { area: 'auth', breaks: 'a token past its `expires_in` is still accepted' },
  'forged-token-accepted': { area: 'auth', breaks: 'a JWT with a wrong signature is accepted' },
  'revoked-credential-token-accepted': { area: 'auth', breaks: 'tokens of a revoked credential keep working' },
  'bad-client-credentials-400': { area: 'auth', breaks: 'bad client credentials at /auth/token get 400, not 401' },
  // customers
  'idempotent-create-duplicates': { area: 'customers', breaks: 'same CPF/CNPJ + external_id creates a new customer (201) instead of 200 with the existing one' },
  'conflict-missing': { area: 'customers', breaks: 'same CPF/CNPJ with another external_id is accepted instead of 409' },
  'patch-changes-cpf': { area: 'customers', breaks: 'PATCH /customers/{id} changes `cpf`' },
  'location-missing': { area: 'customers', breaks: '201 from POST /customers has no Location header' },
  'cpf-filter-ignored': { area: 'customers', breaks: 'GET /customers?cpf= ignores the filter' },
  'cpf-check-digit-ignored': { area: 'customers', breaks: 'a CPF with a wrong check digit is accepted' },
  // idempotency
  'idempotency-key-ignored': { area: 'idempotency', breaks: 'a replayed Idempotency-Key creates a second resource' },
  'idempotency-key-reuse-accepted': { area: 'idempotency', breaks: 'the same Idempotency-Key with another body is processed' },
  // pagination
  'pagination-skips-item': { area: 'pagination', breaks: 'walking starting_after skips one item' },
  'pagination-repeats-item': { area: 'pagination', breaks: 'the next page repeats the cursor item' },
  'has-more-wrong-on-last-page': { area: 'pagination', breaks: '`has_more` is true on the last page' },
  'limit-over-100-accepted': { area: 'pagination', breaks: 'limit=101 is silently accepted' },
  'order-ignored': { area: 'pagination', breaks: 'order=asc is ignored (always desc)' },
  // kyc
  'document-type-outside-kyc-accepted': { area: 'kyc', breaks: 'a document of a type not in `kyc` is accepted instead of 422' },
  'document-content-not-sniffed': { area: 'kyc', breaks: 'a text file named .pdf is accepted as a PDF' },
  'kyc-skips-under-review': { area: 'kyc', breaks: 'the customer goes from pending_kyc to active without under_review' },
  'rejection-without-message': { area: 'kyc', breaks: 'a rejected item becomes pending_resubmission with `message: null`' },
  // credit
  'simulation-total-inconsistent': { area: 'credit', breaks: 'total_loan_amount is not principal + interest + fees + IOF' },
  'stale-simulation-accepted': { area: 'credit', breaks: 'a loan is accepted from a simulation that is not the latest' },
  'loan-for-inactive-customer': { area: 'credit', breaks: 'a loan is accepted for a customer that is not active' },
  // loans
  'loan-skips-disbursing': { area: 'loans', breaks: 'a loan goes from signed straight to active' },
  'loan-leaves-finished': { area: 'loans', breaks: 'a finished loan can be moved again (to cancelled)' },
  'signing-url-missing': { area: 'loans', breaks: '`signing_url` stays null during awaiting_signatures' },
  'transactions-wrong-count': { area: 'loans', breaks: 'an active loan has one transaction fewer than its installments' },
  // webhooks
  'webhook-wrong-secret': { area: 'webhooks', breaks: 'deliveries are signed with a secret other than the endpoint\'s' },
  'webhook-id-changes-on-retry': { area: 'webhooks', breaks: 'a retried delivery carries a new webhook-id' },
  'webhook-stale-timestamp': { area: 'webhooks', breaks: 'webhook-timestamp is 10 minutes in the past' },
  'webhook-payload-invalid': { area: 'webhooks', breaks: 'customer.created events lack `data.external_id`' },
  'webhook-disabled-still-delivers': { area: 'webhooks', breaks: 'an endpoint with status disabled still receives events' },
  'webhook-secret-readable': { area: 'webhooks', breaks: 'GET /webhooks/endpoints/{id} returns the secret' },
  // security
  'cross-partner-read': { area: 'security', breaks: 'a partner can GET another partner\'s customer' },
  'cross-partner-child-path': { area: 'security', breaks: 'a partner can list transactions of another partner\'s loan' },
  'server-error-on-malformed-json': { area: 'security', breaks: 'a malformed JSON body yields a 500 with a stack trace' },
  // rate limits
  'rate-limit-headers-missing': { area: 'rate-limits', breaks: 'responses carry no X-RateLimit-* headers' },
  'retry-after-missing': { area: 'rate-limits', breaks: '429 answers carry no Retry-After' },
} as const satisfies Record<string, FaultInfo>;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}
