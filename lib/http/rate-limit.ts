// Client-side pacing by the target's own rate-limit headers (decision 8). A conforming but
// rate-limited target (a shared sandbox: e.g. 600 requests / 60 s per credential) must never cause
// a false failure, so the client remembers, per credential, the last X-RateLimit-Remaining and
// X-RateLimit-Reset it was told and, when the budget is spent, waits for the window to reset before
// sending. A 429 blocks its credential until its Retry-After has passed. Every wait is bounded by
// the caller (see WaitBudget); nothing here ever sleeps on its own.

/** Time as the client sees it; tests inject a fake one so nothing really sleeps. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * X-RateLimit-Reset is a whole Unix second on the server's clock: wait this much past it, so a
 * window that ends a little later on the server (clock skew, rounding) is not hit at its last instant.
 */
export const RESET_MARGIN_MS = 250;

/** Values below this are not Unix seconds (before 2001): read as seconds from now, as some servers send. */
const UNIX_SECONDS_FLOOR = 1_000_000_000;

/**
 * Retry-After as milliseconds from now: delta-seconds, or an HTTP date (RFC 9110 §10.2.3), measured
 * against the response's own Date header when it has one, so a skewed clock does not distort it.
 * Undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | undefined, now: number, serverDate?: string): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (!Number.isFinite(at) || !/[a-z]/i.test(v)) return undefined;
  const server = serverDate !== undefined ? Date.parse(serverDate) : NaN;
  return Math.max(0, at - (Number.isFinite(server) ? server : now));
}

/** X-RateLimit-Reset as an instant on our clock (ms), margin included; undefined when unreadable. */
export function resetAtMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return (n < UNIX_SECONDS_FLOOR ? now + n * 1000 : n * 1000) + RESET_MARGIN_MS;
}

function nonNegativeInt(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

interface Bucket {
  /** Requests we may still send in this window: the server's Remaining less what is in flight. */
  remaining?: number;
  /** When the window ends (or a 429's Retry-After passes), on our clock. */
  resetAt?: number;
  inFlight: number;
}

/** Rate-limit state of every credential a client speaks with, keyed by an opaque credential key. */
export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly clock: Clock = realClock) {}

  /**
   * How long to wait before sending on `key` now: 0 unless the window's budget is spent (counting
   * the requests still in flight, each of which will spend one) and the window has not reset yet.
   */
  delayMs(key: string): number {
    const b = this.buckets.get(key);
    if (!b || b.resetAt === undefined) return 0;
    const now = this.clock.now();
    if (now >= b.resetAt) {
      // A new window: its budget is unknown until the next answer says it.
      b.remaining = undefined;
      b.resetAt = undefined;
      return 0;
    }
    return b.remaining !== undefined && b.remaining <= 0 ? b.resetAt - now : 0;
  }

  /** A request on `key` is going out. */
  sent(key: string): void {
    let b = this.buckets.get(key);
    if (!b) {
      this.prune();
      this.buckets.set(key, (b = { inFlight: 0 }));
    }
    b.inFlight++;
    if (b.remaining !== undefined) b.remaining--;
  }

  /** A request on `key` got no answer: nothing learnt. */
  failed(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.inFlight = Math.max(0, b.inFlight - 1);
  }

  /** A request on `key` was answered: learn the window from the headers (lower-cased names). */
  answered(key: string, status: number, headers: Record<string, string>): void {
    const b = this.buckets.get(key) ?? { inFlight: 1 };
    this.buckets.set(key, b);
    b.inFlight = Math.max(0, b.inFlight - 1);
    const now = this.clock.now();
    const remaining = nonNegativeInt(headers['x-ratelimit-remaining']);
    const resetAt = resetAtMs(headers['x-ratelimit-reset'], now);
    if (remaining !== undefined && resetAt !== undefined) {
      const left = remaining - b.inFlight;
      if (b.resetAt === undefined || resetAt > b.resetAt) {
        b.remaining = left; // a new window
        b.resetAt = resetAt;
      } else if (resetAt === b.resetAt) {
        // Answers can arrive out of order; within one window the budget only goes down.
        b.remaining = Math.min(b.remaining ?? left, left);
      } // else: a late answer from an earlier window, stale
    }
    if (status === 429) {
      // The server's word on when to come back beats the window we computed.
      const ra = retryAfterMs(headers['retry-after'], now, headers.date);
      if (ra !== undefined) {
        b.remaining = 0;
        b.resetAt = now + ra;
      } else if (b.resetAt !== undefined) {
        b.remaining = Math.min(b.remaining ?? 0, 0);
      }
    }
  }

  /** Forget windows long over, so explicit tokens used once do not accumulate. */
  private prune(): void {
    if (this.buckets.size < 256) return;
    const now = this.clock.now();
    for (const [k, b] of this.buckets) if (b.inFlight === 0 && (b.resetAt === undefined || b.resetAt <= now)) this.buckets.delete(k);
  }
}

/**
 * How long one request may spend waiting for rate limits, all waits together (pacing before each
 * send and every Retry-After): at most `maxMs`, and never past `signal`.
 */
export class WaitBudget {
  waitedMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly maxMs: number,
    private readonly signal?: AbortSignal,
    private readonly meter?: WaitMeter,
  ) {}

  /** Waits `ms` and returns true; returns false at once when that would exceed the budget or the signal fired. */
  async wait(ms: number): Promise<boolean> {
    if (this.signal?.aborted || this.waitedMs + ms > this.maxMs) return false;
    const t0 = this.clock.now();
    this.meter?.begin();
    try {
      await this.clock.sleep(ms, this.signal);
    } finally {
      this.meter?.end();
    }
    this.waitedMs += Math.max(0, this.clock.now() - t0);
    return !this.signal?.aborted;
  }
}

/** Told when a rate-limit wait begins and ends (a check's budget does not count the target's pacing). */
export interface WaitMeter {
  begin(): void;
  end(): void;
}

/** Time spent in rate-limit waits, overlapping waits counted once. */
export class PauseMeter implements WaitMeter {
  private active = 0;
  private since = 0;
  private total = 0;

  begin(): void {
    if (this.active++ === 0) this.since = performance.now();
  }

  end(): void {
    if (this.active > 0 && --this.active === 0) this.total += performance.now() - this.since;
  }

  /** Milliseconds spent waiting so far, the wait in progress included. */
  pausedMs(): number {
    return this.total + (this.active ? performance.now() - this.since : 0);
  }
}
