import type { FaultInfo } from './info.js';

/** Faults of area kyc: each breaks exactly one documented rule. */
export const kycFaults = {
  'document-type-outside-kyc-accepted': { area: 'kyc', breaks: 'a document of a type not in `kyc` is accepted instead of 422' },
  'document-content-not-sniffed': { area: 'kyc', breaks: 'a text file named .pdf is accepted as a PDF' },
  'kyc-skips-under-review': { area: 'kyc', breaks: 'the customer goes from pending_kyc to active without under_review' },
  'rejection-without-message': { area: 'kyc', breaks: 'a rejected item becomes pending_resubmission with `message: null`' },
  'mei-profile-without-ccmei': { area: 'kyc', breaks: 'a business (CNPJ/MEI) profile is not asked for the ccmei document' },
  'png-upload-refused': { area: 'kyc', breaks: 'a listed document uploaded as PNG is refused (only PDF and JPEG accepted)' },
  'document-location-missing': { area: 'kyc', breaks: 'the 201 of a document upload has no Location header' },
  'active-ignores-first-kyc-item': { area: 'kyc', breaks: 'the customer becomes active while its first KYC item is not yet approved' },
  'active-ignores-biometrics': {
    area: 'kyc',
    breaks: 'the activation test counts only uploaded documents: the customer becomes active with its biometrics capture missing or unreviewed',
  },
  'patch-does-not-resume-correction': { area: 'kyc', breaks: 'a PATCH correcting the data leaves the item pending_correction' },
  'biometrics-session-201': { area: 'kyc', breaks: 'starting a biometrics session answers 201 instead of 200' },
  'customer-created-without-external-id': { area: 'kyc', breaks: 'customer.created carries external_id null instead of the registered one' },
  'kyc-updated-partial-array': { area: 'kyc', breaks: 'customer.kyc_updated carries only the changed item, not the full kyc array' },
  'kyc-uploaded-at-not-set': { area: 'kyc', breaks: "an uploaded document's item becomes submitted with `uploaded_at` still null" },
  'customer-list-status-stale': {
    area: 'kyc',
    breaks: 'GET /customers shows an active customer as under_review (the list reads a status projection that missed the activation)',
  },
  'correction-without-message': { area: 'kyc', breaks: 'a data item put in pending_correction carries `message: null`, not what to correct' },
  'biometrics-expiry-local-time': {
    area: 'kyc',
    breaks: "a biometrics session's expires_at is São Paulo time marked as UTC, so it reads three hours early (already past)",
  },
  'resubmission-not-reopened': {
    area: 'kyc',
    breaks: 'a document uploaded for a rejected item is stored, but the item stays pending_resubmission (never reviewed again)',
  },
  'customer-list-status-lagging': {
    area: 'kyc',
    breaks: 'GET /customers lags one status behind (a customer under review is listed pending_kyc, an active one under_review)',
  },
  'kyc-review-202-with-body': { area: 'kyc', breaks: 'the 202 of POST /customers/{id}/kyc-review carries the customer as its body instead of none' },
  'new-kyc-items-uploaded-at-set': { area: 'kyc', breaks: "a new customer's KYC items carry uploaded_at (the registration time) before anything is uploaded" },
  'kyc-updated-not-fired': { area: 'kyc', breaks: 'KYC item changes are stored but customer.kyc_updated never fires' },
  'under-review-on-first-submission': {
    area: 'kyc',
    breaks: 'the customer becomes under_review as soon as one KYC item is submitted, with others still pending',
  },
  'refused-upload-marks-submitted': {
    area: 'kyc',
    breaks: 'an upload refused for its content (415) still leaves its item submitted: the item is marked before the file is judged',
  },
  'review-starts-without-request': {
    area: 'kyc',
    breaks: 'complete KYC evidence goes to review at once: the customer is under_review before POST /customers/{id}/kyc-review (sdk revision)',
  },
  'business-kyc-identity-twice': {
    area: 'kyc',
    breaks: "a business (CNPJ/MEI) profile lists the owner's identity documents twice (from the person rules and again from the business rules)",
  },
  'person-profile-asked-ccmei': { area: 'kyc', breaks: 'a person profile (no CNPJ) is asked for the ccmei document, as a business would be' },
  'correction-item-kind-document': {
    area: 'kyc',
    breaks: "a correction request's item for a registration field reads kind document (the item factory's default), not data",
  },
  'rejection-keeps-submitted': {
    area: 'kyc',
    breaks: "a rejected document keeps status submitted (the reviewer's message is stored, the status never moves to pending_resubmission)",
  },
  'data-approval-skips-activation': {
    area: 'kyc',
    breaks: 'a customer whose last approved item is a data item (a corrected field) stays under_review: only document approvals test for activation',
  },
  'biometrics-approval-skips-activation': {
    area: 'kyc',
    breaks:
      "a customer whose last approved item is its biometrics capture stays under_review: the capture vendor's result handler stores the approval but never tests for activation",
  },
  'reregistration-resets-kyc': {
    area: 'kyc',
    breaks:
      'registering an existing customer again (same CPF and external_id) answers 200 with it, but the upsert rewrites its KYC: an active customer is back to pending_kyc with fresh items',
  },
  'upload-answers-first-document': {
    area: 'kyc',
    breaks:
      "the 201 of a document upload answers the customer's first document, not the one just stored (the answer is read back by customer, not by the new id)",
  },
  'active-event-stale-status': {
    area: 'kyc',
    breaks: 'customer.active carries data.status under_review: the event is built from the record as read before the activation was written',
  },
  'biometrics-session-deep-link': {
    area: 'kyc',
    breaks:
      "a biometrics session's session_url is the KYC app's deep link (dinie://biometrics/…), not an http(s) URL the partner can redirect to or embed in a webview",
  },
  'rejection-counts-as-reviewed': {
    area: 'kyc',
    breaks:
      'the activation test asks whether every item was reviewed, not approved: a customer whose other items are approved becomes active when its last document is rejected',
  },
  'person-profile-no-kyc-items': {
    area: 'kyc',
    breaks: "a person profile (no CNPJ) is registered with an empty kyc array: the requirements are looked up by the customer's CNPJ",
  },
  'biometrics-session-without-expiry': {
    area: 'kyc',
    breaks: "a biometrics session is answered without expires_at: the capture vendor's session carries none and the answer adds none",
  },
} as const satisfies Record<string, FaultInfo>;
