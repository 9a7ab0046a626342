// Wire forms of the credit resources and the data of their events (seed 004 and the agreed
// CreditOffer shape). Money leaves as two-decimal strings, instants as ISO 8601, dates as YYYY-MM-DD.
import type { Kernel } from '../kernel.js';
import { daysBetween } from './dates.js';
import { statusFields } from './loan-state.js';
import type { LoanRecord, OfferRecord, SimulationRecord, TransactionRecord } from './records.js';

export function offerWire(kernel: Kernel, partnerId: string, offer: OfferRecord) {
  const customer = kernel.findCustomer(partnerId, offer.customerId);
  return {
    id: offer.id,
    customer_id: offer.customerId,
    external_id: customer?.external_id ?? null,
    status: offer.status,
    approved_amount: kernel.toMoney(offer.approvedCents),
    min_amount: kernel.toMoney(offer.minCents),
    monthly_interest_rate: offer.monthlyRatePct,
    min_installments: offer.minInstallments,
    max_installments: offer.maxInstallments,
    due_date_rule: null,
    valid_until: kernel.toIso(offer.validUntil),
    created_at: kernel.toIso(offer.createdAt),
    updated_at: kernel.toIso(offer.updatedAt),
  };
}

/** `credit_offer.available` / `credit_offer.expired` data. */
export function offerEventData(kernel: Kernel, partnerId: string, offer: OfferRecord) {
  const { due_date_rule: _rule, created_at: _c, updated_at: _u, ...data } = offerWire(kernel, partnerId, offer);
  return data;
}

/** Fault `money-one-decimal` writes money as "2750.0" instead of "2750.00". */
export function moneyOf(kernel: Kernel, cents: number): string {
  const text = kernel.toMoney(cents);
  return kernel.faults.has('money-one-decimal') ? text.replace(/(\.\d)\d$/, '$1') : text;
}

/** Fault `simulation-total-inconsistent`: the total drifts 50.00 away from its parts (in the
 *  simulation and, consistently, in the loan that repeats it). */
export function totalOf(kernel: Kernel, cents: number): number {
  return cents + (kernel.faults.has('simulation-total-inconsistent') ? 5000 : 0);
}

export function simulationWire(kernel: Kernel, sim: SimulationRecord) {
  const f = sim.figures;
  const total = totalOf(kernel, f.totalCents);
  return {
    id: sim.id,
    credit_offer_id: sim.offerId,
    requested_amount: moneyOf(kernel, f.requestedCents),
    amount: moneyOf(kernel, f.amountCents),
    interest_amount: moneyOf(kernel, f.interestCents),
    fees_amount: moneyOf(kernel, f.feesCents),
    // Fault `simulation-iof-unrounded`: the daily-rate IOF is written before it is rounded to cents.
    iof_amount: kernel.faults.has('simulation-iof-unrounded') ? ((f.iofCents + 0.3721) / 100).toFixed(6) : moneyOf(kernel, f.iofCents),
    total_loan_amount: moneyOf(kernel, total),
    interest_percentage: f.interestPercentage,
    cet_percentage: f.cetPercentage,
    number_of_installments: f.installmentCount,
    installments_value: moneyOf(kernel, f.installmentValueCents),
    first_due_date: f.firstDueDate,
    created_at: kernel.toIso(sim.createdAt),
  };
}

/**
 * The net the customer receives. Fault `net-amount-is-requested`: the loan's net is taken from the
 * requested amount, the service fee and IOF never deducted (the simulation's net is not carried over).
 */
export function netCents(kernel: Kernel, f: LoanRecord['figures']): number {
  return kernel.faults.has('net-amount-is-requested') ? f.requestedCents : f.amountCents;
}

export function loanWire(kernel: Kernel, loan: LoanRecord) {
  const f = loan.figures;
  const shows = statusFields(loan.status, new Set(loan.history));
  const hideSigningUrl = kernel.faults.has('signing-url-missing') && loan.status === 'awaiting_signatures';
  // Fault `cancelled-loan-keeps-signing-url`: cancelling does not withdraw the contract's signing link.
  const keepsSigningUrl = kernel.faults.has('cancelled-loan-keeps-signing-url') && loan.status === 'cancelled';
  // Fault `signing-url-minted-at-creation`: a processing loan shows the link it was given at creation.
  const earlySigningUrl = kernel.faults.has('signing-url-minted-at-creation') && loan.status === 'processing';
  return {
    id: loan.id,
    credit_offer_id: loan.offerId,
    simulation_id: loan.simulationId,
    customer_id: loan.customerId,
    status: loan.status,
    requested_amount: kernel.toMoney(f.requestedCents),
    net_amount: shows.hasAmounts ? kernel.toMoney(netCents(kernel, f)) : null,
    iof: shows.hasAmounts ? kernel.toMoney(f.iofCents) : null,
    service_fee: shows.hasAmounts ? kernel.toMoney(f.feesCents) : null,
    // Fault `loan-rate-annual`: the loan's monthly rate field carries the annual rate (compounded, two decimals).
    interest_rate: kernel.faults.has('loan-rate-annual') ? Math.round(((1 + f.interestPercentage / 100) ** 12 - 1) * 10_000) / 100 : f.interestPercentage,
    cet: f.cetPercentage,
    // Fault `loan-total-excludes-fees`: the total counts only the net amount and interest.
    total_amount: kernel.toMoney(kernel.faults.has('loan-total-excludes-fees') ? f.amountCents + f.interestCents : totalOf(kernel, f.totalCents)),
    installments_value: kernel.toMoney(f.installmentValueCents),
    first_due_date: f.firstDueDate,
    number_of_installments: f.installmentCount,
    ccb_number: shows.hasCcb ? loan.ccbNumber : null,
    disbursement_method: shows.hasDisbursementMethod ? 'pix' : null,
    signing_url: (shows.showsSigningUrl && !hideSigningUrl) || keepsSigningUrl || earlySigningUrl ? loan.signingUrl : null,
    created_at: kernel.toIso(loan.createdAt),
    updated_at: kernel.toIso(loan.updatedAt),
  };
}

export type TransactionStatus = 'pending' | 'paid' | 'partially_paid' | 'overdue';

/** Status by the server clock: paid in full; else overdue once past the due date; else partial or pending. */
export function transactionState(tx: TransactionRecord, today: string): { status: TransactionStatus; daysOverdue: number } {
  const due = tx.installment.amountCents;
  if (tx.paidCents >= due) return { status: 'paid', daysOverdue: 0 };
  const late = daysBetween(tx.installment.dueDate, today);
  if (late > 0) return { status: 'overdue', daysOverdue: late };
  return { status: tx.paidCents > 0 ? 'partially_paid' : 'pending', daysOverdue: 0 };
}

export function transactionWire(kernel: Kernel, tx: TransactionRecord) {
  const i = tx.installment;
  const { status, daysOverdue } = transactionState(tx, kernel.toDate(kernel.clock.now()));
  return {
    id: tx.id,
    loan_id: tx.loanId,
    type: 'installment',
    due_date: i.dueDate,
    status,
    amount_due: kernel.toMoney(i.amountCents),
    amount_paid: kernel.toMoney(tx.paidCents),
    amount_remaining: kernel.toMoney(i.amountCents - tx.paidCents),
    principal: kernel.toMoney(i.principalCents),
    interest: kernel.toMoney(i.interestCents),
    // Fault `installment-fees-not-itemised`: the installment's fees are not broken out (0.00), though amount_due includes them.
    fees: kernel.toMoney(kernel.faults.has('installment-fees-not-itemised') ? 0 : i.feesCents),
    days_overdue: daysOverdue,
    paid_at: tx.paidAt ? kernel.toIso(tx.paidAt) : null,
    created_at: kernel.toIso(tx.createdAt),
    updated_at: kernel.toIso(tx.updatedAt),
  };
}
