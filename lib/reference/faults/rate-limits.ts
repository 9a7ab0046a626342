import type { FaultInfo } from './info.js';

/** Faults of area rate-limits: each breaks exactly one documented rule. */
export const rateLimitsFaults = {
  'rate-limit-headers-missing': { area: 'rate-limits', breaks: 'responses carry no X-RateLimit-* headers' },
  'retry-after-missing': { area: 'rate-limits', breaks: '429 answers carry no Retry-After' },
} as const satisfies Record<string, FaultInfo>;
