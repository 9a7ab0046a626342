// KYC in automatic mode, observed the way a partner sees it: signed customer.* webhooks whose
// payloads validate against the contract, in the lifecycle's order, with no control API calls.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contract, customerBody, type Harness, harness, JPEG, PDF, PNG } from '../test-client.js';
import { type ReceivedDelivery, startTestReceiver, type TestReceiver, verifyWith } from '../webhooks/test-receiver.js';

let h: Harness;
let receiver: TestReceiver;
beforeAll(async () => {
  h = await harness({ auto: { kycMs: 40, creditMs: 60_000, loanStepMs: 60_000 } });
  receiver = await startTestReceiver();
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

it('auto mode approves uploads and completes biometrics; every customer.* event arrives signed and valid', async () => {
  const endpoint = await h.a.call('POST', '/webhooks/endpoints', { json: { url: receiver.url('/kyc'), events: ['customer.*'] } });
  expect(endpoint.status).toBe(201);
  const c = (await h.a.call('POST', '/customers', { json: customerBody() })).body;
  for (const [type, data] of [
    ['identity_card_front', PNG],
    ['identity_card_back', PDF],
    ['selfie', JPEG],
  ] as const) {
    expect((await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type, file: { data, filename: 'f' } } })).status).toBe(201);
  }
  expect((await h.a.call('POST', `/customers/${c.id}/biometrics`)).status).toBe(200);

  const mine = (all: ReceivedDelivery[]) => all.filter((d) => d.payload?.data?.id === c.id);
  const got = await receiver.waitFor((all) => mine(all).some((d) => d.payload.type === 'customer.active'), 10_000, '/kyc');
  const deliveries = mine(got);
  const spec = await contract();
  for (const d of deliveries) {
    expect(verifyWith(endpoint.body.secret, d)).toBeNull();
    if (spec) expect(spec.validateEvent(d.payload.type, d.payload).errors).toEqual([]);
  }
  const ordered = [...deliveries].sort((x, y) => Date.parse(x.payload.timestamp) - Date.parse(y.payload.timestamp));
  const statusEvents = ordered.map((d) => d.payload.type).filter((t) => t !== 'customer.kyc_updated');
  expect(statusEvents).toEqual(['customer.created', 'customer.under_review', 'customer.active']);
  // 4 submissions + 4 approvals, each one kyc_updated with the full list.
  const updates = deliveries.filter((d) => d.payload.type === 'customer.kyc_updated');
  expect(updates).toHaveLength(8);
  for (const u of updates) expect(u.payload.data.kyc).toHaveLength(4);
  expect((await h.a.call('GET', `/customers/${c.id}`)).body.status).toBe('active');
});
