// Credit flows (seed 004 · Simulate a loan, api-facts 1.1): get an offer, simulate within its bounds.
import type { CheckContext } from '../checks/context.js';
import { precondition } from '../checks/preconditions.js';
import { expectStatus } from './http.js';
import type { CreditOffer, Simulation } from './resources.js';
import { offerMinInstallments } from './revision/terms.js';
import { isMoneyValue, moneyCents, moneyValue } from './revision/values.js';

export type { CreditOffer, Simulation } from './resources.js';

export interface SimulationRequest {
  /** Money as the contract writes it (a two-decimal string, or a number in the SDK revision). */
  requested_amount: string;
  installment_count: number;
}

function ensureOffer(ctx: CheckContext, o: unknown, where: string): asserts o is CreditOffer {
  const ok = typeof o === 'object' && o !== null && typeof (o as CreditOffer).id === 'string' && isMoneyValue(ctx, (o as CreditOffer).approved_amount);
  ctx.ensure(ok, `${where}: not a CreditOffer with an id and a money approved_amount`, 'CreditOffer', o);
}

/** The customer's offers (GET /customers/{id}/credit-offers, first page, optional status filter). */
export const listCustomerOffers = precondition(async function listCustomerOffers(
  ctx: CheckContext,
  customerId: string,
  status?: string,
): Promise<CreditOffer[]> {
  const res = await ctx.api.request<{ data?: CreditOffer[] } | null>({
    method: 'GET',
    path: `/customers/${customerId}/credit-offers`,
    query: { status, limit: 100 },
  });
  expectStatus(ctx, res, 200, `list the credit offers of ${customerId}`);
  const offers = res.body?.data;
  ctx.ensure(Array.isArray(offers), 'the credit-offer list has no data array', '{ data: [...], has_more }', res.body);
  return offers;
});

/**
 * An available offer for the customer: the driver finishes the credit analysis (control API), or
 * the suite waits until the customer's offer list shows one (wait mode).
 */
export const getOffer = precondition(async function getOffer(ctx: CheckContext, customerId: string, terms?: Record<string, unknown>): Promise<CreditOffer> {
  if (ctx.driver.mode === 'control') {
    const offer = await ctx.driver.finishCreditAnalysis(customerId, terms);
    ensureOffer(ctx, offer, 'credit analysis');
    return offer;
  }
  const offers = await ctx.eventually(
    () => listCustomerOffers(ctx, customerId, 'available'),
    (list) => list.length > 0,
    {
      what: `an available credit offer for ${customerId}`,
    },
  );
  return offers[0]!;
});

export const getCreditOffer = precondition(async function getCreditOffer(ctx: CheckContext, offerId: string): Promise<CreditOffer> {
  const res = await ctx.api.request({ method: 'GET', path: `/credit-offers/${offerId}` });
  expectStatus(ctx, res, 200, `retrieve credit offer ${offerId}`);
  ensureOffer(ctx, res.body, `GET /credit-offers/${offerId}`);
  return res.body;
});

/** A request inside the offer's bounds; by default the approved amount and the fewest installments. */
export function simulationRequest(offer: CreditOffer, opts: { amount?: string; installments?: number } = {}): SimulationRequest {
  return {
    requested_amount: opts.amount ?? offer.approved_amount,
    installment_count: opts.installments ?? offerMinInstallments(offer),
  };
}

/**
 * A money amount at `fraction` (0..1) of the way from the offer's minimum to its approved amount,
 * written as the offer writes money (the contract's form).
 */
export function amountWithin(offer: CreditOffer, fraction: number): string {
  const form = { money: typeof offer.approved_amount === 'number' ? 'number' : 'decimal-string' } as const;
  const lo = moneyCents(form as never, offer.min_amount)!;
  const hi = moneyCents(form as never, offer.approved_amount)!;
  return moneyValue(form as never, lo + Math.round((hi - lo) * Math.min(1, Math.max(0, fraction)))) as string;
}

/** POST /credit-offers/{id}/simulations; returns the raw response. */
export function postSimulation(ctx: CheckContext, offerId: string, body: unknown, opts: { idempotencyKey?: string | true } = {}) {
  return ctx.api.request<Simulation>({ method: 'POST', path: `/credit-offers/${offerId}/simulations`, json: body, idempotencyKey: opts.idempotencyKey });
}

/** Simulates on the offer and expects 201 Simulation. */
export const simulate = precondition(async function simulate(
  ctx: CheckContext,
  offer: CreditOffer,
  opts: { amount?: string; installments?: number } = {},
): Promise<Simulation> {
  const body = simulationRequest(offer, opts);
  const res = await postSimulation(ctx, offer.id, body);
  expectStatus(ctx, res, 201, `simulate ${body.requested_amount} in ${body.installment_count} installments on ${offer.id}`);
  ctx.ensure(typeof res.body?.id === 'string', 'the simulation has no id', 'Simulation', res.body);
  return res.body;
});
