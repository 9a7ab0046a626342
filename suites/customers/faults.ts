import type { FaultName } from '../../lib/reference/faults.js';

/** Each customers fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'idempotent-create-duplicates', requirement: 'CUST-IDEMPOTENT-CREATE' },
  { fault: 'conflict-missing', requirement: 'CUST-CONFLICT-OTHER-EXTERNAL-ID' },
  { fault: 'patch-changes-cpf', requirement: 'CUST-IMMUTABLE-CPF-EXTERNAL-ID' },
  { fault: 'location-missing', requirement: 'CUST-CREATE-LOCATION' },
  { fault: 'cpf-filter-ignored', requirement: 'CUST-FILTER-CPF' },
  { fault: 'cpf-check-digit-ignored', requirement: 'CUST-CPF-CHECK-DIGITS' },
  { fault: 'cpf-check-digit-checked-late', requirement: 'CUST-CPF-CHECK-DIGITS' },
  { fault: 'new-customer-kyc-missing', requirement: 'CUST-CREATE-201-PENDING-KYC' },
  { fault: 'registration-500', requirement: 'CUST-CREATE-201-PENDING-KYC' },
  { fault: 'cpf-format-sensitive', requirement: 'CUST-IDEMPOTENT-ACROSS-FORMATS' },
  { fault: 'cpf-not-required', requirement: 'CUST-CREATE-REQUIRES-CPF' },
  { fault: 'validation-errors-unnamed', requirement: 'CUST-VALIDATION-422-ERRORS' },
  { fault: 'get-customer-cnpj-unmasked', requirement: 'CUST-RETRIEVE-SAME' },
  { fault: 'unknown-customer-200', requirement: 'CUST-UNKNOWN-404' },
  { fault: 'patch-phone-ignored', requirement: 'CUST-PATCH-CONTACT' },
  { fault: 'external-id-filter-ignored', requirement: 'CUST-FILTER-EXTERNAL-ID' },
  { fault: 'status-filter-ignored', requirement: 'CUST-FILTER-STATUS' },
];
