// Auth through HTTP: token endpoint, the 401 variants, credentials create/list/revoke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, Client, type Harness, harness } from './test-client.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

const token = (headers: Record<string, string>, form: Record<string, string> = { grant_type: 'client_credentials' }) =>
  h.a.call('POST', '/auth/token', { form, headers, token: null });

describe('token endpoint', () => {
  it('issues a one-hour bearer JWT for HTTP Basic and for form credentials', async () => {
    const p = h.server.partners[0]!;
    const res = await token({ authorization: basic(p.clientId, p.clientSecret) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(res.body.access_token.split('.')).toHaveLength(3);
    const viaForm = await token({}, { grant_type: 'client_credentials', client_id: p.clientId, client_secret: p.clientSecret });
    expect(viaForm.status).toBe(200);
  });

  it('answers 401 invalid_client to a wrong secret, an unknown client and no credentials', async () => {
    const p = h.server.partners[0]!;
    for (const headers of [{ authorization: basic(p.clientId, 'wrong') }, { authorization: basic('dinie_ci_test_nobody', 'x') }, {}] as Record<
      string,
      string
    >[]) {
      const res = await token(headers);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    }
  });

  it('answers 400 to a missing or unsupported grant_type', async () => {
    const p = h.server.partners[0]!;
    expect((await token({ authorization: basic(p.clientId, p.clientSecret) }, {})).status).toBe(400);
    const res = await token({ authorization: basic(p.clientId, p.clientSecret) }, { grant_type: 'password' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
  });
});

describe('bearer verification', () => {
  it('missing → missing_token, garbage → invalid_token, forged signature → invalid_token', async () => {
    const none = await h.a.call('GET', '/customers', { token: null });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('missing_token');
    expect((await h.a.call('GET', '/customers', { token: 'not.a.jwt' })).body.code).toBe('invalid_token');
    const [head, payload, sig] = h.a.token!.split('.');
    const forged = `${head}.${payload}.${sig!.slice(0, -4)}${sig!.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const res = await h.a.call('GET', '/customers', { token: forged });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_token');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('a token stops working after expires_in on the server clock (token_expired)', async () => {
    const local = await harness();
    try {
      expect((await local.a.call('GET', '/customers')).status).toBe(200);
      // A margin of seconds: wall time keeps running under the moved clock, and a loaded CI machine
      // can cross a second boundary between issuing the token and using it.
      await local.a.call('POST', '!/_simulation/clock', { json: { advance_seconds: 3590 } });
      expect((await local.a.call('GET', '/customers')).status).toBe(200);
      await local.a.call('POST', '!/_simulation/clock', { json: { advance_seconds: 11 } });
      const res = await local.a.call('GET', '/customers');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('token_expired');
    } finally {
      await local.close();
    }
  });
});

describe('credentials', () => {
  it('creates (secret once), lists without secrets, revokes; tokens of a revoked credential stop at once', async () => {
    const created = await h.a.call('POST', '/auth/credentials', { json: { name: 'ci' } });
    expect(created.status).toBe(201);
    expect(created.body.client_id).toMatch(/^dinie_ci_test_[A-Za-z0-9]+$/);
    expect(created.headers.location).toBe(`/v3/auth/credentials/${created.body.client_id}`);
    const second = new Client(h.server, { clientId: created.body.client_id, clientSecret: created.body.client_secret });
    await second.login();
    expect((await second.call('GET', '/customers')).status).toBe(200);
    const list = await h.a.call('GET', '/auth/credentials?limit=100');
    const listed = list.body.data.find((c: { client_id: string }) => c.client_id === created.body.client_id);
    expect(listed.status).toBe('active');
    expect(list.body.data.some((c: Record<string, unknown>) => 'client_secret' in c)).toBe(false);
    expect((await h.a.call('DELETE', `/auth/credentials/${created.body.client_id}`)).status).toBe(204);
    const after = await second.call('GET', '/customers');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('invalid_token');
    expect(
      (await h.a.call('GET', '/auth/credentials?limit=100')).body.data.find((c: { client_id: string }) => c.client_id === created.body.client_id).status,
    ).toBe('revoked');
  });

  it('refuses to revoke the last active credential (409) and unknown ones (404); validates the body (422)', async () => {
    const list = await h.b.call('GET', '/auth/credentials');
    const active = list.body.data.filter((c: { status: string }) => c.status === 'active');
    expect(active).toHaveLength(1);
    const res = await h.b.call('DELETE', `/auth/credentials/${active[0].client_id}`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('last_active_credential');
    expect((await h.b.call('DELETE', '/auth/credentials/dinie_ci_test_unknown')).status).toBe(404);
    // Another partner's credential is as unknown as a missing one.
    expect((await h.a.call('DELETE', `/auth/credentials/${active[0].client_id}`)).status).toBe(404);
    expect((await h.a.call('POST', '/auth/credentials', { json: { name: 'x', scope: 'all' } })).status).toBe(422);
    expect((await h.a.call('POST', '/auth/credentials', { json: {} })).status).toBe(422);
  });
});
