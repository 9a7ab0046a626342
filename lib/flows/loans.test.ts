import { describe, expect, it } from 'vitest';
import { CheckFailure } from '../checks/types.js';
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
  it('in wait mode watches the target move by itself, counting a state passed before the look as reached', async () => {
    const statuses = ['processing', 'processing', 'awaiting_signatures', 'signed', 'cancelled'];
    const ctx = fakeContext(() => ({ status: 200, body: { id: 'ln_1', status: statuses.length > 1 ? statuses.shift() : statuses[0] } }));
    (ctx as { driver: { mode: string } }).driver.mode = 'wait';
    const seen = await walkLoan(ctx, 'ln_1', 'contract_generated');
    expect(seen.map((l) => l.status)).toEqual(['processing', 'awaiting_signatures']);
    const ended = await walkLoan(ctx, 'ln_1', 'cancelled');
    expect(ended.map((l) => l.status)).toEqual(['signed', 'cancelled']);
  });
  it('in wait mode fails, naming where it stayed, when the loan does not move', async () => {
    const ctx = fakeContext(() => ({ status: 200, body: { id: 'ln_1', status: 'awaiting_signatures' } }));
    (ctx as { driver: { mode: string } }).driver.mode = 'wait';
    const e = await walkLoan(ctx, 'ln_1', 'active').then(
      () => undefined,
      (err) => err,
    );
    expect(e).toBeInstanceOf(CheckFailure);
    expect((e as CheckFailure).actual).toMatchObject({ status: 'awaiting_signatures' });
  });
});
