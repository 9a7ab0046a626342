import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each loans fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
  { fault: 'loan-skips-disbursing', requirement: 'LOAN-LIFECYCLE-LEGAL-STEPS' },
  { fault: 'loan-leaves-finished', requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL' },
  { fault: 'loan-reused-by-offer', requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL' },
  { fault: 'signing-url-missing', requirement: 'LOAN-FIELDS-BY-STATUS' },
  { fault: 'transactions-wrong-count', requirement: 'LOAN-TRANSACTIONS-SCHEDULE' },
  { fault: 'loan-location-missing', requirement: 'LOAN-CREATE-201' },
  { fault: 'disbursing-loan-not-cancellable', requirement: 'LOAN-CANCEL-OR-ERROR-BEFORE-ACTIVE' },
  { fault: 'loan-not-finished-when-paid', requirement: 'LOAN-PAYMENTS' },
  { fault: 'awaiting-signatures-event-missing', requirement: 'LOAN-EVENTS-ORDER' },
  { fault: 'cancelled-event-stale-status', requirement: 'LOAN-EVENTS-TERMINAL' },
  { fault: 'unknown-loan-transactions-empty', requirement: 'LOAN-UNKNOWN-404' },
  { fault: 'fees-charged-with-first-installment', requirement: 'LOAN-INSTALLMENT-AMOUNT-IS-VALUE' },
  { fault: 'ccb-number-reissued-on-signing', requirement: 'LOAN-FIELDS-BY-STATUS', reason: 'the CCB number, once generated, never changes' },
  { fault: 'payment-event-duplicated', requirement: 'LOAN-EVENTS-ORDER', reason: 'one loan.payment_received per payment' },
  { fault: 'cancelled-loan-keeps-signing-url', requirement: 'LOAN-CANCEL-OR-ERROR-BEFORE-ACTIVE', reason: 'loan shows no signing_url' },
  { fault: 'loan-finished-on-any-payment', requirement: 'LOAN-PAYMENTS', reason: 'the loan stays active while installments are open' },
  { fault: 'finished-loan-reannounced-active', requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL' },
  { fault: 'active-loan-cancellable', requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL', reason: 'an active loan must not be cancelled' },
  { fault: 'net-amount-is-requested', requirement: 'LOAN-FIELDS-BY-STATUS', reason: 'net_amount is the net the simulation promised' },
  {
    fault: 'installment-fees-not-itemised',
    requirement: 'LOAN-TRANSACTIONS-SCHEDULE',
    reason: 'each new installment is pending, unpaid, and principal + interest + fees = amount_due',
  },
  { fault: 'finishing-payment-not-applied', requirement: 'LOAN-PAYMENTS', reason: 'every installment of a finished loan is paid' },
  { fault: 'active-event-net-is-requested', requirement: 'LOAN-EVENTS-ORDER', reason: "each event carries its state's fields, equal to the loan's" },
  { fault: 'error-event-says-cancelled', requirement: 'LOAN-EVENTS-TERMINAL', reason: 'loan.error carries status error' },
  { fault: 'loan-read-through-customer', requirement: 'LOAN-CREATE-201', reason: 'GET returns the loan just created' },
  { fault: 'loan-error-reason-unstructured', requirement: 'LOAN-EVENTS-TERMINAL', reason: "loan.error's error member has a code and a message" },
  { fault: 'contract-generated-at-creation', requirement: 'LOAN-CREATE-201', reason: 'a new loan is processing' },
  { fault: 'contract-generated-at-creation', requirement: 'LOAN-LIFECYCLE-LEGAL-STEPS', reason: 'the loan passes through every state of the happy path' },
  { fault: 'signing-url-minted-at-creation', requirement: 'LOAN-CREATE-201', reason: 'a processing loan has no contract, signing link or disbursement yet' },
  { fault: 'contract-generated-after-201', requirement: 'LOAN-CREATE-201', reason: 'GET shows the new loan processing' },
  { fault: 'error-announced-as-cancelled-first', requirement: 'LOAN-EVENTS-TERMINAL', reason: 'the events follow legal transitions' },
  { fault: 'payment-event-dated-due-date', requirement: 'LOAN-EVENTS-ORDER', reason: 'payments happen between loan.active and loan.finished' },
  { fault: 'unknown-loan-500', requirement: 'LOAN-UNKNOWN-404', reason: 'GET /loans/{unknown id}: unexpected HTTP status' },
  { fault: 'loan-read-rate-as-string', requirement: 'LOAN-CREATE-201', reason: 'getLoan: the 200 response does not match the contract' },
  { fault: 'loan-read-rate-as-string', requirement: 'LOAN-FIELDS-BY-STATUS', reason: 'getLoan: the 200 response does not match the contract' },
  {
    fault: 'transactions-drop-zero-days-overdue',
    requirement: 'LOAN-TRANSACTIONS-SCHEDULE',
    reason: 'listLoanTransactions: the 200 response does not match the contract',
  },
  {
    fault: 'awaiting-signatures-event-reuses-contract-status',
    requirement: 'LOAN-EVENTS-ORDER',
    reason: 'each event carries the status it announces',
  },
  {
    fault: 'loan-deduplicated-by-offer',
    requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL',
    reason: 'a new loan is a new resource, not the cancelled one reopened',
  },
  {
    fault: 'released-offer-refuses-loan',
    requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL',
    reason: 'a new loan on the offer the cancelled loan released: expected HTTP 201',
  },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  {
    fault: 'loan-finished-on-any-payment',
    requirement: 'LOAN-LIFECYCLE-LEGAL-STEPS',
    why: 'its journey pays every installment, and the loan finished at the first payment, so the control API refuses the next one (409)',
  },
  {
    fault: 'loan-finished-on-any-payment',
    requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL',
    why: 'its journey pays every installment, and the loan finished at the first payment, so the control API refuses the next one (409)',
  },
  {
    fault: 'loan-finished-on-any-payment',
    requirement: 'LOAN-EVENTS-ORDER',
    why: 'its journey pays every installment, and the loan finished at the first payment, so the control API refuses the next one (409)',
  },
  {
    fault: 'loan-skips-disbursing',
    requirement: 'LOAN-INSTALLMENT-AMOUNT-IS-VALUE',
    why: 'it walks its loan to active, which moves signed → active, an illegal step walkLoan judges',
  },
  {
    fault: 'loan-skips-disbursing',
    requirement: 'LOAN-FIELDS-BY-STATUS',
    why: 'every loan it walks to active moves signed \u2192 active, an illegal step walkLoan judges',
  },
  {
    fault: 'loan-skips-disbursing',
    requirement: 'LOAN-CANCEL-OR-ERROR-BEFORE-ACTIVE',
    why: 'every loan it walks to active moves signed \u2192 active, an illegal step walkLoan judges',
  },
  {
    fault: 'loan-skips-disbursing',
    requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL',
    why: 'every loan it walks to active moves signed \u2192 active, an illegal step walkLoan judges',
  },
  {
    fault: 'loan-skips-disbursing',
    requirement: 'LOAN-TRANSACTIONS-SCHEDULE',
    why: 'every loan it walks to active moves signed \u2192 active, an illegal step walkLoan judges',
  },
  {
    fault: 'loan-skips-disbursing',
    requirement: 'LOAN-PAYMENTS',
    why: 'every loan it walks to active moves signed \u2192 active, an illegal step walkLoan judges',
  },
  {
    fault: 'loan-skips-disbursing',
    requirement: 'LOAN-EVENTS-ORDER',
    why: 'every loan it walks to active moves signed \u2192 active, an illegal step walkLoan judges',
  },
  ...(['LOAN-CANCEL-OR-ERROR-BEFORE-ACTIVE', 'LOAN-NO-MOVE-AFTER-TERMINAL', 'LOAN-EVENTS-TERMINAL'] as const).map((requirement) => ({
    fault: 'loan-read-through-customer' as const,
    requirement,
    why: "it takes a second loan for one customer and walks it, and every read of that loan answers the customer's first",
  })),
  // On sdk the second state of the happy path, where LOAN-EVENTS-TERMINAL takes each loan before
  // cancelling or failing it, is processing: the revision's name for the disbursement under way.
  {
    fault: 'loan-skips-disbursing',
    requirement: 'LOAN-EVENTS-TERMINAL',
    why: 'on sdk it walks each loan one step past creation, to processing, the step the fault skips (awaiting_signatures \u2192 active), an illegal step walkLoan judges',
    revisions: ['sdk'],
  },
  {
    fault: 'disbursing-loan-not-cancellable',
    requirement: 'LOAN-EVENTS-TERMINAL',
    why: 'on sdk the loan it cancels is processing (one step past creation), the disbursement under way the fault makes uncancellable, so the control API refuses (409)',
    revisions: ['sdk'],
  },
  {
    fault: 'transactions-wrong-count',
    requirement: 'LOAN-PAYMENTS',
    why: 'the installment left out of the transactions is never paid, so the loan never finishes',
  },
  { fault: 'loan-not-finished-when-paid', requirement: 'LOAN-LIFECYCLE-LEGAL-STEPS', why: 'its journey pays a loan off and waits for finished' },
  { fault: 'loan-not-finished-when-paid', requirement: 'LOAN-NO-MOVE-AFTER-TERMINAL', why: 'its journey pays a loan off and waits for finished' },
  { fault: 'loan-not-finished-when-paid', requirement: 'LOAN-EVENTS-ORDER', why: 'its journey pays a loan off and waits for finished' },
  {
    fault: 'finished-loan-reannounced-active',
    requirement: 'LOAN-EVENTS-ORDER',
    why: 'the replayed loan.active after loan.finished breaks the one-event-per-state order it judges',
  },
  {
    fault: 'contract-generated-at-creation',
    requirement: 'LOAN-CANCEL-OR-ERROR-BEFORE-ACTIVE',
    why: 'its first plan cancels a processing loan; the loan is never processing, so walking it there runs on until the control API refuses (409)',
  },
  {
    fault: 'signing-url-minted-at-creation',
    requirement: 'LOAN-FIELDS-BY-STATUS',
    why: 'it judges the fields of every state, processing included, and a processing loan now shows a signing_url',
  },
  {
    fault: 'contract-generated-after-201',
    requirement: 'LOAN-LIFECYCLE-LEGAL-STEPS',
    why: 'its walk starts at the first read, which already shows contract_generated, so processing is missing from the states it passed through',
  },
  {
    fault: 'contract-generated-after-201',
    requirement: 'LOAN-CANCEL-OR-ERROR-BEFORE-ACTIVE',
    why: 'its first plan cancels a processing loan; the loan reads contract_generated from its first read, so walking it to processing runs on until the control API refuses (409)',
  },
];
