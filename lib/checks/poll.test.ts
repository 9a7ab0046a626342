import { describe, expect, it } from 'vitest';
import { PollTimeout, poll } from './poll.js';

describe('poll', () => {
  it('backs off: a slow target is asked less often the longer it takes', async () => {
    const at: number[] = [];
    const t0 = Date.now();
    await expect(
      poll(
        async () => at.push(Date.now() - t0),
        () => false,
        { what: 'x', timeoutMs: 700, intervalMs: 50, backoff: 2, maxIntervalMs: 400 },
      ),
    ).rejects.toBeInstanceOf(PollTimeout);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 1.5);
    expect(at.length).toBeLessThan(8);
  });

  it('looks again at once when woken (a webhook about the resource arrived)', async () => {
    let ready = false;
    let wakeUp: (() => void) | undefined;
    setTimeout(() => {
      ready = true;
      wakeUp?.();
    }, 50);
    const t0 = Date.now();
    await poll(
      async () => ready,
      (v) => v,
      { what: 'x', timeoutMs: 20_000, intervalMs: 10_000, wake: (resume) => ((wakeUp = resume), () => (wakeUp = undefined)) },
    );
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('takes its last look at the deadline', async () => {
    const e = await poll(
      async () => 'stuck',
      () => false,
      { what: 'the loan to move', timeoutMs: 120, intervalMs: 1_000 },
    ).catch((err) => err);
    expect(e).toBeInstanceOf(PollTimeout);
    expect((e as PollTimeout<string>).last).toBe('stuck');
  });
});
