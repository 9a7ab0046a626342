import type { FaultName } from '../../lib/reference/faults.js';

/** Each auth fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'expired-token-accepted', requirement: 'AUTH-TOKEN-EXPIRES' },
  { fault: 'forged-token-accepted', requirement: 'AUTH-FORGED-TOKEN-401' },
  { fault: 'revoked-credential-token-accepted', requirement: 'AUTH-REVOKED-CREDENTIAL-401' },
  { fault: 'bad-client-credentials-400', requirement: 'AUTH-BAD-CLIENT-CREDENTIALS-401' },
  { fault: 'expires-in-milliseconds', requirement: 'AUTH-TOKEN-ISSUED' },
  { fault: 'token-signed-with-stale-key', requirement: 'AUTH-PARTNER-TOKEN-WORKS' },
  { fault: 'missing-token-403', requirement: 'AUTH-NO-TOKEN-401' },
  { fault: 'malformed-token-400', requirement: 'AUTH-MALFORMED-TOKEN-401' },
  { fault: 'token-error-invalid-grant', requirement: 'AUTH-TOKEN-ERROR-INVALID-CLIENT' },
  { fault: 'credential-secret-listed', requirement: 'AUTH-CREDENTIAL-SECRET-SHOWN-ONCE' },
  { fault: 'revoked-credential-listed-active', requirement: 'AUTH-REVOKED-CREDENTIAL-401' },
];
