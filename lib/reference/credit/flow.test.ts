// Offer → simulation → loan → every state, through HTTP, with every response validated against the
// contract and every webhook verified (Standard Webhooks) and validated against its event schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver, verifyWith } from '../webhooks/test-receiver.js';
import { type Harness, startHarness } from './testkit.js';

let h: Harness;
let rx: TestReceiver;
let secret: string;

/** Moves the server's clock and tells the receiver (its webhooks are stamped on that clock). */
async function moveClock(seconds: number) {
  const res = await h.control('/clock', { advance_seconds: seconds });
  if (res.status === 200) rx.serverNowIs(res.body.now);
  return res;
}
const SINK = '/credit';

beforeAll(async () => {
  [h, rx] = await Promise.all([startHarness(), startTestReceiver()]);
  const created = await h.api('POST', '/webhooks/endpoints', { url: rx.url(SINK), events: ['loan.*', 'credit_offer.*'] }, 'createWebhookEndpoint');
  expect(created.status).toBe(201);
  secret = created.body.secret;
});

afterAll(async () => {
  await h?.close();
  await rx?.close();
});

/** Every delivery so far verifies with the endpoint's secret and matches its event schema. */
function expectDeliveriesValid() {
  for (const d of rx.deliveries(SINK)) {
    expect(verifyWith(secret, d)).toBeNull();
    expect(h.contract.validateEvent(d.payload.type, d.payload).errors, d.body).toEqual([]);
  }
}

async function eventsOf(resourceId: string, count: number) {
  const all = await rx.waitFor((ds) => ds.filter((d) => d.payload?.data?.id === resourceId).length >= count, 5000, SINK);
  return all.filter((d) => d.payload.data.id === resourceId).map((d) => d.payload);
}

async function loanFrom(terms: Record<string, unknown> = {}, amount = '10000.00', count = 6) {
  const customer = await h.activeCustomer();
  const offer = await h.offerFor(customer.id, terms);
  const sim = await h.api('POST', `/credit-offers/${offer.id}/simulations`, { requested_amount: amount, installment_count: count }, 'createSimulation');
  expect(sim.status).toBe(201);
  const loan = await h.api(
    'POST',
    '/loans',
    {
      credit_offer_id: offer.id,
      simulation_id: sim.body.id,
      installments: count,
      installments_value: sim.body.installments_value,
      first_due_date: sim.body.first_due_date,
    },
    'createLoan',
  );
  expect(loan.status, JSON.stringify(loan.body)).toBe(201);
  return { customer, offer, sim: sim.body, loan: loan.body };
}

async function advance(loanId: string, to?: string) {
  const res = await h.control(`/loans/${loanId}/advance`, to ? { to } : {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(h.contract.validateSchema('Loan', res.body).errors).toEqual([]);
  return res.body;
}

describe('credit offers', () => {
  it('publishes an offer with credit_offer.available, lists and retrieves it', async () => {
    const customer = await h.pendingCustomer();
    const offer = await h.offerFor(customer.id, {
      approved_amount: '20000.00',
      min_amount: '500.00',
      monthly_interest_rate: 2.9,
      min_installments: 2,
      max_installments: 12,
    });
    expect(offer).toMatchObject({
      customer_id: customer.id,
      status: 'available',
      approved_amount: '20000.00',
      min_amount: '500.00',
      monthly_interest_rate: 2.9,
      min_installments: 2,
      max_installments: 12,
    });
    expect((await h.api('GET', `/credit-offers/${offer.id}`, undefined, 'getCreditOffer')).body).toEqual(offer);
    const mine = await h.api('GET', `/customers/${customer.id}/credit-offers?status=available`, undefined, 'listCustomerCreditOffers');
    expect(mine.body.data.map((o: any) => o.id)).toEqual([offer.id]);
    const none = await h.api('GET', `/customers/${customer.id}/credit-offers?status=expired`, undefined, 'listCustomerCreditOffers');
    expect(none.body.data).toEqual([]);
    const byCustomer = await h.api('GET', `/credit-offers?customer_id=${customer.id}`, undefined, 'listCreditOffers');
    expect(byCustomer.body.data.map((o: any) => o.id)).toEqual([offer.id]);
    expect((await h.api('GET', '/credit-offers?status=bogus', undefined, 'listCreditOffers')).status).toBe(422);
    const [event] = await eventsOf(offer.id, 1);
    expect(event.type).toBe('credit_offer.available');
    expect(event.data).toMatchObject({ id: offer.id, customer_id: customer.id, approved_amount: '20000.00', status: 'available' });
    // Another partner sees nothing of it.
    expect((await h.api('GET', `/credit-offers/${offer.id}`, undefined, 'getCreditOffer', 1)).status).toBe(404);
    expectDeliveriesValid();
  });

  it('expires offers past valid_until on the server clock, with credit_offer.expired', async () => {
    const customer = await h.pendingCustomer();
    const offer = await h.offerFor(customer.id, { valid_days: 1 });
    expect((await moveClock(2 * 86400)).status).toBe(200);
    const got = await h.api('GET', `/credit-offers/${offer.id}`, undefined, 'getCreditOffer');
    expect(got.body.status).toBe('expired');
    const events = await eventsOf(offer.id, 2);
    expect(events.map((e) => e.type)).toEqual(['credit_offer.available', 'credit_offer.expired']);
    const sim = await h.api('POST', `/credit-offers/${offer.id}/simulations`, { requested_amount: '2000.00', installment_count: 3 }, 'createSimulation');
    expect(sim.status).toBe(409);
    expectDeliveriesValid();
  });
});

describe('simulations', () => {
  it('returns consistent figures and refuses requests outside the offer', async () => {
    const customer = await h.pendingCustomer();
    const offer = await h.offerFor(customer.id, { approved_amount: '30000.00', min_amount: '1000.00', min_installments: 3, max_installments: 12 });
    const res = await h.api('POST', `/credit-offers/${offer.id}/simulations`, { requested_amount: '25000.00', installment_count: 12 }, 'createSimulation');
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v3/simulations/${res.body.id}`);
    const s = res.body;
    const c = (m: string) => Math.round(Number(m) * 100);
    expect(c(s.amount) + c(s.interest_amount) + c(s.fees_amount) + c(s.iof_amount)).toBe(c(s.total_loan_amount));
    expect(c(s.installments_value) * s.number_of_installments).toBe(c(s.total_loan_amount));
    expect(c(s.amount)).toBe(c(s.requested_amount) - c(s.fees_amount) - c(s.iof_amount));
    expect(s.interest_percentage).toBe(offer.monthly_interest_rate);
    expect(s.cet_percentage).toBeGreaterThan(0);
    for (const [body, field] of [
      [{ requested_amount: '999.99', installment_count: 6 }, 'requested_amount'],
      [{ requested_amount: '30000.01', installment_count: 6 }, 'requested_amount'],
      [{ requested_amount: '5000.00', installment_count: 13 }, 'installment_count'],
      [{ requested_amount: '5000.00', installment_count: 2 }, 'installment_count'],
      [{ requested_amount: '5000.0', installment_count: 6 }, 'requested_amount'],
      [{ requested_amount: '5000.00', installment_count: 6, extra: 1 }, 'extra'],
    ] as const) {
      const bad = await h.api('POST', `/credit-offers/${offer.id}/simulations`, body, 'createSimulation');
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('validation_failed');
      expect(bad.body.errors.map((e: any) => e.field)).toContain(field);
    }
  });
});

describe('loans', () => {
  it('walks processing → … → active → finished, with fields, transactions, payments and every event', async () => {
    const { loan, sim, offer } = await loanFrom({}, '12000.00', 4);
    expect(loan).toMatchObject({
      status: 'processing',
      net_amount: null,
      iof: null,
      service_fee: null,
      ccb_number: null,
      signing_url: null,
      disbursement_method: null,
    });
    expect((await h.api('GET', `/credit-offers/${offer.id}`, undefined, 'getCreditOffer')).body.status).toBe('accepted');
    // Before active there are no installments.
    expect((await h.api('GET', `/loans/${loan.id}/transactions`, undefined, 'listLoanTransactions')).body).toEqual({ data: [], has_more: false });

    const seen: Record<string, any> = {};
    for (const status of ['contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active']) {
      expect((await advance(loan.id)).status).toBe(status);
      seen[status] = (await h.api('GET', `/loans/${loan.id}`, undefined, 'getLoan')).body;
    }
    expect(seen.contract_generated.ccb_number).toMatch(/^CCB-/);
    expect(seen.contract_generated.signing_url).toMatch(/^http/);
    expect(seen.awaiting_signatures.signing_url).toBe(seen.contract_generated.signing_url);
    expect(seen.signed.signing_url).toBeNull();
    expect(seen.signed.disbursement_method).toBeNull();
    expect(seen.disbursing.disbursement_method).toBe('pix');
    expect(seen.active).toMatchObject({ net_amount: sim.amount, iof: sim.iof_amount, service_fee: sim.fees_amount, total_amount: sim.total_loan_amount });

    const txs = await h.api('GET', `/loans/${loan.id}/transactions?limit=3`, undefined, 'listLoanTransactions');
    expect(txs.body.has_more).toBe(true);
    const rest = await h.api('GET', `/loans/${loan.id}/transactions?starting_after=${txs.body.data[2].id}`, undefined, 'listLoanTransactions');
    const all = [...txs.body.data, ...rest.body.data];
    expect(all).toHaveLength(4);
    expect(all[0].due_date).toBe(sim.first_due_date);
    const c = (m: string) => Math.round(Number(m) * 100);
    expect(all.reduce((s, t) => s + c(t.amount_due), 0)).toBe(c(sim.total_loan_amount));
    expect(all.reduce((s, t) => s + c(t.principal), 0)).toBe(c(sim.amount));
    expect(all.every((t) => t.status === 'pending' && t.amount_paid === '0.00')).toBe(true);

    // Partial, then the rest, then every other installment.
    const half = ((c(all[0].amount_due) - 1000) / 100).toFixed(2);
    const partial = await h.control(`/loans/${loan.id}/payments`, { installment_number: 1, amount: half });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ status: 'partially_paid', amount_paid: half, amount_remaining: '10.00' });
    expect(h.contract.validateSchema('Transaction', partial.body).errors).toEqual([]);
    const over = await h.control(`/loans/${loan.id}/payments`, { installment_number: 1, amount: '10.01' });
    expect(over.status).toBe(422);
    expect((await h.control(`/loans/${loan.id}/payments`, { installment_number: 1 })).body.status).toBe('paid');
    for (const n of [2, 3]) expect((await h.control(`/loans/${loan.id}/payments`, { installment_number: n })).status).toBe(200);
    expect((await h.api('GET', `/loans/${loan.id}`, undefined, 'getLoan')).body.status).toBe('active');
    await h.control(`/loans/${loan.id}/payments`, { installment_number: 4 });
    expect((await h.api('GET', `/loans/${loan.id}`, undefined, 'getLoan')).body.status).toBe('finished');
    // Nothing leaves finished.
    expect((await h.control(`/loans/${loan.id}/advance`, { to: 'cancelled' })).status).toBe(409);

    const events = await eventsOf(loan.id, 12);
    expect(events.map((e) => e.type)).toEqual([
      'loan.created',
      'loan.contract_generated',
      'loan.awaiting_signatures',
      'loan.signed',
      'loan.disbursing',
      'loan.active',
      'loan.payment_received',
      'loan.payment_received',
      'loan.payment_received',
      'loan.payment_received',
      'loan.payment_received',
      'loan.finished',
    ]);
    expect(events[6].data.payment).toMatchObject({ amount: half, installment_number: 1 });
    expect(events[5].data).toMatchObject({ requested_amount: '12000.00', net_amount: sim.amount });
    expectDeliveriesValid();
  });

  it('cancels before active, frees the offer again, and refuses moves out of cancelled', async () => {
    const { loan, offer } = await loanFrom();
    await advance(loan.id);
    await advance(loan.id);
    expect((await advance(loan.id, 'cancelled')).status).toBe('cancelled');
    const got = (await h.api('GET', `/loans/${loan.id}`, undefined, 'getLoan')).body;
    expect(got.signing_url).toBeNull();
    expect(got.ccb_number).toMatch(/^CCB-/);
    expect((await h.api('GET', `/credit-offers/${offer.id}`, undefined, 'getCreditOffer')).body.status).toBe('available');
    expect((await h.control(`/loans/${loan.id}/advance`, {})).status).toBe(409);
    expect((await h.control(`/loans/${loan.id}/advance`, { to: 'error' })).status).toBe(409);
    const events = await eventsOf(loan.id, 4);
    expect(events.map((e) => e.type)).toEqual(['loan.created', 'loan.contract_generated', 'loan.awaiting_signatures', 'loan.cancelled']);
    expectDeliveriesValid();
  });

  it('fails with loan.error carrying {code, message}; active loans cannot be cancelled', async () => {
    const { loan } = await loanFrom();
    for (let i = 0; i < 4; i++) await advance(loan.id);
    expect((await advance(loan.id, 'error')).status).toBe('error');
    const events = await eventsOf(loan.id, 6);
    expect(events[5]).toMatchObject({ type: 'loan.error', data: { status: 'error', error: { code: 'disbursement_failed' } } });
    expect(typeof events[5].data.error.message).toBe('string');

    const other = await loanFrom();
    for (let i = 0; i < 5; i++) await advance(other.loan.id);
    expect((await h.control(`/loans/${other.loan.id}/advance`, { to: 'cancelled' })).status).toBe(409);
    expect((await h.control(`/loans/${other.loan.id}/advance`, { to: 'signed' })).status).toBe(409);
    expect((await h.control(`/loans/${other.loan.id}/advance`, { to: 'nonsense' })).status).toBe(422);
    expectDeliveriesValid();
  });

  it('refuses a loan unless the customer is active, the offer available and the simulation the latest and matching', async () => {
    const pending = await h.pendingCustomer();
    const pOffer = await h.offerFor(pending.id);
    const pSim = (await h.api('POST', `/credit-offers/${pOffer.id}/simulations`, { requested_amount: '5000.00', installment_count: 6 }, 'createSimulation'))
      .body;
    const body = (sim: any, offerId: string) => ({
      credit_offer_id: offerId,
      simulation_id: sim.id,
      installments: sim.number_of_installments,
      installments_value: sim.installments_value,
      first_due_date: sim.first_due_date,
    });
    const inactive = await h.api('POST', '/loans', body(pSim, pOffer.id), 'createLoan');
    expect(inactive.status).toBe(409);
    expect(inactive.body.code).toBe('customer_not_active');

    const customer = await h.activeCustomer();
    const offer = await h.offerFor(customer.id);
    const first = (await h.api('POST', `/credit-offers/${offer.id}/simulations`, { requested_amount: '5000.00', installment_count: 6 }, 'createSimulation'))
      .body;
    const latest = (await h.api('POST', `/credit-offers/${offer.id}/simulations`, { requested_amount: '6000.00', installment_count: 6 }, 'createSimulation'))
      .body;
    const stale = await h.api('POST', '/loans', body(first, offer.id), 'createLoan');
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('simulation_superseded');
    const mismatch = await h.api('POST', '/loans', { ...body(latest, offer.id), installments_value: '1.00' }, 'createLoan');
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors.map((e: any) => e.field)).toEqual(['installments_value']);
    const ok = await h.api('POST', '/loans', body(latest, offer.id), 'createLoan');
    expect(ok.status).toBe(201);
    expect(ok.headers.location).toBe(`/v3/loans/${ok.body.id}`);
    const unknownOffer = await h.api('POST', '/loans', body(latest, `co_${'0'.repeat(32)}`), 'createLoan');
    expect(unknownOffer.status).toBe(404);
    const foreignSim = await h.api('POST', '/loans', body(pSim, offer.id), 'createLoan');
    expect(foreignSim.status).toBe(404);
    const again = await h.api('POST', '/loans', body(latest, offer.id), 'createLoan');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('credit_offer_not_available');
    expect((await h.api('GET', `/loans/${ok.body.id}`, undefined, 'getLoan', 1)).status).toBe(404);
    expect((await h.api('GET', `/loans/${ok.body.id}/transactions`, undefined, 'listLoanTransactions', 1)).status).toBe(404);
  });

  it('marks unpaid installments overdue by the server clock', async () => {
    const { loan } = await loanFrom({}, '3000.00', 3);
    for (let i = 0; i < 5; i++) await advance(loan.id);
    await h.control(`/loans/${loan.id}/payments`, { installment_number: 1 });
    expect((await moveClock(45 * 86400)).status).toBe(200);
    const txs = (await h.api('GET', `/loans/${loan.id}/transactions`, undefined, 'listLoanTransactions')).body.data;
    expect(txs.map((t: any) => t.status)).toEqual(['paid', 'pending', 'pending']);
    await moveClock(30 * 86400);
    const later = (await h.api('GET', `/loans/${loan.id}/transactions`, undefined, 'listLoanTransactions')).body.data;
    expect(later[1].status).toBe('overdue');
    expect(later[1].days_overdue).toBeGreaterThan(0);
    expect(later[0].days_overdue).toBe(0);
  });
});
