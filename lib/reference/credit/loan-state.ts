// The loan lifecycle of seed 004 (nine statuses) with the transitions decisions.md allows:
// the happy path in order, `cancelled` or `error` from any state before `active`, and nothing
// out of `finished`, `cancelled` or `error`.
export const LOAN_STATUSES = [
  'processing',
  'contract_generated',
  'awaiting_signatures',
  'signed',
  'disbursing',
  'active',
  'finished',
  'cancelled',
  'error',
] as const;

export type LoanStatus = (typeof LOAN_STATUSES)[number];

export const HAPPY_PATH: readonly LoanStatus[] = ['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active', 'finished'];

const BEFORE_ACTIVE: ReadonlySet<LoanStatus> = new Set(HAPPY_PATH.slice(0, HAPPY_PATH.indexOf('active')));

export function isLoanStatus(value: unknown): value is LoanStatus {
  return typeof value === 'string' && (LOAN_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: LoanStatus): boolean {
  return status === 'finished' || status === 'cancelled' || status === 'error';
}

/** The next status on the happy path, or undefined at its end and off it. */
export function nextOnHappyPath(status: LoanStatus): LoanStatus | undefined {
  const i = HAPPY_PATH.indexOf(status);
  return i >= 0 && i < HAPPY_PATH.length - 1 ? HAPPY_PATH[i + 1] : undefined;
}

export function canTransition(from: LoanStatus, to: LoanStatus): boolean {
  if (to === 'cancelled' || to === 'error') return BEFORE_ACTIVE.has(from);
  return nextOnHappyPath(from) === to;
}

/** Fields of the Loan whose presence depends on the status (seed 004). */
export interface StatusFields {
  /** The CCB number exists from contract_generated on (kept if the loan later fails). */
  hasCcb: boolean;
  /** The signing URL is shown only while a signature is expected. */
  showsSigningUrl: boolean;
  /** "pix" from the start of the disbursement on. */
  hasDisbursementMethod: boolean;
  /** net_amount, iof and service_fee: calculated with the contract. */
  hasAmounts: boolean;
}

/** What the loan shows in `status`, given every status it has been through (including this one). */
export function statusFields(status: LoanStatus, reached: ReadonlySet<LoanStatus>): StatusFields {
  return {
    hasCcb: reached.has('contract_generated'),
    showsSigningUrl: status === 'contract_generated' || status === 'awaiting_signatures',
    hasDisbursementMethod: reached.has('disbursing'),
    hasAmounts: reached.has('contract_generated'),
  };
}
