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

const RESOURCES = new Set(EVENT_TYPES.map((t) => t.split('.')[0]!));

/** Whether `filter` is a name this server can ever send (or a wildcard over them). */
export function isKnownFilter(filter: string): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.*')) return RESOURCES.has(filter.slice(0, -2));
  return (EVENT_TYPES as readonly string[]).includes(filter);
}

export function matches(filters: readonly string[], type: string): boolean {
  if (filters.length === 0) return true;
  return filters.some((f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))));
}
