// HTTP routes of credit offers, simulations, loans and transactions (paths relative to /v3).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kernel } from '../kernel.js';
import { notFound, validationError } from '../problem.js';
import { createLoan, createSimulation, getLoan, loanTransactions } from './loans.js';
import { expireOffers, getOffer } from './offers.js';
import { creditStore, type LoanRecord, type OfferRecord } from './records.js';

const OFFER_STATUSES = ['available', 'accepted', 'expired'];
const CUSTOMER_ID = /^cust_[0-9a-f]{32}$/;

function partnerOf(request: FastifyRequest): string {
  return request.caller!.partnerId;
}

function offerFilters(query: Record<string, unknown>, allowCustomer: boolean) {
  const errors = [];
  const status = query.status;
  if (status !== undefined && (typeof status !== 'string' || !OFFER_STATUSES.includes(status))) {
    errors.push({ field: 'status', message: `must be one of: ${OFFER_STATUSES.join(', ')}` });
  }
  const customerId = allowCustomer ? query.customer_id : undefined;
  if (customerId !== undefined && (typeof customerId !== 'string' || !CUSTOMER_ID.test(customerId))) {
    errors.push({ field: 'customer_id', message: 'must be a customer id (cust_…)' });
  }
  if (errors.length) throw validationError(errors);
  return { status: status as string | undefined, customerId: customerId as string | undefined };
}

/** Newest first, like the customer list's default order. */
function newestFirst(offers: Iterable<OfferRecord>): OfferRecord[] {
  return [...offers].reverse();
}

export function registerCreditRouteHandlers(app: FastifyInstance, kernel: Kernel): void {
  const listOffers = (partnerId: string, query: Record<string, unknown>, filter: (o: OfferRecord) => boolean) => {
    expireOffers(kernel, partnerId);
    const offers = newestFirst(creditStore(kernel, partnerId).offers.values()).filter(filter);
    const page = kernel.paginate(offers, query, { cursorPattern: /^co_[0-9a-f]{32}$/ });
    // Fault `offer-list-valid-until-date`: the lists read valid_until from a projection that keeps only its day.
    const listed = (o: OfferRecord) =>
      kernel.faults.has('offer-list-valid-until-date') ? { ...o, validUntil: new Date(Math.floor(o.validUntil.getTime() / 86_400_000) * 86_400_000) } : o;
    // Fault `expired-offer-listed-available`: the lists read a status projection the expiry never updates.
    const shown = (o: OfferRecord) =>
      kernel.faults.has('expired-offer-listed-available') && o.status === 'expired'
        ? { ...kernel.wire.offer(kernel, partnerId, listed(o)), status: 'available' }
        : kernel.wire.offer(kernel, partnerId, listed(o));
    return { data: page.data.map(shown), has_more: page.has_more };
  };

  app.get('/v3/credit-offers', { config: { operationId: 'listCreditOffers' } }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const f = offerFilters(query, true);
    // Fault `offer-filter-foreign-customer-500`: the customer_id filter resolves the customer among every
    // partner's records, then reads its offers from the caller's store, which has none: a TypeError (500).
    if (f.customerId && kernel.faults.has('offer-filter-foreign-customer-500') && !kernel.findCustomer(partnerOf(request), f.customerId)) {
      if (kernel.store.findAnywhere('customers', f.customerId)) throw new TypeError("Cannot read properties of undefined (reading 'offers')");
    }
    // Fault `offer-list-ignores-customer-filter`: the customer_id filter is parsed but never applied.
    const byCustomer = (o: OfferRecord) => kernel.faults.has('offer-list-ignores-customer-filter') || !f.customerId || o.customerId === f.customerId;
    return listOffers(partnerOf(request), query, (o) => (!f.status || o.status === f.status) && byCustomer(o));
  });

  app.get('/v3/credit-offers/:credit_offer_id', { config: { operationId: 'getCreditOffer' } }, async (request) => {
    const { credit_offer_id } = request.params as { credit_offer_id: string };
    const partnerId = partnerOf(request);
    return kernel.wire.offer(kernel, partnerId, getOffer(kernel, partnerId, credit_offer_id));
  });

  app.get('/v3/customers/:customer_id/credit-offers', { config: { operationId: 'listCustomerCreditOffers' } }, async (request) => {
    const { customer_id } = request.params as { customer_id: string };
    const partnerId = partnerOf(request);
    if (!kernel.findCustomer(partnerId, customer_id)) throw notFound('Customer');
    const query = request.query as Record<string, unknown>;
    const f = offerFilters(query, false);
    // Fault `customer-offer-list-misses-offers`: the customer's list leaves out its available offers.
    const missed = (o: OfferRecord) => kernel.faults.has('customer-offer-list-misses-offers') && o.status === 'available';
    // Fault `customer-offer-list-all-customers`: the path's customer only checks access; the list is the partner's.
    const mine = (o: OfferRecord) => kernel.faults.has('customer-offer-list-all-customers') || o.customerId === customer_id;
    return listOffers(partnerId, query, (o) => mine(o) && (!f.status || o.status === f.status) && !missed(o));
  });

  app.post(
    '/v3/credit-offers/:credit_offer_id/simulations',
    { config: { operationId: 'createSimulation', idempotent: true, body: 'json' } },
    async (request, reply) => {
      const { credit_offer_id } = request.params as { credit_offer_id: string };
      const sim = createSimulation(kernel, partnerOf(request), credit_offer_id, request.body);
      return reply.code(201).header('location', `/v3/simulations/${sim.id}`).send(sim);
    },
  );

  app.post('/v3/loans', { config: { operationId: 'createLoan', idempotent: true, body: 'json' } }, async (request, reply) => {
    const loan = createLoan(kernel, partnerOf(request), request.body);
    if (!kernel.faults.has('loan-location-missing')) reply.header('location', `/v3/loans/${loan.id}`);
    return reply.code(201).send(loan);
  });

  app.get('/v3/loans/:loan_id', { config: { operationId: 'getLoan' } }, async (request) => {
    const { loan_id } = request.params as { loan_id: string };
    // Fault `unknown-loan-500`: the handler reads the record without checking it exists, so an unknown id is a 500.
    if (kernel.faults.has('unknown-loan-500') && !creditStore(kernel, partnerOf(request)).loans.has(loan_id)) {
      throw new TypeError(`Cannot read properties of undefined (reading 'status')`);
    }
    let loan = getLoan(kernel, partnerOf(request), loan_id);
    // Fault `loan-read-through-customer`: the read goes through the loan's customer, as if each had one
    // loan, and answers the customer's first loan.
    if (kernel.faults.has('loan-read-through-customer'))
      loan = [...creditStore(kernel, partnerOf(request)).loans.values()].find((l) => l.customerId === loan.customerId) ?? loan;
    const body: Record<string, unknown> = kernel.wire.loan(kernel, loan);
    // Fault `loan-read-rate-as-string`: the read path writes the monthly rate as a string, the way it writes money.
    if (kernel.faults.has('loan-read-rate-as-string')) {
      for (const key of ['interest_rate', 'monthly_interest_rate']) if (typeof body[key] === 'number') body[key] = String(body[key]);
    }
    return body;
  });

  app.get('/v3/loans/:loan_id/transactions', { config: { operationId: 'listLoanTransactions' } }, async (request) => {
    const { loan_id } = request.params as { loan_id: string };
    if (kernel.faults.has('unknown-loan-transactions-empty') && !kernel.store.findAnywhere<LoanRecord>('loans', loan_id)) return { data: [], has_more: false };
    const loan = findLoanForTransactions(kernel, partnerOf(request), loan_id);
    const page = kernel.paginate(loanTransactions(loan, kernel), request.query as Record<string, unknown>, { cursorPattern: /^tx_[0-9a-f]{32}$/ });
    const data: Record<string, unknown>[] = page.data.map((t) => kernel.wire.transaction(kernel, t));
    // Fault `transactions-drop-zero-days-overdue`: the list's serializer leaves out days_overdue when it is 0.
    if (kernel.faults.has('transactions-drop-zero-days-overdue')) for (const t of data) if (t.days_overdue === 0) delete t.days_overdue;
    return { data, has_more: page.has_more };
  });
}

/** The partner's own loan; fault `cross-partner-child-path` also finds other partners' loans. */
function findLoanForTransactions(kernel: Kernel, partnerId: string, loanId: string): LoanRecord {
  const own = creditStore(kernel, partnerId).loans.get(loanId);
  if (own) return own;
  if (kernel.faults.has('cross-partner-child-path')) {
    const found = kernel.store.findAnywhere<LoanRecord>('loans', loanId);
    if (found) return found.item;
  }
  throw notFound('Loan');
}
