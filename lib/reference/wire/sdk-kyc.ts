// KYC of the SDK revision (api-facts 1.12): the engine's items shown as KycRequirements
// discriminated by `requirement_type`, and what a kyc-attachments upload must name for each.
// The engine's item types here are the requirement types; person-level requirements carry the
// customer as their `subject`.
import type { CustomerRecord, KycItem, KycItemTemplate } from '../model.js';
import type { Json } from './types.js';

interface RequirementType {
  /** Person-level requirements have a subject and an id `<type>_<subject id>`. */
  person: boolean;
  label: (name: string) => string;
  /** Each evidence type and the attachment sets that complete it (any one set). */
  evidence: Record<string, string[][]>;
  /** The evidence shown for an item submitted without an upload (control API, biometrics). */
  defaultEvidence: string;
}

/** The requirement types this server asks for (a subset of the nine api-facts lists). */
export const REQUIREMENT_TYPES: Record<string, RequirementType> = {
  company_document: {
    person: false,
    label: () => 'Certificado da Condição de MEI (CCMEI)',
    evidence: { ccmei: [['file']] },
    defaultEvidence: 'ccmei',
  },
  identity: {
    person: true,
    label: (name) => `Documento de identidade de ${name}`,
    // cnh: front and back, or one file for a digital licence; rg: front and back.
    evidence: { cnh: [['front', 'back'], ['file']], rg: [['front', 'back']] },
    defaultEvidence: 'cnh',
  },
  selfie: {
    person: true,
    label: (name) => `Selfie de ${name}`,
    evidence: { selfie: [['photo']] },
    defaultEvidence: 'selfie',
  },
  email: {
    person: true,
    label: (name) => `E-mail de ${name}`,
    evidence: { email: [['email']] },
    defaultEvidence: 'email',
  },
};

/** Uploaded by Dinie's KYC app through /kyc-attachments/selfie, not by the partner. */
export const SESSION_ONLY_TYPES = new Set(['selfie']);

export function sdkKycTemplates(hasCnpj: boolean): KycItemTemplate[] {
  const person: KycItemTemplate[] = [
    { kind: 'document', type: 'identity', description: 'Identity document' },
    { kind: 'document', type: 'selfie', description: 'Selfie' },
  ];
  return hasCnpj ? [{ kind: 'document', type: 'company_document', description: 'CCMEI' }, ...person] : person;
}

/** The id of the person a customer's person-level requirements are about (18 characters, like Dinie's). */
export function subjectId(c: CustomerRecord): string {
  return `003${c.id.slice(5, 20)}`;
}

export function requirementId(c: CustomerRecord, type: string): string {
  return REQUIREMENT_TYPES[type]?.person ? `${type}_${subjectId(c)}` : type;
}

/** The engine's item type a requirement id names, or the id itself when it names none. */
export function itemTypeOf(c: CustomerRecord, idOrType: string): string {
  const item = c.kyc.find((i) => requirementId(c, i.type) === idOrType);
  return item ? item.type : idOrType;
}

/** Whether the attachments received complete one of the evidence's attachment sets. */
export function evidenceComplete(type: string, evidenceType: string, attachments: readonly { type: string; submitted: boolean }[]): boolean {
  const sets = REQUIREMENT_TYPES[type]?.evidence[evidenceType] ?? [];
  const got = new Set(attachments.filter((a) => a.submitted).map((a) => a.type));
  return sets.some((set) => set.every((a) => got.has(a)));
}

/** How the review of an item reads: newer evidence than the latest rejection is awaiting review. */
function reviewStatus(item: KycItem): 'pending' | 'accepted' | 'rejected' {
  if (item.status === 'approved') return 'accepted';
  if (item.status === 'pending_resubmission' || item.status === 'pending_correction') {
    return item.evidence && item.evidence.seq > (item.rejectedSeq ?? -1) ? 'pending' : 'rejected';
  }
  return 'pending';
}

export function requirementView(c: CustomerRecord, item: KycItem): Json {
  const spec = REQUIREMENT_TYPES[item.type];
  if (!spec) throw new Error(`no requirement type for the KYC item ${item.type}`);
  const name = c.name ?? '';
  const view: Json = {
    requirement_id: requirementId(c, item.type),
    requirement_type: item.type,
    label: spec.label(c.name ?? 'titular'),
    mandatory: true,
  };
  if (spec.person) view.subject = { id: subjectId(c), name, subject_type: 'applicant' };
  if (item.evidence || item.status !== 'pending') {
    const review = reviewStatus(item);
    const evidenceType = item.evidence?.type ?? spec.defaultEvidence;
    view.submitted = {
      evidence_type: evidenceType,
      attachments: item.evidence
        ? item.evidence.attachments.map((a) => ({ attachment_type: a.type, submitted: a.submitted }))
        : (spec.evidence[evidenceType]?.[0] ?? []).map((a) => ({ attachment_type: a, submitted: true })),
      review_status: review,
      review_reason: review === 'rejected' ? item.message : null,
    };
  }
  return view;
}
