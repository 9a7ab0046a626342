import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fromCents, isMoney, simulationTotalReading, simulationViolations, toCents } from './money.js';

const consistent = {
  requested_amount: '25000.00',
  amount: '24250.00',
  interest_amount: '2750.00',
  fees_amount: '300.00',
  iof_amount: '450.00',
  total_loan_amount: '27750.00',
  number_of_installments: 12,
  installments_value: '2312.50',
};

describe('money', () => {
  it('reads and writes two-decimal strings exactly', () => {
    expect(toCents('2291.67')).toBe(229167);
    expect(fromCents(5)).toBe('0.05');
    expect(isMoney('2750.0')).toBe(false);
    expect(() => toCents('1.5')).toThrow();
  });
  test.prop([fc.integer({ min: 0, max: 10 ** 12 })])('round-trips any cent amount', (c) => {
    expect(toCents(fromCents(c))).toBe(c);
  });
});

describe('simulationViolations', () => {
  it('accepts a consistent simulation', () => {
    expect(simulationViolations(consistent, { amount: '25000.00', installments: 12 })).toEqual([]);
  });
  it("passes the seed's own example, whose total fits no reading of the formula (decision 20)", () => {
    const seed = { ...consistent, total_loan_amount: '27500.00', installments_value: '2291.67' };
    expect(simulationViolations(seed, { amount: '25000.00', installments: 12 })).toEqual([]);
    expect(simulationTotalReading(seed)?.fits).toEqual([]);
  });
  it('names a net amount that does not subtract fees and IOF', () => {
    expect(simulationViolations({ ...consistent, amount: '25000.00' }, { amount: '25000.00', installments: 12 }).join()).toMatch(
      /amount 25000.00 != requested/,
    );
  });
  it('allows one cent of rounding per installment, not more', () => {
    const ok = { ...consistent, installments_value: '2312.51' };
    expect(simulationViolations(ok, { amount: '25000.00', installments: 12 })).toEqual([]);
    const bad = { ...consistent, installments_value: '2312.52' };
    expect(simulationViolations(bad, { amount: '25000.00', installments: 12 }).join()).toMatch(/cents away/);
  });
  it('names echo mismatches and one-decimal money', () => {
    expect(simulationViolations(consistent, { amount: '20000.00', installments: 6 })).toHaveLength(2);
    expect(simulationViolations({ ...consistent, iof_amount: '450.0' }, { amount: '25000.00', installments: 12 }).join()).toMatch(/iof_amount/);
  });
});

describe('simulationTotalReading', () => {
  it('tells the net reading (principal = amount) from the requested one', () => {
    expect(simulationTotalReading(consistent)).toEqual({ fits: ['net'], expected: { net: '27750.00', requested: '28500.00' } });
    expect(simulationTotalReading({ ...consistent, total_loan_amount: '28500.00' })?.fits).toEqual(['requested']);
  });
  it('finds both readings when there are no fees or IOF, none for a stray total, nothing to read in broken money', () => {
    const free = { ...consistent, amount: '25000.00', fees_amount: '0.00', iof_amount: '0.00', total_loan_amount: '27750.00' };
    expect(simulationTotalReading(free)?.fits).toEqual(['net', 'requested']);
    expect(simulationTotalReading({ ...consistent, total_loan_amount: '27751.00' })?.fits).toEqual([]);
    expect(simulationTotalReading({ ...consistent, total_loan_amount: '27750.0' })).toBeUndefined();
  });
});
