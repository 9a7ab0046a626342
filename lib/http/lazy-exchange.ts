// An exchange whose redacted parts (request, curl, response, error) are computed when first read.
// A run records thousands of exchanges and keeps a few per check (the runner's KEEP_EXCHANGES):
// redacting every one as it was made cost more CPU than any check's own work. Whoever reads an
// exchange (the runner, a check, JSON.stringify, structured clone) reads it redacted, with every
// secret the redactor knows at that moment (never fewer than when it was made: it only learns).
import type { Exchange } from '../types.js';

/** What the exchange says when read: computed once, on the first read of any of these members. */
export type RedactedParts = Pick<Exchange, 'request' | 'curl' | 'response' | 'error'>;

/** The members known at once (timing), in the order an exchange lists its members. */
export interface FixedParts {
  retries: number;
  pacedMs?: number;
  durationMs: number;
  startedAt: string;
}

/**
 * An Exchange with the members of `fixed` as plain data and request, curl, response (when
 * `hasResponse`) and error (when `hasError`) as enumerable accessors that call `redact` once and
 * then become plain data members. Assigning any of them works as on a plain object.
 */
export function lazyExchange(fixed: FixedParts, has: { response: boolean; error: boolean }, redact: () => RedactedParts): Exchange {
  const out = {} as Exchange;
  const lazyKeys: (keyof RedactedParts)[] = ['request', 'curl', ...(has.response ? (['response'] as const) : []), ...(has.error ? (['error'] as const) : [])];
  let parts: RedactedParts | undefined;
  const settle = () => {
    if (parts) return;
    parts = redact();
    for (const k of lazyKeys) if (isAccessor(out, k)) define(out, k, parts[k]);
  };
  const lazy = (k: keyof RedactedParts) =>
    Object.defineProperty(out, k, {
      enumerable: true,
      configurable: true,
      get() {
        settle();
        return out[k];
      },
      set(v: unknown) {
        settle();
        define(out, k, v);
      },
    });
  // Members in the order a recorded exchange always had: request, retries, pacedMs, durationMs,
  // startedAt, curl, response, error (reports list them so).
  lazy('request');
  define(out, 'retries', fixed.retries);
  if (fixed.pacedMs !== undefined) define(out, 'pacedMs', fixed.pacedMs);
  define(out, 'durationMs', fixed.durationMs);
  define(out, 'startedAt', fixed.startedAt);
  for (const k of lazyKeys.slice(1)) lazy(k);
  return out;
}

function define(o: object, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, enumerable: true, configurable: true, writable: true });
}

function isAccessor(o: object, k: string): boolean {
  return typeof Object.getOwnPropertyDescriptor(o, k)?.get === 'function';
}
