import { isValidCnpj, isValidCpf } from '@brazilian-utils/brazilian-utils';
import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import { cpfWithWrongCheckDigit, isSuiteExternalId, newCustomerBody, newPhone, RUN_TAG, runExternalId, TAG_PREFIX, uniqueExternalId } from './data.js';
import { sampleJpeg, samplePdf, samplePng, textPretendingToBePdf } from './files.js';

describe('generated data', () => {
  it('makes valid, unique customers', () => {
    const a = newCustomerBody({ cnpj: true });
    const b = newCustomerBody();
    expect(isValidCpf(a.cpf)).toBe(true);
    expect(a.cpf).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
    expect(isValidCnpj(a.cnpj!)).toBe(true);
    expect(b.cnpj).toBeUndefined();
    expect(a.external_id).not.toBe(b.external_id);
    expect(a.email).toMatch(/^[a-z]+\.[a-z]+\.[0-9a-f]{6}@example\.com$/);
    expect(newCustomerBody({ masked: false }).cpf).toMatch(/^\d{11}$/);
  });
  it('phones are E.164 and external ids unique', () => {
    expect(newPhone()).toMatch(/^\+[1-9]\d{7,14}$/);
    expect(new Set(Array.from({ length: 50 }, () => uniqueExternalId())).size).toBe(50);
  });
  it('tags every external id with the suite prefix and this run', () => {
    expect(TAG_PREFIX).toBe('dinie-conformance-');
    expect(RUN_TAG).toMatch(/^[a-z0-9-]{1,24}$/);
    expect(newCustomerBody().external_id).toMatch(new RegExp(`^dinie-conformance-${RUN_TAG}-c-[0-9a-f]{12}$`));
    expect(uniqueExternalId('pagination')).toMatch(new RegExp(`^dinie-conformance-${RUN_TAG}-pagination-[0-9a-f]{12}$`));
    expect(runExternalId('set-x')).toBe(`dinie-conformance-${RUN_TAG}-set-x`);
    expect(isSuiteExternalId(uniqueExternalId())).toBe(true);
    expect(isSuiteExternalId('partner-ref-123')).toBe(false);
  });
  it('breaks exactly the check digit', () => {
    for (let i = 0; i < 20; i++) expect(isValidCpf(cpfWithWrongCheckDigit())).toBe(false);
  });
});

describe('sample files', () => {
  it('are what their names say, by content', async () => {
    expect((await fileTypeFromBuffer(samplePdf().data))?.mime).toBe('application/pdf');
    expect((await fileTypeFromBuffer(sampleJpeg().data))?.mime).toBe('image/jpeg');
    expect((await fileTypeFromBuffer(samplePng().data))?.mime).toBe('image/png');
    expect(await fileTypeFromBuffer(textPretendingToBePdf().data)).toBeUndefined();
  });
});
