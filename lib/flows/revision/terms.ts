// The members of simulations and loans under the names the selected contract gives them: the
// documentation revision's `number_of_installments` / `installments_value` / `total_loan_amount`,
// the SDK revision's `installment_count` / `installment_amount` / `total_amount` (api-facts 2
// S2, L1, L4). Chosen by which members the document's own schemas declare.
import type { CheckContext } from '../../checks/context.js';

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
  count: 'number_of_installments', installment: 'installments_value', total: 'total_loan_amount',
  createCount: 'installments', createInstallment: 'installments_value', loanCount: 'number_of_installments',
  loanInstallment: 'installments_value', loanRate: 'interest_rate', rate: 'interest_percentage',
};

const cache = new WeakMap<object, TermNames>();

const has = (schema: any, name: string) => Boolean(schema?.properties && name in schema.properties);
const pick = (schema: any, names: string[], fallback: string) => names.find((n) => has(schema, n)) ?? fallback;

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

/** A simulation's number of installments. */
export const simulationCount = (ctx: Pick<CheckContext, 'contract'>, sim: any): number => sim?.[termNames(ctx).count];
/** A simulation's installment value, as the contract writes money. */
export const simulationInstallment = (ctx: Pick<CheckContext, 'contract'>, sim: any): unknown => sim?.[termNames(ctx).installment];
/** A loan's number of installments. */
export const loanCount = (ctx: Pick<CheckContext, 'contract'>, loan: any): number => loan?.[termNames(ctx).loanCount];

/** The fewest installments an offer allows: `min_installments`, or a fixed-count offer's `installments`. */
export function offerMinInstallments(offer: any): number {
  return typeof offer?.min_installments === 'number' ? offer.min_installments : offer?.installments;
}
/** The most installments an offer allows. */
export function offerMaxInstallments(offer: any): number {
  return typeof offer?.max_installments === 'number' ? offer.max_installments : offer?.installments;
}
