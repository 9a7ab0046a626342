// The event catalogue (seeds + decision 10) and the `events` filter grammar of an endpoint
// (decision 11): exact names, `<resource>.*` wildcards, `*`; an omitted or empty list means all.
export const EVENT_TYPES = [
  'customer.created',
  'customer.under_review',
  'customer.kyc_updated',
  'customer.active',
  'credit_offer.available',
  'credit_offer.expired',
  'loan.created',
  'loan.contract_generated',
  'loan.awaiting_signatures',
  'loan.signed',
  'loan.disbursing',
  'loan.active',
  'loan.payment_received',
  'loan.finished',
  'loan.cancelled',
  'loan.error',
] as const;

/** Whether `filter` is a name this server can ever send (or a wildcard over them) in the documentation revision. */
export function isKnownFilter(filter: string): boolean {
  return isKnownFilterIn(filter, EVENT_TYPES);
}

/** Whether `filter` names an event of `catalogue`, or is a wildcard over some of them, or `*`. */
export function isKnownFilterIn(filter: string, catalogue: readonly string[]): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.*')) return catalogue.some((t) => t.startsWith(filter.slice(0, -1)));
  return catalogue.includes(filter);
}

export function matches(filters: readonly string[], type: string): boolean {
  if (filters.length === 0) return true;
  return filters.some((f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))));
}
