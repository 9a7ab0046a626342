// Loan flows (seed 004 · Create a loan, Lifecycle, List loan transactions).
import type { CheckContext } from '../checks/context.js';
import { precondition } from '../checks/preconditions.js';
import type { CreditOffer, Simulation } from './credit.js';
import { expectStatus } from './http.js';
import { isAllowedLoanTransition, loanTransitions } from './loan-states.js';
import { readAll } from './pages.js';
import type { Loan, Transaction } from './resources.js';
import { dialectOf } from './revision/dialect.js';
import { loanCount, simulationCount, simulationInstallment, termNames } from './revision/terms.js';

export type { Loan, Transaction } from './resources.js';

/**
 * The create body that contracts exactly what `simulation` says, under the member names the
 * contract's CreateLoanRequest declares (`installments` / `installments_value`, or the SDK
 * revision's `installment_count` / `installment_amount`; lib/flows/revision/terms.ts).
 */
export function loanBody(offer: CreditOffer, simulation: Simulation, ctx?: Pick<CheckContext, 'contract'>): Record<string, unknown> {
  const t = termNames(ctx);
  const c = ctx ?? { contract: undefined as never };
  return {
    credit_offer_id: offer.id,
    simulation_id: simulation.id,
    [t.createCount]: simulationCount(c, simulation),
    [t.createInstallment]: simulationInstallment(c, simulation),
    first_due_date: simulation.first_due_date,
  };
}

/** POST /loans; returns the raw response. */
export function postLoan(ctx: CheckContext, body: unknown, opts: { idempotencyKey?: string | true } = {}) {
  return ctx.api.request<Loan>({ method: 'POST', path: '/loans', json: body, idempotencyKey: opts.idempotencyKey });
}

/** Contracts the simulation and expects 201 Loan. */
export const createLoan = precondition(async function createLoan(
  ctx: CheckContext,
  offer: CreditOffer,
  simulation: Simulation,
  overrides: Record<string, unknown> = {},
): Promise<Loan> {
  const res = await postLoan(ctx, { ...loanBody(offer, simulation, ctx), ...overrides });
  expectStatus(ctx, res, 201, `create a loan from ${simulation.id}`);
  ctx.ensure(typeof res.body?.id === 'string', 'the loan has no id', 'Loan', res.body);
  return res.body;
});

export const getLoan = precondition(async function getLoan(ctx: CheckContext, loanId: string): Promise<Loan> {
  const res = await ctx.api.request<Loan>({ method: 'GET', path: `/loans/${loanId}` });
  expectStatus(ctx, res, 200, `retrieve loan ${loanId}`);
  return res.body;
});

export const listTransactions = precondition(function listTransactions(ctx: CheckContext, loanId: string): Promise<Transaction[]> {
  return readAll<Transaction>(ctx, `/loans/${loanId}/transactions`);
});

/**
 * Moves the loan to `to` and returns every state observed on the way (GET after each step, the
 * first element being the state before the walk). Control mode moves one step at a time, so each
 * observed step must be a single legal transition; `finished` pays every installment once active.
 * Wait mode watches the target move by itself (polling may miss states, so only their order can
 * be judged); `finished`, `cancelled` and `error` come only from a trigger planned when the loan
 * was created (`newLoan({ trigger })`). A happy-path state passed before we looked counts as reached.
 */
export const walkLoan = precondition(async function walkLoan(ctx: CheckContext, loanId: string, to: string): Promise<Loan[]> {
  const seen: Loan[] = [await getLoan(ctx, loanId)];
  const last = () => seen[seen.length - 1]!;
  // The contract's own lifecycle (LoanStatus x-transitions), so either revision's loans walk their path.
  const LOAN_HAPPY_PATH = dialectOf(ctx.contract).loanHappyPath;
  if (ctx.driver.mode !== 'control') {
    const goal = (LOAN_HAPPY_PATH as readonly string[]).indexOf(to);
    const reached = (l: Loan) => l.status === to || (goal >= 0 && (LOAN_HAPPY_PATH as readonly string[]).indexOf(l.status) > goal);
    if (reached(last())) return seen;
    await ctx.eventually(
      async () => {
        const loan = await getLoan(ctx, loanId);
        if (loan.status !== last().status) seen.push(loan);
        return loan;
      },
      reached,
      { what: `loan ${loanId} to reach ${to}`, intervalMs: 200 },
    );
    return seen;
  }
  const step = async (target?: string) => {
    const before = last().status;
    await ctx.driver.advanceLoan(loanId, target);
    const after = await getLoan(ctx, loanId);
    seen.push(after);
    ctx.ensure(
      isAllowedLoanTransition(before, after.status, loanTransitions(ctx.contract)),
      `loan ${loanId} moved ${before} → ${after.status}, which the lifecycle does not allow`,
      target ? `${before} → ${target}` : `${before} → the next state of the happy path`,
      seen.map((l) => l.status),
    );
  };
  if (to === 'cancelled' || to === 'error') {
    await step(to);
    return seen;
  }
  const goal = (LOAN_HAPPY_PATH as readonly string[]).indexOf(to);
  if (goal < 0) throw new Error(`walkLoan: unknown target status ${to}`);
  for (let guard = 0; last().status !== to && guard < LOAN_HAPPY_PATH.length; guard++) {
    if (last().status === 'active' && to === 'finished') {
      const loan = last();
      for (let k = 1; k <= loanCount(ctx, loan); k++) await ctx.driver.payInstallment(loanId, k);
      seen.push(await getLoan(ctx, loanId));
      break;
    }
    await step();
  }
  ctx.ensure(
    last().status === to,
    `loan ${loanId} did not reach ${to}`,
    to,
    seen.map((l) => l.status),
  );
  return seen;
});
