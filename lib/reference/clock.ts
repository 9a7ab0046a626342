// The server's own notion of time. Everything time-based (token expiry, idempotency TTL, offer
// validity, overdue installments) reads it, so the control API can move time forward for tests.
export interface Clock {
  now(): Date;
  nowMs(): number;
  /** Unix seconds, as used in JWTs and rate-limit headers. */
  nowSeconds(): number;
  advance(seconds: number): Date;
}

export function createClock(): Clock {
  let offsetMs = 0;
  const nowMs = () => Date.now() + offsetMs;
  return {
    now: () => new Date(nowMs()),
    nowMs,
    nowSeconds: () => Math.floor(nowMs() / 1000),
    advance(seconds: number) {
      offsetMs += seconds * 1000;
      return new Date(nowMs());
    },
  };
}

/** ISO 8601 instant without milliseconds, the way the documentation's examples write them. */
export function toIso(date: Date | number): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Calendar date `YYYY-MM-DD`. */
export function toDate(date: Date | number): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  return d.toISOString().slice(0, 10);
}
