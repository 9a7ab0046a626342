// Automatic mode: the credit analysis publishes an offer on its own after registration, and a
// loan walks the happy path to `active` by itself, one step per loanStepMs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from './testkit.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ auto: { kycMs: 20, creditMs: 40, loanStepMs: 30 } });
});
afterAll(async () => h?.close());

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('publishes an offer after registration and walks a loan to active', async () => {
  const customer = await h.activeCustomer();
  const offer = await until(async () => (await h.api('GET', `/customers/${customer.id}/credit-offers`, undefined, 'listCustomerCreditOffers')).body.data[0]);
  expect(offer.status).toBe('available');
  const sim = (await h.api('POST', `/credit-offers/${offer.id}/simulations`, { requested_amount: '4000.00', installment_count: 5 }, 'createSimulation')).body;
  const loan = (
    await h.api(
      'POST',
      '/loans',
      { credit_offer_id: offer.id, simulation_id: sim.id, installments: 5, installments_value: sim.installments_value, first_due_date: sim.first_due_date },
      'createLoan',
    )
  ).body;
  expect(loan.status).toBe('processing');
  const active = await until(async () => {
    const got = (await h.api('GET', `/loans/${loan.id}`, undefined, 'getLoan')).body;
    return got.status === 'active' ? got : undefined;
  });
  expect(active.disbursement_method).toBe('pix');
  // It stops there: payments are the customer's business.
  await new Promise((r) => setTimeout(r, 120));
  expect((await h.api('GET', `/loans/${loan.id}`, undefined, 'getLoan')).body.status).toBe('active');
  expect((await h.api('GET', `/loans/${loan.id}/transactions`, undefined, 'listLoanTransactions')).body.data).toHaveLength(5);
});
