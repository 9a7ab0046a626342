// Money travels as two-decimal strings and is computed in integer cents, so sums are exact.
const MONEY = /^\d+\.\d{2}$/;

export function isMoney(value: unknown): value is string {
  return typeof value === 'string' && MONEY.test(value);
}

/** "1234.50" → 123450. Throws on anything that is not a two-decimal money string. */
export function toCents(money: string): number {
  if (!isMoney(money)) throw new Error(`not a money string: ${money}`);
  const [units, fraction] = money.split('.');
  return Number(units) * 100 + Number(fraction);
}

/** 123450 → "1234.50". Negative amounts never reach the wire. */
export function fromCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new Error(`not a non-negative cent amount: ${cents}`);
  const units = Math.floor(cents / 100);
  const fraction = cents % 100;
  return `${units}.${fraction.toString().padStart(2, '0')}`;
}
