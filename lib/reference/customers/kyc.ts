// The KYC engine: which items a profile needs, how an item moves, and how the customer's status
// follows its items (pending_kyc → under_review → active). Every item change emits
// `customer.kyc_updated` with the full list; status changes emit their own events.
import type { Kernel } from '../kernel.js';
import type { CustomerRecord, KycItem, KycItemTemplate, KycStatus } from '../model.js';
import { ApiError } from '../problem.js';
import { sandboxState } from '../sandbox/state.js';
import { rejectsDocument, SANDBOX_CORRECTION, SANDBOX_REJECTION } from '../sandbox/triggers.js';
import { customerEventData, kycView } from './view.js';

const PERSON_ITEMS: KycItemTemplate[] = [
  { kind: 'document', type: 'identity_card_front', description: 'Identity card (front)' },
  { kind: 'document', type: 'identity_card_back', description: 'Identity card (back)' },
  { kind: 'document', type: 'selfie', description: 'Selfie' },
  { kind: 'document', type: 'biometrics', description: 'Biometric capture' },
];
const MEI_ITEMS: KycItemTemplate[] = [{ kind: 'document', type: 'ccmei', description: 'Certificado MEI' }];

/** Registration fields a reviewer may ask to correct (kind `data` items). */
export const DATA_FIELDS: Record<string, string> = {
  name: 'Full name',
  email: 'E-mail address',
  phone: 'Phone number',
  cnpj: 'CNPJ',
  trading_name: 'Trading name',
};

/** Items submitted through the biometrics session rather than an upload. */
export const NOT_UPLOADABLE = new Set(['biometrics']);

export const DEFAULT_REJECTION = 'The document could not be validated; please send a legible, current copy.';
export const DEFAULT_CORRECTION = 'This field does not match our records; please correct it.';

/** The documentation revision's KYC items of a profile (seed 001): a business also needs its CCMEI. */
export function docsKycTemplates(hasCnpj: boolean): KycItemTemplate[] {
  return hasCnpj ? [...MEI_ITEMS, ...PERSON_ITEMS] : PERSON_ITEMS;
}

/** Fresh items from a revision's templates (wire.kycTemplates). */
export function initialKyc(templates: readonly KycItemTemplate[]): KycItem[] {
  return templates.map((i) => ({ kind: i.kind, type: i.type, description: i.description, status: 'pending', message: null, uploaded_at: null }));
}

export type KycAction = 'submit' | 'approve' | 'reject' | 'request_correction';

// Orders uploads and rejections (KycEvidence.seq, KycItem.rejectedSeq) across every engine of a
// process: the routes and the control API each hold one.
let evidenceSeq = 0;

export function createKycEngine(kernel: Kernel) {
  const { clock, faults } = kernel;

  function touch(customer: CustomerRecord) {
    // Never before created_at, which registrations in one millisecond may have set a little ahead (routes.ts).
    customer.updatedAt = new Date(Math.max(clock.nowMs(), customer.createdAt.getTime()));
  }

  /** Recomputes the customer's status after an item changed, emitting the events in order. */
  function settle(customer: CustomerRecord, changed: KycItem) {
    // A denied customer stays denied, whatever its items do, and its KYC is no longer news.
    if (customer.status === 'denied') return;
    const items = customer.kyc;
    // Fault `active-event-stale-status`: customer.active is built from the record as read before the
    // activation was written, so its data says under_review.
    const stale = (status: string) => (status === 'active' && faults.has('active-event-stale-status') ? 'under_review' : status);
    const emitStatus = () =>
      kernel.emit(customer.partnerId, `customer.${customer.status}`, {
        id: customer.id,
        status: stale(customer.status),
        external_id: customer.external_id,
      });
    // Fault `kyc-updated-not-fired`: item changes are stored but never announced.
    if (!faults.has('kyc-updated-not-fired')) {
      kernel.emit(customer.partnerId, 'customer.kyc_updated', {
        id: customer.id,
        status: customer.status,
        external_id: customer.external_id,
        kyc: kycView(faults.has('kyc-updated-partial-array') ? [changed] : customer.kyc),
      });
    }
    const skipReview = faults.has('kyc-skips-under-review');
    // Fault `under-review-on-first-submission`: the review starts when anything is submitted, not everything.
    const inReview = (i: KycItem) => i.status === 'submitted' || i.status === 'approved';
    const complete = faults.has('under-review-on-first-submission') ? items.some(inReview) : items.every(inReview);
    if (customer.status === 'pending_kyc' && !skipReview && complete) {
      customer.status = 'under_review';
      touch(customer);
      emitStatus();
    }
    // Fault `active-ignores-first-kyc-item`: the approval test skips the first item. Fault
    // `active-ignores-biometrics`: it counts only what is uploaded, so biometrics is left out.
    const counted = items
      .slice(faults.has('active-ignores-first-kyc-item') ? 1 : 0)
      .filter((i) => !(faults.has('active-ignores-biometrics') && i.type === kernel.wire.biometricsItem));
    // Fault `data-approval-skips-activation`: only the document review handler tests for activation,
    // so a customer whose last approval is a data item (a corrected field) is not activated.
    // Fault `biometrics-approval-skips-activation`: the capture vendor's result handler (the biometrics
    // item) stores the approval and never tests for activation either.
    const activationTested =
      !(faults.has('data-approval-skips-activation') && changed.kind === 'data') &&
      !(faults.has('biometrics-approval-skips-activation') && changed.type === kernel.wire.biometricsItem && changed.status === 'approved');
    // Fault `rejection-counts-as-reviewed`: the test asks whether each item was reviewed, not approved,
    // so a rejected document counts as done.
    const done = (i: KycItem) => i.status === 'approved' || (faults.has('rejection-counts-as-reviewed') && i.status === 'pending_resubmission');
    if (customer.status !== 'active' && activationTested && counted.every(done)) {
      if (customer.status === 'pending_kyc' && !skipReview) {
        customer.status = 'under_review';
        emitStatus();
      }
      customer.status = 'active';
      touch(customer);
      emitStatus();
    }
  }

  function item(customer: CustomerRecord, type: string): KycItem {
    const found = customer.kyc.find((i) => i.type === type);
    if (!found) throw new ApiError(404, 'not_found', 'Not found', `The customer has no KYC item \`${type}\`.`);
    return found;
  }

  function setStatus(customer: CustomerRecord, target: KycItem, status: KycStatus, message: string | null) {
    target.status = status;
    target.message = message;
    // Evidence uploaded after this rejection reads as awaiting review again (kyc-attachments).
    if (status === 'pending_resubmission' || status === 'pending_correction') target.rejectedSeq = ++evidenceSeq;
    // Fault `kyc-uploaded-at-not-set`: the item moves on but the upload's time is never written.
    if (status === 'submitted' && !kernel.faults.has('kyc-uploaded-at-not-set')) target.uploaded_at = kernel.toIso(clock.now());
    touch(customer);
    // Documents follow their item's review.
    if (status === 'approved' || status === 'pending_resubmission') {
      for (const doc of kernel.store.partition(customer.partnerId).documents.values()) {
        if (doc.customerId === customer.id && doc.type === target.type && doc.status === 'submitted') {
          doc.status = status === 'approved' ? 'approved' : 'rejected';
          doc.updatedAt = clock.now();
        }
      }
    }
    settle(customer, target);
    if (kernel.options.sandbox) scheduleReview(customer);
    else if (status === 'submitted') scheduleApproval(customer, target.type);
  }

  /** Auto mode: a submitted item is approved after `kycMs` unless something else happened to it. */
  function scheduleApproval(customer: CustomerRecord, type: string) {
    const auto = kernel.options.auto;
    if (!auto) return;
    kernel.schedule(auto.kycMs, () => {
      const target = customer.kyc.find((i) => i.type === type);
      if (target?.status === 'submitted') setStatus(customer, target, 'approved', null);
    });
  }

  /**
   * Sandbox mode: Dinie's review, one decision per step. It starts once nothing is left to send
   * (no item `pending`) and takes the submitted items one at a time in the KYC list's order, so
   * a poller sees some items approved while the customer is still under_review. Triggers: the
   * first step of a `kyc.correction` customer asks to correct `email`; a document uploaded under
   * a `kyc.reject` file name is rejected at its step.
   */
  function scheduleReview(customer: CustomerRecord) {
    const sandbox = kernel.options.sandbox;
    if (!sandbox) return;
    const state = sandboxState(kernel);
    const open = customer.kyc.every((i) => i.status !== 'pending');
    const work = state.correctionDue.has(customer.id) || customer.kyc.some((i) => i.status === 'submitted');
    if (!open || !work || state.reviewing.has(customer.id)) return;
    state.reviewing.add(customer.id);
    kernel.schedule(sandbox.stepMs, () => {
      state.reviewing.delete(customer.id);
      reviewStep(customer);
      scheduleReview(customer);
    });
  }

  function reviewStep(customer: CustomerRecord) {
    const state = sandboxState(kernel);
    if (customer.kyc.some((i) => i.status === 'pending')) return;
    if (state.correctionDue.delete(customer.id) && customer.status !== 'active') {
      const existing = customer.kyc.find((i) => i.type === 'email');
      if (!existing || (existing.kind === 'data' && existing.status !== 'pending_correction')) {
        return engine.decide(customer, 'email', 'request_correction', SANDBOX_CORRECTION);
      }
    }
    const target = customer.kyc.find((i) => i.status === 'submitted');
    if (!target) return;
    const key = `${customer.id}:${target.type}`;
    if (state.rejectNext.delete(key)) {
      const reason = faults.has('rejection-without-message') ? null : SANDBOX_REJECTION;
      return setStatus(customer, target, target.kind === 'data' ? 'pending_correction' : 'pending_resubmission', reason);
    }
    setStatus(customer, target, 'approved', null);
  }

  const engine = {
    /** An upload (with the file's name, for the sandbox's `kyc.reject` trigger) or a finished biometrics capture. */
    submit(customer: CustomerRecord, type: string, upload: { filename?: string } = {}) {
      const target = item(customer, type);
      if (target.status === 'approved') {
        throw new ApiError(409, 'kyc_item_already_approved', 'Conflict', `The KYC item \`${type}\` is already approved.`);
      }
      if (kernel.options.sandbox) {
        const marks = sandboxState(kernel).rejectNext;
        const key = `${customer.id}:${type}`;
        if (rejectsDocument(upload.filename)) marks.add(key);
        else marks.delete(key);
      }
      // Fault `resubmission-not-reopened`: the new document is stored, but the rejected item stays as it was.
      if (target.status === 'pending_resubmission' && faults.has('resubmission-not-reopened')) return;
      setStatus(customer, target, 'submitted', null);
    },

    /**
     * PATCH resumes the review of data items waiting for a correction; where the review is
     * requested separately (kyc-review), the corrected value is evidence awaiting that request.
     */
    corrected(customer: CustomerRecord) {
      for (const target of customer.kyc) {
        if (target.status !== 'pending_correction') continue;
        if (kernel.wire.kycUpload === 'attachments')
          engine.evidence(customer, target.type, { type: target.type, attachments: [{ type: target.type, submitted: true }] });
        else setStatus(customer, target, 'submitted', null);
      }
    },

    /** A reviewer's decision, from the simulation control API. */
    decide(customer: CustomerRecord, type: string, action: KycAction, message: string | undefined) {
      if (action === 'request_correction') {
        let target = customer.kyc.find((i) => i.type === type);
        if (!target) {
          if (!DATA_FIELDS[type] || !kernel.wire.kycCorrectable.includes(type))
            throw new ApiError(404, 'not_found', 'Not found', `\`${type}\` is neither a KYC item nor a registration field.`);
          if (customer.status === 'active') throw conflict(type, action, 'active customer');
          target = { kind: 'data', type, description: DATA_FIELDS[type]!, status: 'pending', message: null, uploaded_at: null };
          customer.kyc.push(target);
        }
        if (target.kind !== 'data' || target.status === 'pending_correction' || customer.status === 'active') {
          throw conflict(type, action, target.kind !== 'data' ? 'document item (use reject)' : target.status);
        }
        // Fault `correction-item-kind-document`: the field's item is stored with the item factory's default kind.
        if (faults.has('correction-item-kind-document')) target.kind = 'document';
        // Fault `correction-without-message`: the partner is told something is wrong, not what.
        return setStatus(customer, target, 'pending_correction', faults.has('correction-without-message') ? null : (message ?? DEFAULT_CORRECTION));
      }
      const target = item(customer, type);
      if (action === 'submit') {
        if (!['pending', 'pending_resubmission', 'pending_correction'].includes(target.status)) throw conflict(type, action, target.status);
        return setStatus(customer, target, 'submitted', null);
      }
      if (target.status !== 'submitted') throw conflict(type, action, target.status);
      if (action === 'approve') return setStatus(customer, target, 'approved', null);
      const reason = faults.has('rejection-without-message') ? null : (message ?? DEFAULT_REJECTION);
      // Fault `rejection-keeps-submitted`: the reviewer's message is stored, but the item stays submitted.
      if (faults.has('rejection-keeps-submitted')) return setStatus(customer, target, 'submitted', reason);
      return setStatus(customer, target, target.kind === 'data' ? 'pending_correction' : 'pending_resubmission', reason);
    },

    /**
     * Auto mode: the biometrics capture completes after `kycMs`. Where uploads and the review
     * request are separate steps, the capture is evidence (the KYC app's selfie) the partner then
     * sends for review; otherwise the item is submitted.
     */
    /** Blocks the customer for good (a reviewer's decision: fraud, a closed company); `customer.denied` says so. */
    deny(customer: CustomerRecord) {
      if (customer.status === 'denied') throw new ApiError(409, 'customer_denied', 'Conflict', 'The customer is already denied.');
      customer.status = 'denied';
      touch(customer);
      kernel.emit(customer.partnerId, 'customer.denied', {
        id: customer.id,
        external_id: customer.external_id,
        name: customer.name,
        email: customer.email,
        phone: customer.phone,
        cpf: customer.cpf,
        cnpj: customer.cnpj,
        status: 'denied',
      });
    },

    scheduleSubmit(customer: CustomerRecord, type: string) {
      const auto = kernel.options.auto;
      if (!auto) return;
      kernel.schedule(auto.kycMs, () => {
        const target = customer.kyc.find((i) => i.type === type);
        if (!target || (target.status !== 'pending' && target.status !== 'pending_resubmission')) return;
        if (kernel.wire.kycUpload === 'attachments') engine.evidence(customer, type, { type, attachments: [{ type: 'photo', submitted: true }] });
        else setStatus(customer, target, 'submitted', null);
      });
    },

    /**
     * Evidence received for an item (kyc-attachments): recorded, not yet submitted for review;
     * `customer.kyc_updated` says so. Evidence of another type replaces what came before.
     */
    evidence(customer: CustomerRecord, type: string, upload: { type: string; attachments: { type: string; submitted: boolean }[]; filename?: string }) {
      const target = item(customer, type);
      if (customer.status === 'denied') throw new ApiError(409, 'customer_denied', 'Conflict', 'The customer is denied: its KYC is closed.');
      if (target.status === 'approved') {
        throw new ApiError(409, 'kyc_item_already_approved', 'Conflict', `The KYC item \`${type}\` is already approved.`);
      }
      if (target.status === 'submitted') {
        throw new ApiError(409, 'kyc_item_under_review', 'Conflict', `The KYC item \`${type}\` is under review.`);
      }
      const previous =
        target.evidence && target.evidence.type === upload.type && target.evidence.seq > (target.rejectedSeq ?? -1) ? target.evidence.attachments : [];
      const attachments = [...previous.filter((a) => !upload.attachments.some((u) => u.type === a.type)), ...upload.attachments];
      target.evidence = { type: upload.type, attachments, seq: ++evidenceSeq, ...(upload.filename !== undefined ? { filename: upload.filename } : {}) };
      touch(customer);
      if (!faults.has('kyc-updated-not-fired')) {
        kernel.emit(customer.partnerId, 'customer.kyc_updated', {
          id: customer.id,
          status: customer.status,
          external_id: customer.external_id,
          kyc: kycView(faults.has('kyc-updated-partial-array') ? [target] : customer.kyc),
        });
      }
      // The review was already requested and waited for this evidence (the KYC app's selfie). Fault
      // `review-starts-without-request`: complete evidence goes to review at once, as in the docs revision.
      const requested = target.reviewOnEvidence || faults.has('review-starts-without-request');
      if (requested && kernel.wire.evidenceComplete(target.type, upload.type, attachments)) {
        delete target.reviewOnEvidence;
        engine.submit(customer, type, { filename: upload.filename });
      }
    },

    /** Submits an item whose evidence is complete (kyc-review), with the upload's file name for the sandbox. */
    submitEvidence(customer: CustomerRecord, type: string) {
      const target = item(customer, type);
      engine.submit(customer, type, { filename: target.evidence?.filename });
    },
  };
  return engine;
}

function conflict(type: string, action: string, state: string): ApiError {
  return new ApiError(409, 'invalid_kyc_transition', 'Conflict', `Cannot ${action} the KYC item \`${type}\` in state ${state}.`);
}

export type KycEngine = ReturnType<typeof createKycEngine>;
export { customerEventData };
