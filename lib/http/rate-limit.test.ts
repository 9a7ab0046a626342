import { describe, expect, it } from 'vitest';
import { type Clock, RateLimits, RESET_MARGIN_MS, resetAtMs, retryAfterMs, WaitBudget } from './rate-limit.js';

function fakeClock(start = 1_800_000_000_000): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: start,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('header parsing', () => {
  it('reads Retry-After as seconds or an HTTP date, against the Date header when present', () => {
    const now = Date.UTC(2030, 0, 1);
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    const serverDate = new Date(now - 60_000).toUTCString(); // our clock is a minute ahead of the server's
    expect(retryAfterMs(new Date(now - 55_000).toUTCString(), now, serverDate)).toBe(5000);
    expect(retryAfterMs(new Date(now - 5000).toUTCString(), now)).toBe(0);
    for (const bad of [undefined, '', 'soon', '-1', '1.5']) expect(retryAfterMs(bad, now)).toBeUndefined();
  });

  it('reads X-RateLimit-Reset as Unix seconds (a small value as seconds from now), margin included', () => {
    const now = 1_800_000_000_123;
    expect(resetAtMs('1800000001', now)).toBe(1_800_000_001_000 + RESET_MARGIN_MS);
    expect(resetAtMs('5', now)).toBe(now + 5000 + RESET_MARGIN_MS);
    expect(resetAtMs('soon', now)).toBeUndefined();
    expect(resetAtMs(undefined, now)).toBeUndefined();
  });
});

describe('RateLimits', () => {
  const h = (remaining: number, reset: number) => ({ 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(reset) });

  it('holds requests while the window is spent, counting those in flight, and forgets it once reset', () => {
    const clock = fakeClock();
    const rl = new RateLimits(clock);
    const reset = clock.t / 1000 + 10;
    expect(rl.delayMs('k')).toBe(0);
    rl.sent('k');
    rl.answered('k', 200, h(2, reset));
    rl.sent('k');
    expect(rl.delayMs('k')).toBe(0);
    rl.sent('k');
    expect(rl.delayMs('k')).toBe(10_000 + RESET_MARGIN_MS); // two in flight spend the two left
    expect(rl.delayMs('other')).toBe(0);
    rl.answered('k', 200, h(1, reset)); // the other one is still in flight: nothing left
    rl.failed('k');
    expect(rl.delayMs('k')).toBe(10_000 + RESET_MARGIN_MS); // no answer: it may have spent its share
    clock.t += 11_000;
    rl.sent('k');
    rl.answered('k', 200, h(0, reset + 60));
    expect(rl.delayMs('k')).toBe(70_000 + RESET_MARGIN_MS - 11_000);
    clock.t = (reset + 60) * 1000 + RESET_MARGIN_MS;
    expect(rl.delayMs('k')).toBe(0);
  });

  it('ignores late answers from an earlier window and never raises the budget within one', () => {
    const clock = fakeClock();
    const rl = new RateLimits(clock);
    const reset = clock.t / 1000 + 10;
    rl.sent('k');
    rl.sent('k');
    rl.answered('k', 200, h(0, reset)); // one still in flight: -1 left
    rl.answered('k', 200, h(5, reset)); // arrived late: the budget does not go up
    expect(rl.delayMs('k')).toBeGreaterThan(0);
    rl.sent('k');
    rl.answered('k', 200, h(50, reset - 60)); // an earlier window
    expect(rl.delayMs('k')).toBeGreaterThan(0);
  });

  it("blocks a credential for a 429's Retry-After", () => {
    const clock = fakeClock();
    const rl = new RateLimits(clock);
    rl.sent('k');
    rl.answered('k', 429, { 'retry-after': '3' });
    expect(rl.delayMs('k')).toBe(3000);
    clock.t += 3000;
    expect(rl.delayMs('k')).toBe(0);
  });
});

describe('WaitBudget', () => {
  it('waits while the total stays within the cap, never past an aborted signal', async () => {
    const clock = fakeClock();
    const b = new WaitBudget(clock, 1000);
    expect(await b.wait(600)).toBe(true);
    expect(await b.wait(600)).toBe(false);
    expect(await b.wait(400)).toBe(true);
    expect(clock.sleeps).toEqual([600, 400]);
    const ac = new AbortController();
    ac.abort();
    expect(await new WaitBudget(clock, 1000, ac.signal).wait(10)).toBe(false);
    expect(clock.sleeps).toHaveLength(2);
  });
});
