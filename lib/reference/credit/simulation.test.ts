import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { annualIrr } from './cet.js';
import { addDays, daysBetween } from './dates.js';
import { checkAgainstOffer, SERVICE_FEE_RATE, scheduleOf, simulate } from './simulation.js';

describe('annualIrr', () => {
  it('finds 12 % for one payment of 112 a year after receiving 100', () => {
    expect(annualIrr(10_000, [{ days: 365, cents: 11_200 }])).toBeCloseTo(0.12, 9);
  });
});

describe('simulate', () => {
  const today = '2026-03-04';

  it('produces the documented shape of numbers for 25 000.00 over 12 months at 3.5 %', () => {
    const s = simulate(3.5, { requestedCents: 2_500_000, installmentCount: 12 }, today);
    expect(s.feesCents).toBe(37_500); // 1.5 %
    expect(s.firstDueDate).toBe('2026-04-03');
    expect(s.installmentValueCents).toBe(258_710); // Price payment 2587.0987… rounded up
    expect(s.totalCents).toBe(s.installmentValueCents * 12);
    expect(s.amountCents + s.interestCents + s.feesCents + s.iofCents).toBe(s.totalCents);
    expect(s.amountCents).toBe(2_500_000 - s.feesCents - s.iofCents);
    // CET exceeds the nominal annualised rate (1.035^12 − 1 ≈ 51.1 %) because of fees and IOF.
    expect(s.cetPercentage).toBeGreaterThan(51.1);
    expect(s.cetPercentage).toBeLessThan(70);
  });

  test.prop(
    [
      fc.integer({ min: 10_000, max: 100_000_000 }),
      fc.double({ min: 0.5, max: 12, noNaN: true }),
      fc.integer({ min: 1, max: 48 }),
      fc.integer({ min: 0, max: 3000 }),
    ],
    { numRuns: 300 },
  )('is consistent to the cent', (requested, rate, n, dayOffset) => {
    const today = addDays('2025-01-01', dayOffset);
    const s = simulate(rate, { requestedCents: requested, installmentCount: n }, today);
    expect(s.amountCents + s.interestCents + s.feesCents + s.iofCents).toBe(s.totalCents);
    expect(s.installmentValueCents * n).toBe(s.totalCents);
    expect(s.amountCents).toBe(requested - s.feesCents - s.iofCents);
    expect(s.amountCents).toBeGreaterThan(0);
    expect(s.feesCents).toBe(Math.round(requested * SERVICE_FEE_RATE));
    expect(s.iofCents).toBeGreaterThanOrEqual(Math.floor(requested * 0.0038));
    expect(s.iofCents).toBeLessThanOrEqual(Math.ceil(requested * (0.0038 + 0.000082 * 365)));
    expect(daysBetween(today, s.firstDueDate)).toBe(30);
    expect(s.cetPercentage).toBeGreaterThan(0);
    const schedule = scheduleOf(s);
    expect(schedule).toHaveLength(n);
    expect(schedule.reduce((a, x) => a + x.amountCents, 0)).toBe(s.totalCents);
    expect(schedule.reduce((a, x) => a + x.principalCents, 0)).toBe(s.amountCents);
    expect(schedule.reduce((a, x) => a + x.interestCents, 0)).toBe(s.interestCents);
    expect(schedule.reduce((a, x) => a + x.feesCents, 0)).toBe(s.feesCents + s.iofCents);
    expect(schedule[0]!.dueDate).toBe(s.firstDueDate);
    for (const x of schedule) expect(x.amountCents).toBe(s.installmentValueCents);
  });
});

describe('checkAgainstOffer', () => {
  const offer = { approvedCents: 5_000_000, minCents: 50_000, monthlyRatePct: 3, minInstallments: 3, maxInstallments: 24 };
  it('accepts the bounds themselves', () => {
    expect(checkAgainstOffer(offer, { requestedCents: 50_000, installmentCount: 3 })).toEqual([]);
    expect(checkAgainstOffer(offer, { requestedCents: 5_000_000, installmentCount: 24 })).toEqual([]);
  });
  it('names each field outside the offer', () => {
    expect(checkAgainstOffer(offer, { requestedCents: 49_999, installmentCount: 3 }).map((p) => p.field)).toEqual(['requested_amount']);
    expect(checkAgainstOffer(offer, { requestedCents: 5_000_001, installmentCount: 25 }).map((p) => p.field)).toEqual([
      'requested_amount',
      'installment_count',
    ]);
    expect(checkAgainstOffer(offer, { requestedCents: 60_000, installmentCount: 2 }).map((p) => p.field)).toEqual(['installment_count']);
  });
});
