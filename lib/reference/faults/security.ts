import type { FaultInfo } from './info.js';

/** Faults of area security: each breaks exactly one documented rule. */
export const securityFaults = {
  'cross-partner-read': { area: 'security', breaks: "a partner can GET another partner's customer" },
  'cross-partner-child-path': { area: 'security', breaks: "a partner can list transactions of another partner's loan" },
  'server-error-on-malformed-json': { area: 'security', breaks: 'a malformed JSON body yields a 500 with a stack trace' },
  'cross-partner-update': { area: 'security', breaks: "a partner can PATCH another partner's customer" },
  'cross-partner-list-filter': { area: 'security', breaks: "GET /customers?cpf= finds other partners' customers" },
  'cross-partner-403': { area: 'security', breaks: "another partner's customer answers 403 (revealing it exists), not 404" },
  'unknown-offer-id-422': { area: 'security', breaks: 'an unknown credit offer id answers 422, not 404' },
  'failed-create-persists': { area: 'security', breaks: 'a customer refused for an invalid email is stored anyway' },
  'json-array-body-500': { area: 'security', breaks: 'a JSON array as the body of POST /customers yields a 500' },
  'malformed-json-stack-in-problem': { area: 'security', breaks: "the 400 problem for malformed JSON carries the parser's stack trace" },
  'names-html-escaped': { area: 'security', breaks: 'customer names are stored HTML-escaped, not as sent' },
  'refused-endpoint-stored': { area: 'security', breaks: 'a webhook endpoint refused for an invalid url is stored anyway (and listed)' },
  'cross-partner-update-404-after-write': {
    area: 'security',
    breaks: "another partner's PATCH /customers/{id} is answered 404 but applied (ownership checked after the write)",
  },
  'cross-partner-delete-404-after-delete': {
    area: 'security',
    breaks: "another partner's DELETE /webhooks/endpoints/{id} is answered 404 but deletes the endpoint (ownership checked after the delete)",
  },
  'offer-filter-foreign-customer-500': {
    area: 'security',
    breaks: "GET /credit-offers?customer_id= naming another partner's customer answers 500 (the filter finds it in every partner's records)",
  },
  'invalid-email-500': { area: 'security', breaks: "POST /customers with an e-mail address without '@' answers 500, not a 4xx problem" },
  'endpoint-invalid-url-500': { area: 'security', breaks: 'POST /webhooks/endpoints with a url that is no URL answers 500, not a 4xx problem' },
} as const satisfies Record<string, FaultInfo>;
