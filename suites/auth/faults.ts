import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each auth fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
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

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  {
    fault: 'bad-client-credentials-400',
    requirement: 'AUTH-REVOKED-CREDENTIAL-401',
    why: 'a revoked credential asking for a token is bad client credentials too',
  },
  {
    fault: 'expires-in-milliseconds',
    requirement: 'AUTH-TOKEN-EXPIRES',
    why: 'it waits out the advertised expires_in, now a thousand times the real lifetime',
  },
  { fault: 'token-signed-with-stale-key', requirement: 'AUTH-TOKEN-ISSUED', why: 'it creates a credential through the API, with a token the API refuses' },
  { fault: 'token-signed-with-stale-key', requirement: 'AUTH-TOKEN-EXPIRES', why: 'it creates a credential through the API, with a token the API refuses' },
  {
    fault: 'token-signed-with-stale-key',
    requirement: 'AUTH-REVOKED-CREDENTIAL-401',
    why: 'it creates a credential through the API, with a token the API refuses',
  },
  {
    fault: 'token-signed-with-stale-key',
    requirement: 'AUTH-CREDENTIAL-SECRET-SHOWN-ONCE',
    why: 'it creates a credential through the API, with a token the API refuses',
  },
];
