import { describe, expect, it } from 'vitest';
import { loadContract } from '../spec/index.js';
import {
  illegalLoanSteps,
  isAllowedLoanTransition,
  isReachableLoanStatus,
  loanEventFor,
  loanFieldViolations,
  loanTransitions,
  SEED_LOAN_TRANSITIONS,
} from './loan-states.js';

describe('loan state machine', () => {
  it('allows the happy path one step at a time', () => {
    expect(illegalLoanSteps(['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active', 'finished'])).toEqual([]);
  });
  it('refuses skipped states and moves out of terminal states', () => {
    expect(isAllowedLoanTransition('signed', 'active')).toBe(false);
    expect(isAllowedLoanTransition('finished', 'cancelled')).toBe(false);
    expect(isAllowedLoanTransition('active', 'cancelled')).toBe(false);
    expect(isAllowedLoanTransition('disbursing', 'error')).toBe(true);
    expect(illegalLoanSteps(['processing', 'signed'])).toEqual(['processing → signed']);
  });
  it('tolerates gaps only when asked, never backwards moves', () => {
    expect(illegalLoanSteps(['processing', 'signed', 'signed', 'active'], { gapsAllowed: true })).toEqual([]);
    expect(isReachableLoanStatus('active', 'signed')).toBe(false);
  });
  it('knows which fields each state carries', () => {
    const base = { ccb_number: null, signing_url: null, disbursement_method: null, net_amount: null };
    expect(loanFieldViolations({ ...base, status: 'processing' })).toEqual([]);
    expect(loanFieldViolations({ ...base, status: 'awaiting_signatures', ccb_number: 'CCB-1' })).toEqual([
      'signing_url must be set while awaiting_signatures, got null',
    ]);
    expect(
      loanFieldViolations({ ...base, status: 'active', ccb_number: 'C', disbursement_method: 'pix', net_amount: '1.00', signing_url: 'https://x' }),
    ).toHaveLength(1);
  });
  it('names the event of each state', () => {
    expect(loanEventFor('processing')).toBe('loan.created');
    expect(loanEventFor('signed')).toBe('loan.signed');
  });
  it('reads the allowed moves from the contract, which states the seed machine', async () => {
    const fromContract = loanTransitions(await loadContract());
    expect(Object.fromEntries([...fromContract].map(([k, v]) => [k, [...v].sort()]))).toEqual(
      Object.fromEntries([...SEED_LOAN_TRANSITIONS].map(([k, v]) => [k, [...v].sort()])),
    );
  });
  it("judges by a revised contract's own lifecycle", () => {
    const revised = {
      document: {
        components: { schemas: { LoanStatus: { 'x-transitions': { awaiting_signatures: ['processing'], processing: ['active'], active: ['finished'] } } } },
      },
    };
    const t = loanTransitions(revised);
    expect(illegalLoanSteps(['awaiting_signatures', 'processing', 'active'], { transitions: t })).toEqual([]);
    expect(illegalLoanSteps(['processing', 'contract_generated'], { transitions: t })).toEqual(['processing → contract_generated']);
    expect(loanTransitions({ document: {} })).toBe(SEED_LOAN_TRANSITIONS);
  });
});
