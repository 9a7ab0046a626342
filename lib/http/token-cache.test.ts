import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache.js';

describe('TokenCache', () => {
  it('renews before expiry, shares one renewal, and forgets on invalidate', async () => {
    let now = 0;
    let issued = 0;
    const cache = new TokenCache(
      async () => ({ token: `t${++issued}`, expiresIn: 3600 }),
      () => now,
    );
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['t1', 't1', 't1']);
    now = 3299_000; // 5 minutes and 1 second before expiry: still good
    expect(await cache.get()).toBe('t1');
    now = 3300_000; // 5 minutes before expiry: renewed
    expect(await cache.get()).toBe('t2');
    cache.invalidate();
    expect(await cache.get()).toBe('t3');
  });

  it('renews short-lived tokens at 90 % of their life and retries after a failed fetch', async () => {
    let now = 0;
    let calls = 0;
    const cache = new TokenCache(
      async () => {
        calls++;
        if (calls === 1) throw new Error('token endpoint down');
        return { token: `t${calls}`, expiresIn: 60 };
      },
      () => now,
    );
    await expect(cache.get()).rejects.toThrow('token endpoint down');
    expect(await cache.get()).toBe('t2');
    now = 53_999;
    expect(await cache.get()).toBe('t2');
    now = 54_000;
    expect(await cache.get()).toBe('t3');
  });
});
