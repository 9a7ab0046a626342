import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { fromCents, isMoney, simulationViolations, toCents } from './money.js';

const consistent = {
  requested_amount: '25000.00', amount: '24250.00', interest_amount: '2750.00', fees_amount: '300.00',
  iof_amount: '450.00', total_loan_amount: '27750.00', number_of_installments: 12, installments_value: '2312.50',
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
  it('names a total that is not amount + interest + fees + IOF', () => {
    const v = simulationViolations({ ...consistent, total_loan_amount: '27500.00', installments_value: '2291.67' }, { amount: '25000.00', installments: 12 });
    expect(v.join()).toMatch(/total_loan_amount/);
  });
  it('names a net amount that does not subtract fees and IOF', () => {
    expect(simulationViolations({ ...consistent, amount: '25000.00' }, { amount: '25000.00', installments: 12 }).join()).toMatch(/amount 25000.00 != requested/);
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
