import type { FaultName } from '../../lib/reference/faults.js';

/** Each KYC fault of the reference server and the requirement whose check must turn red on it. */
export const faultProbes: { fault: FaultName; requirement: string }[] = [
  { fault: 'document-type-outside-kyc-accepted', requirement: 'KYC-UPLOAD-UNLISTED-422' },
  { fault: 'document-content-not-sniffed', requirement: 'KYC-UPLOAD-CONTENT-SNIFFED' },
  { fault: 'kyc-skips-under-review', requirement: 'KYC-UNDER-REVIEW-WHEN-COMPLETE' },
  { fault: 'rejection-without-message', requirement: 'KYC-REJECTION-RESUBMISSION' },
];
