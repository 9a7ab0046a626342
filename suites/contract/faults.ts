import type { FaultName } from '../../lib/reference/faults.js';
import type { FaultCollateral, FaultProbe } from '../catalogue.js';

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
export const faultProbes: FaultProbe[] = [
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
  // Its 422 has none of the reasons the documentation gives for refusing a loan, so nothing may excuse it.
  {
    fault: 'second-loan-refused',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    reason: 'createLoan with the documented request on the state made for it: a valid input was refused',
  },
  { fault: 'second-loan-refused', requirement: 'CONTRACT-RESPONSE-VALID', reason: 'createLoan: the documented request was refused' },
  { fault: 'customer-filter-no-match-500', requirement: 'CONTRACT-NO-SERVER-ERROR' },
  { fault: 'missing-body-read-as-empty', requirement: 'CONTRACT-MISSING-BODY-REFUSED' },
  ...validationGapProbes(),
  { fault: 'problem-request-id-own', requirement: 'CONTRACT-REQUEST-ID', reason: 'request_id differs from x-request-id' },
  { fault: 'token-request-id-missing', requirement: 'CONTRACT-REQUEST-ID', reason: 'no x-request-id' },
  { fault: 'token-grant-type-defaulted', requirement: 'CONTRACT-MISSING-BODY-REFUSED', reason: 'without a body was not refused' },
  { fault: 'credential-location-without-base', requirement: 'CONTRACT-LOCATION-OTHER-201', reason: 'Location is not under /v3' },
  { fault: 'credential-list-never-used-500', requirement: 'CONTRACT-RESPONSE-VALID', reason: 'the documented request got a server error' },
  { fault: 'credential-list-needs-admin-scope', requirement: 'CONTRACT-RESPONSE-VALID', reason: 'the documented request was refused' },
  { fault: 'method-not-allowed-without-allow', requirement: 'CONTRACT-UNDOCUMENTED-METHOD-405', reason: 'has no Allow header' },
];

function validationGapProbes(): { fault: FaultName; requirement: string }[] {
  return VALIDATION_GAPS.map((g) => ({ fault: g.fault, requirement: 'CONTRACT-INVALID-INPUT-REFUSED' }));
}

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  {
    fault: 'webhook-status-unchecked',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: 'the invalid status the coverage phase PATCHes in is stored, so a list of endpoints it reads meanwhile breaks the contract',
  },
  {
    fault: 'webhook-url-not-required',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: "the endpoint without a url that the invalid-input coverage phase registers is listed, until it is deleted, by this check's concurrent valid lists of endpoints, and its empty url is no URI (red in 1 of 6 stressed runs)",
  },
  {
    fault: 'credential-list-needs-admin-scope',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: 'its valid list queries of GET /auth/credentials are refused the same way',
  },
  {
    fault: 'token-grant-type-defaulted',
    requirement: 'CONTRACT-INVALID-INPUT-REFUSED',
    why: 'its coverage case leaves out the required grant_type, which the fault reads as client_credentials too',
  },
  {
    fault: 'credential-location-without-base',
    requirement: 'CONTRACT-RESPONSE-VALID',
    why: "the contract documents Location's shape on the 201, so the answer breaks its response schema too",
  },
  {
    fault: 'credential-location-without-base',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: 'it validates the 201 of each valid credential creation, Location included',
  },
  {
    fault: 'credential-list-never-used-500',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: 'its valid list queries of GET /auth/credentials meet the same 500',
  },
  { fault: 'webhook-status-unchecked', requirement: 'CONTRACT-INVALID-NAMES-FIELD', why: 'it sends the same invalid status and expects the 422 naming it' },
  {
    fault: 'webhook-unknown-members-ignored',
    requirement: 'CONTRACT-INVALID-NAMES-FIELD',
    why: 'it sends the same undeclared member and expects the 422 naming it',
  },
  {
    fault: 'response-missing-field',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: "it validates every answer to a valid input against the contract, and getCustomer's 200 lacks updated_at",
  },
  {
    fault: 'money-one-decimal',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: 'it validates the 201 of the documented simulation it sends first (an operation the state may refuse), and its money has one decimal',
  },
  {
    fault: 'wrong-id-prefix',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: 'it validates every answer to a valid input against the contract, and the 201 carries an id of the wrong pattern',
  },
  {
    fault: 'error-not-problem-json',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: 'a valid input the state refuses (4xx) is answered with the wrong media type, which the contract forbids',
  },
  { fault: 'error-not-problem-json', requirement: 'CONTRACT-MISSING-BODY-REFUSED', why: 'the refusal of a missing body must be a problem too' },
  {
    fault: 'location-names-collection',
    requirement: 'CONTRACT-RESPONSE-VALID',
    why: "the contract documents Location's shape on the 201, so the answer breaks its response schema too",
  },
  {
    fault: 'location-names-collection',
    requirement: 'CONTRACT-VALID-INPUT-ACCEPTED',
    why: 'it validates the 201 of each valid registration, Location included',
  },
  {
    fault: 'customer-filter-no-match-500',
    requirement: 'CONTRACT-INVALID-INPUT-REFUSED',
    why: 'an invalid list query that also filters by a CPF matching nothing meets the 500 before validation',
  },
  { fault: 'customer-filter-no-match-500', requirement: 'CONTRACT-VALID-INPUT-ACCEPTED', why: 'a valid filtered list that matches nothing is answered 500' },
];
