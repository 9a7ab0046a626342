import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { amortise, buildSchedule, dueDates } from './schedule.js';

describe('amortise', () => {
  it('matches the textbook Price payment (10 000.00 at 2 % over 12 months = 945.60)', () => {
    // 1_000_000 × 0.02 / (1 − 1.02^−12) = 94 559.596… → rounded up to 94 560
    const a = amortise(1_000_000, 2, 12);
    expect(a.paymentCents).toBe(94_560);
    expect(a.rows[0]).toEqual({ interestCents: 20_000, amortisationCents: 74_560 });
    expect(a.interestCents).toBe(94_560 * 12 - 1_000_000);
  });

  it('divides evenly at 0 %, rounding the installment up', () => {
    const a = amortise(1000, 0, 3);
    expect(a.paymentCents).toBe(334);
    expect(a.rows.map((r) => r.amortisationCents)).toEqual([333, 334, 333]);
    expect(a.rows.map((r) => r.interestCents)).toEqual([1, 0, 1]);
  });

  test.prop([fc.integer({ min: 100, max: 100_000_000 }), fc.double({ min: 0, max: 15, noNaN: true }), fc.integer({ min: 1, max: 60 })], { numRuns: 300 })(
    'amortises exactly the financed amount with non-negative parts',
    (financed, rate, n) => {
      const a = amortise(financed, rate, n);
      expect(a.rows).toHaveLength(n);
      expect(a.rows.reduce((s, r) => s + r.amortisationCents, 0)).toBe(financed);
      expect(a.rows.reduce((s, r) => s + r.interestCents, 0)).toBe(a.interestCents);
      for (const r of a.rows) {
        expect(r.amortisationCents).toBeGreaterThanOrEqual(0);
        expect(r.interestCents).toBeGreaterThanOrEqual(0);
        expect(r.amortisationCents + r.interestCents).toBe(a.paymentCents);
      }
    },
  );
});

describe('dueDates', () => {
  it('keeps the day of month and clamps to the month end', () => {
    expect(dueDates('2026-01-31', 4)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(dueDates('2026-11-15', 3)).toEqual(['2026-11-15', '2026-12-15', '2027-01-15']);
  });
});

describe('buildSchedule', () => {
  test.prop(
    [
      fc.integer({ min: 1000, max: 50_000_000 }),
      fc.double({ min: 0, max: 10, noNaN: true }),
      fc.integer({ min: 1, max: 48 }),
      fc.double({ min: 0, max: 0.1, noNaN: true }),
    ],
    { numRuns: 300 },
  )('parts sum exactly to the totals', (financed, rate, n, chargeShare) => {
    const a = amortise(financed, rate, n);
    const charges = Math.round(financed * chargeShare);
    const s = buildSchedule(a, '2026-04-03', charges);
    const sum = (f: (x: (typeof s)[number]) => number) => s.reduce((acc, x) => acc + f(x), 0);
    expect(sum((x) => x.feesCents)).toBe(charges);
    expect(sum((x) => x.principalCents)).toBe(financed - charges);
    expect(sum((x) => x.interestCents)).toBe(a.interestCents);
    expect(sum((x) => x.amountCents)).toBe(a.paymentCents * n);
    for (const x of s) {
      expect(x.principalCents + x.interestCents + x.feesCents).toBe(x.amountCents);
      expect(x.principalCents).toBeGreaterThanOrEqual(0);
      expect(x.feesCents).toBeGreaterThanOrEqual(0);
    }
    expect(s.map((x) => x.number)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('refuses charges larger than the financed amount', () => {
    expect(() => buildSchedule(amortise(1000, 1, 2), '2026-01-01', 1001)).toThrow();
  });
});
