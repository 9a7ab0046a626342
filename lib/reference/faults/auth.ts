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
  'token-type-lowercase': { area: 'auth', breaks: 'the token response says `token_type: "bearer"`, where the contract fixes `Bearer`' },
  'token-type-jwt': {
    area: 'auth',
    breaks: 'the token response says `token_type: "JWT"` (what the token is made of), not `Bearer` (how it is presented), as some OAuth servers do',
  },
  'new-credential-tokens-refused': {
    area: 'auth',
    breaks: 'tokens of a credential created through the API are refused (the verifier caches the credentials once and never sees new ones)',
  },
  'expires-in-minutes': { area: 'auth', breaks: 'the token response gives `expires_in` in minutes (60), not seconds' },
  'revoke-answers-200': { area: 'auth', breaks: 'DELETE /auth/credentials/{client_id} revokes but answers 200 with the credential, not 204' },
  'credential-create-drops-nulls': { area: 'auth', breaks: 'the create-credential response leaves out its null members (`last_used_at`, `expires_at`)' },
  'credential-list-secret-masked': { area: 'auth', breaks: "GET /auth/credentials carries each credential's `client_secret`, masked to its ends" },
  'token-endpoint-writes-back-stale-credential': {
    area: 'auth',
    breaks: 'each token request writes back the copy of the credential taken at its first token, so a revoked credential that asks again is active again',
  },
  'token-issued-empty': {
    area: 'auth',
    breaks: 'POST /auth/token answers 200 with an empty `access_token` (the signing error swallowed), so no credential gets a usable token',
  },
} as const satisfies Record<string, FaultInfo>;
