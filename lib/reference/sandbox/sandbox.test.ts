// Sandbox mode observed the way a partner sees it, through HTTP only: no control API, the happy
// path advancing on its own one step at a time, and each documented trigger (docs/sandbox.md)
// producing its outcome, as answers to GETs and as signed webhooks valid against the contract.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, customerBody, type Harness, harness, PDF } from '../test-client.js';
import { type ReceivedDelivery, startTestReceiver, type TestReceiver, verifyWith } from '../webhooks/test-receiver.js';
import { asksCorrection, expiresOffer, loanOutcome, rejectsDocument, SANDBOX_TRIGGERS } from './triggers.js';

const STEP = 40;
let h: Harness;
let rx: TestReceiver;
let secret: string;

beforeAll(async () => {
  // A roomy budget: these tests poll; the budget itself is tested in seed.test.ts.
  [h, rx] = await Promise.all([
    harness({ sandbox: { stepMs: STEP, seedCustomers: 200, rateLimit: { limit: 100_000, windowSeconds: 60 } }, webhookRetry: { baseMs: 40, maxAttempts: 3 } }),
    startTestReceiver(),
  ]);
  const ep = await h.a.call('POST', '/webhooks/endpoints', { json: { url: rx.url('/all'), events: ['*'] } });
  expect(ep.status).toBe(201);
  secret = ep.body.secret;
});
afterAll(async () => {
  await h?.close();
  await rx?.close();
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Deliveries about resource `id` (data.id), in the order they happened. */
function eventsOf(id: string): ReceivedDelivery[] {
  return rx
    .deliveries('/all')
    .filter((d) => d.payload?.data?.id === id)
    .sort((x, y) => x.receivedAt - y.receivedAt);
}

async function waitEvent(id: string, type: string, timeoutMs = 8000): Promise<ReceivedDelivery> {
  await rx.waitFor(() => eventsOf(id).some((d) => d.payload.type === type), timeoutMs, '/all');
  return eventsOf(id).find((d) => d.payload.type === type)!;
}

async function getCustomer(id: string) {
  return (await h.a.call('GET', `/customers/${id}`)).body;
}

const DOCS = ['identity_card_front', 'identity_card_back', 'selfie'] as const;

async function upload(customerId: string, type: string, filename = `${type}.pdf`) {
  const res = await h.a.call('POST', `/customers/${customerId}/documents`, {
    multipart: { type, file: { data: PDF, filename, contentType: 'application/pdf' } },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Registers a customer, sends every document (names overridable) and starts biometrics. */
async function registerAndSubmit(extra: Record<string, unknown> = {}, filenames: Partial<Record<string, string>> = {}) {
  const created = await h.a.call('POST', '/customers', { json: customerBody(extra) });
  expect(created.status).toBe(201);
  const c = created.body;
  for (const type of DOCS) await upload(c.id, type, filenames[type]);
  const session = await h.a.call('POST', `/customers/${c.id}/biometrics`);
  expect(session.status).toBe(200);
  return { customer: c, sessionUrl: session.body.session_url as string };
}

async function activeCustomerWithOffer(extra: Record<string, unknown> = {}) {
  const { customer } = await registerAndSubmit(extra);
  await until('active customer', async () => ((await getCustomer(customer.id)).status === 'active' ? true : undefined));
  const offer = await until('an offer', async () => (await h.a.call('GET', `/customers/${customer.id}/credit-offers?status=available`)).body.data[0]);
  return { customer, offer };
}

async function loanFor(offer: { id: string }, requested: string, installments = 3) {
  const sim = await h.a.call('POST', `/credit-offers/${offer.id}/simulations`, { json: { requested_amount: requested, installment_count: installments } });
  expect(sim.status, sim.text).toBe(201);
  const loan = await h.a.call('POST', '/loans', {
    json: {
      credit_offer_id: offer.id,
      simulation_id: sim.body.id,
      installments,
      installments_value: sim.body.installments_value,
      first_due_date: sim.body.first_due_date,
    },
  });
  expect(loan.status, loan.text).toBe(201);
  expect(loan.body.status).toBe('processing');
  return loan.body;
}

const loanTypes = (id: string) => eventsOf(id).map((d) => d.payload.type);

describe('sandbox mode', () => {
  it('has no control API: nothing answers under /_simulation, not even discovery', async () => {
    expect(h.server.mode).toBe('sandbox');
    expect(h.server.controlUrl).toBeUndefined();
    const c = (await h.a.call('POST', '/customers', { json: customerBody() })).body;
    for (const [method, path] of [
      ['GET', '!/_simulation'],
      ['POST', '!/_simulation/clock'],
      ['POST', `!/_simulation/customers/${c.id}/kyc/selfie`],
      ['POST', `!/_simulation/customers/${c.id}/credit-analysis`],
    ] as const) {
      const res = await h.a.call(method, path, { json: { advance_seconds: 60, action: 'approve' } });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it('happy path on its own: KYC reviewed one item per step, an offer, a loan walked to active, then left alone', async () => {
    const { customer, sessionUrl } = await registerAndSubmit();
    // The biometrics session page lives outside /_simulation and completes by itself.
    expect(sessionUrl).toMatch(/\/sandbox\/biometrics\/[0-9a-f]+$/);
    expect((await fetch(sessionUrl)).status).toBe(200);
    await waitEvent(customer.id, 'customer.active');
    const updates = eventsOf(customer.id)
      .filter((d) => d.payload.type === 'customer.kyc_updated')
      .map((d) => d.payload.data);
    const approvedCounts = updates.map((u) => u.kyc.filter((i: { status: string }) => i.status === 'approved').length);
    // 4 submissions, then 4 approvals one by one (1, 2, 3, 4), the first three while under_review.
    expect(approvedCounts.slice(-4)).toEqual([1, 2, 3, 4]);
    expect(updates.slice(-4, -1).every((u) => u.status === 'under_review')).toBe(true);
    const types = eventsOf(customer.id)
      .map((d) => d.payload.type)
      .filter((t) => t !== 'customer.kyc_updated');
    expect(types).toEqual(['customer.created', 'customer.under_review', 'customer.active']);

    const offer = await until('an offer', async () => (await h.a.call('GET', `/customers/${customer.id}/credit-offers`)).body.data[0]);
    expect(offer.status).toBe('available');
    const loan = await loanFor(offer, '5000.00');
    await waitEvent(loan.id, 'loan.active');
    expect(loanTypes(loan.id)).toEqual([
      'loan.created',
      'loan.contract_generated',
      'loan.awaiting_signatures',
      'loan.signed',
      'loan.disbursing',
      'loan.active',
    ]);
    const signing = eventsOf(loan.id).find((d) => d.payload.type === 'loan.contract_generated')!.payload.data.signing_url;
    expect(signing).toMatch(/\/sandbox\/signing\/ln_[0-9a-f]{32}$/);
    expect((await fetch(signing)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 4 * STEP));
    expect((await h.a.call('GET', `/loans/${loan.id}`)).body.status).toBe('active');
    const txs = (await h.a.call('GET', `/loans/${loan.id}/transactions`)).body.data;
    expect(txs.map((t: { status: string }) => t.status)).toEqual(['pending', 'pending', 'pending']);

    const spec = await contract();
    for (const d of [...eventsOf(customer.id), ...eventsOf(loan.id)]) {
      expect(verifyWith(secret, d)).toBeNull();
      if (spec) expect(spec.validateEvent(d.payload.type, d.payload).errors, d.payload.type).toEqual([]);
    }
  });

  it('a poller sees some items approved while the customer is still under_review', async () => {
    const { customer } = await registerAndSubmit();
    const seen = await until('a partial review', async () => {
      const c = await getCustomer(customer.id);
      const approved = c.kyc.filter((i: { status: string }) => i.status === 'approved').length;
      return c.status === 'under_review' && approved > 0 && approved < c.kyc.length ? c : undefined;
    });
    expect(seen.status).toBe('under_review');
    await until('active', async () => ((await getCustomer(customer.id)).status === 'active' ? true : undefined));
  });
});

describe('sandbox triggers', () => {
  it('the example config (fixtures/targets/sandbox.config.json) declares exactly the triggers the server implements', () => {
    const config = JSON.parse(readFileSync(new URL('../../../fixtures/targets/sandbox.config.json', import.meta.url), 'utf8'));
    const triggers = config.targets['reference-sandbox'].triggers as Record<string, { on: string; set: Record<string, string> }>;
    expect(Object.keys(triggers).sort()).toEqual(Object.keys(SANDBOX_TRIGGERS).sort());
    for (const [name, t] of Object.entries(triggers)) expect(t.on, name).toBe(SANDBOX_TRIGGERS[name as keyof typeof SANDBOX_TRIGGERS].on);
    const tagged = (v: string) => v.replace('{tag}', 'abc123');
    expect(rejectsDocument(tagged(triggers['kyc.reject']!.set.filename!))).toBe(true);
    expect(asksCorrection(tagged(triggers['kyc.correction']!.set.email!))).toBe(true);
    expect(expiresOffer(tagged(triggers['offer.expire']!.set.name!))).toBe(true);
    const cents = (v: string) => Math.round(Number(v) * 100);
    expect(loanOutcome(cents(triggers['loan.cancel']!.set.requested_amount!))).toBe('cancel');
    expect(loanOutcome(cents(triggers['loan.error']!.set.requested_amount!))).toBe('error');
    expect(loanOutcome(cents(triggers['loan.pay']!.set.requested_amount!))).toBe('pay');
    expect(config.targets['reference-sandbox'].cannot).toEqual(['clock']);
  });

  it('kyc.reject: a "sandbox-reject…" file is rejected at its review step; a normal re-upload is approved', async () => {
    const { customer } = await registerAndSubmit({}, { identity_card_back: 'sandbox-reject-x1.pdf' });
    const rejected = await until('a rejection', async () => {
      const item = (await getCustomer(customer.id)).kyc.find((i: { type: string }) => i.type === 'identity_card_back');
      return item.status === 'pending_resubmission' ? item : undefined;
    });
    expect(rejected.message).toEqual(expect.stringMatching(/\S/));
    // The webhook follows the state the poll saw: wait for its delivery rather than racing it.
    const event = await until('the kyc_updated event of the rejection', async () =>
      eventsOf(customer.id).find(
        (d) =>
          d.payload.type === 'customer.kyc_updated' &&
          d.payload.data.kyc.some((i: { type: string; status: string }) => i.type === 'identity_card_back' && i.status === 'pending_resubmission'),
      ),
    );
    expect(event).toBeDefined();
    // The other items are approved; the customer waits for the resubmission.
    await until('the rest approved', async () => {
      const c = await getCustomer(customer.id);
      return c.kyc.filter((i: { status: string }) => i.status === 'approved').length === 3 ? c : undefined;
    });
    await new Promise((r) => setTimeout(r, 3 * STEP));
    expect((await getCustomer(customer.id)).status).toBe('under_review');
    await upload(customer.id, 'identity_card_back', 'back-again.pdf');
    expect((await getCustomer(customer.id)).kyc.find((i: { type: string }) => i.type === 'identity_card_back').status).toBe('submitted');
    await until('active', async () => ((await getCustomer(customer.id)).status === 'active' ? true : undefined));
  });

  it('kyc.correction: a "sandbox-correction…" e-mail is flagged at the first review step; a PATCH resumes the review', async () => {
    const { customer } = await registerAndSubmit({ email: `sandbox-correction-${Date.now()}@example.com` });
    const item = await until('a correction request', async () =>
      (await getCustomer(customer.id)).kyc.find((i: { type: string; status: string }) => i.type === 'email' && i.status === 'pending_correction'),
    );
    expect(item).toMatchObject({ kind: 'data', type: 'email', status: 'pending_correction' });
    expect(item.message).toEqual(expect.stringMatching(/\S/));
    // Every document approved; still not active while the e-mail waits.
    await until('documents approved', async () => {
      const c = await getCustomer(customer.id);
      return c.kyc.filter((i: { kind: string; status: string }) => i.kind === 'document' && i.status === 'approved').length === 4 ? c : undefined;
    });
    await new Promise((r) => setTimeout(r, 3 * STEP));
    expect((await getCustomer(customer.id)).status).toBe('under_review');
    const patched = await h.a.call('PATCH', `/customers/${customer.id}`, { json: { email: 'fixed@example.com' } });
    expect(patched.status).toBe(200);
    expect(patched.body.kyc.find((i: { type: string }) => i.type === 'email').status).toBe('submitted');
    await until('active', async () => ((await getCustomer(customer.id)).status === 'active' ? true : undefined));
    expect((await getCustomer(customer.id)).kyc.find((i: { type: string }) => i.type === 'email').status).toBe('approved');
  });

  it('loan.cancel: cents .13 walk to awaiting_signatures, then cancelled (signing_url null, offer available again)', async () => {
    const { offer } = await activeCustomerWithOffer();
    const loan = await loanFor(offer, '5000.13');
    const cancelled = await waitEvent(loan.id, 'loan.cancelled');
    expect(cancelled.payload.data.status).toBe('cancelled');
    expect(loanTypes(loan.id)).toEqual(['loan.created', 'loan.contract_generated', 'loan.awaiting_signatures', 'loan.cancelled']);
    const got = (await h.a.call('GET', `/loans/${loan.id}`)).body;
    expect(got).toMatchObject({ status: 'cancelled', signing_url: null });
    expect((await h.a.call('GET', `/credit-offers/${offer.id}`)).body.status).toBe('available');
  });

  it('loan.error: cents .66 walk to signed, then error with {code, message}', async () => {
    const { offer } = await activeCustomerWithOffer();
    const loan = await loanFor(offer, '5000.66');
    const error = await waitEvent(loan.id, 'loan.error');
    expect(error.payload.data.error).toEqual({ code: expect.any(String), message: expect.stringMatching(/\S/) });
    expect(loanTypes(loan.id)).toEqual(['loan.created', 'loan.contract_generated', 'loan.awaiting_signatures', 'loan.signed', 'loan.error']);
    expect((await h.a.call('GET', `/loans/${loan.id}`)).body.status).toBe('error');
  });

  it('loan.pay: cents .77 walk to active, then a third of installment 1, its rest, each other installment, finished', async () => {
    const { offer } = await activeCustomerWithOffer();
    const loan = await loanFor(offer, '5000.77', 3);
    await waitEvent(loan.id, 'loan.active');
    const first = await until('a partial payment', async () => {
      const txs = (await h.a.call('GET', `/loans/${loan.id}/transactions`)).body.data;
      return txs[0].status !== 'pending' ? txs : undefined;
    });
    await waitEvent(loan.id, 'loan.finished');
    const payments = eventsOf(loan.id)
      .filter((d) => d.payload.type === 'loan.payment_received')
      .map((d) => d.payload.data.payment);
    expect(payments.map((p) => p.installment_number)).toEqual([1, 1, 2, 3]);
    const txs = (await h.a.call('GET', `/loans/${loan.id}/transactions`)).body.data;
    const due1 = Math.round(Number(txs[0].amount_due) * 100);
    expect(Math.round(Number(payments[0].amount) * 100)).toBe(Math.floor(due1 / 3));
    expect(Math.round(Number(payments[1].amount) * 100)).toBe(due1 - Math.floor(due1 / 3));
    expect(txs.map((t: { status: string }) => t.status)).toEqual(['paid', 'paid', 'paid']);
    expect((await h.a.call('GET', `/loans/${loan.id}`)).body.status).toBe('finished');
    expect(loanTypes(loan.id).slice(-1)).toEqual(['loan.finished']);
    // The first poll after active caught installment 1 partly or fully paid, never skipped.
    expect(['partially_paid', 'paid']).toContain(first[0].status);
  });

  it('offer.expire: a "Sandbox Expire…" customer gets an offer valid for about 3 steps, which then expires', async () => {
    const created = (await h.a.call('POST', '/customers', { json: customerBody({ name: `Sandbox Expire ${Date.now()}` }) })).body;
    const offer = await until('an offer', async () => (await h.a.call('GET', `/customers/${created.id}/credit-offers`)).body.data[0]);
    const validMs = Date.parse(offer.valid_until) - Date.parse(offer.created_at);
    expect(validMs).toBeGreaterThan(0);
    expect(validMs).toBeLessThanOrEqual(3 * STEP + 2000);
    const expired = await waitEvent(offer.id, 'credit_offer.expired', 5000);
    expect(expired.payload.data.status).toBe('expired');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(offer.valid_until));
    expect((await h.a.call('GET', `/credit-offers/${offer.id}`)).body.status).toBe('expired');
    const sim = await h.a.call('POST', `/credit-offers/${offer.id}/simulations`, { json: { requested_amount: '5000.00', installment_count: 3 } });
    expect(sim.status).toBe(409);
  });

  it('other cents, names and e-mails take the happy path; offers admit the trigger amounts', async () => {
    const { customer, offer } = await activeCustomerWithOffer({ name: 'Maria Sandbox Expire', email: 'sandbox.correction@example.com' });
    expect((await getCustomer(customer.id)).kyc.some((i: { type: string }) => i.type === 'email')).toBe(false);
    expect(Date.parse(offer.valid_until) - Date.parse(offer.created_at)).toBeGreaterThan(29 * 86_400_000);
    expect(Number(offer.min_amount)).toBeLessThanOrEqual(5000);
    expect(Number(offer.approved_amount)).toBeGreaterThanOrEqual(5001);
    const loan = await loanFor(offer, '5000.14');
    await waitEvent(loan.id, 'loan.active');
    await new Promise((r) => setTimeout(r, 3 * STEP));
    expect((await h.a.call('GET', `/loans/${loan.id}`)).body.status).toBe('active');
  });
});

describe('webhooks in sandbox mode', () => {
  it('go only to registered endpoints, only for the events they subscribe to, only of their own partner', async () => {
    const loansOnly = await h.a.call('POST', '/webhooks/endpoints', { json: { url: rx.url('/loans-only'), events: ['loan.*'] } });
    expect(loansOnly.status).toBe(201);
    const c = (await h.b.call('POST', '/customers', { json: customerBody() })).body;
    const mine = await registerAndSubmit();
    await waitEvent(mine.customer.id, 'customer.active');
    await new Promise((r) => setTimeout(r, 3 * STEP));
    expect(rx.deliveries().every((d) => d.path === '/all' || d.path === '/loans-only')).toBe(true);
    expect(rx.deliveries('/loans-only').every((d) => d.payload.type.startsWith('loan.'))).toBe(true);
    // Partner B registered no endpoint: its customer's events go nowhere.
    expect(rx.deliveries().some((d) => JSON.stringify(d.payload).includes(c.id))).toBe(false);
  });
});
