// The members of simulations and loans under the names the selected contract gives them: the
// documentation revision's `number_of_installments` / `installments_value` / `total_loan_amount`,
// the SDK revision's `installment_count` / `installment_amount` / `total_amount` (api-facts 2
// S2, L1, L4). Chosen by which members the document's own schemas declare.
import type { CheckContext } from '../../checks/context.js';
import { memberOf } from '../json.js';

/** The name of each term in the contract's Simulation, Loan and CreateLoanRequest schemas. */
export interface TermNames {
  /** Number of installments of a simulation / loan. */
  count: string;
  /** Value of one installment. */
  installment: string;
  /** What the loan costs in all (simulation). */
  total: string;
  /** The loan-create body's members for the count and the installment value. */
  createCount: string;
  createInstallment: string;
  /** A loan's number of installments, value of one installment, and monthly interest rate. */
  loanCount: string;
  loanInstallment: string;
  loanRate: string;
  /** A simulation's monthly interest rate. */
  rate: string;
}

const DOCS: TermNames = {
  count: 'number_of_installments',
  installment: 'installments_value',
  total: 'total_loan_amount',
  createCount: 'installments',
  createInstallment: 'installments_value',
  loanCount: 'number_of_installments',
  loanInstallment: 'installments_value',
  loanRate: 'interest_rate',
  rate: 'interest_percentage',
};

const cache = new WeakMap<object, TermNames>();

const has = (schema: unknown, name: string) => {
  const props = memberOf(schema, 'properties');
  return Boolean(props && typeof props === 'object' && name in props);
};
const pick = (schema: unknown, names: string[], fallback: string) => names.find((n) => has(schema, n)) ?? fallback;

export function termNames(ctx: Pick<CheckContext, 'contract'> | undefined): TermNames {
  const contract = ctx?.contract;
  if (!contract) return DOCS;
  let t = cache.get(contract);
  if (t) return t;
  const s = contract.document?.components?.schemas ?? {};
  t = {
    count: pick(s.Simulation, ['number_of_installments', 'installment_count'], DOCS.count),
    installment: pick(s.Simulation, ['installments_value', 'installment_amount'], DOCS.installment),
    total: pick(s.Simulation, ['total_loan_amount', 'total_amount'], DOCS.total),
    createCount: pick(s.CreateLoanRequest, ['installments', 'installment_count'], DOCS.createCount),
    createInstallment: pick(s.CreateLoanRequest, ['installments_value', 'installment_amount'], DOCS.createInstallment),
    loanCount: pick(s.Loan, ['number_of_installments', 'installment_count'], DOCS.loanCount),
    loanInstallment: pick(s.Loan, ['installments_value', 'installment_amount'], DOCS.loanInstallment),
    loanRate: pick(s.Loan, ['interest_rate', 'monthly_interest_rate'], DOCS.loanRate),
    rate: pick(s.Simulation, ['interest_percentage', 'monthly_interest_rate'], DOCS.rate),
  };
  cache.set(contract, t);
  return t;
}

// Counts are read under the contract's own member names; the body is the contract's (validated by
// the checks that judge it), so the member is taken as the integer the contract declares.
/** A simulation's number of installments. */
export const simulationCount = (ctx: Pick<CheckContext, 'contract'>, sim: unknown): number => memberOf(sim, termNames(ctx).count) as number;
/** A simulation's installment value, as the contract writes money. */
export const simulationInstallment = (ctx: Pick<CheckContext, 'contract'>, sim: unknown): unknown => memberOf(sim, termNames(ctx).installment);
/** A loan's number of installments. */
export const loanCount = (ctx: Pick<CheckContext, 'contract'>, loan: unknown): number => memberOf(loan, termNames(ctx).loanCount) as number;

/** The fewest installments an offer allows: `min_installments`, or a fixed-count offer's `installments`. */
export function offerMinInstallments(offer: unknown): number {
  const min = memberOf(offer, 'min_installments');
  return (typeof min === 'number' ? min : memberOf(offer, 'installments')) as number;
}
/** The most installments an offer allows. */
export function offerMaxInstallments(offer: unknown): number {
  const max = memberOf(offer, 'max_installments');
  return (typeof max === 'number' ? max : memberOf(offer, 'installments')) as number;
}
