import type { FaultInfo } from './info.js';

/** Faults of area rate-limits: each breaks exactly one documented rule. */
export const rateLimitsFaults = {
  'rate-limit-headers-missing': { area: 'rate-limits', breaks: 'responses carry no X-RateLimit-* headers' },
  'retry-after-missing': { area: 'rate-limits', breaks: '429 answers carry no Retry-After' },
  'rate-remaining-not-decremented': { area: 'rate-limits', breaks: 'X-RateLimit-Remaining always equals the limit instead of counting down' },
  'rate-limit-wrong-code': { area: 'rate-limits', breaks: 'a 429 problem says `too_many_requests`, not `rate_limit_exceeded`' },
  'retry-after-fractional': { area: 'rate-limits', breaks: '429 answers give Retry-After in fractional seconds ("12.348"), not a whole number' },
} as const satisfies Record<string, FaultInfo>;
