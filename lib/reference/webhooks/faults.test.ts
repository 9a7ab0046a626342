// Each webhook fault of the reference server, observed through HTTP and a loopback receiver.
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../credit/testkit.js';
import type { FaultName } from '../faults.js';
import { startTestReceiver, type TestReceiver, verifyWith } from './test-receiver.js';

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

  it('webhook-secret-short: the signing secret holds 8 bytes of key', async () => {
    const { h, rx } = await setup('webhook-secret-short');
    const e = await endpoint(h, rx, '/k');
    expect(Buffer.from(e.secret.slice('whsec_'.length), 'base64').length).toBe(8);
  });

  it('webhook-read-expands-wildcards: GET returns loan.* as event names', async () => {
    const { h, rx } = await setup('webhook-read-expands-wildcards');
    const e = (await h.api('POST', '/webhooks/endpoints', { url: rx.url('/e'), events: ['loan.*'] })).body as { id: string };
    expect((await h.api('GET', `/webhooks/endpoints/${e.id}`)).body.events).not.toEqual(['loan.*']);
  });

  it('webhook-patch-events-ignored: PATCH leaves events unchanged', async () => {
    const { h, rx } = await setup('webhook-patch-events-ignored');
    const e = await endpoint(h, rx, '/u');
    await h.api('PATCH', `/webhooks/endpoints/${e.id}`, { events: ['loan.*'] });
    expect((await h.api('GET', `/webhooks/endpoints/${e.id}`)).body.events).toEqual([]);
  });

  it('webhook-delete-200-with-body: DELETE answers 200 with the endpoint', async () => {
    const { h, rx } = await setup('webhook-delete-200-with-body');
    const e = await endpoint(h, rx, '/g');
    const del = await h.api('DELETE', `/webhooks/endpoints/${e.id}`);
    expect([del.status, del.body?.id]).toEqual([200, e.id]);
  });

  it('webhook-deleted-still-delivers: a deleted endpoint receives events', async () => {
    const { h, rx } = await setup('webhook-deleted-still-delivers');
    const e = await endpoint(h, rx, '/z');
    expect((await h.api('DELETE', `/webhooks/endpoints/${e.id}`)).status).toBe(204);
    await h.pendingCustomer();
    await rx.waitFor((all) => all.length >= 1, 5000, '/z');
  });

  it('webhook-unknown-event-accepted: customer.teleported is accepted', async () => {
    const { h, rx } = await setup('webhook-unknown-event-accepted');
    expect((await h.api('POST', '/webhooks/endpoints', { url: rx.url('/t'), events: ['customer.teleported'] })).status).toBe(201);
  });

  it('webhook-id-with-dot: webhook-id contains a dot', async () => {
    const { h, rx } = await setup('webhook-id-with-dot');
    const e = await endpoint(h, rx, '/i');
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/i');
    expect(d!.headers['webhook-id']).toContain('.');
    expect(verifyWith(e.secret, d!)).toBeNull();
  });

  it('webhook-id-per-endpoint: two events share one webhook-id', async () => {
    const { h, rx } = await setup('webhook-id-per-endpoint');
    await endpoint(h, rx, '/n');
    await h.pendingCustomer();
    await h.pendingCustomer();
    const ds = await rx.waitFor((all) => all.length >= 2, 5000, '/n');
    expect(ds[0]!.body).not.toBe(ds[1]!.body);
    expect(ds[0]!.headers['webhook-id']).toBe(ds[1]!.headers['webhook-id']);
  });

  it('webhook-no-retry: a failed delivery is not retried', async () => {
    const { h, rx } = await setup('webhook-no-retry');
    await endpoint(h, rx, '/f');
    rx.respond('/f', () => 500);
    await h.pendingCustomer();
    await rx.waitFor((all) => all.length >= 1, 5000, '/f');
    await new Promise((r) => setTimeout(r, 400));
    expect((await rx.waitFor(() => true, 100, '/f')).length).toBe(1);
  });

  it('webhook-wildcard-matches-all: a loan.* endpoint receives customer.created', async () => {
    const { h, rx } = await setup('webhook-wildcard-matches-all');
    await h.api('POST', '/webhooks/endpoints', { url: rx.url('/l'), events: ['loan.*'] });
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/l');
    expect(d!.payload.type).toBe('customer.created');
  });

  it('webhook-rotation-new-secret-unused: after a rotation only the old secret signs', async () => {
    const { h, rx } = await setup('webhook-rotation-new-secret-unused');
    const e = await endpoint(h, rx, '/r1');
    const rot = (await h.api('POST', `/webhooks/endpoints/${e.id}/rotate-secret`, { expire_current_in: 600 })).body as { secret: string };
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/r1');
    expect(verifyWith(e.secret, d!)).toBeNull();
    expect(verifyWith(rot.secret, d!)).not.toBeNull();
  });

  it('webhook-rotation-no-grace: the old secret stops signing at once', async () => {
    const { h, rx } = await setup('webhook-rotation-no-grace');
    const e = await endpoint(h, rx, '/r2');
    const rot = (await h.api('POST', `/webhooks/endpoints/${e.id}/rotate-secret`, { expire_current_in: 600 })).body as { secret: string };
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/r2');
    expect(verifyWith(rot.secret, d!)).toBeNull();
    expect(verifyWith(e.secret, d!)).not.toBeNull();
  });

  it('webhook-old-secret-never-expires: the old secret signs after its expiry', async () => {
    const { h, rx } = await setup('webhook-old-secret-never-expires');
    const e = await endpoint(h, rx, '/r3');
    await h.api('POST', `/webhooks/endpoints/${e.id}/rotate-secret`, { expire_current_in: 30 });
    await h.control('/clock', { advance_seconds: 60 });
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/r3');
    expect(verifyWith(e.secret, d!)).toBeNull();
  });
});

/**
 * Endpoint-management faults: each probe answers whether the rule is broken, and is run on a clean
 * server (kept) and with its fault (broken).
 */
type Broken = (h: Harness, rx: TestReceiver) => Promise<boolean>;
const created = async (h: Harness, rx: TestReceiver) =>
  (await h.api('POST', '/webhooks/endpoints', { url: rx.url('/m'), events: ['customer.created'] })) as { status: number; body: Record<string, any> };
const BROKEN: Partial<Record<FaultName, Broken>> = {
  'webhook-list-shows-secret': async (h, rx) => {
    await created(h, rx);
    return (await h.api('GET', '/webhooks/endpoints')).body.data.some((e: object) => 'secret' in e);
  },
  'webhook-create-answer-omits-updated-at': async (h, rx) => !('updated_at' in (await created(h, rx)).body),
  'webhook-read-omits-updated-at': async (h, rx) => !('updated_at' in (await h.api('GET', `/webhooks/endpoints/${(await created(h, rx)).body.id}`)).body),
  'webhook-read-lags-create': async (h, rx) => (await h.api('GET', `/webhooks/endpoints/${(await created(h, rx)).body.id}`)).status === 404,
  'webhook-list-lags-create': async (h, rx) => {
    const { id } = (await created(h, rx)).body;
    return !(await h.api('GET', '/webhooks/endpoints')).body.data.some((e: { id: string }) => e.id === id);
  },
  'webhook-patch-answers-202': async (h, rx) =>
    (await h.api('PATCH', `/webhooks/endpoints/${(await created(h, rx)).body.id}`, { description: 'x' })).status === 202,
  'webhook-patch-answer-omits-created-at': async (h, rx) =>
    !('created_at' in (await h.api('PATCH', `/webhooks/endpoints/${(await created(h, rx)).body.id}`, { description: 'x' })).body),
  'webhook-patch-status-absent-disables': async (h, rx) =>
    (await h.api('PATCH', `/webhooks/endpoints/${(await created(h, rx)).body.id}`, { description: 'x' })).body.status === 'disabled',
  'webhook-url-trailing-slash': async (h, rx) => (await created(h, rx)).body.url !== rx.url('/m'),
  'webhook-patch-rewrites-url': async (h, rx) =>
    (await h.api('PATCH', `/webhooks/endpoints/${(await created(h, rx)).body.id}`, { description: 'x' })).body.url !== rx.url('/m'),
  'webhook-rotation-answers-201': async (h, rx) =>
    (await h.api('POST', `/webhooks/endpoints/${(await created(h, rx)).body.id}/rotate-secret`, {})).status === 201,
  'webhook-rotation-answer-omits-expiry': async (h, rx) =>
    !('previous_secret_expires_at' in (await h.api('POST', `/webhooks/endpoints/${(await created(h, rx)).body.id}/rotate-secret`, {})).body),
  'webhook-rotation-answer-new-id': async (h, rx) => {
    const { id } = (await created(h, rx)).body;
    return (await h.api('POST', `/webhooks/endpoints/${id}/rotate-secret`, {})).body.id !== id;
  },
  'webhook-rotate-finds-deleted': async (h, rx) => {
    const { id } = (await created(h, rx)).body;
    await h.api('DELETE', `/webhooks/endpoints/${id}`);
    return (await h.api('POST', `/webhooks/endpoints/${id}/rotate-secret`, {})).status === 200;
  },
  'webhook-created-shown-disabled': async (h, rx) => (await created(h, rx)).body.status !== 'active',
  'webhook-rotate-restores-deleted': async (h, rx) => {
    const { id } = (await created(h, rx)).body;
    await h.api('DELETE', `/webhooks/endpoints/${id}`);
    await h.api('POST', `/webhooks/endpoints/${id}/rotate-secret`, {});
    return (await h.api('GET', `/webhooks/endpoints/${id}`)).status === 200;
  },
  'active-event-stale-status': async (h, rx) => {
    await h.api('POST', '/webhooks/endpoints', { url: rx.url('/m'), events: ['customer.active'] });
    await h.activeCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/m');
    return (JSON.parse(d!.body) as { data: { status: string } }).data.status !== 'active';
  },
  'webhook-secret-without-prefix': async (h, rx) => !(await created(h, rx)).body.secret.startsWith('whsec_'),
  'webhook-customer-external-id-is-id': async (h, rx) => {
    await created(h, rx);
    await h.pendingCustomer();
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/m');
    const { data } = JSON.parse(d!.body) as { data: { id: string; external_id: string } };
    return data.external_id === data.id;
  },
};

describe.each(Object.entries(BROKEN) as [FaultName, Broken][])('fault %s', (fault, broken) => {
  it('keeps the rule on a clean server and breaks it with the fault on', async () => {
    for (const faults of [[], [fault]] as FaultName[][]) {
      const [h, rx] = await Promise.all([startHarness({ faults }), startTestReceiver()]);
      open.push(h, rx);
      expect(await broken(h, rx), faults.length ? 'the fault must break its rule' : 'a clean server must keep the rule').toBe(faults.length > 0);
    }
  });
});
