import type { FaultName } from '../../lib/reference/faults.js';

/** Each security fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'cross-partner-read', requirement: 'SEC-ISOLATION-READ' },
  { fault: 'cross-partner-child-path', requirement: 'SEC-ISOLATION-CHILD-PATH' },
  { fault: 'server-error-on-malformed-json', requirement: 'SEC-MALFORMED-JSON-REFUSED' },
];
