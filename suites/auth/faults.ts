import type { FaultName } from '../../lib/reference/faults.js';

/** Each auth fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'expired-token-accepted', requirement: 'AUTH-TOKEN-EXPIRES' },
  { fault: 'forged-token-accepted', requirement: 'AUTH-FORGED-TOKEN-401' },
  { fault: 'revoked-credential-token-accepted', requirement: 'AUTH-REVOKED-CREDENTIAL-401' },
  { fault: 'bad-client-credentials-400', requirement: 'AUTH-BAD-CLIENT-CREDENTIALS-401' },
];
