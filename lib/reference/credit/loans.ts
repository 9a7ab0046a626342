// Simulations, loans and their lifecycle: creation rules (decision 9, seed 004 Last Write Record),
// the state machine walked by the control API or by auto-mode timers, the events of each
// transition, the installments created at `active`, and payments.
import type { Kernel } from '../kernel.js';
import { parseAnyMoney } from '../money.js';
import { ApiError, notFound, validationError } from '../problem.js';
import { pagePrefix } from '../sandbox/state.js';
import { type LoanOutcome, loanOutcome } from '../sandbox/triggers.js';
import { collect } from './body.js';
import { canTransition, isLoanStatus, isTerminal, LOAN_STATUSES, type LoanStatus, nextOnHappyPath } from './loan-state.js';
import { getOffer, markAccepted, releaseOffer, requireAvailable } from './offers.js';
import { creditStore, type LoanRecord, type SimulationRecord, type TransactionRecord } from './records.js';
import type { ScheduledInstallment } from './schedule.js';
import { checkAgainstOffer, scheduleOf, simulate } from './simulation.js';
import { netCents } from './wire.js';

export function createSimulation(kernel: Kernel, partnerId: string, offerId: string, raw: unknown) {
  const request = kernel.wire.simulationRequest(kernel, raw);
  if (kernel.faults.has('unknown-offer-simulation-409') && !creditStore(kernel, partnerId).offers.has(offerId)) {
    throw new ApiError(409, 'credit_offer_not_available', 'Credit offer not available', 'The credit offer is not available.');
  }
  const offer = getOffer(kernel, partnerId, offerId);
  requireAvailable(offer);
  // Fault `simulation-above-approved-accepted`: the upper bound on the amount is not enforced.
  const outside = checkAgainstOffer(
    kernel.faults.has('simulation-above-approved-accepted') ? { ...offer, approvedCents: Number.MAX_SAFE_INTEGER } : offer,
    request,
  );
  if (outside.length) throw validationError(outside, 'The request lies outside the credit offer.');
  const now = kernel.clock.now();
  const sim: SimulationRecord = {
    id: kernel.newId('sim'),
    offerId: offer.id,
    figures: feesCountedTwice(kernel, simulate(offer.monthlyRatePct, request, kernel.toDate(now), { chargesOnTop: kernel.wire.chargesFinancedOnTop })),
    createdAt: now,
  };
  creditStore(kernel, partnerId).simulations.set(sim.id, sim);
  offer.latestSimulationId = sim.id; // Last Write Record
  return kernel.wire.simulation(kernel, sim);
}

/**
 * Fault `simulation-total-counts-fees-twice`: the total adds the service fee a second time and the
 * installments are recomputed from it, so the figures stay self-consistent (installments x value
 * within rounding, the loan repeating them) while the total fits no reading of seed 004's formula.
 */
function feesCountedTwice(kernel: Kernel, f: SimulationRecord['figures']): SimulationRecord['figures'] {
  if (!kernel.faults.has('simulation-total-counts-fees-twice')) return f;
  const totalCents = f.totalCents + f.feesCents;
  return { ...f, totalCents, installmentValueCents: Math.round(totalCents / f.installmentCount) };
}

export function createLoan(kernel: Kernel, partnerId: string, raw: unknown) {
  const body = kernel.wire.loanRequest(kernel, raw);
  const names = body.names;
  const store = creditStore(kernel, partnerId);
  const offer = store.offers.get(body.creditOfferId);
  if (!offer) throw notFound('Credit offer');
  const sim = store.simulations.get(body.simulationId);
  if (!sim || sim.offerId !== offer.id) throw notFound('Simulation of this credit offer');
  getOffer(kernel, partnerId, offer.id); // brings expiry up to date
  const customer = kernel.findCustomer(partnerId, offer.customerId);
  if (customer?.status !== 'active' && !kernel.faults.has('loan-for-inactive-customer')) {
    throw new ApiError(409, 'customer_not_active', 'Customer not active', 'A loan needs a customer whose KYC is approved (status active).');
  }
  requireAvailable(offer);
  // Fault `released-offer-refuses-loan`: the one-loan-per-offer rule counts every loan ever made on the
  // offer, cancelled ones included, so an offer a cancellation released reads available but takes no loan.
  if (kernel.faults.has('released-offer-refuses-loan') && [...store.loans.values()].some((l) => l.offerId === offer.id)) {
    throw new ApiError(409, 'credit_offer_not_available', 'Credit offer not available', 'The credit offer already has a loan.');
  }
  if (offer.latestSimulationId !== sim.id && !kernel.faults.has('stale-simulation-accepted')) {
    throw new ApiError(409, 'simulation_superseded', 'Simulation superseded', 'Only the latest simulation of the credit offer can be contracted.');
  }
  const f = sim.figures;
  collect([
    body.installmentCount !== f.installmentCount
      ? { field: names.installmentCount, message: `must equal the simulation's ${names.simulationCount} (${f.installmentCount})` }
      : undefined,
    !kernel.wire.echoesMoney(kernel, body.installmentValue, f.installmentValueCents)
      ? { field: names.installmentValue, message: `must equal the simulation's ${names.simulationValue} (${kernel.wire.money(f.installmentValueCents)})` }
      : undefined,
    body.firstDueDate !== f.firstDueDate && !kernel.faults.has('loan-first-due-date-unchecked')
      ? { field: 'first_due_date', message: `must equal the simulation's first_due_date (${f.firstDueDate})` }
      : undefined,
  ]);
  // Fault `second-loan-refused`: an undocumented one-loan-per-customer limit refuses a valid loan
  // while another of the customer's loans is still in progress.
  if (kernel.faults.has('second-loan-refused') && [...store.loans.values()].some((l) => l.customerId === offer.customerId && !isTerminal(l.status))) {
    throw validationError(
      [{ field: 'credit_offer_id', message: 'the customer already has a loan in progress' }],
      'The customer already has a loan in progress.',
    );
  }
  // Fault `loan-deduplicated-by-offer`: a natural-key guard against double submits treats the offer as the
  // loan's key, so a loan on an offer a cancellation released answers the cancelled loan instead of a new one.
  const existing = kernel.faults.has('loan-deduplicated-by-offer') ? [...store.loans.values()].find((l) => l.offerId === offer.id) : undefined;
  if (existing) return kernel.wire.loan(kernel, existing);
  const now = kernel.clock.now();
  // Fault `loan-reused-by-offer`: loans are keyed by their offer, so a new loan on an offer that a
  // cancelled loan released overwrites that loan (its id reads processing again).
  const reused = kernel.faults.has('loan-reused-by-offer')
    ? [...store.loans.values()].find((l) => l.offerId === offer.id && l.status === 'cancelled')
    : undefined;
  const loan: LoanRecord = {
    id: reused?.id ?? kernel.newId('ln'),
    offerId: offer.id,
    simulationId: sim.id,
    customerId: offer.customerId,
    status: 'processing',
    history: ['processing'],
    figures: f,
    ccbNumber: null,
    signingUrl: null,
    transactions: [],
    createdAt: now,
    updatedAt: now,
  };
  // Fault `signing-url-minted-at-creation`: the signing link (it derives from the loan id) is set when the
  // loan is created, so a processing loan already shows one before any contract exists.
  if (kernel.faults.has('signing-url-minted-at-creation')) loan.signingUrl = signingUrlOf(kernel, loan.id);
  store.loans.set(loan.id, loan);
  if (!kernel.faults.has('offer-stays-available-after-loan')) markAccepted(kernel, offer);
  // Where the revision generates the contract at creation, the loan is awaiting signatures before
  // anyone hears of it (loan.created then carries the signing link).
  if (kernel.wire.contractAtCreation) {
    for (const step of ['contract_generated', 'awaiting_signatures'] as const) moveLoan(kernel, partnerId, loan, step);
  }
  kernel.emit(partnerId, 'loan.created', {
    id: loan.id,
    credit_offer_id: loan.offerId,
    customer_id: loan.customerId,
    status: 'processing',
    requested_amount: kernel.toMoney(f.requestedCents),
    number_of_installments: f.installmentCount,
  });
  // Fault `contract-generated-at-creation`: the docs revision's server generates the contract inside
  // POST /loans, so the loan is never seen processing (the 201 already reads contract_generated).
  if (!kernel.wire.contractAtCreation && kernel.faults.has('contract-generated-at-creation')) moveLoan(kernel, partnerId, loan, 'contract_generated');
  if (kernel.options.auto) {
    // Sandbox mode: the requested amount's cents may ask for another ending (sandbox/triggers.ts).
    const outcome = kernel.options.sandbox ? loanOutcome(f.requestedCents) : undefined;
    walkLoan(kernel, partnerId, loan.id, kernel.options.auto.loanStepMs, outcome);
  }
  const answer = kernel.wire.loan(kernel, loan);
  // Fault `contract-generated-after-201`: the 201 is rendered first, then an after-commit hook of the
  // same request generates the contract, so the loan's first read already shows contract_generated.
  if (!kernel.wire.contractAtCreation && kernel.faults.has('contract-generated-after-201')) moveLoan(kernel, partnerId, loan, 'contract_generated');
  return answer;
}

/**
 * Auto mode: one happy-path step every `stepMs` until `active` (stops if the loan left the path).
 * Sandbox outcomes: `cancel` is cancelled the step after awaiting_signatures, `error` fails the
 * step after signed, `pay` goes on past active with one payment per step (a third of installment
 * 1, the rest of it, then each installment in full) until the last payment finishes the loan.
 */
function walkLoan(kernel: Kernel, partnerId: string, loanId: string, stepMs: number, outcome?: LoanOutcome): void {
  kernel.schedule(stepMs, () => {
    const loan = creditStore(kernel, partnerId).loans.get(loanId);
    if (!loan) return;
    const failAt = outcome === 'cancel' ? 'awaiting_signatures' : outcome === 'error' ? 'signed' : undefined;
    if (failAt && loan.status === failAt) {
      const to = outcome === 'cancel' ? 'cancelled' : 'error';
      if (allowed(kernel, loan.status, to)) moveLoan(kernel, partnerId, loan, to);
      return;
    }
    if (loan.status === 'active') {
      if (outcome === 'pay' && payNext(kernel, partnerId, loan)) walkLoan(kernel, partnerId, loanId, stepMs, outcome);
      return;
    }
    const next = nextStep(kernel, loan.status);
    if (!next || next === 'finished') return;
    moveLoan(kernel, partnerId, loan, next);
    if (next !== 'active' || outcome === 'pay') walkLoan(kernel, partnerId, loanId, stepMs, outcome);
  });
}

/** One sandbox payment of a `loan.pay` loan; true while the loan is still active (more to pay). */
function payNext(kernel: Kernel, partnerId: string, loan: LoanRecord): boolean {
  const index = loan.transactions.findIndex((t) => t.paidCents < t.installment.amountCents);
  if (index < 0) return false;
  const tx = loan.transactions[index]!;
  const third = Math.floor(tx.installment.amountCents / 3);
  const partial = index === 0 && tx.paidCents === 0 && third > 0 ? kernel.toMoney(third) : undefined;
  recordPayment(kernel, partnerId, loan.id, index + 1, partial);
  return loan.status === 'active' && loan.transactions.some((t) => t.paidCents < t.installment.amountCents);
}

export function getLoan(kernel: Kernel, partnerId: string, loanId: string): LoanRecord {
  const loan = creditStore(kernel, partnerId).loans.get(loanId);
  if (!loan) throw notFound('Loan');
  return loan;
}

/**
 * Fault `fees-charged-with-first-installment`: the financed fees of every installment are billed
 * with the first one, so installments no longer equal installments_value (their sum still does).
 */
function feesUpFront(kernel: Kernel, schedule: ScheduledInstallment[]): ScheduledInstallment[] {
  if (!kernel.faults.has('fees-charged-with-first-installment') || schedule.length < 2) return schedule;
  const moved = schedule.slice(1).reduce((s, i) => s + i.feesCents, 0);
  return schedule.map((i, k) =>
    k === 0 ? { ...i, feesCents: i.feesCents + moved, amountCents: i.amountCents + moved } : { ...i, feesCents: 0, amountCents: i.amountCents - i.feesCents },
  );
}

/** The page where the customer signs the loan's contract. */
function signingUrlOf(kernel: Kernel, loanId: string): string {
  return `${kernel.origin || 'http://127.0.0.1'}${pagePrefix(kernel)}/signing/${loanId}`;
}

let ccbCounter = 0;

/** Whether the next happy-path status is shown as the disbursement under way (where the fault skips it). */
function skipsToActive(kernel: Kernel, status: LoanStatus): boolean {
  const next = nextOnHappyPath(status);
  return (
    next !== undefined &&
    next !== 'active' &&
    kernel.wire.loanStatus(next) === kernel.wire.loanStatus('disbursing') &&
    kernel.wire.loanStatus(status) !== kernel.wire.loanStatus('disbursing')
  );
}

/**
 * The next happy-path status. Fault `loan-skips-disbursing` jumps over the statuses the revision
 * shows as the disbursement under way (docs: signed → active past disbursing; sdk: awaiting_signatures
 * → active past processing).
 */
function nextStep(kernel: Kernel, status: LoanStatus): LoanStatus | undefined {
  if (kernel.faults.has('loan-skips-disbursing') && skipsToActive(kernel, status)) return 'active';
  return nextOnHappyPath(status);
}

function allowed(kernel: Kernel, from: LoanStatus, to: LoanStatus): boolean {
  // Fault `disbursing-loan-not-cancellable`: a loan whose disbursement is under way (as the revision shows it: disbursing, or the SDK's processing) cannot be cancelled.
  if (kernel.faults.has('disbursing-loan-not-cancellable') && kernel.wire.loanStatus(from) === kernel.wire.loanStatus('disbursing') && to === 'cancelled')
    return false;
  if (canTransition(from, to)) return true;
  if (kernel.faults.has('loan-skips-disbursing') && skipsToActive(kernel, from) && to === 'active') return true;
  if (kernel.faults.has('loan-leaves-finished') && from === 'finished' && to === 'cancelled') return true;
  // Fault `active-loan-cancellable`: the cancel rule checks only for an ended loan, so an active one (money already disbursed) can be cancelled.
  if (kernel.faults.has('active-loan-cancellable') && from === 'active' && to === 'cancelled') return true;
  return false;
}

/** Applies one transition (already judged legal): fields, offer, installments, and its event. */
function moveLoan(kernel: Kernel, partnerId: string, loan: LoanRecord, to: LoanStatus): void {
  const now = kernel.clock.now();
  const from = loan.status;
  loan.status = to;
  loan.history.push(to);
  loan.updatedAt = now;
  const f = loan.figures;
  // Fault `cancelled-event-stale-status`: loan.cancelled is built from the loan as it was.
  // Fault `error-event-says-cancelled`: the failure handler announces the loan with the cancellation's status.
  const announced = to === 'error' && kernel.faults.has('error-event-says-cancelled') ? 'cancelled' : to;
  const data: Record<string, unknown> = { id: loan.id, status: to === 'cancelled' && kernel.faults.has('cancelled-event-stale-status') ? from : announced };
  switch (to) {
    case 'contract_generated':
      loan.ccbNumber = `CCB-${now.getUTCFullYear()}-${String(++ccbCounter).padStart(6, '0')}`;
      loan.signingUrl = signingUrlOf(kernel, loan.id);
      data.signing_url = loan.signingUrl;
      break;
    case 'awaiting_signatures':
      data.signing_url = loan.signingUrl;
      // Fault `awaiting-signatures-event-reuses-contract-status`: the event reuses loan.contract_generated's payload, status and all.
      if (kernel.faults.has('awaiting-signatures-event-reuses-contract-status')) data.status = 'contract_generated';
      break;
    case 'signed':
      // Fault `ccb-number-reissued-on-signing`: signing issues the contract anew, under a new number.
      if (kernel.faults.has('ccb-number-reissued-on-signing')) loan.ccbNumber = `CCB-${now.getUTCFullYear()}-${String(++ccbCounter).padStart(6, '0')}`;
      data.ccb_number = loan.ccbNumber;
      break;
    case 'disbursing':
      data.disbursement_method = 'pix';
      break;
    case 'active':
      loan.transactions = feesUpFront(kernel, scheduleOf(f)).map(
        (installment): TransactionRecord => ({
          id: kernel.newId('tx'),
          loanId: loan.id,
          installment,
          paidCents: 0,
          paidAt: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      data.requested_amount = kernel.toMoney(f.requestedCents);
      // Fault `active-event-net-is-requested`: loan.active's net_amount is filled from the requested amount.
      data.net_amount = kernel.toMoney(kernel.faults.has('active-event-net-is-requested') ? f.requestedCents : netCents(kernel, f));
      break;
    case 'cancelled':
      releaseOffer(kernel, partnerId, loan.offerId);
      break;
    case 'error':
      data.error = loan.history.includes('disbursing')
        ? { code: 'disbursement_failed', message: 'The bank rejected the Pix transfer.' }
        : { code: 'processing_failed', message: 'The loan could not be processed.' };
      // Fault `loan-error-reason-unstructured`: the reason is passed on as the bank's bare message.
      if (kernel.faults.has('loan-error-reason-unstructured')) data.error = (data.error as { message: string }).message;
      break;
  }
  if (to === 'awaiting_signatures' && kernel.faults.has('awaiting-signatures-event-missing')) return;
  // Fault `error-announced-as-cancelled-first`: the failure handler releases the loan through the
  // cancellation routine, which announces loan.cancelled before loan.error (an illegal cancelled → error).
  if (to === 'error' && kernel.faults.has('error-announced-as-cancelled-first')) kernel.emit(partnerId, 'loan.cancelled', { id: loan.id, status: 'cancelled' });
  kernel.emit(partnerId, `loan.${to}`, data);
}

/**
 * Control API: the next state the loan shows, or `to` (a status as the spoken revision names it);
 * an illegal move is a 409 problem. Where the revision shows several internal states as one (the
 * SDK's `processing` is signed and disbursing), the loan walks through them in one call.
 */
export function advanceLoan(kernel: Kernel, partnerId: string, loanId: string, to?: unknown) {
  const loan = getLoan(kernel, partnerId, loanId);
  const shown = (s: LoanStatus) => kernel.wire.loanStatus(s);
  if (to !== undefined && (typeof to !== 'string' || !LOAN_STATUSES.some((s) => shown(s) === to))) {
    throw validationError([{ field: 'to', message: 'must be a loan status' }]);
  }
  const start = shown(loan.status);
  const path: LoanStatus[] = [];
  for (let at = loan.status; ; ) {
    const direct = to !== undefined && isLoanStatus(to) && allowed(kernel, at, to) ? to : undefined;
    const next = direct ?? nextStep(kernel, at);
    if (!next || !allowed(kernel, at, next)) {
      path.length = 0;
      break;
    }
    path.push(next);
    at = next;
    if (to === undefined ? shown(at) !== start : shown(at) === to) break;
    // Only states shown as the start one may be walked through on the way to `to`.
    if (shown(at) !== start) {
      path.length = 0;
      break;
    }
  }
  if (path.length === 0) {
    throw new ApiError(
      409,
      'illegal_transition',
      'Illegal transition',
      `A loan cannot move from ${start} to ${to ?? (nextStep(kernel, loan.status) ? shown(nextStep(kernel, loan.status)!) : 'a next state')}.`,
    );
  }
  // `finished` comes from the last payment only; an active loan with unpaid installments cannot jump there.
  if (path.includes('finished') && loan.transactions.some((t) => t.paidCents < t.installment.amountCents)) {
    throw new ApiError(409, 'illegal_transition', 'Illegal transition', 'A loan finishes when every installment is paid.');
  }
  for (const step of path) moveLoan(kernel, partnerId, loan, step);
  return kernel.wire.loan(kernel, loan);
}

/** Control API: a payment on installment `installmentNumber` (1-based); amount defaults to what remains. */
export function recordPayment(kernel: Kernel, partnerId: string, loanId: string, installmentNumber: unknown, amount?: unknown) {
  const loan = getLoan(kernel, partnerId, loanId);
  if (typeof installmentNumber !== 'number' || !Number.isInteger(installmentNumber) || installmentNumber < 1) {
    throw validationError([{ field: 'installment_number', message: 'must be an integer from 1' }]);
  }
  if (loan.status !== 'active') {
    throw new ApiError(409, 'loan_not_active', 'Loan not active', `Payments apply to active loans; this one is ${loan.status}.`);
  }
  const tx = loan.transactions[installmentNumber - 1];
  if (!tx) throw validationError([{ field: 'installment_number', message: `must be from 1 to ${loan.transactions.length}` }]);
  const remaining = tx.installment.amountCents - tx.paidCents;
  if (remaining === 0) throw new ApiError(409, 'installment_paid', 'Installment already paid', `Installment ${installmentNumber} is paid.`);
  let cents = remaining;
  if (amount !== undefined) {
    const parsed = parseAnyMoney(amount);
    if (parsed === null || parsed <= 0 || parsed > remaining) {
      throw validationError([{ field: 'amount', message: `must be a money string from 0.01 to ${kernel.toMoney(remaining)}` }]);
    }
    cents = parsed;
  }
  const now = kernel.clock.now();
  tx.paidCents += cents;
  tx.updatedAt = now;
  if (tx.paidCents === tx.installment.amountCents) tx.paidAt = now;
  loan.updatedAt = now;
  const received = () =>
    kernel.emit(
      partnerId,
      'loan.payment_received',
      {
        id: loan.id,
        status: 'active',
        payment: { amount: kernel.toMoney(cents), paid_at: kernel.toIso(now), installment_number: installmentNumber },
      },
      { amountCents: cents, paidAt: now },
      // Fault `payment-event-dated-due-date`: the event is stamped with the day the installment falls due, not when the payment arrived.
      kernel.faults.has('payment-event-dated-due-date') ? new Date(`${tx.installment.dueDate}T00:00:00-03:00`) : undefined,
    );
  received();
  // Fault `payment-event-duplicated`: the payment job announces each payment twice (two events).
  if (kernel.faults.has('payment-event-duplicated')) received();
  // Fault `loan-finished-on-any-payment`: the paid-off test asks whether some payment arrived, not whether every installment is paid.
  const paidOff = kernel.faults.has('loan-finished-on-any-payment')
    ? loan.transactions.some((t) => t.paidCents > 0)
    : loan.transactions.every((t) => t.paidCents === t.installment.amountCents);
  if (paidOff && !kernel.faults.has('loan-not-finished-when-paid')) {
    moveLoan(kernel, partnerId, loan, 'finished');
    // Fault `finishing-payment-not-applied`: the payment that pays the loan off finishes the loan, but
    // its installment's update is lost (the finishing path saves the loan, not the transaction).
    if (kernel.faults.has('finishing-payment-not-applied')) {
      tx.paidCents -= cents;
      tx.paidAt = null;
    }
    // Fault `finished-loan-reannounced-active`: an outbox replays the activation after the loan finished.
    if (kernel.faults.has('finished-loan-reannounced-active'))
      kernel.emit(partnerId, 'loan.active', {
        id: loan.id,
        status: 'active',
        requested_amount: kernel.toMoney(loan.figures.requestedCents),
        net_amount: kernel.toMoney(netCents(kernel, loan.figures)),
      });
  }
  return kernel.wire.transaction(kernel, tx);
}

/** The loan's installments in due-date order (none before `active`). */
export function loanTransactions(loan: LoanRecord, kernel: Kernel): TransactionRecord[] {
  // Fault `transactions-wrong-count`: one installment goes missing.
  return kernel.faults.has('transactions-wrong-count') ? loan.transactions.slice(0, -1) : loan.transactions;
}
