// Exact money arithmetic for the contract's two-decimal strings: everything in integer cents,
// so consistency checks "to the cent" never trip over binary floating point.

const MONEY = /^\d+\.\d{2}$/;

export function isMoney(value: unknown): value is string {
  return typeof value === 'string' && MONEY.test(value);
}

/** "2291.67" -> 229167. Throws on anything that is not a contract Money string. */
export function toCents(value: string): number {
  if (!isMoney(value)) throw new Error(`not a two-decimal money string: ${JSON.stringify(value)}`);
  const [units, cents] = value.split('.') as [string, string];
  return Number(units) * 100 + Number(cents);
}

/** 229167 -> "2291.67". */
export function fromCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new Error(`not a non-negative cent amount: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** A simulation as seed 004 shapes it (only the members the arithmetic needs). */
export interface SimulationAmounts {
  requested_amount: string;
  amount: string;
  interest_amount: string;
  fees_amount: string;
  iof_amount: string;
  total_loan_amount: string;
  number_of_installments: number;
  installments_value: string;
}

/**
 * Every way a simulation breaks what seed 004 states without ambiguity (decision 20), in words
 * (empty when consistent):
 * - every amount is a non-negative two-decimal money string;
 * - `requested_amount` and `number_of_installments` echo the request;
 * - `amount` is the net the customer receives: requested minus fees and IOF (the seed's example:
 *   25000.00 - 300.00 - 450.00 = 24250.00);
 * - installments x value equals the total within rounding: each installment is rounded to the
 *   cent, so the product may drift by at most one cent per installment.
 * The total against "principal + interest + fees + IOF" is not judged here: the formula has two
 * readings and the seed's own example fits neither (see `simulationTotalReading`).
 */
export function simulationViolations(sim: SimulationAmounts, requested: { amount: string; installments: number }): string[] {
  const out: string[] = [];
  const fields = ['requested_amount', 'amount', 'interest_amount', 'fees_amount', 'iof_amount', 'total_loan_amount', 'installments_value'] as const;
  for (const f of fields) if (!isMoney(sim[f])) out.push(`${f} is not a non-negative two-decimal money string: ${JSON.stringify(sim[f])}`);
  if (out.length) return out;
  const c = Object.fromEntries(fields.map((f) => [f, toCents(sim[f])])) as Record<(typeof fields)[number], number>;
  if (sim.requested_amount !== requested.amount) out.push(`requested_amount ${sim.requested_amount} differs from the request's ${requested.amount}`);
  if (sim.number_of_installments !== requested.installments) {
    out.push(`number_of_installments ${sim.number_of_installments} differs from the requested ${requested.installments}`);
  }
  const net = c.requested_amount - c.fees_amount - c.iof_amount;
  if (c.amount !== net) {
    out.push(
      `amount ${sim.amount} != requested ${sim.requested_amount} - fees ${sim.fees_amount} - IOF ${sim.iof_amount} = ${net >= 0 ? fromCents(net) : net / 100}`,
    );
  }
  const n = sim.number_of_installments;
  if (Number.isInteger(n) && n > 0) {
    const drift = Math.abs(c.installments_value * n - c.total_loan_amount);
    if (drift > n) {
      out.push(
        `${n} x ${sim.installments_value} = ${fromCents(c.installments_value * n)} is ${drift} cents away from total_loan_amount ${sim.total_loan_amount} (at most ${n} allowed for rounding)`,
      );
    }
  } else {
    out.push(`number_of_installments is not a positive integer: ${JSON.stringify(n)}`);
  }
  return out;
}

/**
 * The readings of seed 004's "total = principal + interest + fees + IOF" (decision 20): the
 * principal is the net `amount` the customer receives (`net`), or the `requested_amount`
 * (`requested`). Which of them the simulation's total follows, exactly to the cent: both when fees
 * and IOF are zero, none when it fits neither (the seed's own example fits none).
 */
export type TotalReading = 'net' | 'requested';

export function simulationTotalReading(sim: SimulationAmounts): { fits: TotalReading[]; expected: Record<TotalReading, string> } | undefined {
  const fields = ['requested_amount', 'amount', 'interest_amount', 'fees_amount', 'iof_amount', 'total_loan_amount'] as const;
  if (!fields.every((f) => isMoney(sim[f]))) return undefined;
  const c = Object.fromEntries(fields.map((f) => [f, toCents(sim[f])])) as Record<(typeof fields)[number], number>;
  const charges = c.interest_amount + c.fees_amount + c.iof_amount;
  const expected: Record<TotalReading, number> = { net: c.amount + charges, requested: c.requested_amount + charges };
  const fits = (['net', 'requested'] as const).filter((r) => expected[r] === c.total_loan_amount);
  return { fits, expected: { net: fromCents(expected.net), requested: fromCents(expected.requested) } };
}
