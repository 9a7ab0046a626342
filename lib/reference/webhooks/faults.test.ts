// Each webhook fault of the reference server, observed through HTTP and a loopback receiver.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../credit/testkit.js';
import type { FaultName } from '../faults.js';
import { startTestReceiver, verifyWith, type TestReceiver } from './test-receiver.js';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()));
  open = [];
});

async function setup(fault: FaultName): Promise<{ h: Harness; rx: TestReceiver }> {
  const [h, rx] = await Promise.all([startHarness({ faults: [fault] }), startTestReceiver()]);
  open.push(h, rx);
  return { h, rx };
}

async function endpoint(h: Harness, rx: TestReceiver, path: string) {
  return (await h.api('POST', '/webhooks/endpoints', { url: rx.url(path) })).body as { id: string; secret: string };
}

describe('webhook faults', () => {
  it('webhook-wrong-secret: deliveries do not verify with the endpoint secret', async () => {
    const { h, rx } = await setup('webhook-wrong-secret');
    const e = await endpoint(h, rx, '/w');
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/w');
    expect(verifyWith(e.secret, d!)).toMatch(/signature/i);
  });

  it('webhook-id-changes-on-retry: a retry carries another webhook-id', async () => {
    const { h, rx } = await setup('webhook-id-changes-on-retry');
    await endpoint(h, rx, '/r');
    rx.respond('/r', (_d, i) => (i === 0 ? 500 : 200));
    await h.pendingCustomer();
    const ds = await rx.waitFor((all) => all.length >= 2, 5000, '/r');
    expect(ds[0]!.body).toBe(ds[1]!.body);
    expect(ds[0]!.headers['webhook-id']).not.toBe(ds[1]!.headers['webhook-id']);
  });

  it('webhook-stale-timestamp: webhook-timestamp is ten minutes old', async () => {
    const { h, rx } = await setup('webhook-stale-timestamp');
    const e = await endpoint(h, rx, '/s');
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/s');
    expect(Date.now() / 1000 - Number(d!.headers['webhook-timestamp'])).toBeGreaterThan(590);
    expect(verifyWith(e.secret, d!)).toMatch(/too old/i);
  });

  it('webhook-payload-invalid: customer.created lacks data.external_id', async () => {
    const { h, rx } = await setup('webhook-payload-invalid');
    const e = await endpoint(h, rx, '/p');
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/p');
    expect(verifyWith(e.secret, d!)).toBeNull();
    expect(d!.payload.type).toBe('customer.created');
    expect(d!.payload.data).not.toHaveProperty('external_id');
    expect(h.contract.validateEvent('customer.created', d!.payload).valid).toBe(false);
  });

  it('webhook-disabled-still-delivers: a disabled endpoint receives events', async () => {
    const { h, rx } = await setup('webhook-disabled-still-delivers');
    const e = await endpoint(h, rx, '/d');
    await h.api('PATCH', `/webhooks/endpoints/${e.id}`, { status: 'disabled' });
    await h.pendingCustomer();
    await rx.waitFor((all) => all.length >= 1, 5000, '/d');
  });

  it('webhook-secret-readable: GET returns the secret', async () => {
    const { h, rx } = await setup('webhook-secret-readable');
    const e = await endpoint(h, rx, '/x');
    expect((await h.api('GET', `/webhooks/endpoints/${e.id}`)).body.secret).toBe(e.secret);
  });
});
