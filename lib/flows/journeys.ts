// Whole journeys built from the steps: the states most checks start from.
import type { CheckContext } from '../checks/context.js';
import { activateCustomer, type Customer } from './customers.js';
import { getOffer, simulate, type CreditOffer, type Simulation } from './credit.js';
import { createLoan, type Loan } from './loans.js';

/** An active customer with an available offer. */
export async function readyToBorrow(ctx: CheckContext, opts: { cnpj?: boolean; terms?: Record<string, unknown> } = {}): Promise<{ customer: Customer; offer: CreditOffer }> {
  const customer = await activateCustomer(ctx, { cnpj: opts.cnpj });
  const offer = await getOffer(ctx, customer.id, opts.terms);
  return { customer, offer };
}

/**
 * A freshly created loan (status `processing`) and everything that led to it. Given an active
 * `customer`, it reuses it and only asks for a new offer (cheaper when a check needs several loans).
 */
export async function newLoan(ctx: CheckContext, opts: { customer?: Customer; terms?: Record<string, unknown>; amount?: string; installments?: number } = {}): Promise<{ customer: Customer; offer: CreditOffer; simulation: Simulation; loan: Loan }> {
  const { customer, offer } = opts.customer
    ? { customer: opts.customer, offer: await getOffer(ctx, opts.customer.id, opts.terms) }
    : await readyToBorrow(ctx, { terms: opts.terms });
  const simulation = await simulate(ctx, offer, { amount: opts.amount, installments: opts.installments });
  const loan = await createLoan(ctx, offer, simulation);
  return { customer, offer, simulation, loan };
}
