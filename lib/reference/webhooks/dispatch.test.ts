// Webhook endpoint management and signed delivery, through HTTP against a loopback receiver.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../credit/testkit.js';
import { startTestReceiver, type TestReceiver, verifyWith } from './test-receiver.js';

let h: Harness;
let rx: TestReceiver;
let customerId: string;

beforeAll(async () => {
  // A slower back-off than the default self-test one, so a test can act between two attempts.
  [h, rx] = await Promise.all([startHarness({ webhookRetry: { baseMs: 150, maxAttempts: 4, timeoutMs: 300 } }), startTestReceiver()]);
  customerId = (await h.pendingCustomer()).id;
});

afterAll(async () => {
  await h?.close();
  await rx?.close();
});

async function endpoint(path: string, extra: Record<string, unknown> = {}) {
  const res = await h.api('POST', '/webhooks/endpoints', { url: rx.url(path), ...extra }, 'createWebhookEndpoint');
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string };
}

/** Publishes an offer: one credit_offer.available event. */
const trigger = () => h.offerFor(customerId);

describe('endpoint management', () => {
  it('creates with a secret shown once, reads, lists, updates and deletes', async () => {
    const res = await h.api(
      'POST',
      '/webhooks/endpoints',
      { url: rx.url('/crud'), events: ['loan.*', 'customer.created'], description: 'main' },
      'createWebhookEndpoint',
    );
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v3/webhooks/endpoints/${res.body.id}`);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(res.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const id = res.body.id;
    const got = await h.api('GET', `/webhooks/endpoints/${id}`, undefined, 'getWebhookEndpoint');
    expect(got.body).not.toHaveProperty('secret');
    expect(got.body).toMatchObject({ id, events: ['loan.*', 'customer.created'], description: 'main', status: 'active' });
    await endpoint('/crud-2');
    const page = await h.api('GET', '/webhooks/endpoints?limit=1', undefined, 'listWebhookEndpoints');
    expect(page.body.data).toHaveLength(1);
    expect(page.body.has_more).toBe(true);
    expect(page.body.data[0]).not.toHaveProperty('secret');
    const patched = await h.api('PATCH', `/webhooks/endpoints/${id}`, { status: 'disabled', events: ['*'] }, 'updateWebhookEndpoint');
    expect(patched.body).toMatchObject({ status: 'disabled', events: ['*'], description: 'main' });
    for (const [body, field] of [
      [{ url: rx.url('/x'), events: ['loan.disbursed'] }, 'events[0]'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://127.0.0.1/x' }, 'url'],
      [{ url: rx.url('/x'), colour: 'red' }, 'colour'],
      [{}, 'url'],
    ] as const) {
      const bad = await h.api('POST', '/webhooks/endpoints', body, 'createWebhookEndpoint');
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect((await h.api('PATCH', `/webhooks/endpoints/${id}`, { status: 'paused' }, 'updateWebhookEndpoint')).status).toBe(422);
    expect((await h.api('DELETE', `/webhooks/endpoints/${id}`, undefined, 'deleteWebhookEndpoint')).status).toBe(204);
    expect((await h.api('GET', `/webhooks/endpoints/${id}`, undefined, 'getWebhookEndpoint')).status).toBe(404);
    expect((await h.api('GET', `/webhooks/endpoints/${page.body.data[0].id}`, undefined, 'getWebhookEndpoint', 1)).status).toBe(404);
  });
});

describe('delivery', () => {
  it('signs every delivery with the endpoint secret and fresh Standard Webhooks headers', async () => {
    const e = await endpoint('/signed');
    const offer = await trigger();
    const [d] = await rx.waitFor((ds) => ds.length >= 1, 5000, '/signed');
    expect(verifyWith(e.secret, d!)).toBeNull();
    expect(d!.payload).toMatchObject({ type: 'credit_offer.available', data: { id: offer.id } });
    expect(d!.payload.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(Math.abs(Number(d!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(h.contract.validateEvent('credit_offer.available', d!.payload).errors).toEqual([]);
  });

  it('retries a failing endpoint with the same webhook-id and body', async () => {
    const e = await endpoint('/flaky');
    rx.respond('/flaky', (_d, i) => (i < 2 ? 500 : 204));
    await trigger();
    const ds = await rx.waitFor((all) => all.length >= 3, 5000, '/flaky');
    expect(new Set(ds.map((d) => d.headers['webhook-id'])).size).toBe(1);
    expect(new Set(ds.map((d) => d.body)).size).toBe(1);
    for (const d of ds) expect(verifyWith(e.secret, d)).toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(rx.deliveries('/flaky')).toHaveLength(3); // delivered on the third: no fourth attempt
  });

  it('retries after a per-attempt timeout with the same webhook-id', async () => {
    const e = await endpoint('/slow');
    rx.respond('/slow', (_d, i) => (i === 0 ? 0 : 200)); // the first attempt never gets an answer
    await trigger();
    const ds = await rx.waitFor((all) => all.length >= 2, 5000, '/slow');
    expect(ds[0]!.headers['webhook-id']).toBe(ds[1]!.headers['webhook-id']);
    expect(verifyWith(e.secret, ds[1]!)).toBeNull();
  });

  it('gives distinct webhook-ids to distinct events', async () => {
    await endpoint('/ids');
    await trigger();
    await trigger();
    const ds = await rx.waitFor((all) => all.length >= 2, 5000, '/ids');
    expect(ds[0]!.headers['webhook-id']).not.toBe(ds[1]!.headers['webhook-id']);
  });

  it('signs with both secrets during a rotation grace period, and only the new one once it ends', async () => {
    const e = await endpoint('/rotate');
    const r1 = await h.api('POST', `/webhooks/endpoints/${e.id}/rotate-secret`, { expire_current_in: 600 }, 'rotateWebhookEndpointSecret');
    expect(r1.status).toBe(200);
    expect(r1.body.id).toBe(e.id);
    expect(r1.body.secret).not.toBe(e.secret);
    expect(Date.parse(r1.body.previous_secret_expires_at)).toBeGreaterThan(Date.now() + 590_000);
    await trigger();
    const [first] = await rx.waitFor((all) => all.length >= 1, 5000, '/rotate');
    expect(first!.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWith(e.secret, first!)).toBeNull();
    expect(verifyWith(r1.body.secret, first!)).toBeNull();
    expect((await h.api('POST', `/webhooks/endpoints/${e.id}/rotate-secret`, { expire_current_in: -1 }, 'rotateWebhookEndpointSecret')).status).toBe(422);
    const r2 = await h.api('POST', `/webhooks/endpoints/${e.id}/rotate-secret`, { expire_current_in: 1 }, 'rotateWebhookEndpointSecret');
    // r1's secret got 1 s of grace: move the server clock past it.
    expect((await h.control('/clock', { advance_seconds: 2 })).status).toBe(200);
    await trigger();
    const ds = await rx.waitFor((all) => all.length >= 2, 5000, '/rotate');
    expect(verifyWith(r2.body.secret, ds[1]!)).toBeNull();
    expect(verifyWith(r1.body.secret, ds[1]!)).not.toBeNull();
    expect((await h.api('POST', `/webhooks/endpoints/${e.id}/rotate-secret`, { expire_current_in: 86_401 }, 'rotateWebhookEndpointSecret')).status).toBe(422);
    const noBody = await h.api('POST', `/webhooks/endpoints/${e.id}/rotate-secret`, undefined, 'rotateWebhookEndpointSecret');
    expect(noBody.status).toBe(200);
  });

  it('delivers nothing to a disabled endpoint, and again once re-enabled', async () => {
    const off = await endpoint('/off');
    await endpoint('/sentinel-off');
    await h.api('PATCH', `/webhooks/endpoints/${off.id}`, { status: 'disabled' }, 'updateWebhookEndpoint');
    await trigger();
    await rx.waitFor((all) => all.length >= 1, 5000, '/sentinel-off');
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.deliveries('/off')).toHaveLength(0);
    await h.api('PATCH', `/webhooks/endpoints/${off.id}`, { status: 'active' }, 'updateWebhookEndpoint');
    await trigger();
    await rx.waitFor((all) => all.length >= 1, 5000, '/off');
  });

  it('honours event filters', async () => {
    await endpoint('/only-loans', { events: ['loan.*'] });
    await endpoint('/sentinel-filter', { events: ['credit_offer.available'] });
    await trigger();
    await rx.waitFor((all) => all.length >= 1, 5000, '/sentinel-filter');
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.deliveries('/only-loans')).toHaveLength(0);
  });

  it('stops retrying once the endpoint is deleted', async () => {
    const e = await endpoint('/gone');
    rx.respond('/gone', () => 503);
    await trigger();
    await rx.waitFor((all) => all.length >= 1, 5000, '/gone');
    await h.api('DELETE', `/webhooks/endpoints/${e.id}`, undefined, 'deleteWebhookEndpoint');
    await new Promise((r) => setTimeout(r, 600));
    expect(rx.deliveries('/gone')).toHaveLength(1);
  });

  it('keeps the events of one resource in order even when a delivery needs retries', async () => {
    await endpoint('/ordered', { events: ['loan.*'] });
    rx.respond('/ordered', (_d, i) => (i === 0 ? 500 : 200));
    const customer = await h.activeCustomer();
    const offer = await h.offerFor(customer.id);
    const sim = (await h.api('POST', `/credit-offers/${offer.id}/simulations`, { requested_amount: '5000.00', installment_count: 6 })).body;
    const loan = (
      await h.api('POST', '/loans', {
        credit_offer_id: offer.id,
        simulation_id: sim.id,
        installments: 6,
        installments_value: sim.installments_value,
        first_due_date: sim.first_due_date,
      })
    ).body;
    for (let i = 0; i < 3; i++) await h.control(`/loans/${loan.id}/advance`, {});
    const ds = await rx.waitFor((all) => all.length >= 5, 5000, '/ordered');
    expect(ds.map((d) => d.payload.type)).toEqual(['loan.created', 'loan.created', 'loan.contract_generated', 'loan.awaiting_signatures', 'loan.signed']);
  });
});

describe('after close', () => {
  it('delivers nothing once the server is closed', async () => {
    const [h2, rx2] = await Promise.all([startHarness({ webhookRetry: { baseMs: 100, maxAttempts: 5 } }), startTestReceiver()]);
    try {
      await h2.api('POST', '/webhooks/endpoints', { url: rx2.url('/closing') });
      rx2.respond('/closing', () => 500);
      const c = await h2.pendingCustomer();
      await h2.offerFor(c.id);
      await rx2.waitFor((all) => all.length >= 1, 5000, '/closing');
      await h2.close();
      const count = rx2.deliveries('/closing').length;
      await new Promise((r) => setTimeout(r, 500));
      expect(rx2.deliveries('/closing')).toHaveLength(count);
    } finally {
      await rx2.close();
    }
  });
});

describe('on a moved clock', () => {
  it('stamps the envelope timestamp and webhook-timestamp on the server clock the control API moved', async () => {
    const [h3, rx3] = await Promise.all([startHarness(), startTestReceiver()]);
    try {
      const made = await h3.api('POST', '/webhooks/endpoints', { url: rx3.url('/moved') });
      const c = await h3.pendingCustomer();
      // Under an hour: the harness's token (on the same clock) stays good.
      const moved = await h3.control('/clock', { advance_seconds: 1800 });
      const serverNow = Date.parse(moved.body.now) / 1000;
      await h3.offerFor(c.id);
      const offered = <T extends { payload: { type: string } }>(ds: T[]) => ds.filter((x) => x.payload.type === 'credit_offer.available');
      const [d] = offered(await rx3.waitFor((ds) => offered(ds).length >= 1, 5000, '/moved'));
      // Signed over the stamped timestamp (receivers judge it against the moved clock).
      const signed = new Webhook(made.body.secret).sign(d!.headers['webhook-id']!, new Date(Number(d!.headers['webhook-timestamp']) * 1000), d!.body);
      expect(d!.headers['webhook-signature']!.split(' ')).toContain(signed);
      expect(Math.abs(Number(d!.headers['webhook-timestamp']) - serverNow)).toBeLessThan(60);
      expect(Math.abs(Date.parse(d!.payload.timestamp) / 1000 - serverNow)).toBeLessThan(60);
      expect(Number(d!.headers['webhook-timestamp']) - Date.now() / 1000).toBeGreaterThan(1700);
    } finally {
      await h3.close();
      await rx3.close();
    }
  });
});
