import { describe, expect, it } from 'vitest';
import { canTransition, HAPPY_PATH, isTerminal, LOAN_STATUSES, type LoanStatus, nextOnHappyPath, statusFields } from './loan-state.js';

// The allowed moves, written out by hand from seed 004 + decisions.md, to judge canTransition.
const ALLOWED: Record<LoanStatus, LoanStatus[]> = {
  processing: ['contract_generated', 'cancelled', 'error'],
  contract_generated: ['awaiting_signatures', 'cancelled', 'error'],
  awaiting_signatures: ['signed', 'cancelled', 'error'],
  signed: ['disbursing', 'cancelled', 'error'],
  disbursing: ['active', 'cancelled', 'error'],
  active: ['finished'],
  finished: [],
  cancelled: [],
  error: [],
};

describe('loan state machine', () => {
  for (const from of LOAN_STATUSES) {
    for (const to of LOAN_STATUSES) {
      const allowed = ALLOWED[from].includes(to);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'forbidden'}`, () => {
        expect(canTransition(from, to)).toBe(allowed);
      });
    }
  }

  it('walks the happy path in seed order', () => {
    const walked: LoanStatus[] = ['processing'];
    let s: LoanStatus | undefined = 'processing';
    while ((s = nextOnHappyPath(s))) walked.push(s);
    expect(walked).toEqual([...HAPPY_PATH]);
  });

  it('knows the terminal statuses', () => {
    expect(LOAN_STATUSES.filter(isTerminal)).toEqual(['finished', 'cancelled', 'error']);
  });

  it('shows fields exactly when seed 004 says', () => {
    const reached = new Set<LoanStatus>();
    const seen: Record<string, ReturnType<typeof statusFields>> = {};
    for (const s of HAPPY_PATH) {
      reached.add(s);
      seen[s] = statusFields(s, reached);
    }
    expect(seen.processing).toEqual({ hasCcb: false, showsSigningUrl: false, hasDisbursementMethod: false, hasAmounts: false });
    expect(seen.contract_generated).toMatchObject({ hasCcb: true, showsSigningUrl: true, hasDisbursementMethod: false });
    expect(seen.awaiting_signatures).toMatchObject({ hasCcb: true, showsSigningUrl: true });
    expect(seen.signed).toMatchObject({ hasCcb: true, showsSigningUrl: false, hasDisbursementMethod: false });
    expect(seen.disbursing).toMatchObject({ showsSigningUrl: false, hasDisbursementMethod: true });
    expect(seen.finished).toEqual({ hasCcb: true, showsSigningUrl: false, hasDisbursementMethod: true, hasAmounts: true });
    expect(statusFields('cancelled', new Set(['processing', 'cancelled']))).toEqual({
      hasCcb: false,
      showsSigningUrl: false,
      hasDisbursementMethod: false,
      hasAmounts: false,
    });
  });
});
