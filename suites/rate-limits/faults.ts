import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each rate-limit fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
  { fault: 'rate-limit-headers-missing', requirement: 'RATE-HEADERS-PRESENT' },
  { fault: 'retry-after-missing', requirement: 'RATE-429-RETRY-AFTER' },
  { fault: 'rate-remaining-not-decremented', requirement: 'RATE-REMAINING-COUNTS-DOWN' },
  { fault: 'rate-limit-wrong-code', requirement: 'RATE-429-PROBLEM' },
  { fault: 'retry-after-fractional', requirement: 'RATE-429-RETRY-AFTER', reason: 'Retry-After is not a whole number of seconds' },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  { fault: 'rate-limit-headers-missing', requirement: 'RATE-REMAINING-COUNTS-DOWN', why: 'without the headers there is no Remaining to count down' },
];
