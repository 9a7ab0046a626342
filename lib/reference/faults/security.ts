import type { FaultInfo } from './info.js';

/** Faults of area security: each breaks exactly one documented rule. */
export const securityFaults = {
  'cross-partner-read': { area: 'security', breaks: 'a partner can GET another partner\'s customer' },
  'cross-partner-child-path': { area: 'security', breaks: 'a partner can list transactions of another partner\'s loan' },
  'server-error-on-malformed-json': { area: 'security', breaks: 'a malformed JSON body yields a 500 with a stack trace' },
} as const satisfies Record<string, FaultInfo>;
