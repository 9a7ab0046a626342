import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../checks/context.js';
import { type Contract, loadContract } from '../spec/index.js';
import { partnerCallable, requestExample } from './operations.js';

let docs: Contract;
let sdk: Contract;
beforeAll(async () => {
  [docs, sdk] = await Promise.all([loadContract('docs'), loadContract('sdk')]);
}, 60_000);
const ctx = (contract: Contract) => ({ contract }) as unknown as CheckContext;

describe('partnerCallable', () => {
  it("leaves out the token endpoint (HTTP Basic) and the sdk revision's session-only selfie route", () => {
    expect(docs.operations.filter((o) => !partnerCallable(ctx(docs), o)).map((o) => o.id)).toEqual(['createToken']);
    expect(
      sdk.operations
        .filter((o) => !partnerCallable(ctx(sdk), o))
        .map((o) => o.id)
        .sort(),
    ).toEqual(['createKycSelfie', 'createToken']);
  });
});

describe('requestExample', () => {
  it("reads the first example of an operation's JSON request body", () => {
    expect(requestExample(ctx(sdk), 'upsertCustomerBankAccount')).toEqual({
      bank_account: { bank_id: '001', kind: 'checking', branch: '0001', number: '1234567', digit: '0' },
    });
    expect(requestExample(ctx(sdk), 'getCustomerBankAccount')).toBeUndefined();
    expect(requestExample(ctx(docs), 'no-such-operation')).toBeUndefined();
  });
});
