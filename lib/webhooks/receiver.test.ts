import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CheckFailure } from '../checks/types.js';
import { createClient } from '../http/client.js';
import { type Receiver, startReceiver } from './receiver.js';

// The Standard Webhooks specification's published test vector.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({
    timeoutMs: 300,
    validateEvent: (type, payload: any) =>
      type === 'customer.created' && typeof payload?.data?.id !== 'string' ? { valid: false, errors: ['data.id is required'] } : { valid: true, errors: [] },
  });
});
afterAll(() => receiver.close());
afterEach(() => vi.useRealTimers());

async function deliver(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return res.status;
}

function vectorHeaders(signature = VECTOR.signature) {
  return { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': signature };
}

/** Our clock at `offset` seconds after the vector's timestamp (Date only: the server needs real timers). */
function clockAt(offset: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime((VECTOR.timestamp + offset) * 1000);
}

describe('webhook receiver', () => {
  it('the library reproduces the test vector', () => {
    expect(new Webhook(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.payload)).toBe(VECTOR.signature);
  });

  it('verifies the test vector, and rejects a tampered body, a wrong secret and a stale timestamp', async () => {
    const sink = receiver.sink();
    sink.setSecrets([VECTOR.secret]);
    clockAt(10);
    expect(await deliver(sink.url, VECTOR.payload, vectorHeaders())).toBe(204);
    await deliver(sink.url, VECTOR.payload.replace('2432232314', '2432232315'), vectorHeaders());
    const other = receiver.sink();
    other.setSecrets([`whsec_${Buffer.from('another secret entirely').toString('base64')}`]);
    await deliver(other.url, VECTOR.payload, vectorHeaders());
    clockAt(301);
    await deliver(sink.url, VECTOR.payload, vectorHeaders());

    const [good, tampered, stale] = sink.deliveries();
    expect(good).toMatchObject({ verified: true, answeredStatus: 204, payload: { test: 2432232314 } });
    expect(tampered).toMatchObject({ verified: false, verifyError: 'No matching signature found' });
    expect(stale).toMatchObject({ verified: false, verifyError: 'Message timestamp too old' });
    expect(other.deliveries()[0]).toMatchObject({ verified: false, verifyError: 'No matching signature found' });
  });

  it("judges webhook-timestamp against the target's clock once the control API moved it (setClockOffset)", async () => {
    const local = await startReceiver({ timeoutMs: 300 });
    try {
      const sink = local.sink();
      sink.setSecrets([VECTOR.secret]);
      // Our clock is an hour behind the target's, whose deliveries are stamped on its own clock.
      clockAt(-3600 + 10);
      await deliver(sink.url, VECTOR.payload, vectorHeaders());
      local.setClockOffset(3600_000);
      await deliver(sink.url, VECTOR.payload, vectorHeaders());
      clockAt(-3600 + 301);
      await deliver(sink.url, VECTOR.payload, vectorHeaders());
      const [unaware, aware, stale] = sink.deliveries();
      expect(unaware).toMatchObject({ verified: false, verifyError: 'Message timestamp too new', clockOffsetMs: 0 });
      expect(aware).toMatchObject({ verified: true, clockOffsetMs: 3600_000 });
      expect(aware!.receivedAt + aware!.clockOffsetMs).toBe((VECTOR.timestamp + 10) * 1000);
      expect(stale).toMatchObject({ verified: false, verifyError: 'Message timestamp too old' });
    } finally {
      await local.close();
    }
  });

  it("accepts any of several signatures against any of the sink's secrets (rotation)", async () => {
    const sink = receiver.sink();
    sink.setSecrets([`whsec_${Buffer.from('the new secret').toString('base64')}`, VECTOR.secret]);
    clockAt(0);
    await deliver(sink.url, VECTOR.payload, vectorHeaders(`v1,bm90IGEgc2lnbmF0dXJl ${VECTOR.signature}`));
    expect(sink.deliveries()[0]!.verified).toBe(true);
  });

  it('answers failNext statuses, validates payloads and waits for past and future deliveries', async () => {
    const secret = `whsec_${Buffer.from('receiver test secret').toString('base64')}`;
    const wh = new Webhook(secret);
    const sink = receiver.sink();
    sink.setSecrets([secret]);
    sink.failNext(1, 503);
    const send = (id: string, body: object) => {
      const raw = JSON.stringify(body);
      const now = new Date();
      return deliver(sink.url, raw, {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': wh.sign(id, now, raw),
      });
    };
    expect(await send('msg_1', { type: 'customer.created', timestamp: new Date().toISOString(), data: {} })).toBe(503);
    expect(await send('msg_1', { type: 'customer.created', timestamp: new Date().toISOString(), data: { id: 'cust_1' } })).toBe(204);
    const [first, retry] = sink.deliveries();
    expect(first).toMatchObject({ answeredStatus: 503, verified: true, schemaErrors: ['data.id is required'] });
    expect(retry).toMatchObject({ answeredStatus: 204, schemaErrors: [] });

    const past = await sink.waitFor((d) => d.payload?.data?.id === 'cust_1');
    expect(past).toBe(retry);
    const future = sink.waitFor((d) => d.type === 'loan.active', { timeoutMs: 2000 });
    await send('msg_2', { type: 'loan.active', timestamp: new Date().toISOString(), data: { id: 'ln_1' } });
    expect((await future).headers['webhook-id']).toBe('msg_2');
    const never = await sink.waitFor((d) => d.type === 'loan.finished', { timeoutMs: 100, what: 'loan.finished' }).catch((e) => e);
    expect(never).toBeInstanceOf(CheckFailure);
    expect(never.message).toBe('no webhook delivery loan.finished arrived within 100 ms');
  });

  it('records deliveries to unknown paths apart, answered 404', async () => {
    expect(await deliver(`${receiver.baseUrl}/hooks/nobody`, '{}', {})).toBe(404);
    expect(receiver.stray().at(-1)!.sink).toBe('/hooks/nobody');
  });
});

describe('subscribe', () => {
  let api: Server;
  const calls: string[] = [];
  let base: string;
  beforeAll(async () => {
    api = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      if (req.url === '/v3/auth/token')
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"tok-subscribe-test","expires_in":3600}');
      if (req.method === 'POST' && req.url === '/v3/webhooks/endpoints') {
        return res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'we_1', secret: 'whsec_c3Vic2NyaWJlZA==', status: 'active' }));
      }
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(api.address() as AddressInfo).port}/v3`;
  });
  afterAll(() => new Promise<void>((r) => api.close(() => r())));

  it('registers the sink on the target, takes the secret, and deletes the endpoint on cleanup', async () => {
    const client = createClient({ baseUrl: base, clientId: 'dinie_ci_test_x', clientSecret: 'secret-x', partner: 'A' });
    const scope = receiver.scoped();
    const { sink, endpoint, secret } = await scope.webhooks.subscribe(client, ['customer.*']);
    expect(endpoint.id).toBe('we_1');
    expect(secret).toBe('whsec_c3Vic2NyaWJlZA==');
    expect(sink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/s[0-9a-f]{16}$/);
    await scope.cleanup();
    expect(calls).toEqual(['POST /v3/auth/token', 'POST /v3/webhooks/endpoints', 'DELETE /v3/webhooks/endpoints/we_1']);
  });
});
