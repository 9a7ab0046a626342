import { describe, expect, it } from 'vitest';
import { addMonths, isDate, monthlySchedule } from './dates.js';

describe('dates', () => {
  it('validates calendar dates', () => {
    expect(isDate('2026-04-03')).toBe(true);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-4-3')).toBe(false);
  });
  it('adds months, clamping to the last day of shorter months', () => {
    expect(addMonths('2026-04-03', 1)).toBe('2026-05-03');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
  });
  it('builds a monthly schedule', () => {
    expect(monthlySchedule('2026-04-03', 3)).toEqual(['2026-04-03', '2026-05-03', '2026-06-03']);
  });
});
