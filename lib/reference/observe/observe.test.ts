// Observe mode through HTTP: what is recorded (and what never is: secrets), each disturbance of
// the schedule when its count comes, the webhook deliveries it adds, and the end of a session.

import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../index.js';
import { startTestReceiver, type TestReceiver } from '../webhooks/test-receiver.js';
import { DisturbancePlan, describeSchedule, resolveSchedule } from './index.js';
import { DEFAULT_OBSERVE_SCHEDULE, type ObserveSchedule, QUIET_SCHEDULE } from './types.js';

describe('the schedule', () => {
  it('fills defaults, refuses unknown members and numbers that are not whole', () => {
    expect(resolveSchedule()).toEqual(DEFAULT_OBSERVE_SCHEDULE);
    expect(resolveSchedule({ rateLimitAt: 0 }).rateLimitAt).toBe(0);
    expect(() => resolveSchedule({ rateLimitAt: -1 })).toThrow(/rateLimitAt must be a whole number ≥ 0/);
    expect(() => resolveSchedule({ retryAfterSeconds: 0 })).toThrow(/retryAfterSeconds must be a whole number ≥ 1/);
    expect(() => resolveSchedule({ slowMs: 1.5 })).toThrow(/slowMs/);
    expect(() => resolveSchedule({ nope: 1 } as Partial<ObserveSchedule>)).toThrow(/unknown schedule member "nope"/);
  });

  it('says itself in words, one line per disturbance switched on', () => {
    const lines = describeSchedule(DEFAULT_OBSERVE_SCHEDULE);
    expect(lines).toEqual([
      'the 5th request of each credential: 429 rate_limit_exceeded, Retry-After: 2',
      'the 2nd creating POST of each credential: 503, nothing created; its next retry (same path and body) 503 again',
      'the 3rd GET of each credential: answered 3000 ms late',
      'the 8th bearer request of each credential: 401 token_expired on a valid token, refused from then on',
      'the 1st event to each webhook endpoint: delivered twice (same webhook-id)',
      'after the 2nd event to each webhook endpoint: a copy under a new webhook-id with a bad signature',
      'the 3rd event to each webhook endpoint: held back and delivered after the next one (at most 10000 ms)',
      'each demo partner starts with 30 customers, so lists run longer than a page',
    ]);
    expect(describeSchedule(resolveSchedule(QUIET_SCHEDULE))).toEqual([]);
  });

  it('decides per credential, once each, moving a disturbance that falls on a disturbed request to the next eligible one', () => {
    const plan = new DisturbancePlan(resolveSchedule({ rateLimitAt: 2, serverErrorAt: 1, serverErrorTimes: 2, slowAt: 2, tokenExpiredAt: 3 }));
    const get = (credential: string, tokenKey = 't1') => plan.decide({ credential, method: 'GET', bearer: true, tokenKey, creating: false });
    const post = (credential: string, retryKey: string, tokenKey = 't1') =>
      plan.decide({ credential, method: 'POST', bearer: true, tokenKey, creating: true, retryKey });
    expect(post('a', 'x')).toBe('server-error'); //   1st request, 1st creating POST
    expect(post('a', 'x')).toBe('rate-limit'); //     2nd request: the 429 comes first; the 503's repeat waits
    expect(post('a', 'x')).toBe('token-expired'); //  3rd bearer request; token t1 refused from now on
    expect(get('a')).toBe('token-refused');
    expect(post('a', 'x', 't2')).toBe('server-error'); // the repeat, with the new token
    expect(post('a', 'x', 't2')).toBeUndefined(); //   through
    expect(get('a', 't2')).toBeUndefined(); //         1st GET (the refused one was not counted)
    expect(get('a', 't2')).toBe('slow'); //            2nd GET
    expect(get('a', 't2')).toBeUndefined();
    expect(post('b', 'y', 'tb')).toBe('server-error'); // another credential counts on its own
    expect(plan.decide({ method: 'GET', bearer: false, creating: false })).toBeUndefined();
  });
});

describe('observe mode over HTTP', () => {
  let server: ReferenceServer | undefined;
  let rx: TestReceiver | undefined;
  afterEach(async () => {
    await server?.close();
    await rx?.close();
    server = undefined;
    rx = undefined;
  });

  const start = async (observe: Partial<ObserveSchedule>) => {
    server = await startReferenceServer({
      port: 0,
      auto: { kycMs: 20, creditMs: 20, loanStepMs: 20 },
      observe: { ...QUIET_SCHEDULE, ...observe },
      webhookRetry: { baseMs: 10, maxAttempts: 2 },
    });
    const p = server.partners[0]!;
    const basic = `Basic ${Buffer.from(`${p.clientId}:${p.clientSecret}`).toString('base64')}`;
    const call = async (method: string, path: string, opts: { json?: unknown; token?: string; headers?: Record<string, string> } = {}) => {
      const res = await request(`${server!.baseUrl}${path}`, {
        method: method as 'GET',
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    };
    const login = async () => {
      const res = await request(`${server!.baseUrl}/auth/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      return ((await res.body.json()) as { access_token: string }).access_token;
    };
    return { call, login, partner: p };
  };
  const customer = (n: number) => ({
    cpf: ['529.982.247-25', '111.444.777-35', '123.456.789-09'][n],
    name: `C ${n}`,
    email: `c${n}@example.com`,
    phone: '+5511999999999',
    external_id: `e${n}`,
  });

  it('records every /v3 exchange with its credential, token number, key and timing, and never a secret', async () => {
    const { call, login, partner } = await start({ seedCustomers: 3 });
    const token = await login();
    const created = await call('POST', '/customers', { json: customer(0), token, headers: { 'idempotency-key': 'key-1' } });
    expect(created.status).toBe(201);
    await call('GET', '/customers?limit=1', { token });
    const ep = await call('POST', '/webhooks/endpoints', { json: { url: 'http://127.0.0.1:9/x', events: ['*'] }, token });
    await call('GET', '/!unknown', { token });
    await request(`${server!.baseUrl.replace(/\/v3$/, '')}/_simulation`).then((r) => r.body.dump()); // not /v3: not recorded
    const s = server!.observer!.session();
    expect(s.exchanges.map((e) => `${e.method} ${e.path}${e.rawQuery} ${e.status}`)).toEqual([
      'POST /v3/auth/token 200',
      'POST /v3/customers 201',
      'GET /v3/customers?limit=1 200',
      'POST /v3/webhooks/endpoints 201',
      'GET /v3/!unknown 404',
    ]);
    const [tok, cust, list] = s.exchanges;
    expect(tok).toMatchObject({ auth: 'basic', credential: partner.clientId, issuedToken: { tokenNo: 1, expiresIn: 3600 }, operationId: 'createToken' });
    expect(tok!.headers.authorization).toBe(`Basic [${partner.clientId}:<secret>]`);
    expect(tok!.responseBody).toContain('[token #1]');
    expect(cust).toMatchObject({
      auth: 'bearer',
      tokenNo: 1,
      credential: partner.clientId,
      idempotencyKey: 'key-1',
      operationId: 'createCustomer',
      bodyRead: true,
      body: customer(0),
    });
    expect(cust!.headers.authorization).toBe('Bearer [token #1]');
    expect(cust!.respondedAt! >= cust!.at).toBe(true);
    expect(list!.page).toMatchObject({ hasMore: true, ids: [expect.stringMatching(/^cust_/)] });
    expect(list!.query).toEqual({ limit: '1' });
    const all = JSON.stringify(s);
    for (const secret of [partner.clientSecret, token, ep.body.secret as string, (ep.body.secret as string).slice(6)]) expect(all.includes(secret)).toBe(false);
    expect(server!.observer!.secrets()).toEqual(expect.arrayContaining([partner.clientSecret, token, ep.body.secret]));
  });

  it('replaces a secret the session knows wherever the application puts it: a query string, a body member of its own, a header', async () => {
    const { call, login, partner } = await start({});
    const token = await login();
    const whsec = (await call('POST', '/webhooks/endpoints', { json: { url: 'http://127.0.0.1:9/x', events: ['*'] }, token })).body.secret as string;
    const cs = partner.clientSecret;
    await call('GET', `/customers?client_secret=${encodeURIComponent(cs)}&access_token=${token}&hook=${encodeURIComponent(whsec)}`, {
      token,
      headers: { 'x-app-note': token },
    });
    await call('POST', '/customers', { json: { ...customer(1), note: cs, mine: { keys: [token, whsec] } }, token, headers: { 'idempotency-key': 'k-1' } });
    // Sent in the query before the body that makes it a secret was read: replaced once it is known.
    const own = 'an-own-password-1';
    await call('POST', `/customers?ref=${own}`, { json: { ...customer(2), password: own }, token, headers: { 'idempotency-key': 'k-2' } });
    await vi.waitFor(() => expect(server!.observer!.session().exchanges[4]?.bodyRead).toBe(true));
    const s = server!.observer!.session();
    expect(s.exchanges[4]!.rawQuery).toBe('?ref=[redacted]');
    const [, , list, created] = s.exchanges;
    expect(list!.query).toEqual({ client_secret: '[redacted]', access_token: '[token #1]', hook: '[redacted]' });
    expect(list!.rawQuery).toBe('?client_secret=[redacted]&access_token=[token #1]&hook=[redacted]');
    expect(list!.headers['x-app-note']).toBe('[token #1]');
    expect(created!.body).toMatchObject({ note: '[redacted]', mine: { keys: ['[token #1]', '[redacted]'] } });
    const origin = server!.baseUrl.replace(/\/v3$/, '');
    const live = await request(`${origin}/_observe`).then((r) => r.body.text());
    for (const secret of [cs, token, whsec, whsec.slice(6), encodeURIComponent(cs), encodeURIComponent(whsec), own]) {
      expect(JSON.stringify(s).includes(secret), 'the recording carries a secret').toBe(false);
      expect(live.includes(secret), 'GET /_observe carries a secret').toBe(false);
    }
  });

  it('answers the scheduled 429 with Retry-After, and the scheduled 503 twice to the same request, creating nothing', async () => {
    const { call, login } = await start({ rateLimitAt: 3, retryAfterSeconds: 7, serverErrorAt: 1, serverErrorTimes: 2 });
    const token = await login(); //                                                                       request 1
    const first = await call('POST', '/customers', { json: customer(1), token, headers: { 'idempotency-key': 'k' } }); // 2
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    const limited = await call('GET', '/customers?limit=100', { token }); //                              3
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.body).toMatchObject({ code: 'rate_limit_exceeded' });
    const again = await call('POST', '/customers', { json: customer(1), token, headers: { 'idempotency-key': 'k' } });
    expect(again.status).toBe(503);
    const other = await call('POST', '/customers', { json: customer(2), token, headers: { 'idempotency-key': 'k2' } });
    expect(other.status, 'another request is not the disturbed one').toBe(201);
    const through = await call('POST', '/customers', { json: customer(1), token, headers: { 'idempotency-key': 'k' } });
    expect(through.status).toBe(201);
    const ids = (await call('GET', '/customers?limit=100', { token })).body.data.map((c: { external_id: string }) => c.external_id);
    expect(ids.filter((e: string) => e === 'e1')).toHaveLength(1);
    expect(server!.observer!.session().exchanges.map((e) => e.disturbance ?? '-')).toEqual(['-', 'server-error', 'rate-limit', 'server-error', '-', '-', '-']);
  });

  it('answers the scheduled GET late, and records a client that gave up as aborted', async () => {
    const { login } = await start({ slowAt: 1, slowMs: 400 });
    const token = await login();
    const t0 = Date.now();
    await expect(
      request(`${server!.baseUrl}/customers`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    const slow = server!.observer!.session().exchanges[1]!;
    expect(slow).toMatchObject({ disturbance: 'slow', aborted: true });
    expect(slow.status).toBeUndefined();
    // Recorded when the client left (order, not timing: timers on a loaded machine drift).
    expect(slow.abortedAt!).toBeGreaterThan(slow.at);
    void t0;
  });

  it('expires a valid token once with 401 token_expired, and refuses it from then on; a new token works', async () => {
    const { call, login } = await start({ tokenExpiredAt: 2 });
    const token = await login();
    expect((await call('GET', '/customers', { token })).status).toBe(200);
    const expired = await call('GET', '/customers', { token });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ code: 'token_expired' });
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer /);
    expect((await call('GET', '/customers', { token })).status).toBe(401);
    const fresh = await login();
    expect((await call('GET', '/customers', { token: fresh })).status).toBe(200);
    expect(server!.observer!.session().exchanges.map((e) => e.disturbance ?? '-')).toEqual(['-', '-', 'token-expired', 'token-refused', '-', '-']);
  });

  it('delivers a redelivery (same webhook-id), a forged copy (a signature of another secret) and an event out of order, recording each attempt', async () => {
    rx = await startTestReceiver();
    const { call, login } = await start({ duplicateAt: 1, forgedAt: 1, outOfOrderAt: 2, holdMs: 2000 });
    const token = await login();
    const ep = await call('POST', '/webhooks/endpoints', { json: { url: rx.url('/hook'), events: ['customer.created'] }, token });
    for (let i = 0; i < 3; i++) await call('POST', '/customers', { json: customer(i), token });
    await rx.waitFor((d) => d.length >= 5, 5000, '/hook');
    const got = rx.deliveries('/hook');
    const verifies = (d: (typeof got)[number]) => {
      try {
        new Webhook(ep.body.secret).verify(d.body, d.headers);
        return true;
      } catch {
        return false;
      }
    };
    expect(got.map((d) => [d.payload.data.external_id, verifies(d)])).toEqual([
      ['e0', true],
      ['e0', true],
      ['e0', false],
      ['e2', true],
      ['e1', true],
    ]);
    expect(got[1]!.headers['webhook-id']).toBe(got[0]!.headers['webhook-id']);
    expect(got[2]!.headers['webhook-id']).not.toBe(got[0]!.headers['webhook-id']);
    const s = server!.observer!.session();
    expect(s.deliveries.map((d) => `${d.kind}${d.outOfOrder ? ' out-of-order' : ''} ${d.status}`)).toEqual([
      'genuine 200',
      'redelivery 200',
      'forged 200',
      'genuine 200',
      'genuine out-of-order 200',
    ]);
    expect(s.endpoints).toEqual([{ id: ep.body.id, url: rx.url('/hook'), events: ['customer.created'] }]);
  });

  it('sends an event held back alone, in order, when no later one comes within holdMs', async () => {
    rx = await startTestReceiver();
    const { call, login } = await start({ outOfOrderAt: 1, holdMs: 150 });
    const token = await login();
    await call('POST', '/webhooks/endpoints', { json: { url: rx.url('/hook'), events: ['customer.created'] }, token });
    await call('POST', '/customers', { json: customer(0), token });
    await rx.waitFor((d) => d.length >= 1, 5000, '/hook');
    await new Promise((r) => setTimeout(r, 50));
    expect(server!.observer!.session().deliveries.map((d) => ({ kind: d.kind, outOfOrder: d.outOfOrder ?? false }))).toEqual([
      { kind: 'genuine', outOfOrder: false },
    ]);
  });

  it('retries a genuine delivery the receiver refuses, and never the forged one', async () => {
    rx = await startTestReceiver();
    rx.respond('/hook', () => 500);
    const { call, login } = await start({ forgedAt: 1 });
    const token = await login();
    await call('POST', '/webhooks/endpoints', { json: { url: rx.url('/hook'), events: ['customer.created'] }, token });
    await call('POST', '/customers', { json: customer(0), token });
    await rx.waitFor((d) => d.length >= 3, 5000, '/hook');
    await new Promise((r) => setTimeout(r, 100));
    expect(server!.observer!.session().deliveries.map((d) => `${d.kind} #${d.attempt} ${d.status}`)).toEqual([
      'genuine #1 500',
      'genuine #2 500',
      'forged #1 500',
    ]);
  });

  it('ends on POST /_observe/finish with what the handler returns, once; later requests are not recorded', async () => {
    const { call, login } = await start({});
    const token = await login();
    let calls = 0;
    server!.observer!.onFinish((session) => ({ handled: ++calls, requests: session.exchanges.length, reason: session.endReason }));
    const origin = server!.baseUrl.replace(/\/v3$/, '');
    const status = await request(`${origin}/_observe`).then((r) => r.body.json());
    expect(status).toMatchObject({ recording: true, exchanges: 1 });
    const finished = await request(`${origin}/_observe/finish`, { method: 'POST' }).then((r) => r.body.json());
    expect(finished).toEqual({ handled: 1, requests: 1, reason: 'finish request' });
    expect(await server!.observer!.finish('SIGINT')).toEqual(finished);
    await expect(server!.observer!.ended).resolves.toBe('finish request');
    await call('GET', '/customers', { token });
    const s = server!.observer!.session();
    expect(s.exchanges).toHaveLength(1);
    expect(s.endReason).toBe('finish request');
    expect(s.endedAt).toBeDefined();
  });

  it('gives each demo partner seeded customers, so lists run past a page', async () => {
    const { call, login } = await start({ seedCustomers: 30 });
    const token = await login();
    const page = await call('GET', '/customers', { token });
    expect(page.body.data).toHaveLength(25);
    expect(page.body.has_more).toBe(true);
  });
});
