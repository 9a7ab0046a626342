// OAuth2 client credentials: the token endpoint, bearer verification on every resource call,
// and the credentials (API keys) of each partner.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeJwt, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Kernel } from './kernel.js';
import type { CredentialRecord } from './model.js';
import { ApiError, type FieldError, notFound, validationError } from './problem.js';

export const TOKEN_TTL_SECONDS = 3600;
export const CLIENT_ID_PATTERN = /^dinie_ci_(live|test)_[A-Za-z0-9]+$/;

export interface CallerIdentity {
  partnerId: string;
  clientId: string;
  /** Set for a customer-scoped session token (POST /biometrics/session-exchange): the customer it is for. */
  sessionCustomerId?: string;
}

/** Lifetime of a customer-scoped session token. */
export const SESSION_TOKEN_TTL_SECONDS = 900;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function sameSecret(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function unauthorized(code: 'missing_token' | 'invalid_token' | 'token_expired', detail: string): ApiError {
  const error = code === 'missing_token' ? 'invalid_request' : 'invalid_token';
  return new ApiError(401, code, 'Unauthorized', detail, undefined, {
    'WWW-Authenticate': `Bearer realm="dinie", error="${error}"`,
  });
}

export interface Auth {
  authenticate(request: FastifyRequest): Promise<CallerIdentity>;
  issue(credential: CredentialRecord): Promise<string>;
  /** A customer-scoped session token for Dinie's KYC app, on behalf of the credential that exchanged the code. */
  issueSession(credential: CredentialRecord, customerId: string): Promise<string>;
}

export function createAuth(kernel: Kernel): Auth {
  const key = randomBytes(32);
  const { clock, store, faults } = kernel;
  // Fault `token-signed-with-stale-key`: the issuer signs with a key the verifier does not know.
  const issueKey = faults.has('token-signed-with-stale-key') ? randomBytes(32) : key;
  // Verified tokens, so the signature is checked once per token rather than once per request.
  const verified = new Map<string, { sub: string; exp: number; cus?: string }>();
  // Fault `new-credential-tokens-refused`: the verifier's credential cache is filled once, on the first
  // authenticated call, and never learns of credentials created after it.
  let credentialCache: Set<string> | null = null;

  async function verify(token: string): Promise<{ sub: string; exp: number; cus?: string }> {
    const cached = verified.get(token);
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        currentDate: clock.now(),
        clockTolerance: faults.has('expired-token-accepted') ? 10 * 365 * 86400 : 0,
      });
      const claims = { sub: String(payload.sub), exp: Number(payload.exp), ...(typeof payload.cus === 'string' ? { cus: payload.cus } : {}) };
      if (verified.size > 50_000) verified.clear();
      verified.set(token, claims);
      return claims;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('token_expired', 'The access token has expired.');
      if (faults.has('malformed-token-400') && (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid)) {
        throw new ApiError(400, 'invalid_request', 'Bad request', 'The access token is malformed.');
      }
      if (faults.has('forged-token-accepted') && err instanceof joseErrors.JWSSignatureVerificationFailed) {
        const payload = decodeJwt(token);
        return { sub: String(payload.sub), exp: Number(payload.exp) };
      }
      throw unauthorized('invalid_token', 'The access token is not valid.');
    }
  }

  return {
    async authenticate(request) {
      const header = request.headers.authorization;
      if (!header && faults.has('missing-token-403')) throw new ApiError(403, 'forbidden', 'Forbidden', 'An Authorization: Bearer token is required.');
      if (!header) throw unauthorized('missing_token', 'An Authorization: Bearer token is required.');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw unauthorized('invalid_token', 'The Authorization header must be `Bearer <token>`.');
      const claims = await verify(match[1]!);
      if (!faults.has('expired-token-accepted') && claims.exp <= clock.nowSeconds()) {
        throw unauthorized('token_expired', 'The access token has expired.');
      }
      if (faults.has('new-credential-tokens-refused')) credentialCache ??= new Set(store.credentials.keys());
      const credential = credentialCache && !credentialCache.has(claims.sub) ? undefined : store.credentials.get(claims.sub);
      if (!credential) throw unauthorized('invalid_token', 'The access token is not valid.');
      if (credential.status !== 'active' && !faults.has('revoked-credential-token-accepted')) {
        throw unauthorized('invalid_token', 'The credential of this token was revoked.');
      }
      credential.lastUsedAt = clock.now();
      return { partnerId: credential.partnerId, clientId: credential.clientId, ...(claims.cus ? { sessionCustomerId: claims.cus } : {}) };
    },
    async issueSession(credential, customerId) {
      const now = clock.nowSeconds();
      return new SignJWT({ pid: credential.partnerId, cus: customerId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(credential.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + SESSION_TOKEN_TTL_SECONDS)
        .setJti(randomBytes(8).toString('hex'))
        .sign(issueKey);
    },
    async issue(credential) {
      const now = clock.nowSeconds();
      return new SignJWT({ pid: credential.partnerId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(credential.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + TOKEN_TTL_SECONDS)
        .setJti(randomBytes(8).toString('hex'))
        .sign(issueKey);
    },
  };
}

/** Reads HTTP Basic client authentication, or the client_id/client_secret form fields. */
function clientCredentials(request: FastifyRequest, body: Record<string, unknown>): { id: string; secret: string } | null {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!m) return null;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  if (typeof body.client_id === 'string' && typeof body.client_secret === 'string') {
    return { id: body.client_id, secret: body.client_secret };
  }
  return null;
}

export function credentialView(kernel: Kernel, c: CredentialRecord): Record<string, unknown> {
  const iso = (d: Date | null) => (d ? kernel.toIso(d) : null);
  return {
    id: c.clientId,
    client_id: c.clientId,
    name: c.name,
    status: c.status,
    last_used_at: iso(c.lastUsedAt),
    expires_at: iso(c.expiresAt),
    created_at: kernel.toIso(c.createdAt),
    updated_at: kernel.toIso(c.updatedAt),
  };
}

/** Adds a credential to the store; `secret` is generated unless given (seeded partners). */
export function addCredential(
  kernel: Kernel,
  partnerId: string,
  init: { name: string; clientId?: string; secret?: string; expiresAt?: Date | null; rateLimit: { limit: number; windowSeconds: number } },
): { record: CredentialRecord; secret: string } {
  const clientId = init.clientId ?? `dinie_ci_test_${randomBytes(16).toString('hex')}`;
  const secret = init.secret ?? `dinie_cs_test_${randomBytes(24).toString('base64url')}`;
  const now = kernel.clock.now();
  const record: CredentialRecord = {
    clientId,
    partnerId,
    name: init.name,
    secretHash: hashSecret(secret),
    status: 'active',
    rateLimit: init.rateLimit,
    lastUsedAt: null,
    expiresAt: init.expiresAt ?? null,
    createdAt: now,
    updatedAt: now,
  };
  kernel.store.credentials.set(clientId, record);
  return { record, secret };
}

function partnerCredentials(kernel: Kernel, partnerId: string): CredentialRecord[] {
  return [...kernel.store.credentials.values()]
    .filter((c) => c.partnerId === partnerId)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.clientId < b.clientId ? 1 : -1));
}

export function registerAuthRoutes(app: FastifyInstance, kernel: Kernel, auth: Auth): void {
  const { faults, clock } = kernel;
  // Fault `credential-secret-listed`: secrets kept in clear and shown in the credential list.
  const listedSecrets = new Map<string, string>();
  // Fault `token-endpoint-writes-back-stale-credential`: the token endpoint keeps a copy of each credential from
  // its first token and writes that copy back on every later token request (a lost update), so a revoked
  // credential that asks again is restored as it was: active.
  const staleCopies = new Map<string, CredentialRecord>();

  app.post('/v3/auth/token', { config: { operationId: 'createToken', public: true, body: 'form', bodyOptional: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const invalidClient = () => {
      const status = faults.has('bad-client-credentials-400') ? 400 : 401;
      const error = faults.has('token-error-invalid-grant') ? 'invalid_grant' : 'invalid_client';
      return new ApiError(
        status,
        error,
        'Unauthorized',
        'Client authentication failed.',
        undefined,
        { 'WWW-Authenticate': 'Basic realm="dinie"', 'Cache-Control': 'no-store' },
        { error, error_description: 'Client authentication failed.' },
      );
    };
    const creds = clientCredentials(request, body);
    if (!creds) throw invalidClient();
    const credential = kernel.store.credentials.get(creds.id);
    const stale = staleCopies.get(creds.id);
    if (stale) kernel.store.credentials.set(creds.id, { ...stale, updatedAt: clock.now() });
    const expired = credential?.expiresAt && credential.expiresAt.getTime() <= clock.nowMs();
    if (credential?.status !== 'active' || expired || !sameSecret(creds.secret, credential.secretHash)) {
      throw invalidClient();
    }
    // Fault `token-grant-type-defaulted`: a token request without grant_type (or without any body) is read as client_credentials.
    if (body.grant_type === undefined && !faults.has('token-grant-type-defaulted')) {
      throw new ApiError(
        400,
        'invalid_request',
        'Bad request',
        'grant_type is required.',
        undefined,
        { 'Cache-Control': 'no-store' },
        { error: 'invalid_request', error_description: 'grant_type is required.' },
      );
    }
    // Fault `grant-type-unchecked`: any grant_type gets a client-credentials token.
    if (body.grant_type !== undefined && body.grant_type !== 'client_credentials' && !kernel.faults.has('grant-type-unchecked')) {
      throw new ApiError(
        400,
        'unsupported_grant_type',
        'Bad request',
        'Only client_credentials is supported.',
        undefined,
        { 'Cache-Control': 'no-store' },
        { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported.' },
      );
    }
    const token = await auth.issue(credential);
    if (faults.has('token-endpoint-writes-back-stale-credential') && !staleCopies.has(credential.clientId))
      staleCopies.set(credential.clientId, { ...credential });
    reply.header('Cache-Control', 'no-store');
    // Faults `expires-in-milliseconds` / `expires-in-minutes`: the lifetime in the wrong unit.
    const expiresIn = faults.has('expires-in-milliseconds')
      ? TOKEN_TTL_SECONDS * 1000
      : faults.has('expires-in-minutes')
        ? TOKEN_TTL_SECONDS / 60
        : TOKEN_TTL_SECONDS;
    // Fault `token-type-lowercase`: `bearer`, as RFC 6749 tolerates, where the contract fixes `Bearer`.
    // Fault `token-type-jwt`: the token's format where its type (how to present it) belongs.
    const tokenType = faults.has('token-type-jwt') ? 'JWT' : faults.has('token-type-lowercase') ? 'bearer' : 'Bearer';
    // Fault `token-issued-empty`: the signer's failure is swallowed into an empty string, answered 200.
    const accessToken = faults.has('token-issued-empty') ? '' : token;
    return { access_token: accessToken, token_type: tokenType, expires_in: expiresIn };
  });

  app.post('/v3/auth/credentials', { config: { operationId: 'createCredential', idempotent: true, body: 'json' } }, async (request, reply) => {
    const partnerId = request.caller!.partnerId;
    const body = request.body;
    const errors: FieldError[] = [];
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationError([{ field: '', message: 'must be a JSON object' }]);
    const b = body as Record<string, unknown>;
    for (const k of Object.keys(b)) if (k !== 'name' && k !== 'expires_at') errors.push({ field: k, message: 'is not a known field' });
    // Both revisions: a string of at least one character (whitespace and any script included); a generous cap keeps memory bounded.
    if (typeof b.name !== 'string' || b.name.length === 0 || b.name.length > 1000)
      errors.push({ field: 'name', message: 'is required: a string of 1 to 1000 characters' });
    // As the revision writes instants: a date-time (docs) or epoch seconds (sdk); null or absent never expires.
    const expiry = kernel.wire.credentialExpiry(b.expires_at, clock.nowMs());
    const expiresAt = expiry instanceof Date || expiry === null ? expiry : null;
    if (expiry !== null && !(expiry instanceof Date)) errors.push(expiry);
    // Fault `credential-lifetime-capped`: an undocumented one-year cap on a credential's lifetime.
    if (expiresAt && faults.has('credential-lifetime-capped') && expiresAt.getTime() > clock.nowMs() + 365 * 86_400_000)
      errors.push({ field: 'expires_at', message: 'must be within one year' });
    if (errors.length) throw validationError(errors);
    const { record, secret } = addCredential(kernel, partnerId, { name: b.name as string, expiresAt, rateLimit: kernel.options.rateLimit });
    reply.code(201);
    // Fault `credential-location-without-base`: the Location is built from the route path, without the /v3 base.
    const base = faults.has('credential-location-without-base') ? '' : '/v3';
    if (!faults.has('credential-location-missing')) reply.header('Location', `${base}/auth/credentials/${record.clientId}`);
    if (faults.has('credential-secret-listed')) listedSecrets.set(record.clientId, secret);
    if (faults.has('credential-list-secret-masked')) listedSecrets.set(record.clientId, `${secret.slice(0, 14)}…${secret.slice(-4)}`);
    const created: Record<string, unknown> = { ...kernel.wire.credential(kernel, record), client_secret: secret };
    // Fault `credential-create-drops-nulls`: the create response leaves out its null members (`last_used_at`, `expires_at`).
    if (faults.has('credential-create-drops-nulls')) for (const [k, v] of Object.entries(created)) if (v === null) delete created[k];
    return created;
  });

  app.get('/v3/auth/credentials', { config: { operationId: 'listCredentials' } }, async (request) => {
    // Fault `credential-list-needs-admin-scope`: the list demands a scope the token endpoint never grants.
    if (faults.has('credential-list-needs-admin-scope'))
      throw new ApiError(403, 'insufficient_scope', 'Forbidden', 'This operation needs the credentials:admin scope.');
    const items = partnerCredentials(kernel, request.caller!.partnerId).map((c) => ({ id: c.clientId, c }));
    const page = kernel.paginate(items, request.query as Record<string, unknown>, { cursorPattern: CLIENT_ID_PATTERN });
    const view = (c: CredentialRecord) => {
      // Fault `credential-list-never-used-500`: a never-used credential's null last_used_at is formatted as a date.
      if (faults.has('credential-list-never-used-500') && c.lastUsedAt === null) throw new TypeError("Cannot read properties of null (reading 'toISOString')");
      const secret = listedSecrets.get(c.clientId);
      // Fault `revoked-credential-listed-active`: the list reads a status cache the revocation never updates.
      const shown =
        faults.has('revoked-credential-listed-active') && c.status === 'revoked'
          ? { ...kernel.wire.credential(kernel, c), status: 'active' }
          : kernel.wire.credential(kernel, c);
      return secret === undefined ? shown : { ...shown, client_secret: secret };
    };
    return { data: page.data.map((i) => view(i.c)), has_more: page.has_more };
  });

  app.delete('/v3/auth/credentials/:client_id', { config: { operationId: 'revokeCredential' } }, async (request, reply) => {
    const { client_id } = request.params as { client_id: string };
    const partnerId = request.caller!.partnerId;
    const credential = kernel.store.credentials.get(client_id);
    if (!credential || credential.partnerId !== partnerId) {
      throw new ApiError(404, 'credential_not_found', 'Not found', 'No credential with this client id.');
    }
    if (credential.status === 'active') {
      const others = partnerCredentials(kernel, partnerId).filter((c) => c.status === 'active' && c.clientId !== client_id);
      if (others.length === 0) {
        throw new ApiError(409, 'last_active_credential', 'Conflict', 'The last active credential cannot be revoked.');
      }
      credential.status = 'revoked';
      credential.updatedAt = clock.now();
    }
    // Fault `revoke-answers-200`: the revocation answers 200 with the revoked credential, not 204.
    if (faults.has('revoke-answers-200')) return reply.code(200).send(kernel.wire.credential(kernel, credential));
    return reply.code(204).send();
  });
}

export { notFound };
