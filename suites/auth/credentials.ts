// API credentials made for one check (POST /auth/credentials), their tokens and their revocation.
// Checks that must spoil a credential (revoke it, exhaust its rate limit) use one of these and
// never the partner's own.
import { randomBytes } from 'node:crypto';
import type { ApiResponse, CheckContext } from '../../lib/checks/context.js';
import { precondition } from '../../lib/checks/preconditions.js';

export interface TestCredential {
  clientId: string;
  clientSecret: string;
  created: ApiResponse;
}

/** Creates a credential for partner A; fails the check unless the target answers 201 with a secret. */
export const createCredential = precondition(async function createCredential(ctx: CheckContext, purpose: string): Promise<TestCredential> {
  const created = await ctx.api.request({
    method: 'POST',
    path: '/auth/credentials',
    json: { name: `conformance ${purpose} ${randomBytes(3).toString('hex')}` },
    idempotencyKey: true,
  });
  ctx.ensure(created.status === 201, 'POST /auth/credentials did not create a credential', 201, {
    status: created.status,
    body: created.body,
  });
  const clientId = created.body?.client_id ?? created.body?.id;
  const clientSecret = created.body?.client_secret;
  ctx.ensure(
    typeof clientId === 'string' && typeof clientSecret === 'string',
    'the created credential has no client_id / client_secret',
    'client_id and client_secret strings',
    created.body,
  );
  return { clientId, clientSecret, created };
});

/** POST /auth/token with HTTP Basic client authentication (decision 6). */
export function requestToken(ctx: CheckContext, clientId: string, clientSecret: string): Promise<ApiResponse> {
  return ctx.api.request({
    method: 'POST',
    path: '/auth/token',
    form: { grant_type: 'client_credentials' },
    auth: { basic: [clientId, clientSecret] },
  });
}

/** A token for `cred`; fails the check unless the token endpoint issues one. */
export async function tokenOf(ctx: CheckContext, cred: TestCredential): Promise<{ token: string; expiresIn: number; res: ApiResponse }> {
  const res = await requestToken(ctx, cred.clientId, cred.clientSecret);
  ctx.ensure(res.status === 200, 'POST /auth/token refused a freshly created credential', 200, {
    status: res.status,
    body: res.body,
  });
  const token = res.body?.access_token;
  ctx.ensure(typeof token === 'string' && token.length > 0, 'the token response has no access_token', 'a non-empty access_token', res.body);
  return { token, expiresIn: Number(res.body?.expires_in), res };
}

/** Revokes `clientId` with the partner's own credential; returns the answer. */
export function revokeCredential(ctx: CheckContext, clientId: string): Promise<ApiResponse> {
  return ctx.api.request({ method: 'DELETE', path: `/auth/credentials/${encodeURIComponent(clientId)}` });
}

/** Revokes and ignores the outcome (clean-up after a check that already reached its verdict). */
export async function revokeQuietly(ctx: CheckContext, clientId: string): Promise<void> {
  try {
    await revokeCredential(ctx, clientId);
  } catch {
    // clean-up only
  }
}
