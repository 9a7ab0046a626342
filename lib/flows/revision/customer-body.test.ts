import { beforeAll, describe, expect, it } from 'vitest';
import { type Contract, loadContract } from '../../spec/index.js';
import { customerBodyFor, newCustomerBody } from '../data.js';
import { evidenceFits } from './kyc.js';

let docs: Contract;
let sdk: Contract;
beforeAll(async () => {
  [docs, sdk] = await Promise.all([loadContract('docs'), loadContract('sdk')]);
}, 60_000);

describe('registration bodies shaped by the contract', () => {
  it('leaves a documentation-revision body as it is', () => {
    const body = newCustomerBody({ cnpj: true });
    expect(customerBodyFor({ contract: docs }, body)).toEqual(body);
    const person = newCustomerBody({ for: { contract: docs } });
    expect(person.cnpj).toBeUndefined();
  });
  it('gives an SDK-revision body its required cnpj, email and phone and drops trading_name', () => {
    const body = customerBodyFor({ contract: sdk }, { cpf: '123.456.789-09', trading_name: 'Loja', external_id: 'x' });
    expect(body).toMatchObject({ cpf: '123.456.789-09', external_id: 'x' });
    expect(body).not.toHaveProperty('trading_name');
    expect(body.cnpj).toMatch(/^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/);
    expect(body.email).toMatch(/@example\.com$/);
    expect(body.phone).toMatch(/^\+55\d{11}$/);
    expect(sdk.validateSchema('CreateCustomerRequest', newCustomerBody({ for: { contract: sdk } })).valid).toBe(true);
    expect(sdk.validateSchema('CreateCustomerRequest', newCustomerBody({ cnpj: true, for: { contract: sdk } })).valid).toBe(true);
  });
});

describe('evidence a requirement takes (sdk revision)', () => {
  it('follows the requirement variant of the document', () => {
    expect(evidenceFits(sdk.document, 'identity', 'cnh', 'front')).toBe(true);
    expect(evidenceFits(sdk.document, 'identity', 'ccmei', 'file')).toBe(false);
    expect(evidenceFits(sdk.document, 'selfie', 'selfie', 'file')).toBe(false);
    expect(evidenceFits(sdk.document, 'unknown_type', 'x', 'y')).toBe(true);
  });
});
