// The KYC journey step, one adapter for both ways a contract can declare it (dialect.ts):
// - `documents` (documentation revision): the customer's `kyc` items, one upload per item type
//   (multipart `type` + `file`), biometrics for the `biometrics` item; review starts by itself.
// - `attachments` (SDK revision): discriminated requirements, attachments per requirement
//   (`requirement_id`, `evidence_type`, `attachment_type`, `file` or `value`), the selfie through
//   the biometrics session (the selfie route takes only the KYC app's session token), then
//   `POST …/kyc-review`.
// Checks see one view of a requirement (KycNeed) and call these steps; no check branches on the revision.
import type { ApiClient, ApiRequest, ApiResponse, CheckContext } from '../../checks/context.js';
import { type OpenApiDocument, type SchemaObject, schemaObject } from '../../spec/openapi.js';
import { sampleFor, type UploadFile } from '../files.js';
import { expectStatus } from '../http.js';
import { memberOf } from '../json.js';
import { type Dialect, dialectOf } from './dialect.js';

/** Where a requirement stands, in the words both revisions share. */
export type KycState = 'open' | 'submitted' | 'approved' | 'rejected' | 'correction';

/** One KYC requirement of a customer, whichever revision lists it. */
export interface KycNeed {
  /** What uploads and the driver name it by: the item `type` (docs), the `requirement_id` (sdk). */
  key: string;
  /** Its type: `kyc[].type` (docs), `requirement_type` (sdk). */
  type: string;
  /** The partner uploads evidence for it through the API (not the biometrics session). */
  uploadable: boolean;
  /** Completed through the biometrics session (docs `biometrics` item, sdk `selfie` requirement). */
  biometric: boolean;
  state: KycState;
  /** The reviewer's words (docs `message`, sdk `submitted.review_reason`). */
  message: string | null;
  /** The item as the target wrote it. */
  raw: unknown;
}

const DOCS_STATE: Record<string, KycState> = {
  pending: 'open',
  submitted: 'submitted',
  approved: 'approved',
  pending_resubmission: 'rejected',
  pending_correction: 'correction',
};
const REVIEW_STATE: Record<string, KycState> = { pending: 'submitted', accepted: 'approved', rejected: 'rejected' };

function needOf(d: Dialect, item: unknown): KycNeed {
  const at = (key: string) => memberOf(item, key);
  if (d.kyc.kind === 'documents') {
    const type = String(at('type') ?? '');
    const message = at('message');
    return {
      key: type,
      type,
      uploadable: at('kind') === 'document' && type !== 'biometrics',
      biometric: type === 'biometrics',
      state: DOCS_STATE[String(at('status'))] ?? 'open',
      message: typeof message === 'string' ? message : null,
      raw: item,
    };
  }
  const type = String(at('requirement_type') ?? '');
  const sub = at('submitted');
  const attachments = memberOf(sub, 'attachments');
  const partial = Array.isArray(attachments) && attachments.some((a) => memberOf(a, 'submitted') === false);
  const review = memberOf(sub, 'review_status');
  const reason = memberOf(sub, 'review_reason');
  const state: KycState = !sub || partial ? (review === 'rejected' ? 'rejected' : 'open') : (REVIEW_STATE[String(review)] ?? 'submitted');
  return {
    key: String(at('requirement_id') ?? type),
    type,
    uploadable: type !== 'selfie',
    biometric: type === 'selfie',
    state,
    message: typeof reason === 'string' ? reason : null,
    raw: item,
  };
}

/** The customer's KYC requirements as KycNeeds (empty when it lists none yet). */
export function kycNeeds(ctx: CheckContext | Dialect, customer: { kyc?: unknown } | undefined): KycNeed[] {
  const d = 'kyc' in ctx && 'money' in ctx ? (ctx as Dialect) : dialectOf((ctx as CheckContext).contract);
  return Array.isArray(customer?.kyc) ? customer.kyc.map((i) => needOf(d, i)) : [];
}

/** Whether the partner still has to act on it (upload, resubmit, biometrics). */
export const needsAction = (n: KycNeed) => n.state === 'open' || n.state === 'rejected';

/** The evidence and attachment types the document's requirement variant takes (sdk revision). */
export function evidenceFor(doc: OpenApiDocument | undefined, requirementType: string): { evidence: string; attachments: string[]; value: boolean } {
  const sub = submittedOf(doc, requirementType);
  const evidence = schemaObject(sub?.evidence_type);
  const evidences = (Array.isArray(evidence.enum) ? evidence.enum : evidence.const ? [evidence.const] : [requirementType]).map(String);
  const kinds = attachmentTypes(sub)?.map(String) ?? ['file'];
  // One upload of a whole `file` when the requirement takes one (identity: a digital licence);
  // otherwise every part it names (ei_mei: the registration requirement and the ccmei).
  const attachments = kinds.includes('file') ? ['file'] : kinds;
  return { evidence: evidences[0]!, attachments, value: requirementType === 'email' };
}

/** Whether the document's requirement variant takes this evidence type and attachment type (sdk revision). */
export function evidenceFits(doc: OpenApiDocument | undefined, requirementType: string, evidenceType: unknown, attachmentType: unknown): boolean {
  const sub = submittedOf(doc, requirementType);
  if (!sub) return true;
  const evidence = schemaObject(sub.evidence_type);
  const evidences: unknown[] = Array.isArray(evidence.enum) ? evidence.enum : evidence.const !== undefined ? [evidence.const] : [];
  const kinds: unknown[] = attachmentTypes(sub) ?? [];
  return (!evidences.length || evidences.includes(evidenceType)) && (!kinds.length || kinds.includes(attachmentType));
}

/** The members of `submitted` in the document's KycRequirement variant for this type (sdk revision). */
function submittedOf(doc: OpenApiDocument | undefined, requirementType: string): SchemaObject['properties'] {
  const schemas = doc?.components?.schemas ?? {};
  const ref = schemaObject(schemas.KycRequirement).discriminator?.mapping?.[requirementType];
  if (typeof ref !== 'string') return undefined;
  const variant = schemaObject(schemas[ref.split('/').pop()!]);
  return schemaObject(variant.properties?.submitted).properties;
}

/** The `attachment_type` values a variant's `submitted.attachments[]` allows, when it lists them. */
function attachmentTypes(sub: SchemaObject['properties']): unknown[] | undefined {
  const item = schemaObject(schemaObject(sub?.attachments).items);
  const values = schemaObject(item.properties?.attachment_type).enum;
  return Array.isArray(values) ? values : undefined;
}

export interface UploadOptions {
  api?: ApiClient;
  idempotencyKey?: string | true;
  /** The file name to send instead of the sample's (a sandbox's magic file name). */
  filename?: string;
  /** For the sdk revision: this attachment type only (default: the first the requirement takes). */
  attachmentType?: string;
  /** The `value` of a value requirement (email); default: a fresh address. */
  value?: string;
}

/**
 * One upload for the requirement through the contract's upload operation; returns the raw
 * response. `documents`: multipart `type` + `file`; `attachments`: one attachment (the first the
 * requirement takes, or `attachmentType`).
 */
export function postEvidence(
  ctx: CheckContext,
  customerId: string,
  need: Pick<KycNeed, 'key' | 'type'>,
  file: UploadFile = sampleFor(need.type),
  opts: UploadOptions = {},
): Promise<ApiResponse> {
  return (opts.api ?? ctx.api).request(evidenceRequest(ctx, customerId, need, file, opts));
}

/** The request of one upload for the requirement (what postEvidence sends). */
export function evidenceRequest(
  ctx: CheckContext,
  customerId: string,
  need: Pick<KycNeed, 'key' | 'type'>,
  file: UploadFile = sampleFor(need.type),
  opts: UploadOptions = {},
): ApiRequest {
  const d = dialectOf(ctx.contract);
  const path = d.kyc.upload.path.replace(/\{[^}]+\}/, customerId);
  const named = opts.filename ? { ...file, filename: opts.filename } : file;
  if (d.kyc.kind === 'documents') {
    return { method: 'POST', path, multipart: { type: need.key, file: named }, idempotencyKey: opts.idempotencyKey };
  }
  const e = evidenceFor(ctx.contract?.document, need.type);
  const attachment = opts.attachmentType ?? e.attachments[0]!;
  const part: Record<string, string | UploadFile> = e.value ? { value: opts.value ?? `kyc.${Date.now().toString(36)}@example.com` } : { file: named };
  return {
    method: 'POST',
    path,
    multipart: { requirement_id: need.key, evidence_type: e.evidence, attachment_type: attachment, ...part },
    idempotencyKey: opts.idempotencyKey,
  };
}

/** The status a successful upload answers: the document's 2xx for the upload operation (201 in both revisions). */
export function uploadStatus(ctx: CheckContext): number {
  const d = dialectOf(ctx.contract);
  const op = ctx.contract?.operations.find((o) => o.id === d.kyc.upload.operationId);
  const ok = op?.responses.map((r) => Number(r.status)).find((s) => s >= 200 && s < 300);
  return ok ?? 201;
}

/**
 * Everything one requirement takes, uploaded and expected to succeed (every attachment the
 * requirement needs in the sdk revision); returns the last answer.
 */
export async function submitEvidence(ctx: CheckContext, customerId: string, need: KycNeed, file?: UploadFile, opts: UploadOptions = {}): Promise<ApiResponse> {
  const d = dialectOf(ctx.contract);
  const kinds = d.kyc.kind === 'attachments' ? evidenceFor(ctx.contract?.document, need.type).attachments : [undefined];
  let res: ApiResponse | undefined;
  for (const [i, attachmentType] of kinds.entries()) {
    const f = file ?? sampleFor(attachmentType && attachmentType !== 'file' ? attachmentType : need.type);
    res = await postEvidence(ctx, customerId, need, f, { ...opts, ...(attachmentType ? { attachmentType } : {}), ...(i > 0 ? { filename: undefined } : {}) });
    expectStatus(
      ctx,
      res,
      uploadStatus(ctx),
      `upload the ${need.type}${attachmentType && attachmentType !== 'file' ? ` ${attachmentType}` : ''} evidence of ${customerId}`,
    );
  }
  return res!;
}

/**
 * Tells the target the uploads are complete where the contract has a step for it (the sdk
 * revision's `POST …/kyc-review`, 202); nothing where review starts by itself. Returns the raw
 * response, or undefined when the contract has no such step.
 */
export async function requestKycReview(
  ctx: CheckContext,
  customerId: string,
  opts: { api?: ApiClient; expect?: boolean } = {},
): Promise<ApiResponse | undefined> {
  const d = dialectOf(ctx.contract);
  if (d.kyc.kind !== 'attachments' || !d.kyc.review) return undefined;
  const res = await (opts.api ?? ctx.api).request({ method: 'POST', path: d.kyc.review.path.replace(/\{[^}]+\}/, customerId), idempotencyKey: true });
  if (opts.expect !== false) expectStatus(ctx, res, 202, `request the KYC review of ${customerId} (POST ${d.kyc.review.path})`);
  return res;
}

/** Whether the contract has an explicit review request step. */
export function hasReviewStep(ctx: CheckContext): boolean {
  const d = dialectOf(ctx.contract);
  return d.kyc.kind === 'attachments' && d.kyc.review !== undefined;
}
