// The records the reference server keeps in memory. Wire shapes are produced from them by the
// route modules (dates become ISO strings, cents become money strings).

export interface Partner {
  id: string;
  name: string;
}

export interface CredentialRecord {
  clientId: string;
  partnerId: string;
  name: string;
  /** sha-256 of the secret; the secret itself is shown once and never stored. */
  secretHash: string;
  status: 'active' | 'revoked';
  /** Rate-limit budget of this credential. */
  rateLimit: { limit: number; windowSeconds: number };
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type KycKind = 'document' | 'data';
export type KycStatus = 'pending' | 'submitted' | 'approved' | 'pending_resubmission' | 'pending_correction';
/** `denied` (blocked for good) exists only where the revision names it (the SDK's; control API `deny`). */
export type CustomerStatus = 'pending_kyc' | 'under_review' | 'active' | 'denied';

export interface KycItem {
  kind: KycKind;
  type: string;
  description: string;
  status: KycStatus;
  message: string | null;
  uploaded_at: string | null;
  /**
   * Evidence received for the item and not yet submitted for review (revisions where uploads and
   * the review request are separate steps: kyc-attachments, then kyc-review).
   */
  evidence?: KycEvidence;
  /** Sequence number of the item's latest rejection, so newer evidence reads as awaiting review. */
  rejectedSeq?: number;
  /**
   * The review was requested while this item's evidence was still to come from Dinie's own KYC app
   * (the selfie): it goes to review as soon as that evidence is complete.
   */
  reviewOnEvidence?: boolean;
}

/** What was uploaded for one KYC item: the evidence type and which of its attachments arrived. */
export interface KycEvidence {
  type: string;
  attachments: { type: string; submitted: boolean }[];
  /** Increases with every upload (compared with KycItem.rejectedSeq). */
  seq: number;
  /** The latest upload's file name (the sandbox's `kyc.reject` trigger reads it at review time). */
  filename?: string;
}

/** A KYC item as a profile needs it, before anything happened to it. */
export type KycItemTemplate = Pick<KycItem, 'kind' | 'type' | 'description'>;

export interface CustomerRecord {
  id: string;
  partnerId: string;
  status: CustomerStatus;
  /** Masked forms (`123.456.789-09`, `12.345.678/0001-90`). */
  cpf: string;
  cnpj: string | null;
  /** null when the registration did not give it (the contract's settlement of seed 001). */
  name: string | null;
  email: string | null;
  phone: string | null;
  trading_name: string | null;
  external_id: string | null;
  kyc: KycItem[];
  createdAt: Date;
  updatedAt: Date;
}

export interface DocumentRecord {
  id: string;
  customerId: string;
  type: string;
  status: 'submitted' | 'approved' | 'rejected';
  mime: string;
  size: number;
  uploadedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A webhook event as built by the kernel and handed to the dispatcher. */
export interface DinieEvent {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
  /**
   * Internal values behind `data` (cents, instants) for wires that write them differently; never
   * delivered. `data` is the documentation revision's form.
   */
  facts?: Record<string, unknown>;
}
