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
 * Every way a simulation breaks seed 004's arithmetic, in words (empty when consistent).
 * - `amount` is the net the customer receives: requested minus fees and IOF (the seed's example:
 *   25000.00 - 300.00 - 450.00 = 24250.00).
 * - `total_loan_amount` is "principal + interest + fees + IOF" where the principal is what the
 *   customer receives (`amount`): fees and IOF are financed, so the total is also requested + interest.
 *   (The seed's example total, 27500.00, fits no reading of its own figures; only
 *   installments x value matches it, which the rounding rule below covers.)
 * - installments x value equals the total within rounding: each installment is rounded to the cent,
 *   so the product may drift by at most one cent per installment.
 * - `number_of_installments` and `requested_amount` echo the request.
 */
export function simulationViolations(sim: SimulationAmounts, requested: { amount: string; installments: number }): string[] {
  const out: string[] = [];
  const fields = ['requested_amount', 'amount', 'interest_amount', 'fees_amount', 'iof_amount', 'total_loan_amount', 'installments_value'] as const;
  for (const f of fields) if (!isMoney(sim[f])) out.push(`${f} is not a two-decimal money string: ${JSON.stringify(sim[f])}`);
  if (out.length) return out;
  const c = Object.fromEntries(fields.map((f) => [f, toCents(sim[f])])) as Record<(typeof fields)[number], number>;
  if (sim.requested_amount !== requested.amount) out.push(`requested_amount ${sim.requested_amount} differs from the request's ${requested.amount}`);
  if (sim.number_of_installments !== requested.installments) {
    out.push(`number_of_installments ${sim.number_of_installments} differs from the requested ${requested.installments}`);
  }
  const total = c.amount + c.interest_amount + c.fees_amount + c.iof_amount;
  if (c.total_loan_amount !== total) {
    out.push(`total_loan_amount ${sim.total_loan_amount} != amount ${sim.amount} + interest ${sim.interest_amount} + fees ${sim.fees_amount} + IOF ${sim.iof_amount} = ${fromCents(total)}`);
  }
  const net = c.requested_amount - c.fees_amount - c.iof_amount;
  if (c.amount !== net) {
    out.push(`amount ${sim.amount} != requested ${sim.requested_amount} - fees ${sim.fees_amount} - IOF ${sim.iof_amount} = ${net >= 0 ? fromCents(net) : net / 100}`);
  }
  const n = sim.number_of_installments;
  if (Number.isInteger(n) && n > 0) {
    const drift = Math.abs(c.installments_value * n - c.total_loan_amount);
    if (drift > n) {
      out.push(`${n} x ${sim.installments_value} = ${fromCents(c.installments_value * n)} is ${drift} cents away from total_loan_amount ${sim.total_loan_amount} (at most ${n} allowed for rounding)`);
    }
  } else {
    out.push(`number_of_installments is not a positive integer: ${JSON.stringify(n)}`);
  }
  if (c.interest_amount < 0 || c.total_loan_amount < c.requested_amount) out.push('the total is smaller than the requested amount');
  return out;
}
