import type { FaultInfo } from './info.js';

/** Faults of area loans: each breaks exactly one documented rule. */
export const loansFaults = {
  'loan-skips-disbursing': { area: 'loans', breaks: 'a loan goes from signed straight to active' },
  'loan-leaves-finished': { area: 'loans', breaks: 'a finished loan can be moved again (to cancelled)' },
  'loan-reused-by-offer': {
    area: 'loans',
    breaks: 'loans are keyed by their offer: a new loan on an offer a cancelled loan released overwrites that loan, which reads processing again',
  },
  'signing-url-missing': { area: 'loans', breaks: '`signing_url` stays null during awaiting_signatures' },
  'transactions-wrong-count': { area: 'loans', breaks: 'an active loan has one transaction fewer than its installments' },
  'loan-location-missing': { area: 'loans', breaks: 'the 201 of POST /loans has no Location header' },
  'disbursing-loan-not-cancellable': { area: 'loans', breaks: 'a disbursing loan cannot be cancelled' },
  'loan-not-finished-when-paid': { area: 'loans', breaks: 'a loan stays active after its last installment is paid' },
  'awaiting-signatures-event-missing': { area: 'loans', breaks: 'no loan.awaiting_signatures event fires when the loan awaits signatures' },
  'cancelled-event-stale-status': { area: 'loans', breaks: 'loan.cancelled carries the status the loan had before it was cancelled' },
  'unknown-loan-transactions-empty': { area: 'loans', breaks: 'the transactions of an unknown loan id answer 200 with an empty list instead of 404' },
  'fees-charged-with-first-installment': {
    area: 'loans',
    breaks: 'the financed fees of every installment are billed with the first, so installments no longer equal installments_value (their sum still does)',
  },
  'ccb-number-reissued-on-signing': {
    area: 'loans',
    breaks: "signing issues the loan's contract anew: ccb_number changes between contract_generated and signed",
  },
  'payment-event-duplicated': { area: 'loans', breaks: 'every payment fires loan.payment_received twice (two events, two ids)' },
  'cancelled-loan-keeps-signing-url': { area: 'loans', breaks: 'a loan cancelled after its contract was generated still shows its signing_url' },
  'loan-finished-on-any-payment': {
    area: 'loans',
    breaks: 'a loan becomes finished at its first payment, a partial one included, with installments still open',
  },
  'finished-loan-reannounced-active': {
    area: 'loans',
    breaks: 'after a loan finishes, an outbox replays loan.active for it: a state event follows the terminal one',
  },
  'active-loan-cancellable': {
    area: 'loans',
    breaks: 'the cancel rule refuses only ended loans: an active loan (its money disbursed) can be cancelled',
  },
  'net-amount-is-requested': {
    area: 'loans',
    breaks: "an active loan's net_amount is its requested amount: the service fee and IOF the simulation deducted are not",
  },
  'installment-fees-not-itemised': {
    area: 'loans',
    breaks: "an installment's fees read 0.00 while its amount_due includes them: principal + interest + fees no longer make amount_due",
  },
  'finishing-payment-not-applied': {
    area: 'loans',
    breaks: 'the payment that pays a loan off finishes the loan, but its installment keeps reading unpaid',
  },
  'active-event-net-is-requested': {
    area: 'loans',
    breaks: "loan.active's net_amount is filled from the requested amount, while the loan shows the net",
  },
  'error-event-says-cancelled': {
    area: 'loans',
    breaks: 'loan.error announces status cancelled (the failure handler reuses the cancellation payload), though the loan reads error',
  },
  'contract-generated-at-creation': {
    area: 'loans',
    breaks: 'POST /loans generates the contract before it answers: a new loan is never seen processing (the 201 reads contract_generated)',
  },
  'signing-url-minted-at-creation': {
    area: 'loans',
    breaks: 'the signing link is set when the loan is created, so a processing loan shows a signing_url before any contract exists',
  },
  'contract-generated-after-201': {
    area: 'loans',
    breaks:
      "POST /loans answers processing, then an after-commit hook of the same request generates the contract: the loan's first read shows contract_generated",
  },
  'error-announced-as-cancelled-first': {
    area: 'loans',
    breaks: 'a failing loan goes through the cancellation routine first: loan.cancelled is announced, then loan.error',
  },
  'payment-event-dated-due-date': {
    area: 'loans',
    breaks: 'loan.payment_received is stamped with the day its installment falls due, not the moment the payment arrived',
  },
  'unknown-loan-500': { area: 'loans', breaks: 'GET /loans/{id} of an unknown id answers 500: the handler reads the missing record' },
  'loan-read-rate-as-string': {
    area: 'loans',
    breaks: "GET /loans/{id} writes the loan's monthly interest rate as a string (the create answer writes the number)",
  },
  'transactions-drop-zero-days-overdue': {
    area: 'loans',
    breaks: 'GET /loans/{id}/transactions leaves out days_overdue, a required member, on installments that are not overdue',
  },
  'awaiting-signatures-event-reuses-contract-status': {
    area: 'loans',
    breaks:
      'loan.awaiting_signatures is built from the loan.contract_generated payload (the two share one schema), status included: it announces contract_generated',
  },
  'loan-deduplicated-by-offer': {
    area: 'loans',
    breaks: 'POST /loans deduplicates by credit offer: on an offer a cancelled loan released, it answers that cancelled loan (201) and creates no new one',
  },
  'released-offer-refuses-loan': {
    area: 'loans',
    breaks: 'the one-loan-per-offer rule counts cancelled loans too: an offer a cancellation released reads available but refuses a new loan (409)',
  },
  'loan-read-through-customer': {
    area: 'loans',
    breaks: "GET /loans/{id} finds the loan through its customer, as if each had one loan, and answers the customer's first loan, not the one named",
  },
  'loan-error-reason-unstructured': {
    area: 'loans',
    breaks: "loan.error's error member is the bank's message as a plain string, not { code, message }",
  },
} as const satisfies Record<string, FaultInfo>;
