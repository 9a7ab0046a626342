import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each security fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
  { fault: 'cross-partner-read', requirement: 'SEC-ISOLATION-READ' },
  { fault: 'cross-partner-child-path', requirement: 'SEC-ISOLATION-CHILD-PATH' },
  { fault: 'server-error-on-malformed-json', requirement: 'SEC-MALFORMED-JSON-REFUSED' },
  { fault: 'cross-partner-update', requirement: 'SEC-ISOLATION-CHANGE' },
  { fault: 'cross-partner-list-filter', requirement: 'SEC-ISOLATION-LIST' },
  { fault: 'cross-partner-403', requirement: 'SEC-ISOLATION-NOT-FOUND' },
  { fault: 'unknown-offer-id-422', requirement: 'SEC-UNKNOWN-ID-404' },
  { fault: 'failed-create-persists', requirement: 'SEC-FAILED-CREATE-LEAVES-NOTHING' },
  { fault: 'json-array-body-500', requirement: 'SEC-HOSTILE-NO-5XX' },
  { fault: 'malformed-json-stack-in-problem', requirement: 'SEC-NO-LEAKS' },
  { fault: 'names-html-escaped', requirement: 'SEC-STRINGS-STORED-VERBATIM' },
  { fault: 'cross-partner-update-404-after-write', requirement: 'SEC-ISOLATION-CHANGE', reason: "partner A's customer changed after partner B's attempts" },
  { fault: 'cross-partner-delete-404-after-delete', requirement: 'SEC-ISOLATION-CHANGE', reason: "partner A's endpoint changed or vanished" },
  { fault: 'offer-filter-foreign-customer-500', requirement: 'SEC-ISOLATION-LIST', reason: 'as partner B: server error' },
  { fault: 'invalid-email-500', requirement: 'SEC-FAILED-CREATE-LEAVES-NOTHING', reason: 'a customer with an invalid email' },
  { fault: 'endpoint-invalid-url-500', requirement: 'SEC-FAILED-CREATE-LEAVES-NOTHING', reason: 'a webhook endpoint with an invalid url' },
  { fault: 'refused-endpoint-stored', requirement: 'SEC-FAILED-CREATE-LEAVES-NOTHING', reason: 'the refused endpoint is listed' },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  { fault: 'invalid-email-500', requirement: 'SEC-HOSTILE-NO-5XX', why: "its hostile member values put text without '@' in email, met by the same 500" },
  {
    fault: 'endpoint-invalid-url-500',
    requirement: 'SEC-HOSTILE-NO-5XX',
    why: 'its hostile member values put text that is no URL in url, met by the same 500',
  },
  { fault: 'cross-partner-read', requirement: 'SEC-ISOLATION-NOT-FOUND', why: "another partner's resource is reached instead of answered 404" },
  { fault: 'cross-partner-child-path', requirement: 'SEC-ISOLATION-NOT-FOUND', why: "another partner's resource is reached instead of answered 404" },
  { fault: 'cross-partner-update', requirement: 'SEC-ISOLATION-NOT-FOUND', why: "another partner's resource is reached instead of answered 404" },
  { fault: 'server-error-on-malformed-json', requirement: 'SEC-HOSTILE-NO-5XX', why: 'a truncated JSON body is hostile input too, answered 500' },
  { fault: 'server-error-on-malformed-json', requirement: 'SEC-NO-LEAKS', why: 'the 500 carries the stack trace' },
  {
    fault: 'unknown-offer-id-422',
    requirement: 'SEC-ISOLATION-READ',
    why: "another partner's offer is unknown to this one, so it is answered 422 instead of 404",
  },
  {
    fault: 'unknown-offer-id-422',
    requirement: 'SEC-ISOLATION-CHANGE',
    why: "another partner's offer is unknown to this one, so it is answered 422 instead of 404",
  },
  {
    fault: 'unknown-offer-id-422',
    requirement: 'SEC-ISOLATION-NOT-FOUND',
    why: "another partner's offer is unknown to this one, so it is answered 422 instead of 404",
  },
];
