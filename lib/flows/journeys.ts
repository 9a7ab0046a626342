// Whole journeys built from the steps: the states most checks start from.
import type { CheckContext } from '../checks/context.js';
import { triggerMembers } from '../checks/driver.js';
import { precondition } from '../checks/preconditions.js';
import type { Trigger } from '../checks/types.js';
import type { ValueTrigger } from '../targets/types.js';
import { type CreditOffer, getOffer, type Simulation, simulate } from './credit.js';
import { activateCustomer, type Customer } from './customers.js';
import { createLoan, type Loan } from './loans.js';

/** An active customer with an available offer (a customer trigger, if planned, goes on its registration). */
export const readyToBorrow = precondition(async function readyToBorrow(
  ctx: CheckContext,
  opts: { cnpj?: boolean; terms?: Record<string, unknown>; trigger?: ValueTrigger } = {},
): Promise<{ customer: Customer; offer: CreditOffer }> {
  const customer = await activateCustomer(ctx, { cnpj: opts.cnpj, trigger: opts.trigger });
  const offer = await getOffer(ctx, customer.id, opts.terms);
  return { customer, offer };
});

/**
 * A freshly created loan (status `processing`) and everything that led to it. Given an active
 * `customer` and the control API, it reuses the customer and only asks for a new offer (cheaper
 * when a check needs several loans); a target deciding by itself publishes no second offer, so
 * there every loan gets a customer of its own. `trigger` asks for an outcome the target produces
 * only on request: its declared values go on the request they belong to.
 */
export const newLoan = precondition(async function newLoan(
  ctx: CheckContext,
  opts: { customer?: Customer; terms?: Record<string, unknown>; amount?: string; installments?: number; trigger?: Trigger } = {},
): Promise<{ customer: Customer; offer: CreditOffer; simulation: Simulation; loan: Loan }> {
  const planned = opts.trigger ? ctx.driver.plan(opts.trigger) : undefined;
  const { customer, offer } =
    opts.customer && ctx.driver.mode === 'control'
      ? { customer: opts.customer, offer: await getOffer(ctx, opts.customer.id, opts.terms) }
      : await readyToBorrow(ctx, { terms: opts.terms, trigger: planned });
  const amount = triggerMembers(planned, 'simulation').requested_amount ?? opts.amount;
  const simulation = await simulate(ctx, offer, { amount, installments: opts.installments });
  const loan = await createLoan(ctx, offer, simulation, triggerMembers(planned, 'loan'));
  return { customer, offer, simulation, loan };
});
