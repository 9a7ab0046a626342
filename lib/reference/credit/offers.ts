// Credit offers: the credit analysis that publishes them (decision 9), their expiry on the server
// clock, and the status changes loans cause (accepted on a loan, available again after a
// cancelled one).
import type { Kernel } from '../kernel.js';
import { parseAnyMoney } from '../money.js';
import { ApiError, notFound } from '../problem.js';
import { closedObject, collect, integerIn, moneyMember, numberIn } from './body.js';
import { creditStore, type OfferRecord } from './records.js';
import { offerEventData } from './wire.js';

const DAY_MS = 86_400_000;

export const DEFAULT_TERMS = {
  approvedCents: 5_000_000,
  minCents: 100_000,
  monthlyRatePct: 3.5,
  minInstallments: 3,
  maxInstallments: 24,
  validDays: 30,
};

const TERM_MEMBERS = ['approved_amount', 'min_amount', 'monthly_interest_rate', 'min_installments', 'max_installments', 'valid_days'] as const;

/** The terms of the control API's body (all optional), checked for consistency; 422 otherwise. */
export function parseTerms(kernel: Kernel, raw: unknown): typeof DEFAULT_TERMS {
  const body = closedObject(raw, TERM_MEMBERS);
  collect([
    moneyMember(body, 'approved_amount', parseAnyMoney, true, 'money: a two-decimal string or a number'),
    moneyMember(body, 'min_amount', parseAnyMoney, true, 'money: a two-decimal string or a number'),
    numberIn(body, 'monthly_interest_rate', 0, 100),
    integerIn(body, 'min_installments', 1, 480),
    integerIn(body, 'max_installments', 1, 480),
    integerIn(body, 'valid_days', 1, 3650),
  ]);
  const terms = {
    approvedCents: body.approved_amount !== undefined ? parseAnyMoney(body.approved_amount)! : DEFAULT_TERMS.approvedCents,
    minCents: body.min_amount !== undefined ? parseAnyMoney(body.min_amount)! : DEFAULT_TERMS.minCents,
    monthlyRatePct: (body.monthly_interest_rate as number | undefined) ?? DEFAULT_TERMS.monthlyRatePct,
    // The revision's default offer: the documented range, or the SDK revision's fixed count.
    minInstallments: (body.min_installments as number | undefined) ?? kernel.wire.defaultInstallments?.min ?? DEFAULT_TERMS.minInstallments,
    maxInstallments: (body.max_installments as number | undefined) ?? kernel.wire.defaultInstallments?.max ?? DEFAULT_TERMS.maxInstallments,
    validDays: (body.valid_days as number | undefined) ?? DEFAULT_TERMS.validDays,
  };
  // A partial body keeps the defaults for the rest; keep the pair consistent when only one side moved.
  if (body.min_amount === undefined && terms.minCents > terms.approvedCents) terms.minCents = terms.approvedCents;
  if (body.min_installments === undefined && terms.minInstallments > terms.maxInstallments) terms.minInstallments = terms.maxInstallments;
  if (body.max_installments === undefined && terms.maxInstallments < terms.minInstallments) terms.maxInstallments = terms.minInstallments;
  collect([
    terms.minCents > terms.approvedCents ? { field: 'min_amount', message: 'must not exceed approved_amount' } : undefined,
    terms.minInstallments > terms.maxInstallments ? { field: 'min_installments', message: 'must not exceed max_installments' } : undefined,
  ]);
  return terms;
}

/**
 * Finishes the customer's credit analysis: publishes an `available` offer and emits
 * `credit_offer.available`. Returns the CreditOffer's wire form. 404 for an unknown customer.
 */
export function finishCreditAnalysis(kernel: Kernel, partnerId: string, customerId: string, rawTerms?: unknown, opts: { validForMs?: number } = {}) {
  if (!kernel.findCustomer(partnerId, customerId)) throw notFound('Customer');
  const terms = parseTerms(kernel, rawTerms);
  const now = kernel.clock.now();
  const offer: OfferRecord = {
    id: kernel.newId('co'),
    customerId,
    status: 'available',
    approvedCents: terms.approvedCents,
    minCents: terms.minCents,
    monthlyRatePct: terms.monthlyRatePct,
    minInstallments: terms.minInstallments,
    maxInstallments: terms.maxInstallments,
    // A short validity (the sandbox's `offer.expire`) ends on a whole second, so the valid_until
    // a partner reads (whole seconds) is exactly when the offer expires.
    validUntil:
      opts.validForMs !== undefined ? new Date(Math.ceil((now.getTime() + opts.validForMs) / 1000) * 1000) : new Date(now.getTime() + terms.validDays * DAY_MS),
    latestSimulationId: null,
    createdAt: now,
    updatedAt: now,
  };
  creditStore(kernel, partnerId).offers.set(offer.id, offer);
  // Fault `offer-event-approved-is-min`: the event's mapping reads the minimum where the approved amount belongs.
  const event = offerEventData(kernel, partnerId, kernel.faults.has('offer-event-approved-is-min') ? { ...offer, approvedCents: offer.minCents } : offer);
  kernel.emit(partnerId, 'credit_offer.available', kernel.faults.has('offer-event-without-external-id') ? { ...event, external_id: null } : event);
  watchExpiry(kernel, partnerId, offer.id);
  return kernel.wire.offer(kernel, partnerId, offer);
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Expires the offer on time even when nobody reads it (a long-running server): a timer to
 * `valid_until`, re-armed while it is further away than one timer can wait. Reads and clock moves
 * expire offers too (expireOffers), so a moved clock does not wait for this timer.
 */
function watchExpiry(kernel: Kernel, partnerId: string, offerId: string): void {
  const offer = creditStore(kernel, partnerId).offers.get(offerId);
  if (offer?.status !== 'available') return;
  const left = offer.validUntil.getTime() - kernel.clock.nowMs();
  if (left <= 0) {
    expireOffers(kernel, partnerId);
    return;
  }
  kernel.schedule(Math.min(left, MAX_TIMER_MS), () => watchExpiry(kernel, partnerId, offerId));
}

/** Moves every available offer past `valid_until` to `expired` (and says so); safe to call often. */
export function expireOffers(kernel: Kernel, partnerId: string): void {
  if (kernel.faults.has('offer-never-expires')) return;
  const now = kernel.clock.now();
  for (const offer of creditStore(kernel, partnerId).offers.values()) {
    // Fault `offer-expiry-timezone-shifted`: valid_until is compared as São Paulo wall time read as
    // UTC, so the offer expires three hours early.
    const shift = kernel.faults.has('offer-expiry-timezone-shifted') ? 3 * 3600 * 1000 : 0;
    if (offer.status === 'available' && offer.validUntil.getTime() - shift <= now.getTime()) {
      // Fault `offer-expired-event-stale-status`: the event's data is read before the status changes.
      const stale = kernel.faults.has('offer-expired-event-stale-status') ? offerEventData(kernel, partnerId, offer) : undefined;
      offer.status = 'expired';
      offer.updatedAt = now;
      // Fault `offer-expired-event-missing`: the offer expires silently.
      if (!kernel.faults.has('offer-expired-event-missing')) kernel.emit(partnerId, 'credit_offer.expired', stale ?? offerEventData(kernel, partnerId, offer));
      // Fault `offer-expired-event-repeated`: the expiry job announces the expiry twice (two events).
      if (kernel.faults.has('offer-expired-event-repeated')) kernel.emit(partnerId, 'credit_offer.expired', offerEventData(kernel, partnerId, offer));
    }
  }
}

/** The offer of this partner, after bringing expiry up to date; 404 otherwise. */
export function getOffer(kernel: Kernel, partnerId: string, offerId: string): OfferRecord {
  expireOffers(kernel, partnerId);
  const offer = creditStore(kernel, partnerId).offers.get(offerId);
  // Fault `unknown-offer-id-422`: an unknown offer id is treated as a business-rule refusal.
  if (!offer && kernel.faults.has('unknown-offer-id-422'))
    throw new ApiError(422, 'credit_offer_not_available', 'Credit offer not available', 'The credit offer cannot be used.');
  if (!offer) throw notFound('Credit offer');
  // Fault `expired-offer-renewed`: the renewal job meant for offers the analysis renewed also
  // republishes, a day later, offers that expired unaccepted.
  if (kernel.faults.has('expired-offer-renewed') && offer.status === 'expired' && kernel.clock.nowMs() - offer.updatedAt.getTime() >= DAY_MS) {
    offer.status = 'available';
    offer.validUntil = new Date(kernel.clock.nowMs() + DEFAULT_TERMS.validDays * DAY_MS);
    offer.updatedAt = kernel.clock.now();
  }
  return offer;
}

export function requireAvailable(offer: OfferRecord): void {
  if (offer.status !== 'available') {
    throw new ApiError(409, 'credit_offer_not_available', 'Credit offer not available', `The credit offer is ${offer.status}.`);
  }
}

export function markAccepted(kernel: Kernel, offer: OfferRecord): void {
  offer.status = 'accepted';
  offer.updatedAt = kernel.clock.now();
}

/** After a cancelled loan the offer can be taken again, unless its validity ran out meanwhile. */
export function releaseOffer(kernel: Kernel, partnerId: string, offerId: string): void {
  const offer = creditStore(kernel, partnerId).offers.get(offerId);
  if (offer?.status !== 'accepted') return;
  offer.status = 'available';
  offer.updatedAt = kernel.clock.now();
  expireOffers(kernel, partnerId);
  watchExpiry(kernel, partnerId, offerId);
}
