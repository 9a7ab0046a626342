import type { FaultInfo } from './info.js';

/** Faults of area auth: each breaks exactly one documented rule. */
export const authFaults = {
  'expired-token-accepted': { area: 'auth', breaks: 'a token past its `expires_in` is still accepted' },
  'forged-token-accepted': { area: 'auth', breaks: 'a JWT with a wrong signature is accepted' },
  'revoked-credential-token-accepted': { area: 'auth', breaks: 'tokens of a revoked credential keep working' },
  'bad-client-credentials-400': { area: 'auth', breaks: 'bad client credentials at /auth/token get 400, not 401' },
  'expires-in-milliseconds': { area: 'auth', breaks: 'the token response gives `expires_in` in milliseconds (3600000), not seconds' },
  'token-signed-with-stale-key': { area: 'auth', breaks: 'tokens from /auth/token are signed with a key the API no longer verifies with, so they are refused' },
  'missing-token-403': { area: 'auth', breaks: 'a request without an Authorization header gets 403, not 401' },
  'malformed-token-400': { area: 'auth', breaks: 'a bearer token that is not a JWT gets 400, not 401' },
  'token-error-invalid-grant': { area: 'auth', breaks: 'a wrong client secret at /auth/token is answered `invalid_grant`, not `invalid_client`' },
  'credential-secret-listed': { area: 'auth', breaks: "GET /auth/credentials shows each credential's `client_secret`" },
  'revoked-credential-listed-active': {
    area: 'auth',
    breaks: 'GET /auth/credentials lists a revoked credential as active (the list reads a status the revocation never updates)',
  },
} as const satisfies Record<string, FaultInfo>;
