// Choosing a contract revision, and telling from one customer which revision a target speaks.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTRACT_REVISION_NAMES,
  CONTRACT_REVISIONS,
  type Contract,
  type ContractRevisionName,
  collectExamples,
  customerRevisionOf,
  customerRevisionSigns,
  loadContract,
  resolveContractPath,
  revisionOfPath,
  revisionPath,
} from './index.js';

describe('resolveContractPath', () => {
  it('maps the revision names to their documents', () => {
    expect(CONTRACT_REVISIONS).toEqual({ docs: 'fixtures/openapi/dinie-v3.yaml', sdk: 'fixtures/openapi/dinie-v3-sdk.yaml' });
    for (const name of CONTRACT_REVISION_NAMES) {
      expect(resolveContractPath(name)).toBe(revisionPath(name));
      expect(fs.existsSync(resolveContractPath(name))).toBe(true);
      expect(revisionOfPath(resolveContractPath(name))).toBe(name);
    }
  });

  it('takes an existing file path, relative or absolute, as a custom contract', () => {
    const rel = path.relative(process.cwd(), revisionPath('sdk'));
    expect(resolveContractPath(rel)).toBe(revisionPath('sdk'));
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contract-')), 'mine.yaml');
    fs.copyFileSync(revisionPath('docs'), copy);
    expect(resolveContractPath(copy)).toBe(copy);
    expect(revisionOfPath(copy)).toBe('custom');
  });

  it('refuses anything else in one sentence listing the choices', () => {
    expect(() => resolveContractPath('beta')).toThrow(/^Unknown contract 'beta': choose docs, sdk or the path of an OpenAPI document\.$/);
    expect(() => resolveContractPath('./nowhere/contract.yaml')).toThrow(
      /^Contract file \.\/nowhere\/contract\.yaml does not exist: choose docs, sdk or the path of an OpenAPI document\.$/,
    );
    expect(() => resolveContractPath('  ')).toThrow(/^No contract given: choose docs, sdk or the path of an OpenAPI document\.$/);
    for (const bad of ['beta', './nowhere/contract.yaml', '']) {
      try {
        resolveContractPath(bad);
      } catch (e) {
        expect((e as Error).message.split(/\.\s/)).toHaveLength(1); // one sentence
      }
    }
  });

  it('a copy of a revision loads as custom', async () => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contract-')), 'copy.yaml');
    fs.copyFileSync(revisionPath('sdk'), copy);
    expect((await loadContract(copy)).revision).toBe('custom');
  });
});

/** Every customer object among a contract's own examples: Customer bodies, list items, customer.* event data. */
function customerExamples(c: Contract): { where: string; value: unknown }[] {
  const out: { where: string; value: unknown }[] = [];
  for (const ex of collectExamples(c)) {
    const v = ex.value as any;
    if (ex.kind === 'response' && typeof v?.id === 'string' && v.id.startsWith('cust_')) out.push({ where: ex.where, value: v });
    if (ex.kind === 'response' && Array.isArray(v?.data)) {
      v.data.forEach((item: any, i: number) => {
        if (typeof item?.id === 'string' && item.id.startsWith('cust_')) out.push({ where: `${ex.where}/data/${i}`, value: item });
      });
    }
    if (ex.kind === 'event' && String(v?.type).startsWith('customer.')) out.push({ where: `${ex.where}/data`, value: v.data });
  }
  return out;
}

describe('customerRevisionOf', () => {
  it.each(CONTRACT_REVISION_NAMES)(
    "tells every customer example of the %s revision as that revision's (or unknown when it carries no sign)",
    async (name: ContractRevisionName) => {
      const c = await loadContract(name);
      const examples = customerExamples(c);
      expect(examples.length).toBeGreaterThan(5);
      const told = examples.map((e) => ({ where: e.where, revision: customerRevisionOf(e.value) }));
      // Never the other revision.
      expect(told.filter((t) => t.revision !== name && t.revision !== 'unknown')).toEqual([]);
      // Customer bodies always carry a sign (timestamps, and KYC items when present).
      expect(told.filter((t) => !t.where.includes('/webhooks/') && t.revision !== name)).toEqual([]);
    },
  );

  it('reads the KYC items first of all', () => {
    expect(customerRevisionOf({ kyc: [{ requirement_id: 'selfie_1', requirement_type: 'selfie', label: 'Selfie', mandatory: true }] })).toBe('sdk');
    expect(
      customerRevisionOf({ kyc: [{ kind: 'document', type: 'selfie', description: 'Selfie', status: 'pending', message: null, uploaded_at: null }] }),
    ).toBe('docs');
  });

  it('reads the SDK-only statuses and the timestamp convention', () => {
    expect(customerRevisionOf({ id: 'cust_1', status: 'creating' })).toBe('sdk');
    expect(customerRevisionOf({ id: 'cust_1', status: 'denied' })).toBe('sdk');
    expect(customerRevisionOf({ id: 'cust_1', status: 'active', created_at: 1772618400 })).toBe('sdk');
    expect(customerRevisionOf({ id: 'cust_1', status: 'active', created_at: '2026-03-04T10:00:00Z', kyc: [] })).toBe('docs');
  });

  it('customerRevisionSigns words each sign once, KYC items first', () => {
    expect(
      customerRevisionSigns({
        status: 'creating',
        created_at: 1772618400,
        updated_at: 1772618401,
        kyc: [{ requirement_type: 'selfie' }, { requirement_type: 'identity' }],
      }),
    ).toEqual([
      { revision: 'sdk', sign: 'KYC requirements carry requirement_type' },
      { revision: 'sdk', sign: 'status is creating' },
      { revision: 'sdk', sign: 'created_at and updated_at are epoch seconds' },
    ]);
    expect(customerRevisionSigns({ created_at: '2026-03-04T10:00:00Z', kyc: [{ kind: 'document' }] })).toEqual([
      { revision: 'docs', sign: 'KYC items carry kind' },
      { revision: 'docs', sign: 'created_at is a date-time string' },
    ]);
    for (const v of [undefined, null, 'cust_1', [], {}]) expect(customerRevisionSigns(v)).toEqual([]);
  });

  it('says unknown when nothing tells or the signs disagree', () => {
    for (const v of [undefined, null, 'cust_1', [], {}, { id: 'cust_1', status: 'active', kyc: [] }]) expect(customerRevisionOf(v)).toBe('unknown');
    expect(customerRevisionOf({ created_at: '2026-03-04T10:00:00Z', kyc: [{ requirement_type: 'selfie' }] })).toBe('unknown');
    expect(customerRevisionOf({ created_at: 1772618400, kyc: [{ kind: 'document' }] })).toBe('unknown');
  });
});

describe('the two revisions disagree on the customer shape', () => {
  it("each refuses the other's customer examples", async () => {
    const docs = await loadContract('docs');
    const sdk = await loadContract('sdk');
    const docsCustomers = customerExamples(docs).filter((e) => !e.where.includes('/webhooks/'));
    const sdkCustomers = customerExamples(sdk).filter((e) => !e.where.includes('/webhooks/'));
    for (const e of docsCustomers) {
      expect(docs.validateSchema('Customer', e.value).valid, e.where).toBe(true);
      expect(sdk.validateSchema('Customer', e.value).valid, e.where).toBe(false);
    }
    for (const e of sdkCustomers) {
      expect(sdk.validateSchema('Customer', e.value).valid, e.where).toBe(true);
      expect(docs.validateSchema('Customer', e.value).valid, e.where).toBe(false);
    }
  });

  it('the SDK revision judges KYC requirements by their discriminator', async () => {
    const sdk = await loadContract('sdk');
    const identity = {
      requirement_id: 'identity_003X',
      requirement_type: 'identity',
      label: 'Documento de identidade',
      mandatory: true,
      subject: { id: '003X', name: 'João Silva', subject_type: 'applicant' },
      submitted: { evidence_type: 'cnh', attachments: [{ attachment_type: 'front', submitted: true }], review_status: 'pending', review_reason: null },
    };
    expect(sdk.validateSchema('KycRequirement', identity).valid).toBe(true);
    // Evidence of another requirement type, a person-level requirement without its subject, an unknown type.
    expect(sdk.validateSchema('KycRequirement', { ...identity, submitted: { ...identity.submitted, evidence_type: 'ccmei' } }).valid).toBe(false);
    const { subject: _subject, ...withoutSubject } = identity;
    expect(sdk.validateSchema('KycRequirement', withoutSubject).valid).toBe(false);
    expect(sdk.validateSchema('KycRequirement', { ...identity, requirement_type: 'passport' }).valid).toBe(false);
  });
});
