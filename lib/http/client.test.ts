import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../checks/types.js';
import { createClient, TransportError } from './client.js';

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
      res.writeHead(401, { 'content-type': 'application/problem+json' }).end('{"type":"about:blank","title":"Unauthorized","status":401,"code":"token_expired"}');
      return;
    }
    if (req.url === '/v3/boom') {
      res.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"status":503}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body, ct: req.headers['content-type'] ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function client(log: Exchange[], baseUrl = base) {
  return createClient({ baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, partner: 'A', timeoutMs: 2000, onExchange: (e) => log.push(e) });
}

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
    const mp = await c.request({ method: 'POST', path: '/x', multipart: { type: 'selfie', file: { filename: 's.png', contentType: 'image/png', data: new Uint8Array([137, 80, 78, 71]) } } });
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

  it('retries a refused connection at most twice, then throws with the exchange', async () => {
    // A port that was just free: nothing listens on it.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const log: Exchange[] = [];
    const err = await client(log, `http://127.0.0.1:${port}/v3`).request({ method: 'GET', path: '/x', auth: 'none' }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.exchange.retries).toBe(2);
    expect(err.exchange.error).toMatch(/ECONNREFUSED/);
    expect(log).toHaveLength(1);
  });

  it('redacts every planted secret from exchanges and curl', async () => {
    const log: Exchange[] = [];
    const c = client(log);
    await c.request({ method: 'POST', path: '/webhooks/endpoints', json: { url: 'http://x', secret: WHSEC } });
    await c.request({ method: 'POST', path: '/auth/token', auth: { basic: [CLIENT_ID, CLIENT_SECRET] }, form: { grant_type: 'client_credentials', client_secret: CLIENT_SECRET } });
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
