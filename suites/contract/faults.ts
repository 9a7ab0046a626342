import type { FaultName } from '../../lib/reference/faults.js';

/** Each contract fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'response-missing-field', requirement: 'CONTRACT-RESPONSE-VALID' },
  { fault: 'money-one-decimal', requirement: 'CONTRACT-RESPONSE-VALID' },
  { fault: 'wrong-id-prefix', requirement: 'CONTRACT-RESPONSE-VALID' },
  { fault: 'error-not-problem-json', requirement: 'CONTRACT-INVALID-INPUT-REFUSED' },
  { fault: 'undocumented-method-accepted', requirement: 'CONTRACT-UNDOCUMENTED-METHOD-405' },
];
