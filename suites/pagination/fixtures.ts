// Items of our own in every paginated list, so the walks can be judged on data we know while other
// checks add theirs to the same lists. Customers cannot be deleted, so one set of them is made per
// target and partner and shared by the pagination checks; endpoints and credentials are made per
// check and removed after it.
import { randomBytes } from 'node:crypto';
import type { CheckContext } from '../../lib/checks/context.js';
import { createCustomer } from '../../lib/flows/customers.js';
import { newCustomerBody } from '../../lib/flows/data.js';
import { newLoan } from '../../lib/flows/journeys.js';
import { walkLoan } from '../../lib/flows/loans.js';
import { createCredential, revokeQuietly } from '../auth/credentials.js';
import { createEndpoint, deleteQuietly } from '../webhooks/endpoints.js';

/** How many customers of our own the customer-list walks look for (more than the default page of 25). */
export const OWN_CUSTOMERS = 30;

export interface ListFixture {
  /** Concrete path of the list, e.g. `/customers` or `/loans/ln_…/transactions`. */
  path: string;
  /** Ids of our own items in the list (the walk must show each exactly once). */
  own: string[];
  /** Query that narrows the list to a view containing our items (never the paging members). */
  filter: Record<string, string>;
  /** When the whole list is ours: how many items it must have. */
  total?: number;
  /** Whether an item of the list still exists (for lists other checks delete from). */
  exists?: (id: string) => Promise<boolean>;
  cleanup(): Promise<void>;
}

const shared = new Map<string, Promise<unknown>>();

function once<T>(ctx: CheckContext, what: string, make: () => Promise<T>): Promise<T> {
  const key = `${ctx.target.baseUrl}|${ctx.api.clientId}|${what}`;
  let p = shared.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    shared.set(key, p);
    // A failed set-up is not cached: the next check tries again and fails with its own evidence.
    p.catch(() => shared.delete(key));
  }
  return p;
}

/**
 * Our customers, created one after the other (distinct `created_at`) with names that sort in a
 * known order: `Paginacao <tag> <AA..>` with upper-case letters only, so byte order and
 * locale order agree.
 */
export function ownCustomers(ctx: CheckContext): Promise<{ tag: string; ids: string[] }> {
  return once(ctx, 'customers', async () => {
    const tag = randomBytes(3).toString('hex').toUpperCase().replace(/[0-9]/g, (d) => 'GHIJKLMNOP'[Number(d)]!);
    const ids: string[] = [];
    // Names are given in a shuffled order so name order and creation order differ.
    const suffixes = Array.from({ length: OWN_CUSTOMERS }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));
    const shuffled = [...suffixes].sort(() => Math.random() - 0.5);
    for (const s of shuffled) {
      const c = await createCustomer(ctx, { ...newCustomerBody(), name: `Paginacao ${tag} ${s}` });
      ids.push(c.id);
    }
    return { tag, ids };
  });
}

/** An active loan with 12 installments (so 12 transactions), shared by the checks. */
export function ownActiveLoan(ctx: CheckContext): Promise<{ loanId: string; installments: number; customerId: string; offerIds: string[] }> {
  return once(ctx, 'loan', async () => {
    const { loan, customer, offer } = await newLoan(ctx, { installments: 12 });
    await walkLoan(ctx, loan.id, 'active');
    // A second and third offer for the same customer give the offer lists more than one item.
    const more: string[] = [];
    if (ctx.driver.mode === 'control') {
      for (let i = 0; i < 2; i++) more.push((await ctx.driver.finishCreditAnalysis(customer.id)).id);
    }
    return { loanId: loan.id, installments: loan.number_of_installments, customerId: customer.id, offerIds: [offer.id, ...more] };
  });
}

/** The fixture for a list operation, or undefined when we cannot put items of our own in it. */
export async function fixtureFor(ctx: CheckContext, operationId: string): Promise<ListFixture | undefined> {
  const none = async () => {};
  switch (operationId) {
    case 'listCustomers': {
      const { ids } = await ownCustomers(ctx);
      return { path: '/customers', own: ids, filter: {}, cleanup: none };
    }
    case 'listWebhookEndpoints': {
      const eps: string[] = [];
      // Subscribed to a type no flow of these checks triggers, so they stay quiet.
      for (let i = 0; i < 7; i++) eps.push((await createEndpoint(ctx, { events: ['loan.error'], description: `pagination ${i}` })).id);
      const exists = async (id: string) => (await ctx.api.request({ method: 'GET', path: `/webhooks/endpoints/${encodeURIComponent(id)}` })).status !== 404;
      return { path: '/webhooks/endpoints', own: eps, filter: {}, exists, cleanup: async () => { for (const id of eps) await deleteQuietly(ctx, id); } };
    }
    case 'listCredentials': {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await createCredential(ctx, `pagination ${i}`)).clientId);
      return { path: '/auth/credentials', own: ids, filter: {}, cleanup: async () => { for (const id of ids) await revokeQuietly(ctx, id); } };
    }
    case 'listLoanTransactions': {
      if (!canLend(ctx)) return undefined;
      const { loanId, installments } = await ownActiveLoan(ctx);
      return { path: `/loans/${loanId}/transactions`, own: [], filter: {}, total: installments, cleanup: none };
    }
    case 'listCustomerCreditOffers': {
      if (!canLend(ctx)) return undefined;
      const { customerId, offerIds } = await ownActiveLoan(ctx);
      return { path: `/customers/${customerId}/credit-offers`, own: offerIds, filter: {}, cleanup: none };
    }
    case 'listCreditOffers': {
      if (!canLend(ctx)) return undefined;
      const { customerId, offerIds } = await ownActiveLoan(ctx);
      return { path: '/credit-offers', own: offerIds, filter: { customer_id: customerId }, cleanup: none };
    }
    default:
      return undefined;
  }
}

/** Whether the target can take a customer to an active loan (stateful and advancing). */
export function canLend(ctx: CheckContext): boolean {
  const caps = ctx.target.capabilities;
  return caps.has('stateful') && (caps.has('control') || caps.has('advances'));
}
