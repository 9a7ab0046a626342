// Items of our own in every paginated list, so the walks can be judged on data we know while other
// checks (and other runs, and other partners' integrations on a shared sandbox) add theirs to the
// same lists. Customers cannot be deleted, so one set of them is made per target and partner and
// shared by the pagination checks; they share one tagged external_id, so the list filtered by it is
// exactly our set however many customers the partner already has. Endpoints and credentials are
// made per check and removed after it.
import { randomBytes } from 'node:crypto';
import type { CheckContext } from '../../lib/checks/context.js';
import { precondition } from '../../lib/checks/preconditions.js';
import { getOffer } from '../../lib/flows/credit.js';
import { type Customer, createCustomer } from '../../lib/flows/customers.js';
import { newCustomerBody, runExternalId, uniqueExternalId } from '../../lib/flows/data.js';
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
  /** What the checks should say about how this fixture was made (e.g. a filter the target does not honour). */
  notes?: string[];
  cleanup(): Promise<void>;
}

/**
 * Made once per run and partner (ctx.perRun; a failed set-up is not kept: the next check tries again
 * and fails with its own evidence). Not a cache of this module keyed by the target's URL: that
 * outlived its run, and a later server on the same port would get an earlier one's fixtures.
 */
function once<T>(ctx: CheckContext, what: string, make: () => Promise<T>): Promise<T> {
  return ctx.perRun(`pagination|${ctx.api.clientId}|${what}`, make);
}

export interface OwnCustomers {
  tag: string;
  /** In creation order. */
  ids: string[];
  createdAt: Map<string, string>;
  /** The external_id they share: `dinie-conformance-<run tag>-pagination-<tag>`. */
  externalId: string;
  /** `{ external_id }` when the target lists exactly our set for it; `{}` when the walks must use the whole list. */
  filter: Record<string, string>;
  notes: string[];
}

/**
 * Our customers, created one after the other (distinct `created_at`) with names that sort in a
 * known order: `Paginacao <tag> <AA..>` with upper-case letters only, so byte order and
 * locale order agree. They share one external_id (the contract refuses only another external_id
 * for the same CPF, not one external_id for several CPFs), so `?external_id=` selects exactly
 * them. A target that refuses the shared reference, or whose filter does not select exactly them,
 * gets walks of the whole list within the page budget instead, and the checks say so.
 */
export const ownCustomers = precondition(function ownCustomers(ctx: CheckContext): Promise<OwnCustomers> {
  return once(ctx, 'customers', async () => {
    const tag = randomBytes(3)
      .toString('hex')
      .toUpperCase()
      .replace(/[0-9]/g, (d) => 'GHIJKLMNOP'[Number(d)]!);
    const externalId = runExternalId(`pagination-${tag.toLowerCase()}`);
    const made: Customer[] = [];
    const notes: string[] = [];
    let shared = true;
    // Names are given in a shuffled order so name order and creation order differ.
    const suffixes = Array.from({ length: OWN_CUSTOMERS }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));
    const shuffled = [...suffixes].sort(() => Math.random() - 0.5);
    for (const s of shuffled) {
      const body = { ...newCustomerBody({ for: ctx }), name: `Paginacao ${tag} ${s}`, external_id: shared ? externalId : uniqueExternalId('pagination') };
      if (shared && made.length === 1) {
        // The second customer under the same reference tells whether the target lets a set share one.
        const res = await ctx.api.request<Customer>({ method: 'POST', path: '/customers', json: body });
        if (res.status === 201 && typeof res.body?.id === 'string') {
          made.push(res.body);
          continue;
        }
        shared = false;
        notes.push(
          `customers of ours cannot share one external_id on this target (a second one answered ${res.status}): the walks use the whole customer list within the page budget`,
        );
        body.external_id = uniqueExternalId('pagination');
      }
      made.push(await createCustomer(ctx, body));
    }
    const ids = made.map((c) => c.id);
    let filter: Record<string, string> = {};
    if (shared) {
      const res = await ctx.api.request({ method: 'GET', path: '/customers', query: { external_id: externalId, limit: 100 } });
      const listed: string[] | undefined =
        res.status === 200 && Array.isArray(res.body?.data) ? res.body.data.map((c: { id?: unknown } | null) => c?.id) : undefined;
      const exact = !!listed && res.body.has_more === false && listed.length === ids.length && ids.every((id) => listed.includes(id));
      if (exact) filter = { external_id: externalId };
      else
        notes.push(
          `GET /customers?external_id=${externalId} does not list exactly our ${ids.length} customers (${listed ? `${listed.length} listed` : `status ${res.status}`}): the walks use the whole customer list within the page budget`,
        );
    }
    return { tag, ids, createdAt: new Map(made.map((c) => [c.id, c.created_at])), externalId, filter, notes };
  });
});

/** An active loan with 12 installments (so 12 transactions), shared by the checks. */
export const ownActiveLoan = precondition(function ownActiveLoan(
  ctx: CheckContext,
): Promise<{ loanId: string; installments: number; customerId: string; offerIds: string[] }> {
  return once(ctx, 'loan', async () => {
    const { loan, customer, offer } = await newLoan(ctx, { installments: 12 });
    await walkLoan(ctx, loan.id, 'active');
    // A second and third offer for the same customer give the offer lists more than one item.
    const more: string[] = [];
    if (ctx.driver.mode === 'control') {
      for (let i = 0; i < 2; i++) more.push((await getOffer(ctx, customer.id)).id);
    }
    return { loanId: loan.id, installments: loan.number_of_installments, customerId: customer.id, offerIds: [offer.id, ...more] };
  });
});

/** The fixture for a list operation, or undefined when we cannot put items of our own in it. */
export const fixtureFor = precondition(async function fixtureFor(ctx: CheckContext, operationId: string): Promise<ListFixture | undefined> {
  const none = async () => {};
  switch (operationId) {
    case 'listCustomers': {
      const set = await ownCustomers(ctx);
      // Filtered by our reference, the whole list is ours: its size is known.
      const total = set.filter.external_id ? set.ids.length : undefined;
      return { path: '/customers', own: set.ids, filter: set.filter, total, notes: set.notes, cleanup: none };
    }
    case 'listWebhookEndpoints': {
      const eps: string[] = [];
      // Subscribed to a type no flow of these checks triggers, so they stay quiet.
      for (let i = 0; i < 7; i++) eps.push((await createEndpoint(ctx, { events: ['loan.error'], description: `pagination ${i}` })).id);
      const exists = async (id: string) => (await ctx.api.request({ method: 'GET', path: `/webhooks/endpoints/${encodeURIComponent(id)}` })).status !== 404;
      return {
        path: '/webhooks/endpoints',
        own: eps,
        filter: {},
        exists,
        cleanup: async () => {
          for (const id of eps) await deleteQuietly(ctx, id);
        },
      };
    }
    case 'listCredentials': {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await createCredential(ctx, `pagination ${i}`)).clientId);
      return {
        path: '/auth/credentials',
        own: ids,
        filter: {},
        cleanup: async () => {
          for (const id of ids) await revokeQuietly(ctx, id);
        },
      };
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
});

/** Whether the target can take a customer to an active loan (stateful and advancing). */
export function canLend(ctx: CheckContext): boolean {
  const caps = ctx.target.capabilities;
  return caps.has('stateful') && (caps.has('control') || caps.has('advances'));
}
