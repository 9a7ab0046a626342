// Money is kept as integer cents internally and travels as a string with exactly two decimals.
const MONEY = /^\d+\.\d{2}$/;

export function toMoney(cents: number): string {
  const whole = Math.round(cents);
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Cents of a wire money string, or null when it is not `^\d+\.\d{2}$`. */
export function parseMoney(value: unknown): number | null {
  if (typeof value !== 'string' || !MONEY.test(value)) return null;
  const [units, decimals] = value.split('.');
  const cents = Number(units) * 100 + Number(decimals);
  return Number.isSafeInteger(cents) ? cents : null;
}

/**
 * Cents of money in either revision's form (a two-decimal string, or a JSON number with at most two
 * decimals), or null. The control API takes both, whatever revision the API speaks.
 */
export function parseAnyMoney(value: unknown): number | null {
  if (typeof value !== 'number') return parseMoney(value);
  if (!Number.isFinite(value)) return null;
  const cents = Math.round(value * 100);
  return Math.abs(value * 100 - cents) < 1e-6 && Number.isSafeInteger(cents) ? cents : null;
}
