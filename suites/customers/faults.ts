import type { FaultName } from '../../lib/reference/faults.js';

/** Each customers fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'idempotent-create-duplicates', requirement: 'CUST-IDEMPOTENT-CREATE' },
  { fault: 'conflict-missing', requirement: 'CUST-CONFLICT-OTHER-EXTERNAL-ID' },
  { fault: 'patch-changes-cpf', requirement: 'CUST-IMMUTABLE-CPF-EXTERNAL-ID' },
  { fault: 'location-missing', requirement: 'CUST-CREATE-LOCATION' },
  { fault: 'cpf-filter-ignored', requirement: 'CUST-FILTER-CPF' },
  { fault: 'cpf-check-digit-ignored', requirement: 'CUST-CPF-CHECK-DIGITS' },
];
