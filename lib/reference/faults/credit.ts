import type { FaultInfo } from './info.js';

/** Faults of area credit: each breaks exactly one documented rule. */
export const creditFaults = {
  'simulation-total-inconsistent': {
    area: 'credit',
    breaks: 'total_loan_amount drifts 50.00 from installments x installments_value (and from principal + interest + fees + IOF)',
  },
  'simulation-total-counts-fees-twice': {
    area: 'credit',
    breaks:
      'total_loan_amount adds the service fee twice (installments_value follows it), so the total fits neither reading of principal + interest + fees + IOF',
  },
  'stale-simulation-accepted': { area: 'credit', breaks: 'a loan is accepted from a simulation that is not the latest' },
  'loan-for-inactive-customer': { area: 'credit', breaks: 'a loan is accepted for a customer that is not active' },
  'offer-event-without-external-id': { area: 'credit', breaks: "credit_offer.available carries external_id null instead of the customer's" },
  'customer-offer-list-misses-offers': { area: 'credit', breaks: "GET /customers/{id}/credit-offers leaves out the customer's available offer" },
  'simulation-above-approved-accepted': { area: 'credit', breaks: 'a simulation for more than approved_amount is accepted' },
  'offer-stays-available-after-loan': { area: 'credit', breaks: 'creating a loan leaves the offer available (not accepted), so it can be contracted again' },
  'loan-first-due-date-unchecked': { area: 'credit', breaks: "a loan whose first_due_date differs from its simulation's is accepted" },
  'loan-total-excludes-fees': {
    area: 'credit',
    breaks: "the loan's total_amount leaves out the financed fees and IOF, so it differs from its simulation's total",
  },
  'offer-expiry-timezone-shifted': {
    area: 'credit',
    breaks: 'valid_until is compared as São Paulo wall time read as UTC: an offer expires three hours before its valid_until',
  },
  'offer-expired-event-missing': { area: 'credit', breaks: 'an offer past its valid_until reads expired but no credit_offer.expired fires' },
  'offer-never-expires': { area: 'credit', breaks: 'an offer past its valid_until stays available (and no credit_offer.expired fires)' },
  'unknown-offer-simulation-409': { area: 'credit', breaks: 'simulating on an unknown credit offer id answers 409 instead of 404' },
  'offer-expired-event-repeated': { area: 'credit', breaks: 'an offer that expires fires credit_offer.expired twice (two events, two ids)' },
  'expired-offer-listed-available': {
    area: 'credit',
    breaks: 'an offer past its valid_until reads expired on its own but both offer lists still show it available',
  },
  'customer-offer-list-all-customers': {
    area: 'credit',
    breaks: "GET /customers/{id}/credit-offers lists every offer of the partner, other customers' included (the path only checks access)",
  },
  'offer-list-ignores-customer-filter': { area: 'credit', breaks: 'GET /credit-offers ignores customer_id and lists every offer of the partner' },
  'offer-expired-event-stale-status': {
    area: 'credit',
    breaks: 'credit_offer.expired carries status available: its data is read before the offer is marked expired',
  },
  'offer-event-approved-is-min': {
    area: 'credit',
    breaks: "credit_offer.available carries the offer's min_amount as its approved_amount (the event's mapping reads the wrong field)",
  },
  'offer-list-valid-until-date': {
    area: 'credit',
    breaks: 'both offer lists show valid_until cut to its day (midnight UTC), so a listed offer differs from its own read',
  },
  'simulation-iof-unrounded': {
    area: 'credit',
    breaks: 'a simulation\'s iof_amount is written unrounded ("37.453721"), not as a two-decimal money string',
  },
  'loan-rate-annual': { area: 'credit', breaks: "a loan's monthly interest rate field carries the annual rate, not its simulation's monthly rate" },
  'expired-offer-renewed': {
    area: 'credit',
    breaks: 'an offer that expired unaccepted is available again a day later (a renewal job republishes it with a new valid_until)',
  },
} as const satisfies Record<string, FaultInfo>;
