// Fixed-window rate limiting per credential on the server clock. Every API response carries
// X-RateLimit-Limit/Remaining/Reset (Unix seconds); an exhausted window answers 429 + Retry-After.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from './kernel.js';
import { ApiError } from './problem.js';

interface Window {
  start: number;
  used: number;
}

export function createRateLimiter(kernel: Kernel) {
  const windows = new Map<string, Window>();
  const { faults, clock } = kernel;

  return {
    apply(request: FastifyRequest, reply: FastifyReply): void {
      const caller = request.caller;
      const credential = caller ? kernel.store.credentials.get(caller.clientId) : undefined;
      // Calls without a known credential (token endpoint, 401s) share a per-address budget as large
      // as the demo credentials' (by default every credential's).
      const budget = credential?.rateLimit ?? kernel.options.seededRateLimit;
      const key = credential ? `c:${credential.clientId}` : `a:${request.ip}`;
      const now = clock.nowSeconds();
      const windowStart = now - (now % budget.windowSeconds);
      let w = windows.get(key);
      if (!w || w.start !== windowStart) windows.set(key, (w = { start: windowStart, used: 0 }));
      const reset = windowStart + budget.windowSeconds;
      const allowed = w.used < budget.limit;
      if (allowed) w.used += 1;
      if (!faults.has('rate-limit-headers-missing')) {
        reply.header('X-RateLimit-Limit', String(budget.limit));
        reply.header('X-RateLimit-Remaining', String(budget.limit - (faults.has('rate-remaining-not-decremented') ? 0 : w.used)));
        reply.header('X-RateLimit-Reset', String(reset));
      }
      if (!allowed) {
        // Fault `retry-after-fractional`: the wait to the millisecond ("12.348"), not whole seconds.
        const retryAfter = faults.has('retry-after-fractional') ? Math.max(0.001, (reset * 1000 - clock.nowMs()) / 1000).toFixed(3) : Math.max(1, reset - now);
        throw new ApiError(
          429,
          faults.has('rate-limit-wrong-code') ? 'too_many_requests' : 'rate_limit_exceeded',
          'Too many requests',
          `The rate limit of ${budget.limit} requests per ${budget.windowSeconds} s is exhausted.`,
          undefined,
          faults.has('retry-after-missing') ? undefined : { 'Retry-After': String(retryAfter) },
        );
      }
    },
  };
}
