import type { FaultCollateral, FaultProbe } from '../catalogue.js';

/** Each KYC fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: FaultProbe[] = [
  { fault: 'document-type-outside-kyc-accepted', requirement: 'KYC-UPLOAD-UNLISTED-422' },
  { fault: 'document-content-not-sniffed', requirement: 'KYC-UPLOAD-CONTENT-SNIFFED' },
  { fault: 'kyc-skips-under-review', requirement: 'KYC-UNDER-REVIEW-WHEN-COMPLETE' },
  // sdk revision: after the review request the customer must be under_review (the docs revision has no such request).
  { fault: 'kyc-skips-under-review', requirement: 'KYC-REVIEW-REQUEST' },
  { fault: 'rejection-without-message', requirement: 'KYC-REJECTION-RESUBMISSION' },
  { fault: 'mei-profile-without-ccmei', requirement: 'KYC-ITEMS-BY-PROFILE' },
  { fault: 'png-upload-refused', requirement: 'KYC-UPLOAD-LISTED' },
  { fault: 'document-location-missing', requirement: 'KYC-UPLOAD-LOCATION' },
  { fault: 'active-ignores-first-kyc-item', requirement: 'KYC-ACTIVE-WHEN-APPROVED' },
  { fault: 'active-ignores-biometrics', requirement: 'KYC-ACTIVE-WHEN-APPROVED' },
  { fault: 'patch-does-not-resume-correction', requirement: 'KYC-CORRECTION-VIA-PATCH' },
  { fault: 'biometrics-session-201', requirement: 'KYC-BIOMETRICS-SESSION' },
  { fault: 'customer-created-without-external-id', requirement: 'KYC-EVENT-CREATED' },
  { fault: 'kyc-updated-partial-array', requirement: 'KYC-EVENTS-LIFECYCLE' },
  { fault: 'kyc-uploaded-at-not-set', requirement: 'KYC-UPLOAD-LISTED', reason: 'is submitted with uploaded_at' },
  { fault: 'customer-list-status-stale', requirement: 'KYC-ACTIVE-WHEN-APPROVED', reason: 'GET /customers lists the active customer' },
  { fault: 'correction-without-message', requirement: 'KYC-CORRECTION-VIA-PATCH', reason: 'the item says what to correct' },
  { fault: 'biometrics-expiry-local-time', requirement: 'KYC-BIOMETRICS-SESSION', reason: 'expires_at is an instant' },
  { fault: 'resubmission-not-reopened', requirement: 'KYC-REJECTION-RESUBMISSION', reason: 'is submitted again' },
  { fault: 'customer-list-status-lagging', requirement: 'KYC-ACTIVE-WHEN-APPROVED' },
  { fault: 'kyc-review-202-with-body', requirement: 'KYC-REVIEW-REQUEST', reason: 'the 202 of the review request carries no body' },
  {
    fault: 'new-kyc-items-uploaded-at-set',
    requirement: 'KYC-ITEMS-BY-PROFILE',
    reason: "a new customer's items are pending, without message or upload time",
  },
  { fault: 'kyc-updated-not-fired', requirement: 'KYC-EVENTS-LIFECYCLE', reason: 'KYC item changes fire customer.kyc_updated' },
  {
    fault: 'under-review-on-first-submission',
    requirement: 'KYC-UNDER-REVIEW-WHEN-COMPLETE',
    reason: 'with items still pending the customer stays pending_kyc',
  },
  { fault: 'refused-upload-marks-submitted', requirement: 'KYC-UPLOAD-CONTENT-SNIFFED', reason: 'the refused files must leave' },
  {
    fault: 'review-starts-without-request',
    requirement: 'KYC-REVIEW-REQUEST',
    reason: 'with everything submitted but no review requested the customer stays pending_kyc',
  },
  { fault: 'business-kyc-identity-twice', requirement: 'KYC-ITEMS-BY-PROFILE', reason: 'each KYC type is listed once' },
  {
    fault: 'correction-item-kind-document',
    requirement: 'KYC-CORRECTION-VIA-PATCH',
    reason: 'the correction request shows a data item pending_correction',
  },
  { fault: 'rejection-keeps-submitted', requirement: 'KYC-REJECTION-RESUBMISSION', reason: 'reads rejected (pending_resubmission' },
  {
    fault: 'data-approval-skips-activation',
    requirement: 'KYC-CORRECTION-VIA-PATCH',
    reason: 'once the corrected item is approved the customer can become active',
  },
  { fault: 'person-profile-asked-ccmei', requirement: 'KYC-ITEMS-BY-PROFILE', reason: 'a person profile (no CNPJ) must not be asked for ccmei' },
  { fault: 'biometrics-approval-skips-activation', requirement: 'KYC-ACTIVE-WHEN-APPROVED', reason: 'approved last the customer is active' },
  { fault: 'reregistration-resets-kyc', requirement: 'KYC-ACTIVE-WHEN-APPROVED', reason: 'read again at the end, is still active' },
  { fault: 'upload-answers-first-document', requirement: 'KYC-UPLOAD-LISTED', reason: 'the answer is the submitted Document of that type' },
  { fault: 'active-event-stale-status', requirement: 'KYC-EVENTS-LIFECYCLE', reason: 'each status event carries its own status' },
  { fault: 'biometrics-session-deep-link', requirement: 'KYC-BIOMETRICS-SESSION', reason: 'session_url is an absolute URL' },
  { fault: 'rejection-counts-as-reviewed', requirement: 'KYC-REJECTION-RESUBMISSION', reason: 'a customer with a rejected item is not active' },
  { fault: 'person-profile-no-kyc-items', requirement: 'KYC-ITEMS-BY-PROFILE', reason: 'every new customer has KYC requirements' },
  { fault: 'biometrics-session-without-expiry', requirement: 'KYC-BIOMETRICS-SESSION', reason: 'createBiometricsSession' },
];

// ── Expected collateral (issue 11): other checks of this area a fault may turn red on its way, and why ──
export const faultCollateral: FaultCollateral[] = [
  {
    fault: 'active-ignores-biometrics',
    requirement: 'KYC-EVENTS-LIFECYCLE',
    why: 'customer.active fires while the biometrics item is not approved, so the last kyc_updated before it does not show every item approved',
  },
  { fault: 'kyc-skips-under-review', requirement: 'KYC-ACTIVE-WHEN-APPROVED', why: 'the customer is active while an item is still not approved' },
  { fault: 'kyc-skips-under-review', requirement: 'KYC-EVENTS-LIFECYCLE', why: 'no customer.under_review comes between created and active' },
  { fault: 'png-upload-refused', requirement: 'KYC-UPLOAD-LOCATION', why: 'its journey uploads a PNG document, now refused' },
  { fault: 'png-upload-refused', requirement: 'KYC-UNDER-REVIEW-WHEN-COMPLETE', why: 'its journey uploads a PNG document, now refused' },
  { fault: 'png-upload-refused', requirement: 'KYC-ACTIVE-WHEN-APPROVED', why: 'its journey uploads a PNG document, now refused' },
  { fault: 'png-upload-refused', requirement: 'KYC-REJECTION-RESUBMISSION', why: 'its journey uploads a PNG document, now refused' },
  { fault: 'png-upload-refused', requirement: 'KYC-CORRECTION-VIA-PATCH', why: 'its journey uploads a PNG document, now refused' },
  { fault: 'png-upload-refused', requirement: 'KYC-EVENTS-LIFECYCLE', why: 'its journey uploads a PNG document, now refused' },
  { fault: 'document-location-missing', requirement: 'KYC-UPLOAD-LISTED', why: 'it validates the 201 against the contract, which requires Location' },
  {
    fault: 'biometrics-session-201',
    requirement: 'KYC-UNDER-REVIEW-WHEN-COMPLETE',
    why: 'its journey starts a biometrics session and expects the documented 200',
  },
  { fault: 'biometrics-session-201', requirement: 'KYC-ACTIVE-WHEN-APPROVED', why: 'its journey starts a biometrics session and expects the documented 200' },
  { fault: 'biometrics-session-201', requirement: 'KYC-REJECTION-RESUBMISSION', why: 'its journey starts a biometrics session and expects the documented 200' },
  { fault: 'biometrics-session-201', requirement: 'KYC-CORRECTION-VIA-PATCH', why: 'its journey starts a biometrics session and expects the documented 200' },
  { fault: 'biometrics-session-201', requirement: 'KYC-EVENTS-LIFECYCLE', why: 'its journey starts a biometrics session and expects the documented 200' },
  // Only the sdk revision has KYC-REVIEW-REQUEST: its journey submits the selfie through a biometrics session.
  { fault: 'biometrics-session-201', requirement: 'KYC-REVIEW-REQUEST', why: 'its journey starts a biometrics session and expects the documented 200' },
  {
    fault: 'under-review-on-first-submission',
    requirement: 'KYC-ACTIVE-WHEN-APPROVED',
    why: 'it too expects pending_kyc while biometrics was never submitted, and the customer is already under_review',
  },
  {
    fault: 'business-kyc-identity-twice',
    requirement: 'KYC-UNDER-REVIEW-WHEN-COMPLETE',
    why: 'its journey registers a business customer: an upload submits the first of the twin identity items, the second stays pending',
  },
  {
    fault: 'active-ignores-first-kyc-item',
    requirement: 'KYC-REJECTION-RESUBMISSION',
    why: 'it rejects the first item after approving every other, and the activation test skips the first item, so the customer becomes active with a rejected item',
  },
  {
    fault: 'person-profile-no-kyc-items',
    requirement: 'KYC-BIOMETRICS-SESSION',
    why: 'its person customer has no biometrics requirement, so the session is refused (409)',
  },
  {
    fault: 'person-profile-no-kyc-items',
    requirement: 'KYC-EVENTS-LIFECYCLE',
    why: 'its person customer has nothing to submit or approve, so it never becomes active',
  },
  {
    fault: 'biometrics-approval-skips-activation',
    requirement: 'KYC-EVENTS-LIFECYCLE',
    why: "it approves the items in the kyc array's order, biometrics last, so its customer never becomes active",
  },
];
