// Calendar arithmetic on `YYYY-MM-DD` strings (UTC, no time zones involved).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/**
 * The due date `k` months after `first` (k = 0 is `first`). A day the target month lacks
 * (31 in April) falls back to that month's last day, the usual rule for monthly installments.
 */
export function addMonths(first: string, k: number): string {
  const m = DATE.exec(first);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${first}`);
  const year = Number(m[1]);
  const month = Number(m[2]) - 1 + k;
  const day = Number(m[3]);
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** The `n` monthly due dates starting at `first`. */
export function monthlySchedule(first: string, n: number): string[] {
  return Array.from({ length: n }, (_, k) => addMonths(first, k));
}
