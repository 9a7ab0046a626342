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
  { fault: 'token-type-lowercase', requirement: 'AUTH-TOKEN-ISSUED', reason: 'the token response does not match the contract' },
  { fault: 'token-type-jwt', requirement: 'AUTH-TOKEN-ISSUED', reason: 'token_type is not Bearer' },
  { fault: 'new-credential-tokens-refused', requirement: 'AUTH-TOKEN-ISSUED', reason: 'the issued token is not accepted' },
  { fault: 'new-credential-tokens-refused', requirement: 'AUTH-REVOKED-CREDENTIAL-401', reason: "the new credential's token is not accepted" },
  { fault: 'expires-in-minutes', requirement: 'AUTH-TOKEN-EXPIRES', reason: 'expires_in is not a usable lifetime' },
  { fault: 'revoke-answers-200', requirement: 'AUTH-REVOKED-CREDENTIAL-401', reason: 'did not revoke' },
  {
    fault: 'credential-create-drops-nulls',
    requirement: 'AUTH-CREDENTIAL-SECRET-SHOWN-ONCE',
    reason: 'the create-credential response does not match the contract',
  },
  {
    fault: 'token-endpoint-writes-back-stale-credential',
    requirement: 'AUTH-REVOKED-CREDENTIAL-401',
    reason: "read again after other operations, the revoked credential's token is still refused",
  },
  { fault: 'credential-list-secret-masked', requirement: 'AUTH-CREDENTIAL-SECRET-SHOWN-ONCE', reason: 'a listed credential carries `client_secret`' },
  { fault: 'token-issued-empty', requirement: 'AUTH-PARTNER-TOKEN-WORKS', reason: 'no token was issued' },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  ...['AUTH-TOKEN-ISSUED', 'AUTH-REVOKED-CREDENTIAL-401', 'AUTH-CREDENTIAL-SECRET-SHOWN-ONCE', 'AUTH-TOKEN-EXPIRES'].map((requirement) => ({
    fault: 'token-issued-empty' as const,
    requirement,
    why: 'it first creates a credential through the API, with the partner token the fault issues empty (refused 401)',
  })),
  {
    fault: 'new-credential-tokens-refused',
    requirement: 'AUTH-TOKEN-EXPIRES',
    why: 'its token comes from a credential it creates through the API, refused from the start',
  },
  { fault: 'expires-in-minutes', requirement: 'AUTH-TOKEN-ISSUED', why: 'it reads the same expires_in, which is not 3600' },
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
