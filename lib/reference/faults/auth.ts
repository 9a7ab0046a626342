import type { FaultInfo } from './info.js';

/** Faults of area auth: each breaks exactly one documented rule. */
export const authFaults = {
  'expired-token-accepted': { area: 'auth', breaks: 'a token past its `expires_in` is still accepted' },
  'forged-token-accepted': { area: 'auth', breaks: 'a JWT with a wrong signature is accepted' },
  'revoked-credential-token-accepted': { area: 'auth', breaks: 'tokens of a revoked credential keep working' },
  'bad-client-credentials-400': { area: 'auth', breaks: 'bad client credentials at /auth/token get 400, not 401' },
} as const satisfies Record<string, FaultInfo>;
