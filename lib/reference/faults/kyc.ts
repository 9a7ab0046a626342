import type { FaultInfo } from './info.js';

/** Faults of area kyc: each breaks exactly one documented rule. */
export const kycFaults = {
  'document-type-outside-kyc-accepted': { area: 'kyc', breaks: 'a document of a type not in `kyc` is accepted instead of 422' },
  'document-content-not-sniffed': { area: 'kyc', breaks: 'a text file named .pdf is accepted as a PDF' },
  'kyc-skips-under-review': { area: 'kyc', breaks: 'the customer goes from pending_kyc to active without under_review' },
  'rejection-without-message': { area: 'kyc', breaks: 'a rejected item becomes pending_resubmission with `message: null`' },
} as const satisfies Record<string, FaultInfo>;
