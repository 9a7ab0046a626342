import { describe, expect, it } from 'vitest';
import { parseMoney, toMoney } from './money.js';

describe('money', () => {
  it('writes two decimals', () => {
    expect(toMoney(0)).toBe('0.00');
    expect(toMoney(5)).toBe('0.05');
    expect(toMoney(275000)).toBe('2750.00');
    expect(toMoney(229167)).toBe('2291.67');
  });
  it('reads only the two-decimal form', () => {
    expect(parseMoney('2750.00')).toBe(275000);
    expect(parseMoney('0.05')).toBe(5);
    expect(parseMoney('2750.0')).toBeNull();
    expect(parseMoney('2750')).toBeNull();
    expect(parseMoney(2750)).toBeNull();
    expect(parseMoney('-1.00')).toBeNull();
  });
  it('round-trips', () => {
    for (const c of [0, 1, 99, 100, 123456789]) expect(parseMoney(toMoney(c))).toBe(c);
  });
});
