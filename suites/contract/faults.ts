import type { FaultName } from '../../lib/reference/faults.js';

/**
 * Validation gaps, one per keyword family the contract states (issue 11): each must be caught by the
 * coverage phase of CONTRACT-INVALID-INPUT-REFUSED on every seed (suites/contract/coverage.selftest.ts
 * runs each under several). Two are faults of other areas the coverage phase must catch as well.
 */
export const VALIDATION_GAPS: { fault: FaultName; family: string }[] = [
  { fault: 'rotate-expiry-text-accepted', family: 'type' },
  { fault: 'webhook-description-null-accepted', family: 'null' },
  { fault: 'webhook-url-not-required', family: 'required' },
  { fault: 'webhook-status-unchecked', family: 'enum' },
  { fault: 'grant-type-unchecked', family: 'const' },
  { fault: 'webhook-url-scheme-any-case', family: 'pattern' },
  { fault: 'cpf-check-digit-ignored', family: 'format' },
  { fault: 'rotate-expiry-unbounded', family: 'bounds' },
  { fault: 'limit-zero-accepted', family: 'bounds (query)' },
  { fault: 'empty-idempotency-key-ignored', family: 'lengths, idempotency-key header' },
  { fault: 'webhook-unknown-members-ignored', family: 'additionalProperties' },
  { fault: 'webhook-unknown-event-accepted', family: 'anyOf' },
  { fault: 'webhook-id-prefix-ignored', family: 'path id' },
  { fault: 'json-body-any-content-type', family: 'media type' },
  { fault: 'limit-parsed-leniently', family: 'query type' },
];

/** Each contract fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'response-missing-field', requirement: 'CONTRACT-RESPONSE-VALID' },
  { fault: 'money-one-decimal', requirement: 'CONTRACT-RESPONSE-VALID' },
  { fault: 'wrong-id-prefix', requirement: 'CONTRACT-RESPONSE-VALID' },
  { fault: 'error-not-problem-json', requirement: 'CONTRACT-INVALID-INPUT-REFUSED' },
  { fault: 'undocumented-method-accepted', requirement: 'CONTRACT-UNDOCUMENTED-METHOD-405' },
  { fault: 'location-names-collection', requirement: 'CONTRACT-LOCATION-CREATED' },
  { fault: 'credential-location-missing', requirement: 'CONTRACT-LOCATION-OTHER-201' },
  { fault: 'request-id-reused', requirement: 'CONTRACT-REQUEST-ID' },
  { fault: 'validation-errors-name-body', requirement: 'CONTRACT-INVALID-NAMES-FIELD' },
  { fault: 'customer-sort-refused', requirement: 'CONTRACT-VALID-INPUT-ACCEPTED' },
  { fault: 'credential-lifetime-capped', requirement: 'CONTRACT-VALID-INPUT-ACCEPTED' },
  { fault: 'customer-filter-no-match-500', requirement: 'CONTRACT-NO-SERVER-ERROR' },
  { fault: 'missing-body-read-as-empty', requirement: 'CONTRACT-MISSING-BODY-REFUSED' },
  ...validationGapProbes(),
];

function validationGapProbes(): { fault: FaultName; requirement: string }[] {
  return VALIDATION_GAPS.map((g) => ({ fault: g.fault, requirement: 'CONTRACT-INVALID-INPUT-REFUSED' }));
}
