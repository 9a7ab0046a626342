// The client against hostile targets (lib/hostile): bounded in time, bounded in memory, one
// sentence per transport error, and evidence even when nothing came back.
import { afterEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../checks/types.js';
import { type HostileOptions, type HostileServer, startHostileServer } from '../hostile/server.js';
import { type ClientOptions, clipBody, createClient, formatBytes, ResponseTooLargeError, requestTimeoutFor, TransportError } from './client.js';

let servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function hostile(opts: HostileOptions): Promise<HostileServer> {
  const s = await startHostileServer(opts);
  servers.push(s);
  return s;
}

const CLIENT_SECRET = 'PLANTED-bounds-secret-5d4c3b';
/** A client of `h` whose exchanges land in `log` through a recorder, as a check's do. */
function clientOf(h: HostileServer, log: Exchange[], more: Partial<ClientOptions> = {}, signal?: AbortSignal) {
  const root = createClient({ baseUrl: h.baseUrl, clientId: 'dinie_ci_test_bounds', clientSecret: CLIENT_SECRET, partner: 'A', timeoutMs: 300, ...more });
  return root.withRecorder((e) => log.push(e), { signal });
}
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e) => e,
  );
const MiB = 1024 * 1024;

describe('bounded in time', () => {
  it('a silent target: the request fails within its timeout, recorded with its curl before the error propagates', async () => {
    const h = await hostile({ mode: 'silent-after-token' });
    const log: Exchange[] = [];
    const c = clientOf(h, log);
    const t0 = performance.now();
    const err = await errorOf(c.request({ method: 'GET', path: '/customers', query: { limit: 2 } }));
    const took = performance.now() - t0;
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toBe(`GET ${h.baseUrl}/customers?limit=2: no answer within 300 ms`);
    expect(err.code).toBe('TIMEOUT');
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2000);
    expect(log).toEqual([err.exchange]);
    const ex = err.exchange as Exchange;
    expect(ex).toMatchObject({ error: 'no answer within 300 ms', retries: 0, request: { method: 'GET', url: `${h.baseUrl}/customers?limit=2` } });
    expect(ex.response).toBeUndefined();
    expect(ex.durationMs).toBeGreaterThanOrEqual(290);
    expect(ex.curl).toBe(
      `curl -sS -X GET '${h.baseUrl}/customers?limit=2' -H "Authorization: Bearer $DINIE_ACCESS_TOKEN" -H 'user-agent: dinie-conformance' -H 'accept: application/json, application/problem+json'`,
    );
    expect(ex.request.headers.authorization).toBe('Bearer <redacted:token>');
    // No stack, nothing but the sentence.
    expect(err.stack).toBe(`TransportError: ${err.message}`);
  });

  it('a request overrides the timeout, both ways', async () => {
    const h = await hostile({ mode: 'silent-after-token' });
    const c = clientOf(h, [], { timeoutMs: 5000 });
    const t0 = performance.now();
    const err = await errorOf(c.request({ method: 'GET', path: '/x', timeoutMs: 150 }));
    expect(err.exchange.error).toBe('no answer within 150 ms');
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('a resendable request times out once, not once per retry', async () => {
    const h = await hostile({ mode: 'silent-after-token' });
    const c = clientOf(h, []);
    await c.token();
    const t0 = performance.now();
    const err = await errorOf(c.request({ method: 'PUT', path: '/x', json: {}, timeoutMs: 300 }));
    expect(err.exchange.retries).toBe(0);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(h.requests.filter((r) => r.url === '/v3/x')).toHaveLength(1);
  });

  it("a silent token endpoint: the token exchange lands in the check's evidence; a shorter request stops waiting for it", async () => {
    const h = await hostile({ mode: 'silent-after-token', hostileToken: true });
    const log: Exchange[] = [];
    const c = clientOf(h, log);
    // The token request (the client's 300 ms) gives up before the request's own 1000 ms.
    const err = await errorOf(c.request({ method: 'GET', path: '/customers', timeoutMs: 1000 }));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toBe(`POST ${h.baseUrl}/auth/token: no answer within 300 ms`);
    expect(log.map((e) => [e.request.method, e.request.url, e.error])).toEqual([['POST', `${h.baseUrl}/auth/token`, 'no answer within 300 ms']]);
    expect(log[0]!.curl).toContain('-u "$DINIE_CLIENT_ID:$DINIE_CLIENT_SECRET"');

    const log2: Exchange[] = [];
    const c2 = clientOf(h, log2, { timeoutMs: 2000 });
    const t0 = performance.now();
    const err2 = await errorOf(c2.request({ method: 'GET', path: '/customers', timeoutMs: 200 }));
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(err2.exchange.error).toBe('no answer within 200 ms (still waiting for the access token)');
    expect(log2).toEqual([err2.exchange]);
    expect(log2[0]!.request.url).toBe(`${h.baseUrl}/customers`);
  });

  it('a cancelled check: its requests stop at once, and the exchange is in the evidence by the time abort() returns', async () => {
    const h = await hostile({ mode: 'silent-after-token' });
    const ac = new AbortController();
    const log: Exchange[] = [];
    const c = clientOf(h, log, { timeoutMs: 10_000 }, ac.signal);
    await c.token();
    const pending = errorOf(c.request({ method: 'GET', path: '/customers' }));
    const other = errorOf(c.request({ method: 'POST', path: '/customers', json: { a: 1 } }));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    ac.abort();
    // Synchronously: whoever aborted finds both exchanges already recorded.
    expect(log.map((e) => e.error)).toEqual([
      expect.stringMatching(/^the request was cancelled after \d+ ms$/),
      expect.stringMatching(/^the request was cancelled after \d+ ms$/),
    ]);
    const [a, b] = await Promise.all([pending, other]);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(a).toBeInstanceOf(TransportError);
    expect(a.code).toBe('ABORTED');
    expect(a.message).toMatch(new RegExp(`^GET ${h.baseUrl}/customers: the request was cancelled after \\d+ ms$`));
    expect([a.exchange, b.exchange]).toEqual(log);
    expect(log).toHaveLength(2); // recorded once each
    // Already aborted: nothing goes out, the request is still recorded.
    const late = await errorOf(c.request({ method: 'GET', path: '/late' }));
    expect(late.code).toBe('ABORTED');
    expect(log).toHaveLength(3);
    expect(h.requests.some((r) => r.url === '/v3/late')).toBe(false);
  });

  it("a request's own signal cancels just that request", async () => {
    const h = await hostile({ mode: 'silent-after-token' });
    const c = clientOf(h, [], { timeoutMs: 10_000 });
    await c.token();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await errorOf(c.request({ method: 'GET', path: '/x', signal: ac.signal }));
    expect(err.code).toBe('ABORTED');
  });

  it('--timeout maps to the per-request timeout: min(10000, --timeout)', () => {
    expect(requestTimeoutFor(undefined)).toBe(10_000);
    expect(requestTimeoutFor(2000)).toBe(2000);
    expect(requestTimeoutFor(60_000)).toBe(10_000);
  });
});

describe('bounded in memory', () => {
  it('a huge body is read up to the cap only: one-sentence failure, the kept part recorded with the full size', async () => {
    const h = await hostile({ mode: 'huge-bodies' }); // 50 MiB
    const log: Exchange[] = [];
    const c = clientOf(h, log, { maxBodyBytes: 1 * MiB, maxEvidenceBodyBytes: 4096, timeoutMs: 5000 });
    const err = await errorOf(c.request({ method: 'GET', path: '/customers', query: { limit: 100 }, auth: 'none' }));
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err.message).toBe('response larger than 1 MiB (GET /customers answered 200 with more)');
    expect(err.stack).toBe(`ResponseTooLargeError: ${err.message}`);
    expect(err.status).toBe(200);
    expect(log).toEqual([err.exchange]);
    const ex = err.exchange as Exchange;
    expect(ex.error).toBe(err.message);
    expect(ex.response!.status).toBe(200);
    const body = ex.response!.body!;
    expect(body.endsWith('… [truncated: 52,428,800 bytes in all]')).toBe(true);
    const kept = body.slice(0, -'… [truncated: 52,428,800 bytes in all]'.length);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(kept)).toBeGreaterThan(4000);
    expect(kept.startsWith('[{"id":"item_0000000"')).toBe(true);
    // The connection was dropped: the server is not left streaming 50 MiB to nobody.
    for (let i = 0; i < 40 && h.connections() > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(h.connections()).toBe(0);
  });

  it('the default cap is 8 MiB', async () => {
    const h = await hostile({ mode: 'huge-bodies', bodyBytes: 9 * MiB });
    const err = await errorOf(clientOf(h, [], { timeoutMs: 5000 }).request({ method: 'GET', path: '/customers' }));
    expect(err.message).toBe('response larger than 8 MiB (GET /customers answered 200 with more)');
    expect(err.exchange.response.body).toMatch(/… \[truncated: 9,437,184 bytes in all\]$/);
    expect(Buffer.byteLength(err.exchange.response.body)).toBeLessThan(64 * 1024 + 100);
  });

  it('a body under the cap reaches the check whole; its evidence keeps the first part and the size', async () => {
    const h = await hostile({ mode: 'huge-bodies', bodyBytes: 200_000 });
    const c = clientOf(h, [], { maxEvidenceBodyBytes: 1000 });
    const res = await c.request({ method: 'GET', path: '/customers' });
    expect(res.status).toBe(200);
    expect(res.text).toHaveLength(200_000);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.exchange.response!.body).toMatch(/^\[\{"id":"item_0000000".*… \[truncated: 200,000 bytes in all\]$/s);
    expect(Buffer.byteLength(res.exchange.response!.body!)).toBeLessThanOrEqual(1000 + 40);
  });

  it('request bodies in evidence are capped the same way, and curl reads a long one from a file', async () => {
    const h = await hostile({ mode: 'plain-http' });
    const c = clientOf(h, [], { maxEvidenceBodyBytes: 1000 });
    const raw = `{"note":"${'n'.repeat(5000)}"}`;
    const res = await c.request({ method: 'POST', path: '/x', raw, headers: { 'content-type': 'application/json' } });
    expect(res.exchange.request.body).toMatch(/… \[truncated: 5,011 bytes in all\]$/);
    expect(res.exchange.curl).toContain(`--data-binary '@request-body'`);
    expect(res.exchange.curl).not.toContain('nnnnnnnnnn');
    const small = await c.request({ method: 'POST', path: '/x', json: { a: 1 } });
    expect(small.exchange.request.body).toBe('{"a":1}');
    expect(small.exchange.curl).toContain(`--data-raw '{"a":1}'`);
  });

  it('a body that stops arriving fails within the timeout, with the status and what came', async () => {
    const h = await hostile({ mode: 'huge-bodies', bodyBytes: 100_000, stallAfterBytes: 1000 });
    const log: Exchange[] = [];
    const err = await errorOf(clientOf(h, log).request({ method: 'GET', path: '/customers' }));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toBe(`GET ${h.baseUrl}/customers answered 200, but the body did not arrive in full within 300 ms (1,000 bytes came)`);
    expect(err.exchange.response.status).toBe(200);
    expect(err.exchange.response.body).toMatch(/^\[\{"id":"item_0000000".*… \[truncated: 100,000 bytes in all\]$/s);
    expect(log).toEqual([err.exchange]);
  });

  it('formats sizes and clips on a character boundary', () => {
    expect(formatBytes(8 * MiB)).toBe('8 MiB');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(1500)).toBe('1,500 bytes');
    expect(clipBody('short', 10)).toBe('short');
    expect(clipBody('ééééé', 5)).toBe('éé… [truncated: 10 bytes in all]');
    expect(clipBody('abc', 10, { bytes: 4096, exact: false })).toBe('abc');
    expect(clipBody('abc', 10, { bytes: 4096, exact: false }, true)).toBe('abc… [truncated: more than 4,096 bytes]');
    expect(clipBody('abcdef', 3, { bytes: 9, exact: true })).toBe('abc… [truncated: 9 bytes in all]');
  });
});

describe('one sentence per transport error', () => {
  it('resets: one sentence with the code; a GET retried once, a key-less POST never', async () => {
    const h = await hostile({ mode: 'reset' });
    const log: Exchange[] = [];
    const c = clientOf(h, log, { timeoutMs: 2000 });
    const get = await errorOf(c.request({ method: 'GET', path: '/customers' }));
    expect(get).toBeInstanceOf(TransportError);
    expect(get.message).toBe(`GET ${h.baseUrl}/customers: the connection was reset (ECONNRESET), after 1 retry`);
    expect(get.exchange.error).toBe('the connection was reset (ECONNRESET)');
    expect(get.code).toBe('ECONNRESET');
    const post = await errorOf(c.request({ method: 'POST', path: '/customers', json: {} }));
    expect(post.message).toBe(
      `POST ${h.baseUrl}/customers: the connection was reset (ECONNRESET), not resent: a POST without an Idempotency-Key may have been processed`,
    );
    expect(h.requests.filter((r) => r.url === '/v3/customers').map((r) => r.method)).toEqual(['GET', 'GET', 'POST']);
    expect(log.map((e) => e.error)).toEqual(['the connection was reset (ECONNRESET)', 'the connection was reset (ECONNRESET)']);
  });

  it('https:// to a plain-HTTP port: one sentence, no OpenSSL path', async () => {
    const h = await hostile({ mode: 'plain-http' });
    const log: Exchange[] = [];
    const c = createClient({
      baseUrl: `https://127.0.0.1:${h.port}/v3`,
      clientId: 'dinie_ci_test_bounds',
      clientSecret: CLIENT_SECRET,
      partner: 'A',
      timeoutMs: 2000,
    }).withRecorder((e) => log.push(e));
    const err = await errorOf(c.request({ method: 'GET', path: '/customers', auth: 'none' }));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.exchange.error).toMatch(/^TLS handshake failed: the server does not speak TLS on this port \((ERR_SSL_WRONG_VERSION_NUMBER|EPROTO)\)$/);
    expect(JSON.stringify(log)).not.toMatch(/openssl|\.c:\d+|ssl3_get_record/i);
    // The token request meets the same, and the check's evidence has it.
    const viaToken = await errorOf(c.request({ method: 'GET', path: '/customers' }));
    expect(viaToken.message).toMatch(/^POST https:\/\/127\.0\.0\.1:\d+\/v3\/auth\/token: TLS handshake failed: the server does not speak TLS on this port/);
    expect(log.at(-1)!.request.url).toMatch(/\/auth\/token$/);
  });
});
