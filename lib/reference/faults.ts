// Named faults of the reference server. Each breaks exactly one documented rule, so the
// self-tests can prove that the check for that rule turns red (suites/<area>/faults.ts maps
// each fault to the requirement that must catch it). One file per area under faults/.

import { authFaults } from './faults/auth.js';
import { contractFaults } from './faults/contract.js';
import { creditFaults } from './faults/credit.js';
import { customersFaults } from './faults/customers.js';
import { idempotencyFaults } from './faults/idempotency.js';
import { kycFaults } from './faults/kyc.js';
import { loansFaults } from './faults/loans.js';
import { paginationFaults } from './faults/pagination.js';
import { rateLimitsFaults } from './faults/rate-limits.js';
import { securityFaults } from './faults/security.js';
import { webhooksFaults } from './faults/webhooks.js';

export type { FaultInfo } from './faults/info.js';

export const FAULTS = {
  ...contractFaults,
  ...authFaults,
  ...customersFaults,
  ...idempotencyFaults,
  ...paginationFaults,
  ...kycFaults,
  ...creditFaults,
  ...loansFaults,
  ...webhooksFaults,
  ...securityFaults,
  ...rateLimitsFaults,
} as const;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}
