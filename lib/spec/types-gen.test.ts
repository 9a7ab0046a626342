import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Customer, Loan } from './generated/docs.js';
import { CONTRACT_REVISION_NAMES } from './revisions.js';
import { generatedTypesPath, generateTypes } from './types-gen.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('types generated from the contract', () => {
  it.each(CONTRACT_REVISION_NAMES)(
    'lib/spec/generated/%s.ts is what the document says today (else: npm run types)',
    async (revision) => {
      const onDisk = await readFile(path.join(root, generatedTypesPath(revision)), 'utf8');
      expect(onDisk).toBe(await generateTypes(revision));
    },
    30_000,
  );

  it('types members by the schema, so a misspelt member does not compile', () => {
    const customer = { status: 'active', kyc: [] } as unknown as Customer;
    // @ts-expect-error `stauts` is not a member of Customer
    expect(customer.stauts).toBeUndefined();
    const loan = { status: 'active' } as unknown as Loan;
    const status: Loan['status'] = loan.status;
    expect(status).toBe('active');
  });
});
