import type { FaultInfo } from './info.js';

/** Faults of area customers: each breaks exactly one documented rule. */
export const customersFaults = {
  'idempotent-create-duplicates': {
    area: 'customers',
    breaks: 'same CPF/CNPJ + external_id creates a new customer (201) instead of 200 with the existing one',
  },
  'conflict-missing': { area: 'customers', breaks: 'same CPF/CNPJ with another external_id is accepted instead of 409' },
  'patch-changes-cpf': { area: 'customers', breaks: 'PATCH /customers/{id} changes `cpf`' },
  'location-missing': { area: 'customers', breaks: '201 from POST /customers has no Location header' },
  'cpf-filter-ignored': { area: 'customers', breaks: 'GET /customers?cpf= ignores the filter' },
  'cpf-check-digit-ignored': { area: 'customers', breaks: 'a CPF with a wrong check digit is accepted' },
  'cpf-check-digit-checked-late': { area: 'customers', breaks: 'a CPF with a wrong check digit is refused with 422, but only after the customer was stored' },
  'new-customer-kyc-missing': { area: 'customers', breaks: 'the 201 of a registration carries an empty `kyc` array instead of what the profile needs' },
  'cpf-format-sensitive': {
    area: 'customers',
    breaks: 'a CPF/CNPJ sent as plain digits is not recognised as the same one sent masked: re-registration creates a second customer',
  },
  'cpf-not-required': { area: 'customers', breaks: 'a registration without `cpf` is accepted' },
  'validation-errors-unnamed': {
    area: 'customers',
    breaks: 'the 422 of an invalid registration has errors[] entries whose `field` is empty (the name only in the message)',
  },
  'get-customer-cnpj-unmasked': { area: 'customers', breaks: 'GET /customers/{id} shows the CNPJ as plain digits while registration answered it masked' },
  'unknown-customer-200': { area: 'customers', breaks: 'GET /customers/{id} of an id that does not exist answers 200 with null instead of 404' },
  'patch-phone-ignored': { area: 'customers', breaks: 'PATCH /customers/{id} answers 200 but does not store the new phone' },
  'external-id-filter-ignored': { area: 'customers', breaks: 'GET /customers?external_id= ignores the filter' },
  'registration-500': { area: 'customers', breaks: 'POST /customers fails with a 500 for every valid registration (a broken dependency), creating nothing' },
  'status-filter-ignored': { area: 'customers', breaks: 'GET /customers?status= ignores the filter' },
  'patch-replaces-customer': {
    area: 'customers',
    breaks: 'PATCH /customers/{id} replaces the customer: the optional members the body leaves out (external_id, trading_name) become null',
  },
  'new-customer-shown-active': {
    area: 'customers',
    breaks: 'the 201 of a registration says `active` (status derived as "every submitted KYC item approved", true of none) while the customer is pending_kyc',
  },
  'created-answer-without-external-id': { area: 'customers', breaks: 'the 201 of a registration carries external_id null, though the reference is stored' },
  'name-uppercased-on-create': { area: 'customers', breaks: 'registration stores the name in capitals instead of as sent' },
  'registration-422-code-generic': {
    area: 'customers',
    breaks: 'an invalid registration is refused with 422 whose code is `invalid_request`, not `validation_failed`',
  },
  'cpf-filter-joins-kyc': { area: 'customers', breaks: 'GET /customers?cpf= lists the customer once per KYC item (a join without DISTINCT)' },
  'external-id-filter-joins-kyc': { area: 'customers', breaks: 'GET /customers?external_id= lists the customer once per KYC item (a join without DISTINCT)' },
  'reregistration-answers-new-id': {
    area: 'customers',
    breaks: 're-registering the same CPF/CNPJ + external_id answers 200 with a new id, not the existing customer',
  },
  'conflict-missing-cpf-only': {
    area: 'customers',
    breaks: 'a CPF-only registration with a known CPF and another external_id is accepted (conflicts looked for only with a CNPJ)',
  },
  'cnpj-check-digit-ignored': { area: 'customers', breaks: 'a CNPJ with a wrong check digit is accepted' },
  'patch-immutable-500': { area: 'customers', breaks: 'PATCH /customers/{id} naming cpf or external_id fails with 500 instead of refusing or ignoring it' },
  'patch-answer-echoes-body': {
    area: 'customers',
    breaks: 'PATCH /customers/{id} ignores external_id but its 200 answer shows the body merged in, the new external_id included',
  },
  'patch-contact-unsaved': { area: 'customers', breaks: 'PATCH /customers/{id} answers the new email and phone but does not store them' },
  'get-business-customer-500': { area: 'customers', breaks: 'GET /customers/{id} of a customer with a CNPJ fails with 500' },
  'patch-answers-204': { area: 'customers', breaks: 'PATCH /customers/{id} answers 204 No Content instead of 200 with the updated customer' },
  'patch-answer-omits-kyc': { area: 'customers', breaks: 'the 200 of PATCH /customers/{id} leaves out the required `kyc` array' },
  'patch-refusal-not-problem': { area: 'customers', breaks: 'a refused PATCH /customers/{id} answers 422 with a bare {error} JSON body, not a problem' },
  'cnpj-required': { area: 'customers', breaks: 'a registration without `cnpj` (a person, CPF only) is refused 422' },
  'created-answer-cpf-check-digits-unset': {
    area: 'customers',
    breaks:
      'the 201 of a registration shows the CPF as its 9 base digits zero-padded to 11 (check digits kept apart, not yet joined in), though the right CPF is stored',
  },
  'active-filter-derived-from-kyc': {
    area: 'customers',
    breaks:
      'GET /customers?status=active answers from a view of customers with no submitted KYC item unapproved, so new pending_kyc customers are listed, shown active',
  },
} as const satisfies Record<string, FaultInfo>;
