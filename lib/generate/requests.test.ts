// Generated requests against the real contract: valid ones pass its validators, invalid ones
// fail them for exactly the rule they are labelled with.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Contract, loadContract } from '../spec/index.js';
import { RULE_KEYWORDS } from './invalid.js';
import { hasInvalidRequests, invalidRequest, type ValidRequest, validRequest } from './requests.js';

let c: Contract;
beforeAll(async () => {
  c = await loadContract();
});

const RUNS = 200;
const withFiles = (r: ValidRequest) =>
  r.files ? { ...(r.body as object), ...Object.fromEntries(r.files.map((f) => [f, new Uint8Array([0x25, 0x50, 0x44, 0x46])])) } : r.body;

function operationsWithInput(contract: Contract) {
  return contract.operations.filter((o) => o.requestBody || o.parameters.some((p) => p.in === 'query')).map((o) => o.id);
}

describe('requests generated from the contract', () => {
  it('cover the operations that take a body or a query', () => {
    const ids = operationsWithInput(c);
    expect(ids).toEqual(expect.arrayContaining(['createCustomer', 'listCustomers', 'uploadDocument', 'createLoan', 'createWebhookEndpoint']));
    for (const id of ids) expect(hasInvalidRequests(c, id), id).toBe(true);
  });

  it(`valid requests (${RUNS} per operation) pass the body and query validators`, () => {
    for (const id of operationsWithInput(c)) {
      fc.assert(
        fc.property(validRequest(c, id), (r) => {
          const body = r.contentType ? c.validateRequestBody(id, r.contentType, withFiles(r)) : { valid: true, errors: [] };
          const query = c.validateQuery(id, r.query);
          if (!body.valid || !query.valid) throw new Error(`${id}: ${[...body.errors, ...query.errors].join('; ')}`);
        }),
        { numRuns: RUNS, seed: 20261123 },
      );
    }
  });

  it(`invalid requests (${RUNS} per operation) fail for their labelled rule and only it`, () => {
    for (const id of operationsWithInput(c)) {
      fc.assert(
        fc.property(invalidRequest(c, id), (r) => {
          const body = r.contentType ? c.validateRequestBody(id, r.contentType, withFiles(r)) : { valid: true, errors: [], issues: [] };
          const query = c.validateQuery(id, r.query);
          const [broken, intact] = r.location === 'body' ? [body, query] : [query, body];
          const where = `${id} ${r.rule} at ${r.location} ${r.field}`;
          if (broken.valid) throw new Error(`${where}: accepted`);
          if (!intact.valid) throw new Error(`${where}: the other part broke too: ${intact.errors}`);
          const issues = broken.issues ?? [];
          const stray = issues.filter((i) => i.field !== r.field);
          if (stray.length) throw new Error(`${where}: also broke ${stray.map((i) => i.message)}`);
          if (!issues.some((i) => RULE_KEYWORDS[r.rule].includes(i.keyword))) throw new Error(`${where}: failed for another reason: ${broken.errors}`);
        }),
        { numRuns: RUNS, seed: 20261124 },
      );
    }
  });

  it('leave file parts of multipart bodies to the caller', () => {
    const [r] = fc.sample(validRequest(c, 'uploadDocument'), { numRuns: 1, seed: 1 });
    expect(r!.contentType).toBe('multipart/form-data');
    expect(r!.files).toEqual(['file']);
    expect(r!.body).not.toHaveProperty('file');
    expect(c.validateRequestBody('uploadDocument', r!.contentType!, r!.body).valid).toBe(false); // the file is required
  });
});
