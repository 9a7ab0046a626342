import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each customers fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
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
  { fault: 'patch-replaces-customer', requirement: 'CUST-PATCH-CONTACT', reason: 'the update must leave the identity untouched' },
  { fault: 'new-customer-shown-active', requirement: 'CUST-CREATE-201-PENDING-KYC', reason: 'a new customer must be pending_kyc' },
  { fault: 'created-answer-without-external-id', requirement: 'CUST-CREATE-201-PENDING-KYC', reason: 'the customer must carry its external_id' },
  { fault: 'name-uppercased-on-create', requirement: 'CUST-CREATE-201-PENDING-KYC', reason: 'name, email and phone must be stored as sent' },
  { fault: 'registration-422-code-generic', requirement: 'CUST-VALIDATION-422-ERRORS', reason: 'the problem code must be validation_failed' },
  { fault: 'cpf-filter-joins-kyc', requirement: 'CUST-FILTER-CPF', reason: 'exactly one customer has the CPF' },
  { fault: 'external-id-filter-joins-kyc', requirement: 'CUST-FILTER-EXTERNAL-ID', reason: 'exactly one customer has this external_id' },
  { fault: 'reregistration-answers-new-id', requirement: 'CUST-IDEMPOTENT-CREATE', reason: 'the repeat must return the existing customer' },
  {
    fault: 'reregistration-answers-new-id',
    requirement: 'CUST-IDEMPOTENT-ACROSS-FORMATS',
    reason: 'plain digits name the same customer as the masked form',
  },
  { fault: 'conflict-missing-cpf-only', requirement: 'CUST-CONFLICT-OTHER-EXTERNAL-ID', reason: 'the same CPF with another external_id' },
  { fault: 'cnpj-check-digit-ignored', requirement: 'CUST-CPF-CHECK-DIGITS', reason: 'POST /customers with the CNPJ' },
  { fault: 'patch-immutable-500', requirement: 'CUST-IMMUTABLE-CPF-EXTERNAL-ID', reason: 'answered 500' },
  { fault: 'patch-answer-echoes-body', requirement: 'CUST-IMMUTABLE-CPF-EXTERNAL-ID', reason: 'the PATCH answer shows a changed immutable member' },
  { fault: 'patch-contact-unsaved', requirement: 'CUST-PATCH-CONTACT', reason: 'GET must show the new email and phone' },
  { fault: 'get-business-customer-500', requirement: 'CUST-RETRIEVE-SAME', reason: 'GET /customers/{id}' },
  { fault: 'patch-answers-204', requirement: 'CUST-PATCH-CONTACT', reason: 'PATCH /customers/{id} with email and phone' },
  { fault: 'patch-answer-omits-kyc', requirement: 'CUST-PATCH-CONTACT', reason: 'updateCustomer' },
  { fault: 'patch-refusal-not-problem', requirement: 'CUST-IMMUTABLE-CPF-EXTERNAL-ID', reason: 'PATCH cpf' },
  { fault: 'cnpj-required', requirement: 'CUST-CONFLICT-OTHER-EXTERNAL-ID', reason: 'first registration (CPF only)' },
  {
    fault: 'created-answer-cpf-check-digits-unset',
    requirement: 'CUST-CREATE-201-PENDING-KYC',
    reason: 'the customer must carry the CPF it was registered with',
  },
  { fault: 'active-filter-derived-from-kyc', requirement: 'CUST-FILTER-STATUS', reason: 'status=active returned a customer that is pending_kyc' },
  // Contract-area faults that also reach a customers judgement of their own (the customers checks
  // do not run under them otherwise).
  { fault: 'response-missing-field', requirement: 'CUST-RETRIEVE-SAME', reason: 'getCustomer' },
  { fault: 'customer-filter-no-match-500', requirement: 'CUST-CPF-CHECK-DIGITS', reason: 'GET /customers?external_id= after the refusals' },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  ...(
    [
      'CUST-CREATE-LOCATION',
      'CUST-IDEMPOTENT-CREATE',
      'CUST-IMMUTABLE-CPF-EXTERNAL-ID',
      'CUST-PATCH-CONTACT',
      'CUST-FILTER-CPF',
      'CUST-FILTER-EXTERNAL-ID',
      'CUST-FILTER-STATUS',
    ] as const
  ).map((requirement) => ({
    fault: 'cnpj-required' as const,
    requirement,
    why: 'it registers a person (CPF only) first, which is now refused',
  })),
  {
    fault: 'external-id-filter-joins-kyc',
    requirement: 'CUST-IDEMPOTENT-CREATE',
    why: 'it counts the customers of the external_id through that filter, which lists the one customer several times',
  },
  { fault: 'new-customer-shown-active', requirement: 'CUST-RETRIEVE-SAME', why: 'GET shows the stored pending_kyc the 201 misstated' },
  ...(['CUST-RETRIEVE-SAME', 'CUST-IMMUTABLE-CPF-EXTERNAL-ID', 'CUST-PATCH-CONTACT'] as const).map((requirement) => ({
    fault: 'created-answer-cpf-check-digits-unset' as const,
    requirement,
    why: 'it compares a later read with the registration 201, whose CPF the fault misstates (GET shows the stored one)',
  })),
  ...(['CUST-RETRIEVE-SAME', 'CUST-IMMUTABLE-CPF-EXTERNAL-ID', 'CUST-PATCH-CONTACT', 'CUST-FILTER-EXTERNAL-ID'] as const).map((requirement) => ({
    fault: 'created-answer-without-external-id' as const,
    requirement,
    why: 'it takes the customer (its external_id) from the 201, which lost the reference the server stored',
  })),
  {
    fault: 'idempotent-create-duplicates',
    requirement: 'CUST-IDEMPOTENT-ACROSS-FORMATS',
    why: 're-registration in the other format is a re-registration, which now creates a second customer',
  },
  {
    fault: 'conflict-missing',
    requirement: 'CUST-IDEMPOTENT-ACROSS-FORMATS',
    why: 'it also registers the plain-digit CPF under another external_id and expects the conflict',
  },
  { fault: 'location-missing', requirement: 'CUST-CREATE-201-PENDING-KYC', why: 'it validates the 201 against the contract, which requires Location' },
  { fault: 'new-customer-kyc-missing', requirement: 'CUST-RETRIEVE-SAME', why: 'GET shows the KYC items the 201 left out' },
  { fault: 'external-id-filter-ignored', requirement: 'CUST-IDEMPOTENT-CREATE', why: 'it counts the customers of the external_id through that filter' },
  { fault: 'registration-500', requirement: 'CUST-CREATE-LOCATION', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-IDEMPOTENT-CREATE', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-IDEMPOTENT-ACROSS-FORMATS', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-CONFLICT-OTHER-EXTERNAL-ID', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-RETRIEVE-SAME', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-IMMUTABLE-CPF-EXTERNAL-ID', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-PATCH-CONTACT', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-FILTER-CPF', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-FILTER-EXTERNAL-ID', why: 'it registers a customer first, which fails' },
  { fault: 'registration-500', requirement: 'CUST-FILTER-STATUS', why: 'it registers a customer first, which fails' },
  {
    fault: 'registration-500',
    requirement: 'CUST-CPF-CHECK-DIGITS',
    why: 'every registration answers 500, so the refusal it expects cannot be told from the breakdown',
  },
  {
    fault: 'registration-500',
    requirement: 'CUST-CREATE-REQUIRES-CPF',
    why: 'every registration answers 500, so the refusal it expects cannot be told from the breakdown',
  },
  {
    fault: 'registration-500',
    requirement: 'CUST-VALIDATION-422-ERRORS',
    why: 'every registration answers 500, so the refusal it expects cannot be told from the breakdown',
  },
];
