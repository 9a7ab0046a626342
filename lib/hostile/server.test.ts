import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HOSTILE_TOKEN, type HostileOptions, type HostileServer, SHORT_TOKEN, startHostileServer } from './server.js';

let servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function start(opts: HostileOptions): Promise<HostileServer> {
  const s = await startHostileServer(opts);
  servers.push(s);
  return s;
}

const basic = `Basic ${Buffer.from('dinie_ci_test_hostile:PLANTED-hostile-secret').toString('base64')}`;
const token = (base: string) =>
  request(`${base}/auth/token`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e) => e,
  );
const codeOf = (e: any): string | undefined => e?.code ?? e?.cause?.code;

describe('hostile server', () => {
  it('silent-after-token: answers the token, then never answers and keeps the socket open until close()', async () => {
    const h = await start({ mode: 'silent-after-token' });
    const t = await token(h.baseUrl);
    expect(t.statusCode).toBe(200);
    expect(await t.body.json()).toEqual({ access_token: DEFAULT_HOSTILE_TOKEN, token_type: 'Bearer', expires_in: 3600 });
    const pending = request(`${h.baseUrl}/customers`, { headers: { authorization: `Bearer ${h.token}` } });
    const outcome = errorOf(pending);
    const raced = await Promise.race([
      pending.then(
        () => 'answered',
        () => 'failed',
      ),
      new Promise((r) => setTimeout(() => r('silent'), 300)),
    ]);
    expect(raced).toBe('silent');
    expect(h.connections()).toBeGreaterThanOrEqual(1);
    expect(h.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v3/auth/token', 'GET /v3/customers']);
    await h.close();
    expect(h.connections()).toBe(0);
    expect(await outcome).toBeDefined(); // the pending request ends with the server
  });

  it('hostileToken: the token endpoint is silent too', async () => {
    const h = await start({ mode: 'silent-after-token', hostileToken: true });
    const e = await errorOf(request(`${h.baseUrl}/auth/token`, { method: 'POST', body: 'grant_type=client_credentials', headersTimeout: 200 }));
    expect(codeOf(e)).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(h.requests).toHaveLength(1);
  });

  it('huge-bodies: exactly bodyBytes of valid JSON (an array of repeated objects), Content-Length declared', async () => {
    const h = await start({ mode: 'huge-bodies', bodyBytes: 1024 * 1024 + 7 });
    const res = await request(`${h.baseUrl}/customers`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-length']).toBe(String(1024 * 1024 + 7));
    const text = await res.body.text();
    expect(Buffer.byteLength(text)).toBe(1024 * 1024 + 7);
    const items = JSON.parse(text) as { id: string }[];
    expect(items.length).toBeGreaterThan(5000);
    expect(items[1]).toMatchObject({ id: 'item_0000001', name: 'Hostile item' });
    for (const size of [2, 10, 200, 65536, 65537]) {
      const small = await start({ mode: 'huge-bodies', bodyBytes: size });
      const body = await (await request(`${small.baseUrl}/x`)).body.text();
      expect(Buffer.byteLength(body), `size ${size}`).toBe(size);
      expect(Array.isArray(JSON.parse(body))).toBe(true);
    }
  });

  it('huge-bodies: 50 MiB by default, streamed, and it stops when the client goes away', async () => {
    const h = await start({ mode: 'huge-bodies' });
    const res = await request(`${h.baseUrl}/customers`);
    expect(res.headers['content-length']).toBe(String(50 * 1024 * 1024));
    let got = 0;
    for await (const chunk of res.body) {
      got += (chunk as Buffer).length;
      if (got > 256 * 1024) break; // drops the connection
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(h.connections()).toBe(0);
  });

  it('huge-bodies with stallAfterBytes: the body stops arriving, the socket stays open', async () => {
    const h = await start({ mode: 'huge-bodies', bodyBytes: 100_000, stallAfterBytes: 1000 });
    const res = await request(`${h.baseUrl}/x`, { bodyTimeout: 200 });
    expect(res.statusCode).toBe(200);
    let got = 0;
    const e = await errorOf(
      (async () => {
        for await (const chunk of res.body) got += (chunk as Buffer).length;
      })(),
    );
    expect(codeOf(e)).toBe('UND_ERR_BODY_TIMEOUT');
    expect(got).toBe(1000);
  });

  it('reset: the token works, every other request meets a TCP reset', async () => {
    const h = await start({ mode: 'reset' });
    expect((await token(h.baseUrl)).statusCode).toBe(200);
    expect(codeOf(await errorOf(request(`${h.baseUrl}/customers`)))).toBe('ECONNRESET');
    expect(codeOf(await errorOf(request(`${h.baseUrl}/customers`, { method: 'POST', body: '{}' })))).toBe('ECONNRESET');
  });

  it('echo-secrets: echoes the headers, Authorization included, and the bare Basic credential, after padBytes of padding', async () => {
    const h = await start({ mode: 'echo-secrets' });
    const res = await request(`${h.baseUrl}/customers`, { method: 'POST', headers: { authorization: basic, 'x-api-key': 'k' }, body: 'hello' });
    const echo = (await res.body.json()) as any;
    expect(echo).toMatchObject({ method: 'POST', url: '/v3/customers', basic: basic.slice('Basic '.length), body: 'hello' });
    expect(echo.headers.authorization).toBe(basic);
    const bearer = (await (await request(`${h.baseUrl}/x`, { headers: { authorization: 'Bearer tok_abcdef123456' } })).body.json()) as any;
    expect(bearer.bearer).toBe('tok_abcdef123456');
    // The token endpoint echoes too (the credential comes back in the token response).
    const t = (await (await token(h.baseUrl)).body.json()) as any;
    expect(t.access_token).toBe(DEFAULT_HOSTILE_TOKEN);
    expect(t.echo.basic).toBe(basic.slice('Basic '.length));

    const padded = await start({ mode: 'echo-secrets', padBytes: 100_000 });
    const text = await (await request(`${padded.baseUrl}/x`, { headers: { authorization: basic } })).body.text();
    expect(text.length).toBeGreaterThan(100_000);
    expect(text.indexOf(basic.slice('Basic '.length))).toBeGreaterThan(100_000);
  });

  it('short-token: a 4-character token, echoed back in bodies', async () => {
    const h = await start({ mode: 'short-token' });
    const t = (await (await token(h.baseUrl)).body.json()) as any;
    expect(t.access_token).toBe(SHORT_TOKEN);
    expect(t.access_token).toHaveLength(4);
    const echo = (await (await request(`${h.baseUrl}/customers`, { headers: { authorization: `Bearer ${t.access_token}` } })).body.json()) as any;
    expect(echo.bearer).toBe(SHORT_TOKEN);
  });

  it('plain-http: answers plain HTTP; https:// to its port fails the TLS handshake', async () => {
    const h = await start({ mode: 'plain-http' });
    expect((await request(`${h.baseUrl}/x`)).statusCode).toBe(200);
    const e = await errorOf(request(`https://127.0.0.1:${h.port}/v3/x`));
    expect(codeOf(e)).toMatch(/^(ERR_SSL_WRONG_VERSION_NUMBER|EPROTO)$/);
  });

  it('refuses an unknown mode', async () => {
    await expect(startHostileServer({ mode: 'nice' as never })).rejects.toThrow(/unknown hostile mode "nice"/);
  });
});
