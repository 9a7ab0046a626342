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
  opts: {
    what: string;
    timeoutMs: number;
    intervalMs?: number;
    backoff?: number;
    maxIntervalMs?: number;
    /** Ends a pause early (e.g. a webhook about the resource arrived); returns how to stop listening. */
    wake?: (resume: () => void) => () => void;
  },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let interval = opts.intervalMs ?? 100;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (pred(last)) return last;
    const left = deadline - Date.now();
    if (left <= 0) throw new PollTimeout(opts.what, opts.timeoutMs, last);
    // The last look happens at the deadline, not one interval before it.
    await new Promise<void>((r) => {
      const timer = setTimeout(done, Math.min(interval, left));
      const stop = opts.wake?.(done);
      function done() {
        clearTimeout(timer);
        stop?.();
        r();
      }
    });
    // Back-off: a slow target is asked less often the longer it takes.
    interval = Math.min(opts.maxIntervalMs ?? interval, Math.round(interval * (opts.backoff ?? 1)));
  }
}
