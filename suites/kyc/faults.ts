import type { FaultName } from '../../lib/reference/faults.js';

/** Each KYC fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'document-type-outside-kyc-accepted', requirement: 'KYC-UPLOAD-UNLISTED-422' },
  { fault: 'document-content-not-sniffed', requirement: 'KYC-UPLOAD-CONTENT-SNIFFED' },
  { fault: 'kyc-skips-under-review', requirement: 'KYC-UNDER-REVIEW-WHEN-COMPLETE' },
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
];
