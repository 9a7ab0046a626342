// Polling with a deadline, shared by `ctx.eventually` and the waiting driver.

export class PollTimeout<T> extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly last: T | undefined,
  ) {
    super(`${what}: not observed within ${timeoutMs} ms`);
    this.name = 'PollTimeout';
  }
}

export async function poll<T>(
  probe: () => Promise<T>,
  pred: (v: T) => boolean,
  opts: { what: string; timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 100;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (pred(last)) return last;
    if (Date.now() + interval > deadline) throw new PollTimeout(opts.what, opts.timeoutMs, last);
    await new Promise((r) => setTimeout(r, interval));
  }
}
