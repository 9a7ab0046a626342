import type { FaultInfo } from './info.js';

/** Faults of area customers: each breaks exactly one documented rule. */
export const customersFaults = {
  'idempotent-create-duplicates': { area: 'customers', breaks: 'same CPF/CNPJ + external_id creates a new customer (201) instead of 200 with the existing one' },
  'conflict-missing': { area: 'customers', breaks: 'same CPF/CNPJ with another external_id is accepted instead of 409' },
  'patch-changes-cpf': { area: 'customers', breaks: 'PATCH /customers/{id} changes `cpf`' },
  'location-missing': { area: 'customers', breaks: '201 from POST /customers has no Location header' },
  'cpf-filter-ignored': { area: 'customers', breaks: 'GET /customers?cpf= ignores the filter' },
  'cpf-check-digit-ignored': { area: 'customers', breaks: 'a CPF with a wrong check digit is accepted' },
} as const satisfies Record<string, FaultInfo>;
