// The sandbox's "test values" (docs/sandbox.md): values a partner sends to make the sandbox
// produce an outcome it otherwise never produces on its own. Names and values are part of the
// suite's configuration (fixtures/targets/sandbox.config.json): keep them exactly.

export type SandboxTrigger = 'kyc.reject' | 'kyc.correction' | 'loan.cancel' | 'loan.error' | 'loan.pay' | 'offer.expire';

export interface TriggerDoc {
  on: 'document' | 'customer' | 'simulation';
  field: string;
  value: string;
  effect: string;
}

/** What each trigger is, for the banner of `npm run serve -- --sandbox` and the tests. */
export const SANDBOX_TRIGGERS: Record<SandboxTrigger, TriggerDoc> = {
  'kyc.reject': {
    on: 'document',
    field: 'file name',
    value: 'starts with "sandbox-reject"',
    effect: 'the item is rejected at its review step (pending_resubmission); a re-upload under a normal name is approved',
  },
  'kyc.correction': {
    on: 'customer',
    field: 'email',
    value: 'starts with "sandbox-correction"',
    effect: 'the first review step asks to correct `email` (pending_correction); a PATCH resumes the review',
  },
  'loan.cancel': {
    on: 'simulation',
    field: 'requested_amount',
    value: 'cents .13 (e.g. 5000.13)',
    effect: 'the loan walks to awaiting_signatures, then is cancelled',
  },
  'loan.error': { on: 'simulation', field: 'requested_amount', value: 'cents .66 (e.g. 5000.66)', effect: 'the loan walks to signed, then ends in error' },
  'loan.pay': {
    on: 'simulation',
    field: 'requested_amount',
    value: 'cents .77 (e.g. 5000.77)',
    effect: 'the loan walks to active, then is paid (a third of installment 1, its rest, then each installment) until finished',
  },
  'offer.expire': { on: 'customer', field: 'name', value: 'starts with "Sandbox Expire"', effect: 'its offer is valid for about 3 steps, then expires' },
};

export const REJECT_FILENAME_PREFIX = 'sandbox-reject';
export const CORRECTION_EMAIL_PREFIX = 'sandbox-correction';
export const EXPIRE_NAME_PREFIX = 'Sandbox Expire';

export const SANDBOX_REJECTION = 'Sandbox: the document was rejected because its file name starts with "sandbox-reject"; upload it again.';
export const SANDBOX_CORRECTION = 'Sandbox: the e-mail address was flagged because it starts with "sandbox-correction"; correct it with PATCH.';

/** Case-insensitive prefix test of an optional string. */
function startsWith(value: unknown, prefix: string): boolean {
  return typeof value === 'string' && value.toLowerCase().startsWith(prefix.toLowerCase());
}

export const rejectsDocument = (filename: unknown) => startsWith(filename, REJECT_FILENAME_PREFIX);
export const asksCorrection = (email: unknown) => startsWith(email, CORRECTION_EMAIL_PREFIX);
export const expiresOffer = (name: unknown) => startsWith(name, EXPIRE_NAME_PREFIX);

export type LoanOutcome = 'cancel' | 'error' | 'pay';

/** The outcome a requested amount (in cents) asks for, by its cents; undefined = the happy path to active. */
export function loanOutcome(requestedCents: number): LoanOutcome | undefined {
  switch (requestedCents % 100) {
    case 13:
      return 'cancel';
    case 66:
      return 'error';
    case 77:
      return 'pay';
    default:
      return undefined;
  }
}

/** How many steps an `offer.expire` offer stays valid. */
export const EXPIRE_AFTER_STEPS = 3;
