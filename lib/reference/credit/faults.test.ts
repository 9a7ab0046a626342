// Each credit/loans fault of the reference server, observed through HTTP: the rule it names is
// visibly broken (the same observations hold on the clean server: flow.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultName } from '../faults.js';
import { startTestReceiver, type TestReceiver } from '../webhooks/test-receiver.js';
import { type Harness, startHarness } from './testkit.js';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()));
  open = [];
});

async function withFault(fault: FaultName): Promise<Harness> {
  const h = await startHarness({ faults: [fault] });
  open.push(h);
  return h;
}

async function receiver(): Promise<TestReceiver> {
  const rx = await startTestReceiver();
  open.push(rx);
  return rx;
}

const c = (m: string) => Math.round(Number(m) * 100);

async function simulate(h: Harness, offerId: string, amount = '5000.00', count = 4) {
  const res = await h.api('POST', `/credit-offers/${offerId}/simulations`, { requested_amount: amount, installment_count: count });
  expect(res.status).toBe(201);
  return res.body;
}

const loanBody = (offerId: string, sim: any) => ({
  credit_offer_id: offerId,
  simulation_id: sim.id,
  installments: sim.number_of_installments,
  installments_value: sim.installments_value,
  first_due_date: sim.first_due_date,
});

async function activeLoan(h: Harness, count = 4) {
  const customer = await h.activeCustomer();
  const offer = await h.offerFor(customer.id, { min_installments: 1 });
  const sim = await simulate(h, offer.id, '5000.00', count);
  const loan = await h.api('POST', '/loans', loanBody(offer.id, sim));
  expect(loan.status).toBe(201);
  return { offer, sim, loan: loan.body };
}

describe('credit faults', () => {
  it('money-one-decimal: simulation money has one decimal and fails the contract', async () => {
    const h = await withFault('money-one-decimal');
    const offer = await h.offerFor((await h.pendingCustomer()).id);
    const res = await h.api('POST', `/credit-offers/${offer.id}/simulations`, { requested_amount: '5000.00', installment_count: 4 });
    expect(res.body.requested_amount).toBe('5000.0');
    expect(res.body.total_loan_amount).toMatch(/^\d+\.\d$/);
    expect(h.contract.validateResponse('createSimulation', res.status, res.headers['content-type'], res.body).valid).toBe(false);
  });

  it('simulation-total-inconsistent: total is not amount + interest + fees + IOF', async () => {
    const h = await withFault('simulation-total-inconsistent');
    const offer = await h.offerFor((await h.pendingCustomer()).id);
    const s = await simulate(h, offer.id);
    expect(c(s.amount) + c(s.interest_amount) + c(s.fees_amount) + c(s.iof_amount)).not.toBe(c(s.total_loan_amount));
    expect(h.contract.validateSchema('Simulation', s).errors).toEqual([]); // still schema-valid: only the arithmetic breaks
  });

  it('stale-simulation-accepted: a loan from a superseded simulation is created', async () => {
    const h = await withFault('stale-simulation-accepted');
    const customer = await h.activeCustomer();
    const offer = await h.offerFor(customer.id);
    const first = await simulate(h, offer.id, '5000.00');
    await simulate(h, offer.id, '6000.00');
    expect((await h.api('POST', '/loans', loanBody(offer.id, first))).status).toBe(201);
  });

  it('loan-for-inactive-customer: a pending_kyc customer gets a loan', async () => {
    const h = await withFault('loan-for-inactive-customer');
    const customer = await h.pendingCustomer();
    const offer = await h.offerFor(customer.id);
    const sim = await simulate(h, offer.id);
    expect((await h.api('POST', '/loans', loanBody(offer.id, sim))).status).toBe(201);
  });

  it('offer-event-without-external-id: credit_offer.available carries external_id null', async () => {
    const h = await withFault('offer-event-without-external-id');
    const rx = await receiver();
    await h.api('POST', '/webhooks/endpoints', { url: rx.url('/o'), events: ['credit_offer.*'] });
    const customer = await h.activeCustomer();
    const offer = await h.offerFor(customer.id);
    expect(offer.external_id).toBe(customer.external_id);
    const [d] = await rx.waitFor((all) => all.length >= 1, 5000, '/o');
    expect(d!.payload.data.external_id).toBeNull();
  });

  it("customer-offer-list-misses-offers: the customer's list leaves out its available offer", async () => {
    const h = await withFault('customer-offer-list-misses-offers');
    const customer = await h.pendingCustomer();
    await h.offerFor(customer.id);
    expect((await h.api('GET', `/customers/${customer.id}/credit-offers`)).body.data).toEqual([]);
  });

  it('simulation-above-approved-accepted: an amount above approved_amount is simulated', async () => {
    const h = await withFault('simulation-above-approved-accepted');
    const offer = await h.offerFor((await h.pendingCustomer()).id, { approved_amount: '5000.00' });
    await simulate(h, offer.id, '5000.01');
  });

  it('offer-stays-available-after-loan: the offer is still available after its loan', async () => {
    const h = await withFault('offer-stays-available-after-loan');
    const { offer } = await activeLoan(h);
    expect((await h.api('GET', `/credit-offers/${offer.id}`)).body.status).toBe('available');
  });

  it('loan-first-due-date-unchecked: a loan with another first_due_date is created', async () => {
    const h = await withFault('loan-first-due-date-unchecked');
    const customer = await h.activeCustomer();
    const offer = await h.offerFor(customer.id);
    const sim = await simulate(h, offer.id);
    const res = await h.api('POST', '/loans', { ...loanBody(offer.id, sim), first_due_date: '2099-01-01' });
    expect(res.status).toBe(201);
  });

  it("loan-total-excludes-fees: the loan's total differs from its simulation's", async () => {
    const h = await withFault('loan-total-excludes-fees');
    const { sim, loan } = await activeLoan(h);
    expect(c(loan.total_amount)).toBe(c(sim.total_loan_amount) - c(sim.fees_amount) - c(sim.iof_amount));
  });

  it('unknown-offer-simulation-409: simulating on an unknown offer is a 409', async () => {
    const h = await withFault('unknown-offer-simulation-409');
    const res = await h.api('POST', `/credit-offers/co_${'0'.repeat(32)}/simulations`, { requested_amount: '5000.00', installment_count: 4 });
    expect(res.status).toBe(409);
  });
});

describe('loan faults', () => {
  it('loan-skips-disbursing: signed goes straight to active, with no loan.disbursing', async () => {
    const h = await withFault('loan-skips-disbursing');
    const rx = await receiver();
    await h.api('POST', '/webhooks/endpoints', { url: rx.url('/l'), events: ['loan.*'] });
    const { loan } = await activeLoan(h);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.control(`/loans/${loan.id}/advance`, {})).body.status);
    expect(statuses).toEqual(['contract_generated', 'awaiting_signatures', 'signed', 'active']);
    const ds = await rx.waitFor((all) => all.length >= 5, 5000, '/l');
    expect(ds.map((d) => d.payload.type)).not.toContain('loan.disbursing');
  });

  it('loan-leaves-finished: a finished loan moves to cancelled', async () => {
    const h = await withFault('loan-leaves-finished');
    const { loan } = await activeLoan(h, 1);
    for (let i = 0; i < 5; i++) await h.control(`/loans/${loan.id}/advance`, {});
    await h.control(`/loans/${loan.id}/payments`, { installment_number: 1 });
    expect((await h.api('GET', `/loans/${loan.id}`)).body.status).toBe('finished');
    const moved = await h.control(`/loans/${loan.id}/advance`, { to: 'cancelled' });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('cancelled');
  });

  it('signing-url-missing: signing_url is null during awaiting_signatures', async () => {
    const h = await withFault('signing-url-missing');
    const { loan } = await activeLoan(h);
    expect((await h.control(`/loans/${loan.id}/advance`, {})).body.signing_url).toMatch(/^http/);
    const waiting = await h.control(`/loans/${loan.id}/advance`, {});
    expect(waiting.body).toMatchObject({ status: 'awaiting_signatures', signing_url: null });
  });

  it('transactions-wrong-count: an active loan lists one installment fewer', async () => {
    const h = await withFault('transactions-wrong-count');
    const { loan } = await activeLoan(h, 4);
    for (let i = 0; i < 5; i++) await h.control(`/loans/${loan.id}/advance`, {});
    const txs = await h.api('GET', `/loans/${loan.id}/transactions`, undefined, 'listLoanTransactions');
    expect(txs.body.data).toHaveLength(3);
  });

  it('loan-location-missing: POST /loans answers 201 without Location', async () => {
    const h = await withFault('loan-location-missing');
    const customer = await h.activeCustomer();
    const offer = await h.offerFor(customer.id);
    const res = await h.api('POST', '/loans', loanBody(offer.id, await simulate(h, offer.id)));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBeUndefined();
  });

  it('disbursing-loan-not-cancellable: a disbursing loan refuses to be cancelled', async () => {
    const h = await withFault('disbursing-loan-not-cancellable');
    const { loan } = await activeLoan(h);
    for (let i = 0; i < 4; i++) await h.control(`/loans/${loan.id}/advance`, {});
    expect((await h.api('GET', `/loans/${loan.id}`)).body.status).toBe('disbursing');
    expect((await h.control(`/loans/${loan.id}/advance`, { to: 'cancelled' })).status).toBe(409);
  });

  it('loan-not-finished-when-paid: a fully paid loan stays active', async () => {
    const h = await withFault('loan-not-finished-when-paid');
    const { loan } = await activeLoan(h, 1);
    for (let i = 0; i < 5; i++) await h.control(`/loans/${loan.id}/advance`, {});
    await h.control(`/loans/${loan.id}/payments`, { installment_number: 1 });
    expect((await h.api('GET', `/loans/${loan.id}`)).body.status).toBe('active');
  });

  it("awaiting-signatures-event-missing and cancelled-event-stale-status: the loan's events", async () => {
    for (const fault of ['awaiting-signatures-event-missing', 'cancelled-event-stale-status'] as const) {
      const h = await withFault(fault);
      const rx = await receiver();
      await h.api('POST', '/webhooks/endpoints', { url: rx.url('/l'), events: ['loan.*'] });
      const { loan } = await activeLoan(h);
      for (let i = 0; i < 2; i++) await h.control(`/loans/${loan.id}/advance`, {});
      await h.control(`/loans/${loan.id}/advance`, { to: 'cancelled' });
      const ds = await rx.waitFor((all) => all.some((d) => d.payload.type === 'loan.cancelled'), 5000, '/l');
      const types = ds.map((d) => d.payload.type);
      if (fault === 'awaiting-signatures-event-missing') expect(types).not.toContain('loan.awaiting_signatures');
      else expect(ds.find((d) => d.payload.type === 'loan.cancelled')!.payload.data.status).toBe('awaiting_signatures');
    }
  });

  it('awaiting-signatures-event-reuses-contract-status: loan.awaiting_signatures announces contract_generated', async () => {
    const h = await withFault('awaiting-signatures-event-reuses-contract-status');
    const rx = await receiver();
    await h.api('POST', '/webhooks/endpoints', { url: rx.url('/l'), events: ['loan.*'] });
    const { loan } = await activeLoan(h);
    for (let i = 0; i < 2; i++) await h.control(`/loans/${loan.id}/advance`, {});
    expect((await h.api('GET', `/loans/${loan.id}`)).body.status).toBe('awaiting_signatures');
    const ds = await rx.waitFor((all) => all.some((d) => d.payload.type === 'loan.awaiting_signatures'), 5000, '/l');
    expect(ds.find((d) => d.payload.type === 'loan.awaiting_signatures')!.payload.data.status).toBe('contract_generated');
  });

  it('loan-deduplicated-by-offer: a loan on an offer a cancellation released answers the cancelled loan', async () => {
    const h = await withFault('loan-deduplicated-by-offer');
    const { offer, loan } = await activeLoan(h);
    await h.control(`/loans/${loan.id}/advance`, { to: 'cancelled' });
    expect((await h.api('GET', `/credit-offers/${offer.id}`)).body.status).toBe('available');
    const again = await h.api('POST', '/loans', loanBody(offer.id, await simulate(h, offer.id)));
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(loan.id);
    expect(again.body.status).toBe('cancelled');
    expect((await h.api('GET', `/loans/${loan.id}`)).body.status).toBe('cancelled');
  });

  it("unknown-loan-transactions-empty: an unknown loan's transactions are an empty 200", async () => {
    const h = await withFault('unknown-loan-transactions-empty');
    const res = await h.api('GET', `/loans/ln_${'0'.repeat(32)}/transactions`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it('second-loan-refused: a valid loan of a customer with a loan in progress is refused 422, and taken once that loan is cancelled', async () => {
    const h = await withFault('second-loan-refused');
    const { loan } = await activeLoan(h);
    const customerId = loan.customer_id;
    const offer = await h.offerFor(customerId, { min_installments: 1 });
    const second = loanBody(offer.id, await simulate(h, offer.id));
    const refused = await h.api('POST', '/loans', second);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('validation_failed');
    await h.control(`/loans/${loan.id}/advance`, { to: 'cancelled' });
    expect((await h.api('POST', '/loans', second)).status).toBe(201);
  });

  it("cross-partner-child-path: another partner lists the loan's transactions", async () => {
    const h = await withFault('cross-partner-child-path');
    const { loan } = await activeLoan(h);
    expect((await h.api('GET', `/loans/${loan.id}`, undefined, undefined, 1)).status).toBe(404);
    expect((await h.api('GET', `/loans/${loan.id}/transactions`, undefined, undefined, 1)).status).toBe(200);
  });
});
