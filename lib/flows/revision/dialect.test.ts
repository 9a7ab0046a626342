import { beforeAll, describe, expect, it } from 'vitest';
import { type Contract, loadContract } from '../../spec/index.js';
import { dialectOf, happyPathOf } from './dialect.js';
import { evidenceFor, kycNeeds, needsAction } from './kyc.js';
import { termNames } from './terms.js';
import { eventInstantMs, instantMs, isMoneyValue, moneyCents, moneyValue } from './values.js';

let docs: Contract;
let sdk: Contract;
beforeAll(async () => {
  [docs, sdk] = await Promise.all([loadContract('docs'), loadContract('sdk')]);
}, 60_000);

describe('the dialect each document declares', () => {
  it('documentation revision: Idempotency-Key, money strings, date-times, document uploads, the seed lifecycle', () => {
    const d = dialectOf(docs);
    expect(d).toMatchObject({ idempotencyHeader: 'Idempotency-Key', money: 'decimal-string', instants: 'date-time', eventInstants: 'date-time' });
    expect(d.kyc).toEqual({ kind: 'documents', upload: { operationId: 'uploadDocument', method: 'POST', path: '/customers/{customer_id}/documents' } });
    expect(d.loanHappyPath).toEqual(['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active', 'finished']);
    expect(termNames({ contract: docs })).toMatchObject({ count: 'number_of_installments', installment: 'installments_value', createCount: 'installments' });
    expect(dialectOf(docs)).toBe(d);
  });

  it('SDK revision: X-Idempotency-Key, money numbers, epoch seconds, attachments then review, its own lifecycle', () => {
    const d = dialectOf(sdk);
    expect(d).toMatchObject({ idempotencyHeader: 'X-Idempotency-Key', money: 'number', instants: 'epoch-seconds', eventInstants: 'epoch-seconds' });
    expect(d.eventEnvelope).toEqual(expect.arrayContaining(['id', 'api_version', 'created_at', 'delivery_id']));
    expect(d.kyc).toMatchObject({
      kind: 'attachments',
      upload: { path: '/customers/{customer_id}/kyc-attachments' },
      review: { path: '/customers/{customer_id}/kyc-review' },
      selfie: { path: '/customers/{customer_id}/kyc-attachments/selfie' },
    });
    expect(d.loanHappyPath).toEqual(['awaiting_signatures', 'processing', 'active', 'finished']);
    expect(termNames({ contract: sdk })).toMatchObject({
      count: 'installment_count',
      installment: 'installment_amount',
      total: 'total_amount',
      createCount: 'installment_count',
      createInstallment: 'installment_amount',
      loanCount: 'installment_count',
      loanInstallment: 'installment_amount',
      loanRate: 'monthly_interest_rate',
      rate: 'monthly_interest_rate',
    });
  });

  it('a path through x-transitions never follows cancelled or error', () => {
    expect(happyPathOf({ a: ['cancelled', 'b'], b: ['error', 'c'], c: [] }, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(happyPathOf(undefined)).toBeUndefined();
  });
});

describe('money and instants in each form', () => {
  it('reads and writes money as each document writes it', () => {
    expect(moneyCents(dialectOf(docs), '2291.67')).toBe(229167);
    expect(moneyCents(dialectOf(docs), 2291.67)).toBeUndefined();
    expect(moneyCents(dialectOf(sdk), 2291.67)).toBe(229167);
    expect(moneyCents(dialectOf(sdk), 25000)).toBe(2500000);
    expect(moneyCents(dialectOf(sdk), '2291.67')).toBeUndefined();
    expect(isMoneyValue(dialectOf(sdk), 1.005)).toBe(false);
    expect(isMoneyValue(dialectOf(sdk), -1)).toBe(false);
    expect(moneyValue(dialectOf(docs), 5)).toBe('0.05');
    expect(moneyValue(dialectOf(sdk), 229167)).toBe(2291.67);
  });
  it('reads instants as each document writes them', () => {
    expect(instantMs(dialectOf(docs), '2026-03-01T12:00:00Z')).toBe(Date.UTC(2026, 2, 1, 12));
    expect(instantMs(dialectOf(docs), 1775253599)).toBeUndefined();
    expect(instantMs(dialectOf(sdk), 1775253599)).toBe(1775253599000);
    expect(instantMs(dialectOf(sdk), '2026-03-01T12:00:00Z')).toBeUndefined();
    expect(eventInstantMs(dialectOf(sdk), { timestamp: 1775253600 })).toBe(1775253600000);
    expect(eventInstantMs(dialectOf(docs), { timestamp: 'x' })).toBeNaN();
  });
});

describe('one view of KYC requirements', () => {
  it('reads documentation-revision items', () => {
    const needs = kycNeeds(dialectOf(docs), {
      kyc: [
        { kind: 'document', type: 'ccmei', description: '', status: 'pending', message: null, uploaded_at: null },
        { kind: 'document', type: 'biometrics', description: '', status: 'submitted', message: null, uploaded_at: null },
        { kind: 'data', type: 'email', description: '', status: 'pending_correction', message: 'fix', uploaded_at: null },
        { kind: 'document', type: 'selfie', description: '', status: 'pending_resubmission', message: 'blurred', uploaded_at: null },
      ],
    });
    expect(needs.map((n) => [n.key, n.uploadable, n.biometric, n.state, needsAction(n)])).toEqual([
      ['ccmei', true, false, 'open', true],
      ['biometrics', false, true, 'submitted', false],
      ['email', false, false, 'correction', false],
      ['selfie', true, false, 'rejected', true],
    ]);
  });
  it('reads SDK-revision requirements and knows what each takes from the document', () => {
    const needs = kycNeeds(dialectOf(sdk), {
      kyc: [
        {
          requirement_id: 'identity_p1',
          requirement_type: 'identity',
          label: 'Identidade',
          mandatory: true,
          subject: { id: 'p1', name: 'A', subject_type: 'applicant' },
        },
        {
          requirement_id: 'selfie_p1',
          requirement_type: 'selfie',
          label: 'Selfie',
          mandatory: true,
          subject: { id: 'p1', name: 'A', subject_type: 'applicant' },
          submitted: { evidence_type: 'selfie', attachments: [{ attachment_type: 'photo', submitted: true }], review_status: 'accepted', review_reason: null },
        },
        {
          requirement_id: 'income_statement',
          requirement_type: 'income_statement',
          label: 'Renda',
          mandatory: true,
          submitted: {
            evidence_type: 'income_statement',
            attachments: [{ attachment_type: 'file', submitted: true }],
            review_status: 'rejected',
            review_reason: 'ilegível',
          },
        },
      ],
    });
    expect(needs.map((n) => [n.key, n.type, n.uploadable, n.biometric, n.state, n.message])).toEqual([
      ['identity_p1', 'identity', true, false, 'open', null],
      ['selfie_p1', 'selfie', false, true, 'approved', null],
      ['income_statement', 'income_statement', true, false, 'rejected', 'ilegível'],
    ]);
    expect(evidenceFor(sdk.document, 'identity')).toEqual({ evidence: 'cnh', attachments: ['file'], value: false });
    expect(evidenceFor(sdk.document, 'ei_mei_documents')).toEqual({ evidence: 'ei_mei', attachments: ['ei_registration_requirement', 'ccmei'], value: false });
    expect(evidenceFor(sdk.document, 'email')).toEqual({ evidence: 'email', attachments: ['email'], value: true });
  });
});

describe('money the contract does not take', () => {
  it('is a one-decimal string, or a string where money is a number', async () => {
    const { wrongMoney } = await import('./values.js');
    expect(wrongMoney(dialectOf(docs), 2500000)).toBe('25000.0');
    expect(wrongMoney(dialectOf(sdk), 2500000)).toBe('25000.00');
  });
});
