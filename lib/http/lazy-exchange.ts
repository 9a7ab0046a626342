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

/** The redaction still to run, per exchange not yet read. */
const pending = new WeakMap<Exchange, () => RedactedParts>();
const LAZY_KEYS = ['request', 'curl', 'response', 'error'] as const;

/** Runs an exchange's redaction once: every member still lazy becomes plain data. */
function settle(out: Exchange): void {
  const redact = pending.get(out);
  if (!redact) return;
  const parts = redact();
  pending.delete(out);
  for (const k of LAZY_KEYS) if (isAccessor(out, k)) define(out, k, parts[k]);
}

// One accessor per member, shared by every exchange (they find their redaction by `this`): a
// request recorded thousands of times a run made eight closures and four defineProperty calls
// each, ~1 % of a fault self-test's CPU.
const lazyMember = (k: keyof RedactedParts): PropertyDescriptor => ({
  enumerable: true,
  configurable: true,
  get(this: Exchange) {
    settle(this);
    return this[k];
  },
  set(this: Exchange, v: unknown) {
    settle(this);
    define(this, k, v);
  },
});
const MEMBER = { request: lazyMember('request'), curl: lazyMember('curl'), response: lazyMember('response'), error: lazyMember('error') };
const LAZY = {
  none: { request: MEMBER.request, curl: MEMBER.curl },
  response: { request: MEMBER.request, curl: MEMBER.curl, response: MEMBER.response },
  error: { request: MEMBER.request, curl: MEMBER.curl, error: MEMBER.error },
  both: MEMBER,
};

/**
 * An Exchange with the members of `fixed` as plain data and request, curl, response (when
 * `hasResponse`) and error (when `hasError`) as enumerable accessors that call `redact` once and
 * then become plain data members. Assigning any of them works as on a plain object.
 */
export function lazyExchange(fixed: FixedParts, has: { response: boolean; error: boolean }, redact: () => RedactedParts): Exchange {
  // Members in the order a recorded exchange always had: request, retries, pacedMs, durationMs,
  // startedAt, curl, response, error (reports list them so); the lazy ones made accessors in place.
  const out: Record<string, unknown> = { request: undefined, retries: fixed.retries };
  if (fixed.pacedMs !== undefined) out.pacedMs = fixed.pacedMs;
  out.durationMs = fixed.durationMs;
  out.startedAt = fixed.startedAt;
  out.curl = undefined;
  if (has.response) out.response = undefined;
  if (has.error) out.error = undefined;
  Object.defineProperties(out, has.response ? (has.error ? LAZY.both : LAZY.response) : has.error ? LAZY.error : LAZY.none);
  pending.set(out as unknown as Exchange, redact);
  return out as unknown as Exchange;
}

function define(o: object, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, enumerable: true, configurable: true, writable: true });
}

function isAccessor(o: object, k: string): boolean {
  return typeof Object.getOwnPropertyDescriptor(o, k)?.get === 'function';
}
