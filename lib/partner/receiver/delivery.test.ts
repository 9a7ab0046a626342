// Deliveries as Dinie signs them, and the shell snippet that reproduces each one: run here with bash,
// curl and openssl against a small verifying receiver, so a snippet in a report is known to work.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDelivery } from '../../webhooks/verify.js';
import { Deliverer, forgedSignature, type Recipe, reproduceDelivery } from './delivery.js';
import { otherSecret } from './secret.js';

const secret = otherSecret(); // any whsec_ secret of our own stands for the partner's here
const other = otherSecret();
let server: Server;
let url: string;
let hang = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (hang) return; // never answers
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const v = verifyDelivery(Buffer.concat(chunks).toString('utf8'), headers, [secret.secret]);
      res.writeHead(v.verified ? 204 : 401, { 'content-type': 'text/plain' });
      res.end(v.verified ? '' : v.error);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/dinie`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const body = JSON.stringify({ type: 'loan.active', timestamp: '2026-03-05T14:00:00Z', data: { id: 'ln_1', net_amount: "24250.00 it's" } });
const recipe = (extra: Partial<Recipe> = {}): Recipe => ({
  label: 'test',
  webhookId: 'evt_0123456789abcdef0123456789abcdef',
  body,
  signatures: [{ by: 'secret' }],
  ...extra,
});

function bash(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script], { env: { ...process.env, DINIE_WEBHOOK_SECRET: secret.secret }, timeout: 10_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}
const statusOf = (out: string) => Number(/^HTTP\/[\d.]+ (\d{3})/m.exec(out)?.[1]);

describe('Deliverer', () => {
  it('signs like Standard Webhooks: id.timestamp.body, keyed with the base64 part of the secret', () => {
    const d = new Deliverer({ url: 'http://x', secret, timeoutMs: 1000 });
    const h = d.headersFor(recipe());
    expect(() => new Webhook(secret.secret).verify(body, h)).not.toThrow();
    expect(h['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    void d.close();
  });

  it('puts one token per signer, in order; omits what it is told; signs the signed body; moves the timestamp', () => {
    const d = new Deliverer({ url: 'http://x', secret, timeoutMs: 1000 });
    const now = Date.UTC(2026, 2, 5, 14);
    const two = d.headersFor(recipe({ signatures: [{ by: 'other', key: other.key }, { by: 'secret' }] }), now);
    const [first, second] = two['webhook-signature']!.split(' ');
    expect(first).toBe(new Webhook(other.secret).sign(recipe().webhookId, new Date(now), body));
    expect(second).toBe(new Webhook(secret.secret).sign(recipe().webhookId, new Date(now), body));
    expect(d.headersFor(recipe({ omit: ['webhook-id'] }))).not.toHaveProperty('webhook-id');
    const stale = d.headersFor(recipe({ timestampOffsetS: -600 }), now);
    expect(Number(stale['webhook-timestamp'])).toBe(now / 1000 - 600);
    const tampered = d.headersFor(recipe({ signedBody: '{}' }), now);
    expect(tampered['webhook-signature']).toBe(new Webhook(secret.secret).sign(recipe().webhookId, new Date(now), '{}'));
    void d.close();
  });

  it('records every delivery as an exchange, and a receiver that does not answer as "no answer within N ms"', async () => {
    const d = new Deliverer({ url, secret, timeoutMs: 300 });
    try {
      const ok = await d.deliver(recipe());
      expect(ok.status).toBe(204);
      expect(ok.exchange.request.headers['webhook-id']).toBe(recipe().webhookId);
      expect(ok.exchange.curl).toContain('${DINIE_WEBHOOK_SECRET#whsec_}');
      expect(JSON.stringify(ok.exchange)).not.toContain(secret.key);
      hang = true;
      const silent = await d.deliver(recipe());
      expect(silent.status).toBeUndefined();
      expect(silent.error).toBe('no answer within 300 ms');
      expect(silent.exchange.error).toBe('no answer within 300 ms');
      expect(silent.durationMs).toBeLessThan(2_000);
    } finally {
      hang = false;
      await d.close();
    }
  });

  it('answers a refused connection with its sentence, without throwing', async () => {
    const d = new Deliverer({ url: 'http://127.0.0.1:1/webhooks/dinie', secret, timeoutMs: 1000 });
    const r = await d.deliver(recipe());
    expect(r.error).toMatch(/refused \(ECONNREFUSED\)/);
    await d.close();
  });
});

describe('reproduceDelivery: the snippet in the report makes the same delivery again', () => {
  const cases: [string, Partial<Recipe>, number][] = [
    ['genuine', {}, 204],
    ['valid signature second of two', { signatures: [{ by: 'other', key: other.key }, { by: 'secret' }] }, 204],
    ['forged', { signatures: [{ by: 'literal', value: forgedSignature() }] }, 401],
    ['another secret', { signatures: [{ by: 'other', key: other.key }] }, 401],
    ['tampered', { signedBody: body.replace('24250', '99999') }, 401],
    ['stale', { timestampOffsetS: -600 }, 401],
    ['future', { timestampOffsetS: 600 }, 401],
    ['without webhook-signature', { omit: ['webhook-signature'] }, 401],
  ];
  for (const [name, extra, expected] of cases) {
    it(`${name}: ${expected}`, async () => {
      const script = reproduceDelivery(url, recipe(extra));
      expect(script).not.toContain(secret.key);
      expect(statusOf(await bash(script))).toBe(expected);
    });
  }
});
