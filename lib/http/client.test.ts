import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../checks/types.js';
import { type ClientOptions, createClient, TransportError } from './client.js';
import { type Clock, RESET_MARGIN_MS } from './rate-limit.js';

// Distinctive values: if any of them shows up in a recorded exchange or curl, redaction failed.
const CLIENT_ID = 'dinie_ci_test_planted';
const CLIENT_SECRET = 'PLANTED-client-secret-9f8e7d';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.PLANTED-token-payload.c2lnbmF0dXJl';
const WHSEC = 'whsec_UExBTlRFRC13ZWJob29rLXNlY3JldA==';

let server: Server;
let base: string;
let tokenCalls = 0;
let expiredOnce = false;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
/** Per-path hit counts of the rate-limit and resend routes. */
const hits = new Map<string, number>();

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    if (req.url === '/v3/auth/token') {
      const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
      if (req.headers.authorization !== expected || body !== 'grant_type=client_credentials') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
        return;
      }
      tokenCalls++;
      await new Promise((r) => setTimeout(r, 20)); // long enough for concurrent callers to pile up
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/problem+json' }).end('{"type":"about:blank","title":"Unauthorized","status":401}');
      return;
    }
    if (req.url === '/v3/webhooks/endpoints') {
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'we_1', secret: WHSEC, note: `token was ${TOKEN}` }));
      return;
    }
    if (req.url === '/v3/expires-once' && !expiredOnce) {
      expiredOnce = true; // the target's clock moved: the token is expired there, once
      res
        .writeHead(401, { 'content-type': 'application/problem+json' })
        .end('{"type":"about:blank","title":"Unauthorized","status":401,"code":"token_expired"}');
      return;
    }
    const url = new URL(req.url!, 'http://x');
    const hit = (hits.get(url.pathname + url.search) ?? 0) + 1;
    hits.set(url.pathname + url.search, hit);
    // A window as the test dictates: ?remaining=N&reset=UNIX_SECONDS.
    if (url.pathname === '/v3/window') {
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'x-ratelimit-limit': '600',
          'x-ratelimit-remaining': url.searchParams.get('remaining')!,
          'x-ratelimit-reset': url.searchParams.get('reset')!,
        })
        .end('{}');
      return;
    }
    // 429 on the first `?n=` hits (default 1), with Retry-After `?ra=` (seconds or an HTTP date, then with a Date header `?date=`).
    if (url.pathname === '/v3/limited' && hit <= Number(url.searchParams.get('n') ?? 1)) {
      const headers: Record<string, string> = { 'content-type': 'application/problem+json', 'retry-after': url.searchParams.get('ra')! };
      if (url.searchParams.get('date')) headers.date = url.searchParams.get('date')!;
      res.writeHead(429, headers).end('{"type":"about:blank","title":"Too many requests","status":429,"code":"rate_limit_exceeded"}');
      return;
    }
    // The connection is dropped on the first `?n=` hits (default: always): no HTTP answer.
    if (url.pathname === '/v3/drop' && hit <= Number(url.searchParams.get('n') ?? Infinity)) {
      req.socket.destroy();
      return;
    }
    if (url.pathname === '/v3/boom') {
      res.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"status":503}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body, ct: req.headers['content-type'] ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function client(log: Exchange[], baseUrl = base, more: Partial<ClientOptions> = {}) {
  return createClient({ baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, partner: 'A', timeoutMs: 2000, onExchange: (e) => log.push(e), ...more });
}

/** A clock whose sleeps return at once and move its time on by what was asked. */
function fakeClock(): Clock & { sleeps: number[] } {
  let t = Date.now();
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

let unique = 0;
/** A path no other test has hit (the routes count hits per path and query). */
const fresh = (path: string, query = '') => `${path}?u=${++unique}${query}`;
const hitsOf = (path: string) => hits.get(`/v3${path}`) ?? 0;

describe('createClient', () => {
  it('renews a managed token refused with 401 once and sends again, keeping both exchanges', async () => {
    const log: Exchange[] = [];
    const c = client(log);
    await c.token();
    tokenCalls = 0;
    const res = await c.request({ method: 'GET', path: '/expires-once' });
    expect(res.status).toBe(200);
    expect(tokenCalls).toBe(1);
    expect(log.filter((e) => e.request.url.endsWith('/expires-once')).map((e) => e.response?.status)).toEqual([401, 200]);
    // An explicit token is the check's own business: never retried.
    const explicit = await c.request({ method: 'GET', path: '/x', auth: { bearer: 'not-the-token' } });
    expect(explicit.status).toBe(401);
  });

  it('gets one token for concurrent requests and sends it as Bearer', async () => {
    const log: Exchange[] = [];
    const c = client(log);
    tokenCalls = 0;
    const answers = await Promise.all([1, 2, 3, 4].map(() => c.request({ method: 'GET', path: '/customers' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(tokenCalls).toBe(1);
    await c.token();
    expect(tokenCalls).toBe(1);
  });

  it('sends JSON, form and multipart bodies and an Idempotency-Key when asked', async () => {
    const c = client([]);
    const json = await c.request({ method: 'POST', path: '/x', json: { a: 1 }, idempotencyKey: true });
    expect(json.body).toEqual({ echo: '{"a":1}', ct: 'application/json' });
    expect(seen.at(-1)!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const form = await c.request({ method: 'POST', path: '/x', form: { a: 'b c' }, idempotencyKey: 'k-1' });
    expect(form.body.echo).toBe('a=b+c');
    expect(seen.at(-1)!.headers['idempotency-key']).toBe('k-1');
    const mp = await c.request({
      method: 'POST',
      path: '/x',
      multipart: { type: 'selfie', file: { filename: 's.png', contentType: 'image/png', data: new Uint8Array([137, 80, 78, 71]) } },
    });
    expect(mp.body.ct).toMatch(/^multipart\/form-data; boundary=/);
    expect(mp.body.echo).toContain('name="type"');
    expect(mp.body.echo).toContain('filename="s.png"');
    expect(mp.exchange.curl).toContain(`-F 'file=@s.png;type=image/png'`);
    const q = await c.request({ method: 'GET', path: '/x', query: { cpf: '123', limit: 2, none: undefined } });
    expect(q.exchange.request.url).toMatch(/\/v3\/x\?cpf=123&limit=2$/);
  });

  it('never retries an HTTP status, and records it', async () => {
    const log: Exchange[] = [];
    const res = await client(log).request({ method: 'GET', path: '/boom' });
    expect(res.status).toBe(503);
    expect(res.exchange.retries).toBe(0);
    expect(seen.filter((s) => s.url === '/v3/boom')).toHaveLength(1);
  });

  it('retries a refused connection once, then throws with the exchange and one sentence', async () => {
    // A port that was just free: nothing listens on it.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const log: Exchange[] = [];
    const err = await client(log, `http://127.0.0.1:${port}/v3`)
      .request({ method: 'GET', path: '/x', auth: 'none' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.exchange.retries).toBe(1);
    expect(err.exchange.error).toBe('the connection was refused (ECONNREFUSED)');
    expect(err.message).toBe(`GET http://127.0.0.1:${port}/v3/x: the connection was refused (ECONNREFUSED), after 1 retry`);
    expect(err.exchange.curl).toBe(
      `curl -sS -X GET 'http://127.0.0.1:${port}/v3/x' -H 'user-agent: dinie-conformance' -H 'accept: application/json, application/problem+json'`,
    );
    expect(log).toEqual([err.exchange]);
  });

  it('redacts every planted secret from exchanges and curl', async () => {
    const log: Exchange[] = [];
    const c = client(log);
    await c.request({ method: 'POST', path: '/webhooks/endpoints', json: { url: 'http://x', secret: WHSEC } });
    await c.request({
      method: 'POST',
      path: '/auth/token',
      auth: { basic: [CLIENT_ID, CLIENT_SECRET] },
      form: { grant_type: 'client_credentials', client_secret: CLIENT_SECRET },
    });
    await c.request({ method: 'GET', path: '/x', auth: { bearer: TOKEN }, query: { access_token: TOKEN } });
    await c.request({ method: 'POST', path: '/x', raw: `{"note":"${CLIENT_SECRET} ${TOKEN}"`, headers: { 'content-type': 'application/json' } });
    const dump = JSON.stringify(log);
    for (const secret of [CLIENT_SECRET, TOKEN, WHSEC, 'PLANTED']) expect(dump).not.toContain(secret);
    // …while what proves the exchange is still there.
    expect(dump).toContain('Bearer <redacted:token>');
    expect(dump).toContain('Basic <redacted>');
    // log[0] is the client's own token request, recorded like any other exchange.
    const curls = log.map((e) => e.curl);
    expect(curls[0]).toContain('-u "$DINIE_CLIENT_ID:$DINIE_CLIENT_SECRET"');
    expect(curls[1]).toContain('"Authorization: Bearer $DINIE_ACCESS_TOKEN"');
    expect(curls[2]).toContain('-u "$DINIE_CLIENT_ID:$DINIE_CLIENT_SECRET"');
    expect(curls[1]).toContain(`--data-raw '{"url":"http://x","secret":"<redacted:secret>"}'`);
  });

  it('reports refused credentials at the token endpoint', async () => {
    const c = createClient({ baseUrl: base, clientId: CLIENT_ID, clientSecret: 'wrong-secret', partner: 'B' });
    await expect(c.token()).rejects.toMatchObject({ name: 'TokenError', status: 401 });
  });
});

describe('rate limits', () => {
  it('waits for X-RateLimit-Reset when Remaining is 0, then sends', async () => {
    const clock = fakeClock();
    const log: Exchange[] = [];
    const c = client(log, base, { clock });
    await c.token();
    const reset = Math.floor(clock.now() / 1000) + 1;
    const first = await c.request({ method: 'GET', path: fresh('/window', `&remaining=0&reset=${reset}`) });
    expect(first.exchange.pacedMs).toBeUndefined();
    expect(clock.sleeps).toEqual([]);
    const t = clock.now();
    const second = await c.request({ method: 'GET', path: '/x' });
    expect(second.status).toBe(200);
    expect(clock.sleeps).toEqual([reset * 1000 + RESET_MARGIN_MS - t]);
    expect(clock.sleeps[0]).toBeGreaterThan(0);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(1000 + RESET_MARGIN_MS);
    expect(second.exchange.pacedMs).toBe(clock.sleeps[0]);
    // The window reset: its budget is unknown again, nothing more to wait for.
    await c.request({ method: 'GET', path: '/x' });
    expect(clock.sleeps).toHaveLength(1);
  });

  it('keeps a reserve for requests in flight, and shares the state across recorders but not with explicit tokens or the token endpoint', async () => {
    const clock = fakeClock();
    const c = client([], base, { clock });
    await c.token();
    const reset = Math.floor(clock.now() / 1000) + 30;
    await c.request({ method: 'GET', path: fresh('/window', `&remaining=2&reset=${reset}`) });
    // Two left: of three concurrent requests two go out, the third waits for the reset.
    await Promise.all([1, 2, 3].map(() => c.withRecorder(() => {}).request({ method: 'GET', path: '/x' })));
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(28_000);
    // Spent again; an explicit token is another credential, and the token endpoint has its own budget.
    await c.request({ method: 'GET', path: fresh('/window', `&remaining=0&reset=${reset + 60}`) });
    await c.request({ method: 'GET', path: '/x', auth: { bearer: TOKEN } });
    c.invalidateToken();
    await c.token();
    expect(clock.sleeps).toHaveLength(1);
    // …while the partner's other recorders wait.
    await c.withRecorder(() => {}).request({ method: 'GET', path: '/x' });
    expect(clock.sleeps).toHaveLength(2);
  });

  it("honours a 429's Retry-After and resends once, keeping both exchanges", async () => {
    const clock = fakeClock();
    const log: Exchange[] = [];
    const c = client(log, base, { clock });
    const path = fresh('/limited', '&ra=2');
    const res = await c.request({ method: 'GET', path });
    expect(res.status).toBe(200);
    expect(clock.sleeps).toEqual([2000]);
    expect(hitsOf(path)).toBe(2);
    const mine = log.filter((e) => e.request.url.endsWith(path));
    expect(mine.map((e) => e.response?.status)).toEqual([429, 200]);
    expect(mine.map((e) => e.pacedMs)).toEqual([undefined, 2000]);
  });

  it("reads Retry-After as an HTTP date against the answer's Date", async () => {
    const clock = fakeClock();
    const c = client([], base, { clock });
    const date = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));
    const ra = new Date(date.getTime() + 3000);
    const path = fresh('/limited', `&ra=${encodeURIComponent(ra.toUTCString())}&date=${encodeURIComponent(date.toUTCString())}`);
    expect((await c.request({ method: 'GET', path })).status).toBe(200);
    expect(clock.sleeps).toEqual([3000]);
  });

  it("rateLimit: 'raw' sees the 429 and is never paced", async () => {
    const clock = fakeClock();
    const log: Exchange[] = [];
    const c = client(log, base, { clock });
    await c.token();
    const path = fresh('/limited', '&ra=2');
    const res = await c.request({ method: 'GET', path, rateLimit: 'raw' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('rate_limit_exceeded');
    expect(hitsOf(path)).toBe(1);
    // The 429 blocks the credential for its Retry-After; a raw request goes out regardless.
    expect((await c.request({ method: 'GET', path: '/x', rateLimit: 'raw' })).status).toBe(200);
    expect(clock.sleeps).toEqual([]);
    expect(log.filter((e) => e.response?.status === 429)).toHaveLength(1);
  });

  it('bounds the wait: a Retry-After beyond the cap returns the 429 as is, at once', async () => {
    const clock = fakeClock();
    const log: Exchange[] = [];
    const c = client(log, base, { clock });
    await c.token();
    const path = fresh('/limited', '&ra=3600');
    const res = await c.request({ method: 'GET', path });
    expect(res.status).toBe(429);
    expect(hitsOf(path)).toBe(1);
    expect(clock.sleeps).toEqual([]);
    // The credential is blocked for an hour: the next request is not held for it either.
    expect((await c.request({ method: 'GET', path: '/x' })).status).toBe(200);
    expect(clock.sleeps).toEqual([]);
    // A smaller cap, and the request's own timeoutMs, bound it the same way.
    const capped = client([], base, { clock, maxRateLimitWaitMs: 1000 });
    expect((await capped.request({ method: 'GET', path: fresh('/limited', '&ra=2') })).status).toBe(429);
    expect((await c.request({ method: 'GET', path: fresh('/limited', '&ra=2'), timeoutMs: 1500 })).status).toBe(429);
    expect(clock.sleeps).toEqual([]);
    // Resends after 429s stop after a few, within the cap.
    const stubborn = fresh('/limited', '&ra=1&n=100');
    expect((await c.request({ method: 'GET', path: stubborn })).status).toBe(429);
    expect(hitsOf(stubborn)).toBe(4);
  });

  it('ends a wait when the signal aborts, with the 429 as is', async () => {
    const ac = new AbortController();
    const c = client([], base).withRecorder(() => {}, { signal: ac.signal });
    await c.token();
    setTimeout(() => ac.abort(), 30);
    const t0 = performance.now();
    const res = await c.request({ method: 'GET', path: fresh('/limited', '&ra=5') });
    expect(res.status).toBe(429);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('resends a key-less POST after a 429 (the target did not process it)', async () => {
    const clock = fakeClock();
    const c = client([], base, { clock });
    const path = fresh('/limited', '&ra=1');
    expect((await c.request({ method: 'POST', path, json: { a: 1 } })).status).toBe(200);
    expect(hitsOf(path)).toBe(2);
  });
});

describe('resends', () => {
  it('never resends a POST without an Idempotency-Key after a transport error or a 503', async () => {
    const c = client([]);
    await c.token();
    const path = fresh('/drop');
    const err = await c.request({ method: 'POST', path, json: { a: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.exchange.retries).toBe(0);
    expect(err.message).toMatch(/not resent: a POST without an Idempotency-Key may have been processed/);
    expect(hitsOf(path)).toBe(1);
    const patch = fresh('/drop');
    await expect(c.request({ method: 'PATCH', path: patch, json: { a: 1 } })).rejects.toBeInstanceOf(TransportError);
    expect(hitsOf(patch)).toBe(1);
    const before = seen.filter((s) => s.url === '/v3/boom').length;
    expect((await c.request({ method: 'POST', path: '/boom', json: { a: 1 } })).status).toBe(503);
    expect((await c.request({ method: 'POST', path: '/boom', json: { a: 1 }, idempotencyKey: true })).status).toBe(503);
    expect(seen.filter((s) => s.url === '/v3/boom').length - before).toBe(2);
  });

  it('resends a GET, and a POST with an Idempotency-Key, with the same key', async () => {
    const clock = fakeClock();
    const c = client([], base, { clock });
    await c.token();
    const get = fresh('/drop', '&n=1');
    const g = await c.request({ method: 'GET', path: get });
    expect(g.status).toBe(200);
    expect(g.exchange.retries).toBe(1);
    for (const idempotencyKey of [true, 'k-resend'] as const) {
      const path = fresh('/drop', '&n=1');
      const res = await c.request({ method: 'POST', path, json: { a: 1 }, idempotencyKey });
      expect(res.status).toBe(200);
      expect(res.exchange.retries).toBe(1);
      const keys = seen.filter((s) => s.url === `/v3${path}`).map((s) => s.headers['idempotency-key']);
      expect(keys).toHaveLength(2);
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toEqual(idempotencyKey === true ? expect.stringMatching(/^[0-9a-f-]{36}$/) : 'k-resend');
    }
    expect(clock.sleeps).toEqual([100, 100, 100]); // the transport backoff, on the injected clock
    // At most one retry: a second drop is the answer.
    const twice = fresh('/drop', '&n=2');
    const err = await c.request({ method: 'GET', path: twice }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.exchange.retries).toBe(1);
    expect(hitsOf(twice)).toBe(2);
  });

  it('keeps a generated Idempotency-Key across a 401 renewal and a 429 resend', async () => {
    const clock = fakeClock();
    const c = client([], base, { clock });
    const path = fresh('/limited', '&ra=1');
    expect((await c.request({ method: 'POST', path, json: {}, idempotencyKey: true })).status).toBe(200);
    const keys = seen.filter((s) => s.url === `/v3${path}`).map((s) => s.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expiredOnce = false;
    await c.request({ method: 'POST', path: '/expires-once', json: {}, idempotencyKey: true });
    const renewed = seen
      .filter((s) => s.url === '/v3/expires-once')
      .slice(-2)
      .map((s) => s.headers['idempotency-key']);
    expect(renewed[0]).toBeDefined();
    expect(renewed[0]).toBe(renewed[1]);
  });
});
