import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each credit fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
  { fault: 'simulation-total-inconsistent', requirement: 'CREDIT-SIMULATION-CONSISTENT' },
  { fault: 'simulation-total-counts-fees-twice', requirement: 'CREDIT-SIMULATION-TOTAL-READING' },
  { fault: 'stale-simulation-accepted', requirement: 'CREDIT-LATEST-SIMULATION-ONLY' },
  { fault: 'loan-for-inactive-customer', requirement: 'CREDIT-LOAN-NEEDS-ACTIVE-CUSTOMER' },
  { fault: 'offer-event-without-external-id', requirement: 'CREDIT-OFFER-AVAILABLE-EVENT' },
  { fault: 'customer-offer-list-misses-offers', requirement: 'CREDIT-OFFER-LISTED' },
  { fault: 'simulation-above-approved-accepted', requirement: 'CREDIT-SIMULATION-OUT-OF-BOUNDS' },
  { fault: 'offer-stays-available-after-loan', requirement: 'CREDIT-LOAN-NEEDS-AVAILABLE-OFFER' },
  { fault: 'loan-first-due-date-unchecked', requirement: 'CREDIT-LOAN-MATCHES-SIMULATION' },
  { fault: 'loan-total-excludes-fees', requirement: 'CREDIT-LOAN-REFLECTS-SIMULATION' },
  { fault: 'offer-never-expires', requirement: 'CREDIT-OFFER-EXPIRES', reason: 'to read expired once past valid_until' },
  { fault: 'offer-never-expires', requirement: 'CREDIT-OFFER-EXPIRED-EVENT' },
  { fault: 'offer-expiry-timezone-shifted', requirement: 'CREDIT-OFFER-EXPIRES' },
  { fault: 'offer-expired-event-missing', requirement: 'CREDIT-OFFER-EXPIRED-EVENT' },
  { fault: 'unknown-offer-simulation-409', requirement: 'CREDIT-UNKNOWN-OFFER-404' },
  { fault: 'offer-expired-event-repeated', requirement: 'CREDIT-OFFER-EXPIRED-EVENT', reason: 'credit_offer.expired fires once for the offer' },
  { fault: 'expired-offer-listed-available', requirement: 'CREDIT-OFFER-EXPIRES' },
  { fault: 'customer-offer-list-all-customers', requirement: 'CREDIT-OFFER-LISTED', reason: "the customer's list holds only that customer's offers" },
  {
    fault: 'offer-list-ignores-customer-filter',
    requirement: 'CREDIT-OFFER-LISTED',
    reason: "GET /credit-offers?customer_id= lists exactly that customer's offers",
  },
  // No reason: on the docs revision the event schema allows only `expired`, so the schema judgement trips first;
  // on sdk the message is 'credit_offer.expired carries status expired'.
  { fault: 'offer-expired-event-stale-status', requirement: 'CREDIT-OFFER-EXPIRED-EVENT' },
  {
    fault: 'simulation-iof-unrounded',
    requirement: 'CREDIT-SIMULATION-TOTAL-READING',
    reason: "the simulation's amounts are two-decimal money strings",
  },
  { fault: 'expired-offer-renewed', requirement: 'CREDIT-OFFER-EXPIRES', reason: 'an expired offer read again at the end stays expired' },
  { fault: 'loan-rate-annual', requirement: 'CREDIT-LOAN-REFLECTS-SIMULATION', reason: 'is the simulated monthly rate' },
  { fault: 'offer-list-valid-until-date', requirement: 'CREDIT-OFFER-LISTED', reason: 'the offer reads the same in the list and on its own' },
  {
    fault: 'offer-event-approved-is-min',
    requirement: 'CREDIT-OFFER-AVAILABLE-EVENT',
    reason: "the event carries the offer's approved_amount, customer and status",
  },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  {
    fault: 'simulation-total-inconsistent',
    requirement: 'CREDIT-SIMULATION-TOTAL-READING',
    why: 'a total that drifts from the installments fits no reading of the formula either',
  },
  {
    fault: 'simulation-iof-unrounded',
    requirement: 'CREDIT-SIMULATION-CONSISTENT',
    why: 'it validates every simulation against the contract, whose money pattern asks for two decimals',
  },
];
