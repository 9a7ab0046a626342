// The wire layer of the reference server: one object per contract revision that turns the internal
// records (cents, Dates, the one KYC engine and loan state machine) into that revision's JSON and
// back. Route modules ask `kernel.wire` for shapes and never test the revision themselves; what
// differs between revisions is written once, in wire/docs.ts and wire/sdk.ts.

import type { LoanStatus } from '../credit/loan-state.js';
import type { LoanRecord, OfferRecord, SimulationRecord, TransactionRecord } from '../credit/records.js';
import type { Kernel } from '../kernel.js';
import type { CredentialRecord, CustomerRecord, DinieEvent, KycItemTemplate } from '../model.js';
import type { FieldError } from '../problem.js';
import type { EndpointRecord } from '../webhooks/endpoints.js';

/** The contract revisions the reference server speaks (lib/spec/revisions.ts names the documents). */
export type WireRevision = 'docs' | 'sdk';
export const WIRE_REVISIONS: readonly WireRevision[] = ['docs', 'sdk'];

export type Json = Record<string, unknown>;

/** An event as it goes to a partner's endpoints (the dispatcher adds nothing but the signature). */
export interface WireEvent {
  id: string;
  type: string;
  data: Json;
  /** The instant of the event, as the revision writes it (ISO string or epoch seconds). */
  timestamp: string | number;
}

/** What registration and correction bodies may hold in this revision. */
export interface CustomerRules {
  /** Members a registration may carry. */
  createFields: readonly string[];
  /** Members a registration must carry. */
  createRequired: readonly string[];
  /** Whether `cnpj` may be null at registration. */
  cnpjNullable: boolean;
  /**
   * The other optional text members that may be null, at registration and in PATCH (`cnpj` in PATCH
   * included), as the revision's request schemas say; absent: the validators' defaults.
   */
  nullableMembers?: readonly string[];
  /** Members PATCH may change (every other known member is read-only: 422). */
  patchFields: readonly string[];
  /** Read-only members PATCH refuses with "cannot be changed after registration". */
  patchReadOnly: readonly string[];
  /** Allowed `sort` values of the customer list. */
  sorts: readonly string[];
  /** Allowed `status` filter values of the customer list. */
  statuses: readonly string[];
}

/** A simulation request as the credit module needs it. */
export interface SimulationRequestIn {
  requestedCents: number;
  installmentCount: number;
}

/** A loan request as the credit module needs it; member names are kept for the 422s. */
export interface LoanRequestIn {
  creditOfferId: string;
  simulationId: string;
  installmentCount: number;
  /** The echoed installment value as sent (compared with `Wire.echoesMoney`). */
  installmentValue: unknown;
  firstDueDate: string;
  /** The member names of this revision, for error messages. */
  names: { installmentCount: string; installmentValue: string; simulationCount: string; simulationValue: string };
}

export interface Wire {
  readonly revision: WireRevision;
  /** The idempotency header this revision declares (both spellings are honoured either way). */
  readonly idempotencyHeader: string;
  /** Whether every POST and PATCH takes part in the idempotency cache (sdk), or only the documented POSTs (docs). */
  readonly idempotentWrites: boolean;
  /** The event catalogue of this revision (what endpoints may subscribe to). */
  readonly eventTypes: readonly string[];
  /** Registration, correction and customer-list rules. */
  readonly customerRules: CustomerRules;
  /** KYC requirements a new customer of this profile gets (the engine's items). */
  kycTemplates(hasCnpj: boolean): KycItemTemplate[];
  /** The contract is generated at loan creation (the loan starts awaiting signatures). */
  readonly contractAtCreation: boolean;
  /** Simulation charges (fee, IOF) are financed on top of the requested amount, rather than deducted from it. */
  readonly chargesFinancedOnTop: boolean;
  /** Installments of the offers the credit analysis publishes by default: a fixed count, or the documented range. */
  readonly defaultInstallments: { min: number; max: number } | null;
  /** The KYC item a biometrics session stands for (`biometrics`, or the `selfie` the KYC app captures). */
  readonly biometricsItem: string;
  /** Registration fields a reviewer may ask to correct (control API `request_correction`). */
  readonly kycCorrectable: readonly string[];
  /** Whether the attachments received complete an evidence of this item type (revisions with kyc-attachments). */
  evidenceComplete(itemType: string, evidenceType: string, attachments: readonly { type: string; submitted: boolean }[]): boolean;
  /** The engine's item type named by a requirement id or item type of this revision (control API, uploads). */
  kycItemType(kernel: Kernel, c: CustomerRecord, idOrType: string): string;
  /**
   * How KYC evidence arrives: `documents` (POST /customers/{id}/documents; the review starts when
   * everything is in) or `attachments` (kyc-attachments and the KYC app's selfie, then kyc-review).
   */
  readonly kycUpload: 'documents' | 'attachments';
  /** Whether the revision has banks and customer bank accounts (GET /banks, /customers/{id}/bank-account). */
  readonly bankAccounts: boolean;
  /** Whether seeded customers always carry an e-mail and a phone (the revision's read model requires them). */
  readonly contactRequired: boolean;

  /** An instant, as this revision writes it. */
  instant(at: Date | number): string | number;
  /** Money, as this revision writes it. */
  money(cents: number): string | number;
  /** Cents of money in this revision's form, or null. */
  parseMoney(value: unknown): number | null;
  /** How money must look, for 422 messages. */
  readonly moneyWords: string;
  /** A loan status as this revision names it. */
  loanStatus(status: LoanStatus): string;

  customer(kernel: Kernel, c: CustomerRecord, opts?: { justRegistered?: boolean }): Json;
  offer(kernel: Kernel, partnerId: string, o: OfferRecord): Json;
  simulation(kernel: Kernel, sim: SimulationRecord): Json;
  loan(kernel: Kernel, loan: LoanRecord): Json;
  transaction(kernel: Kernel, tx: TransactionRecord): Json;
  endpoint(kernel: Kernel, e: EndpointRecord): Json;
  credential(kernel: Kernel, c: CredentialRecord): Json;
  rotation(kernel: Kernel, e: EndpointRecord, previousExpiresAt: Date): Json;
  /** A biometrics session's answer; `code` is the session's single-use `dinie_bsc_` code. */
  biometricsSession(kernel: Kernel, url: string, code: string, expiresAtMs: number): Json;

  /** Parses a simulation body; throws a 422 naming the members. */
  simulationRequest(kernel: Kernel, raw: unknown): SimulationRequestIn;
  /** Parses a loan body; throws a 422 naming the members. */
  loanRequest(kernel: Kernel, raw: unknown): LoanRequestIn;
  /** Whether `value` echoes `cents` as this revision writes money (faults may widen what is taken back). */
  echoesMoney(kernel: Kernel, value: unknown, cents: number): boolean;
  /** `expires_at` of a new credential: a Date, null (never), or the 422 entry. */
  credentialExpiry(value: unknown, nowMs: number): Date | null | FieldError;
  /** Seconds of grace of a rotation body; throws a 422. */
  rotationGrace(raw: unknown): number;
  /** Refuses a biometrics session body this revision does not allow; throws a 422. */
  biometricsBody(raw: unknown): void;

  /** The events an internal event becomes on this wire (none, one, or several), built now. */
  events(kernel: Kernel, partnerId: string, event: DinieEvent): WireEvent[];
  /** The body of one delivery of `event` to one endpoint (the envelope of this revision). */
  deliveryBody(event: WireEvent, endpointId: string): Json;
  /** The member a fault drops from `loan.active`: the amount the revision names there. */
  readonly loanActiveAmountMember: string;
}
