// The SDK revision's KYC operations (api-facts 1.12): evidence uploaded per requirement as KYC
// attachments, the selfie uploaded by Dinie's KYC app with a customer session token (got by
// exchanging a biometrics session's code), and the review requested with kyc-review. The one KYC
// engine (kyc.ts) keeps the state; these routes feed it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Auth } from '../auth.js';
import { SESSION_TOKEN_TTL_SECONDS } from '../auth.js';
import type { Kernel } from '../kernel.js';
import type { CustomerRecord } from '../model.js';
import { ApiError, type FieldError, validationError } from '../problem.js';
import { REQUIREMENT_TYPES, requirementId, SESSION_ONLY_TYPES } from '../wire/sdk-kyc.js';
import type { KycEngine } from './kyc.js';
import { ACCEPTED_DOCUMENT_TYPES, BIOMETRICS_CODE_PREFIX, biometricsSessions } from './routes.js';
import { objectBody } from './validate.js';
import { customerView } from './view.js';

const SELFIE_TYPES = new Set(['image/jpeg', 'image/png']);

interface Deps {
  kyc: KycEngine;
  /** This partner's customer named by the path, or 404. */
  own(request: FastifyRequest): CustomerRecord;
}

/** The file's media type judged by its content (never by its name or part header), or a 415. */
async function sniff(kernel: Kernel, file: Buffer, accepted: ReadonlySet<string>, words: string): Promise<string> {
  let mime = (await fileTypeFromBuffer(file))?.mime as string | undefined;
  if (kernel.faults.has('document-content-not-sniffed') && !mime) mime = 'application/pdf';
  if (!mime || !accepted.has(mime) || (kernel.faults.has('png-upload-refused') && mime === 'image/png')) {
    throw new ApiError(415, 'unsupported_file_type', 'Unsupported file type', `The file must be ${words} (judged by its content).`);
  }
  return mime;
}

export function registerKycAttachmentRoutes(app: FastifyInstance, kernel: Kernel, deps: Deps): void {
  const { kyc, own } = deps;
  const { faults } = kernel;

  app.post(
    '/v3/customers/:customer_id/kyc-attachments',
    { config: { operationId: 'createKycAttachment', idempotent: true, body: 'multipart' } },
    async (request, reply) => {
      const customer = own(request);
      const body = objectBody(request.body) ?? {};
      const errors: FieldError[] = [];
      for (const field of ['requirement_id', 'evidence_type', 'attachment_type'] as const) {
        if (typeof body[field] !== 'string' || body[field] === '') errors.push({ field, message: 'is required' });
      }
      const file = Buffer.isBuffer(body.file) ? body.file : undefined;
      const value = typeof body.value === 'string' && body.value !== '' ? body.value : undefined;
      if (!file && !value) errors.push({ field: 'file', message: 'is required: one file part (or `value` for an e-mail requirement)' });
      if (errors.length) throw validationError(errors);
      const requirement = body.requirement_id as string;
      const evidenceType = body.evidence_type as string;
      const attachmentType = body.attachment_type as string;
      const item = customer.kyc.find((i) => requirementId(customer, i.type) === requirement);
      // Fault `document-type-outside-kyc-accepted`: evidence for a requirement the customer does not have is taken (and dropped).
      if (!item && faults.has('document-type-outside-kyc-accepted')) return reply.code(201).send({ attachment_type: attachmentType, submitted: true });
      if (!item) {
        throw validationError([
          {
            field: 'requirement_id',
            message: `must be one of the customer's requirement ids: ${customer.kyc
              .filter((i) => !SESSION_ONLY_TYPES.has(i.type))
              .map((i) => requirementId(customer, i.type))
              .join(', ')}`,
          },
        ]);
      }
      if (SESSION_ONLY_TYPES.has(item.type)) {
        throw validationError([
          { field: 'requirement_id', message: "the selfie is captured by Dinie's KYC app (POST /customers/{customer_id}/biometrics), not uploaded here" },
        ]);
      }
      const sets = REQUIREMENT_TYPES[item.type]!.evidence;
      const problems: FieldError[] = [];
      if (!sets[evidenceType])
        problems.push({ field: 'evidence_type', message: `must be one of ${Object.keys(sets).join(', ')} for a ${item.type} requirement` });
      else if (!sets[evidenceType].some((set) => set.includes(attachmentType))) {
        problems.push({
          field: 'attachment_type',
          message: `must be one of ${[...new Set(sets[evidenceType].flat())].join(', ')} for ${evidenceType} evidence`,
        });
      }
      // An e-mail is evidence as a value; everything else is a file.
      const wantsValue = evidenceType === 'email';
      if (wantsValue && !value) problems.push({ field: 'value', message: 'is required: the e-mail address' });
      if (!wantsValue && !file) problems.push({ field: 'file', message: 'is required: one file part' });
      if (problems.length) throw validationError(problems);
      const evidence = { type: evidenceType, attachments: [{ type: attachmentType, submitted: true }], filename: request.uploadFilename };
      // Fault `refused-upload-marks-submitted`: the evidence is recorded before the file is judged, and a refusal leaves it.
      if (faults.has('refused-upload-marks-submitted')) kyc.evidence(customer, item.type, evidence);
      if (file) await sniff(kernel, file, ACCEPTED_DOCUMENT_TYPES, 'a PDF, JPEG or PNG');
      kyc.evidence(customer, item.type, evidence);
      return reply.code(201).send({ attachment_type: attachmentType, submitted: true });
    },
  );

  app.post(
    '/v3/customers/:customer_id/kyc-attachments/selfie',
    { config: { operationId: 'createKycSelfie', idempotent: true, body: 'multipart', session: 'only' } },
    async (request, reply) => {
      const customer = own(request);
      // A session token is for one customer.
      if (request.caller!.sessionCustomerId !== customer.id) throw new ApiError(403, 'forbidden', 'Forbidden', 'This session token is for another customer.');
      const body = objectBody(request.body) ?? {};
      if (!Buffer.isBuffer(body.file)) throw validationError([{ field: 'file', message: 'is required: one file part' }]);
      const item = customer.kyc.find((i) => SESSION_ONLY_TYPES.has(i.type));
      if (!item) throw new ApiError(409, 'selfie_not_required', 'Conflict', 'This customer has no selfie requirement.');
      await sniff(kernel, body.file, SELFIE_TYPES, 'a JPEG or PNG photo');
      kyc.evidence(customer, item.type, { type: 'selfie', attachments: [{ type: 'photo', submitted: true }], filename: request.uploadFilename });
      return reply.code(201).send({ attachment_type: 'photo', submitted: true });
    },
  );

  app.post(
    '/v3/customers/:customer_id/kyc-review',
    { config: { operationId: 'submitKycReview', idempotent: true, body: 'json', bodyOptional: true } },
    async (request, reply) => {
      const customer = own(request);
      if (customer.status === 'denied') throw new ApiError(409, 'customer_denied', 'Conflict', 'The customer is denied: its KYC is closed.');
      const ready: string[] = [];
      const missing: string[] = [];
      for (const item of customer.kyc) {
        if (item.status === 'approved' || item.status === 'submitted') continue;
        const e = item.evidence;
        const fresh = e !== undefined && e.seq > (item.rejectedSeq ?? -1) && kernel.wire.evidenceComplete(item.type, e.type, e.attachments);
        (fresh ? ready : missing).push(item.type);
      }
      // What the partner uploads must be in; what Dinie's KYC app captures (the selfie) joins the review when it arrives.
      const partnerMissing = missing.filter((t) => !SESSION_ONLY_TYPES.has(t));
      if (partnerMissing.length) {
        throw new ApiError(
          409,
          'kyc_incomplete',
          'Conflict',
          `Evidence is missing for: ${partnerMissing.map((t) => requirementId(customer, t)).join(', ')}. Upload it before requesting the review.`,
        );
      }
      for (const type of missing) customer.kyc.find((i) => i.type === type)!.reviewOnEvidence = true;
      for (const type of ready) kyc.submitEvidence(customer, type);
      // Fault `kyc-review-202-with-body`: the accepted review answers with the customer, as a read would.
      if (faults.has('kyc-review-202-with-body')) return reply.code(202).send(customerView(kernel, customer));
      return reply.code(202).send();
    },
  );
}

/**
 * POST /biometrics/session-exchange: a biometrics session's single-use code becomes a customer
 * session token (what Dinie's KYC app uploads the selfie with). Any token of the partner that
 * started the session may exchange it; this server has no credential scopes.
 */
export function registerSessionExchange(app: FastifyInstance, kernel: Kernel, auth: Auth): void {
  app.post('/v3/biometrics/session-exchange', { config: { operationId: 'exchangeBiometricsSessionCode', idempotent: true, body: 'json' } }, async (request) => {
    const body = objectBody(request.body);
    if (!body) throw validationError([{ field: '', message: 'must be a JSON object' }]);
    const unknown = Object.keys(body).filter((k) => k !== 'code');
    if (unknown.length) throw validationError(unknown.map((field) => ({ field, message: 'is not a known member' })));
    const code = body.code;
    if (typeof code !== 'string' || !code.startsWith(BIOMETRICS_CODE_PREFIX))
      throw validationError([{ field: 'code', message: `is required: a ${BIOMETRICS_CODE_PREFIX}… code` }]);
    const caller = request.caller!;
    const session = biometricsSessions(kernel, caller.partnerId).get(code.slice(BIOMETRICS_CODE_PREFIX.length));
    // A well-formed code naming no live, unused session of this partner is refused for that state
    // (422 as the contract declares, with a code of its own rather than validation_failed).
    if (!session || session.exchanged || session.expiresAt <= kernel.clock.nowMs()) {
      throw new ApiError(
        422,
        'session_code_invalid',
        'Unprocessable Entity',
        'The code names no live, unused biometrics session of this partner (unknown, already exchanged or expired).',
        [{ field: 'code', message: 'is not a live, unused biometrics session code' }],
      );
    }
    session.exchanged = true;
    const credential = kernel.store.credentials.get(caller.clientId)!;
    const token = await auth.issueSession(credential, session.customerId);
    return { access_token: token, token_type: 'bearer', expires_in: SESSION_TOKEN_TTL_SECONDS, customer_id: session.customerId };
  });
}
