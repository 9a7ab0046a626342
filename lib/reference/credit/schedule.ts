// Fixed-installment (Price) amortisation and the installment schedule derived from it.
//
// Rules, all in integer cents:
// - the installment value is the exact Price payment rounded UP to the cent, so that n equal
//   installments always cover the financed amount (never a negative interest, even at 0 %);
// - every installment has that same value, so total = n × installment value exactly, and the
//   total interest is that total minus the financed amount;
// - amortisation follows the exact Price schedule, rounded cumulatively (each installment's
//   amortisation is the rounded running total minus the previous one), so the parts always sum to
//   the financed amount and the last installment closes the balance to the cent;
// - each installment's interest is its value minus its amortisation.
import { addMonths } from './dates.js';

export interface AmortisationRow {
  interestCents: number;
  amortisationCents: number;
}

export interface Amortisation {
  paymentCents: number;
  rows: AmortisationRow[];
  /** Σ interest = n × payment − financed. */
  interestCents: number;
}

export function amortise(financedCents: number, monthlyRatePct: number, count: number): Amortisation {
  if (!Number.isSafeInteger(financedCents) || financedCents <= 0) throw new Error('financed amount must be positive cents');
  if (!Number.isInteger(count) || count < 1) throw new Error('installment count must be a positive integer');
  if (!(monthlyRatePct >= 0)) throw new Error('monthly rate must be >= 0');
  // Rates too small to matter in cents are treated as zero (avoids dividing by a denormal).
  const rate = monthlyRatePct < 1e-9 ? 0 : monthlyRatePct / 100;
  // expm1/log1p keep (1+r)^n − 1 exact for tiny rates, where 1 − (1+r)^−n would cancel catastrophically.
  const grown = (k: number) => Math.expm1(k * Math.log1p(rate)); // (1+r)^k − 1
  const exact = rate === 0 ? financedCents / count : (financedCents * rate) / -Math.expm1(-count * Math.log1p(rate));
  // The epsilon keeps float noise (e.g. 1234.0000000001) from adding a cent.
  const paymentCents = Math.ceil(exact - 1e-7);
  // Exact outstanding balance after k payments of the exact payment.
  const balanceAfter = (k: number) => (rate === 0 ? financedCents - exact * k : financedCents * (1 + grown(k)) - (exact * grown(k)) / rate);
  const rows: AmortisationRow[] = [];
  let amortisedSoFar = 0;
  for (let k = 1; k <= count; k++) {
    const cumulative = k === count ? financedCents : Math.min(financedCents, Math.max(amortisedSoFar, Math.round(financedCents - balanceAfter(k))));
    const amortisation = cumulative - amortisedSoFar;
    rows.push({ amortisationCents: amortisation, interestCents: paymentCents - amortisation });
    amortisedSoFar = cumulative;
  }
  return { paymentCents, rows, interestCents: paymentCents * count - financedCents };
}

/** Due dates: the first one, then the same day of each following month. */
export function dueDates(firstDueDate: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(firstDueDate, i));
}

export interface ScheduledInstallment {
  number: number; // 1-based
  dueDate: string;
  amountCents: number;
  principalCents: number;
  interestCents: number;
  feesCents: number;
}

/**
 * Splits each installment into principal, interest and fees. The financed amount is the net
 * amount plus the financed charges (service fee + IOF); each month's amortisation is split between
 * them in proportion, using cumulative rounding so the parts add up to the totals exactly.
 */
export function buildSchedule(amortisation: Amortisation, firstDueDate: string, chargesCents: number): ScheduledInstallment[] {
  const financed = amortisation.rows.reduce((sum, row) => sum + row.amortisationCents, 0);
  if (chargesCents < 0 || chargesCents > financed) throw new Error('charges must lie between 0 and the financed amount');
  const dates = dueDates(firstDueDate, amortisation.rows.length);
  let amortisedSoFar = 0;
  let chargesSoFar = 0;
  return amortisation.rows.map((row, i) => {
    amortisedSoFar += row.amortisationCents;
    const chargesCumulative = Math.round((amortisedSoFar * chargesCents) / financed);
    const fees = chargesCumulative - chargesSoFar;
    chargesSoFar = chargesCumulative;
    return {
      number: i + 1,
      dueDate: dates[i]!,
      amountCents: row.amortisationCents + row.interestCents,
      principalCents: row.amortisationCents - fees,
      interestCents: row.interestCents,
      feesCents: fees,
    };
  });
}
