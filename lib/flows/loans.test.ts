import { describe, expect, it } from 'vitest';
import { CheckSkipped } from '../checks/types.js';
import { fakeContext } from './fake-context.test-helper.js';
import { walkLoan } from './loans.js';

/** A loan whose control API moves along `path` (one element per advance). */
function loanServer(path: string[], installments = 2) {
  let i = 0;
  const paid = new Set<number>();
  const loan = () => ({ id: 'ln_1', status: path[i], number_of_installments: installments });
  const ctx = fakeContext(() => ({ status: 200, body: loan() }), {
    advanceLoan: async (_id: string, to?: string) => {
      if (to) path.splice(i + 1, path.length, to);
      i = Math.min(i + 1, path.length - 1);
      return loan();
    },
    payInstallment: async (_id: string, k: number) => {
      paid.add(k);
      if (paid.size === installments) path.push('finished'), (i = path.length - 1);
      return {};
    },
  });
  return ctx;
}

describe('walkLoan', () => {
  it('walks the happy path to finished, paying every installment at active', async () => {
    const ctx = loanServer(['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active']);
    const seen = await walkLoan(ctx, 'ln_1', 'finished');
    expect(seen.map((l) => l.status)).toEqual(['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active', 'finished']);
  });
  it('fails on a skipped state', async () => {
    const ctx = loanServer(['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'active']);
    await expect(walkLoan(ctx, 'ln_1', 'active')).rejects.toThrow(/signed → active/);
  });
  it('moves to cancelled in one step', async () => {
    const ctx = loanServer(['processing', 'contract_generated']);
    const seen = await walkLoan(ctx, 'ln_1', 'cancelled');
    expect(seen.map((l) => l.status)).toEqual(['processing', 'cancelled']);
  });
  it('skips, in wait mode, the moves only the control API can make', async () => {
    const ctx = loanServer(['processing']);
    (ctx as { driver: { mode: string } }).driver.mode = 'wait';
    await expect(walkLoan(ctx, 'ln_1', 'cancelled')).rejects.toThrow(CheckSkipped);
    await expect(walkLoan(ctx, 'ln_1', 'finished')).rejects.toBeInstanceOf(CheckSkipped);
  });
});
