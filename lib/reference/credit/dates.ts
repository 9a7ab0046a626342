// Calendar arithmetic on `YYYY-MM-DD` dates, in UTC so the server's timezone never matters.
const DAY_MS = 86_400_000;

export function dateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function parse(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function addDays(date: string, days: number): string {
  return dateOf(new Date(parse(date).getTime() + days * DAY_MS));
}

/** Same day of month `months` later; a day the target month lacks falls on its last day. */
export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return dateOf(new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay))));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS);
}
