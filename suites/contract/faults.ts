import type { FaultName } from '../../lib/reference/faults.js';

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
  { fault: 'customer-filter-no-match-500', requirement: 'CONTRACT-NO-SERVER-ERROR' },
  { fault: 'missing-body-read-as-empty', requirement: 'CONTRACT-MISSING-BODY-REFUSED' },
];
