// A loan simulation from an offer and a request: real numbers, all in integer cents.
//
// The model (financed charges):
// - the customer asks for `requested`; that whole amount is financed and amortised by Price at
//   the offer's monthly rate (schedule.ts);
// - the service fee (1.5 % of requested) and IOF are deducted at disbursement, so the customer
//   receives `amount` = requested − fees − IOF;
// - IOF approximates the Brazilian rule: 0.38 % flat on the financed amount plus 0.0082 % per day
//   on each installment's amortisation, days counted from disbursement to its due date and capped
//   at 365; rounded once, to the nearest cent;
// - interest = Σ installments − requested, so
//   total_loan_amount = amount + interest + fees + IOF = n × installments_value, exactly;
// - CET is the annual IRR of "receive `amount` today, pay each installment on its due date".
import { annualIrr } from './cet.js';
import { addDays, daysBetween } from './dates.js';
import { type Amortisation, amortise, buildSchedule, dueDates, type ScheduledInstallment } from './schedule.js';

export const SERVICE_FEE_RATE = 0.015;
export const IOF_FLAT_RATE = 0.0038;
export const IOF_DAILY_RATE = 0.000082;
export const IOF_MAX_DAYS = 365;
export const FIRST_DUE_IN_DAYS = 30;

export interface OfferTerms {
  approvedCents: number;
  minCents: number;
  monthlyRatePct: number;
  minInstallments: number;
  maxInstallments: number;
}

export interface SimulationRequest {
  requestedCents: number;
  installmentCount: number;
}

export interface SimulationFigures {
  requestedCents: number;
  /** The financed principal the installments amortise: the requested amount, plus the charges when they are financed on top. */
  principalCents: number;
  amountCents: number; // net to the customer
  interestCents: number;
  feesCents: number;
  iofCents: number;
  totalCents: number;
  interestPercentage: number; // monthly, as the offer states it
  cetPercentage: number; // annual, two decimals
  installmentCount: number;
  installmentValueCents: number;
  firstDueDate: string;
  disbursementDate: string;
}

export interface TermsViolation {
  field: 'requested_amount' | 'installment_count';
  message: string;
}

/** What the offer forbids in this request (empty when it is acceptable). */
export function checkAgainstOffer(offer: OfferTerms, req: SimulationRequest): TermsViolation[] {
  const problems: TermsViolation[] = [];
  if (req.requestedCents < offer.minCents || req.requestedCents > offer.approvedCents) {
    problems.push({ field: 'requested_amount', message: "must lie between the offer's min_amount and approved_amount" });
  }
  if (req.installmentCount < offer.minInstallments || req.installmentCount > offer.maxInstallments) {
    problems.push({ field: 'installment_count', message: "must lie between the offer's min_installments and max_installments" });
  }
  return problems;
}

export function iofCents(financedCents: number, amortisation: Amortisation, disbursementDate: string, dates: string[]): number {
  let iof = financedCents * IOF_FLAT_RATE;
  amortisation.rows.forEach((row, i) => {
    const days = Math.min(Math.max(daysBetween(disbursementDate, dates[i]!), 0), IOF_MAX_DAYS);
    iof += row.amortisationCents * IOF_DAILY_RATE * days;
  });
  return Math.round(iof);
}

/**
 * `today` is the server clock's calendar date, the day of disbursement in this model. With
 * `chargesOnTop` (the SDK revision's reading: principal = requested + fees + IOF) the customer
 * receives the requested amount and the charges are financed on top of it; otherwise (seed 004)
 * the requested amount is financed and the charges are deducted from what the customer receives.
 */
export function simulate(monthlyRatePct: number, req: SimulationRequest, today: string, opts: { chargesOnTop?: boolean } = {}): SimulationFigures {
  const firstDueDate = addDays(today, FIRST_DUE_IN_DAYS);
  const dates = dueDates(firstDueDate, req.installmentCount);
  const feesCents = Math.round(req.requestedCents * SERVICE_FEE_RATE);
  // IOF is reckoned on the requested amount's amortisation in both readings.
  const iof = iofCents(req.requestedCents, amortise(req.requestedCents, monthlyRatePct, req.installmentCount), today, dates);
  const principalCents = opts.chargesOnTop ? req.requestedCents + feesCents + iof : req.requestedCents;
  const amortisation = amortise(principalCents, monthlyRatePct, req.installmentCount);
  const amountCents = principalCents - feesCents - iof;
  const totalCents = amortisation.paymentCents * req.installmentCount;
  const cet = annualIrr(
    amountCents,
    dates.map((d) => ({ days: daysBetween(today, d), cents: amortisation.paymentCents })),
  );
  return {
    requestedCents: req.requestedCents,
    principalCents,
    amountCents,
    interestCents: amortisation.interestCents,
    feesCents,
    iofCents: iof,
    totalCents,
    interestPercentage: monthlyRatePct,
    cetPercentage: Math.round(cet * 10_000) / 100,
    installmentCount: req.installmentCount,
    installmentValueCents: amortisation.paymentCents,
    firstDueDate,
    disbursementDate: today,
  };
}

/** The installment schedule that goes with a simulation (same amortisation, same dates). */
export function scheduleOf(sim: SimulationFigures): ScheduledInstallment[] {
  const amortisation = amortise(sim.principalCents ?? sim.requestedCents, sim.interestPercentage, sim.installmentCount);
  return buildSchedule(amortisation, sim.firstDueDate, sim.feesCents + sim.iofCents);
}
