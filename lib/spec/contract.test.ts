// Behaviour of a compiled contract, on a small document written for these tests.

import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Contract, loadContract } from './index.js';

const MINI = fileURLToPath(new URL('./__fixtures__/mini.yaml', import.meta.url));
let c: Contract;
beforeAll(async () => {
  c = await loadContract(MINI);
});

const customer = {
  id: 'cust_0123456789abcdef0123456789abcdef',
  cpf: '123.456.789-09',
  cnpj: null,
  status: 'pending_kyc',
  kyc: [{ type: 'selfie', status: 'pending' }],
  created_at: '2026-03-01T12:00:00Z',
};

describe('operations', () => {
  it('reads method, path, security and the idempotency header', () => {
    const create = c.operation('createCustomer');
    expect(create).toMatchObject({ method: 'POST', path: '/customers', secured: true, idempotencyKey: true, source: 'seed 001 · Register a new customer' });
    expect(create.requestBody).toEqual({ required: true, contentTypes: ['application/json'] });
    expect(c.operation('createToken').secured).toBe(false); // HTTP Basic, not a bearer token
    expect(c.operation('getCustomer').parameters).toEqual([
      { name: 'customer_id', in: 'path', required: true, schema: { type: 'string', pattern: '^cust_[0-9a-f]{32}$' } },
    ]);
    expect(c.operation('listCustomers').parameters.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { maximum: 100 } });
  });

  it('throws naming an unknown operation id', () => {
    expect(() => c.operation('stealMoney')).toThrow(/stealMoney/);
    expect(() => c.validateResponse('stealMoney', 200, 'application/json', {})).toThrow(/stealMoney/);
  });

  it('matches concrete paths, literal segments before templates, with or without the server prefix', () => {
    expect(c.findOperation('get', '/customers/cust_abc')).toMatchObject({ operation: { id: 'getCustomer' }, params: { customer_id: 'cust_abc' } });
    expect(c.findOperation('GET', '/customers/search')?.operation.id).toBe('searchCustomers');
    expect(c.findOperation('GET', '/v3/customers/cust_abc?expand=x')?.params).toEqual({ customer_id: 'cust_abc' });
    expect(c.findOperation('DELETE', '/customers/cust_abc')).toBeUndefined();
    expect(c.findOperation('GET', '/nowhere')).toBeUndefined();
  });

  it('lists webhook events', () => {
    expect(c.events).toEqual(['customer.created']);
  });
});

describe('validateResponse', () => {
  it('accepts a conforming body, with media type parameters and JSON text', () => {
    expect(c.validateResponse('getCustomer', 200, 'application/json', customer)).toEqual({ valid: true, errors: [], issues: [] });
    expect(c.validateResponse('getCustomer', 200, 'Application/JSON; charset=utf-8', JSON.stringify(customer)).valid).toBe(true);
  });

  it('explains what is wrong with a body', () => {
    const r = c.validateResponse('getCustomer', 200, 'application/json', {
      ...customer,
      id: 'x',
      kyc: [{ type: 'selfie', status: 'lost' }],
      credit_limit: '10.5',
    });
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([
      'id must match pattern ^cust_[0-9a-f]{32}$',
      'credit_limit must match pattern ^\\d+\\.\\d{2}$',
      'kyc[0].status must be one of: pending, submitted, approved, rejected, correction_requested',
    ]);
  });

  it('refuses undocumented statuses and media types with a clear message', () => {
    expect(c.validateResponse('getCustomer', 500, 'application/json', {}).errors).toEqual([
      'status 500 is not documented for getCustomer (documented: 200, 404)',
    ]);
    expect(c.validateResponse('getCustomer', 404, 'application/json', {}).errors[0]).toMatch(/media type application\/json is not documented.*problem\+json/);
    expect(c.validateResponse('getCustomer', 200, undefined, customer).errors[0]).toMatch(/no Content-Type/);
    expect(c.validateResponse('getCustomer', 200, 'application/json', '{oops').errors).toEqual(['body is not valid JSON (application/json)']);
    expect(c.validateResponse('getCustomer', 200, 'application/json', undefined).errors).toEqual(['getCustomer 200 has no body; documented: application/json']);
  });

  it('uses a status range and problem+json', () => {
    const problem = { type: 'about:blank', title: 'Conflict', status: 409 };
    expect(c.validateResponse('createCustomer', 409, 'application/problem+json', problem).valid).toBe(true);
    expect(c.validateResponse('createCustomer', 409, 'application/problem+json', { title: 'x' }).errors).toContain("(root) must have required property 'type'");
  });

  it('treats a bodiless response as valid only without a body', () => {
    expect(c.validateResponse('searchCustomers', 204, undefined, '').valid).toBe(true);
    expect(c.validateResponse('searchCustomers', 204, 'application/json', '{}').valid).toBe(false);
  });
});

describe('validateResponseHeaders', () => {
  it('demands required headers and parses integer values', () => {
    expect(
      c.validateResponseHeaders('createCustomer', 201, { Location: '/v3/customers/cust_0123456789abcdef0123456789abcdef', 'x-ratelimit-limit': '100' }).valid,
    ).toBe(true);
    expect(c.validateResponseHeaders('createCustomer', 201, { 'X-RateLimit-Limit': 'lots' }).errors).toEqual([
      'header Location is required',
      'X-RateLimit-Limit must be integer',
    ]);
    expect(c.validateResponseHeaders('createCustomer', 201, { location: '/v3/customers/1', 'x-ratelimit-limit': '0' }).errors).toEqual([
      'Location must match pattern ^/v3/customers/cust_[0-9a-f]{32}$',
      'X-RateLimit-Limit must be >= 1',
    ]);
  });
});

describe('validateRequestBody and validateQuery', () => {
  it('judges a JSON body, including formats cpf and email and closed objects', () => {
    expect(c.validateRequestBody('createCustomer', 'application/json', { cpf: '12345678909', email: 'a@b.com.br' }).valid).toBe(true);
    const r = c.validateRequestBody('createCustomer', 'application/json', { cpf: '123.456.789-00', email: 'nope', nickname: 'x' });
    expect(r.errors).toEqual(["(root) must not have additional property 'nickname'", 'cpf must match format "cpf"', 'email must match format "email"']);
  });

  it('judges form bodies as text, files only by presence', () => {
    expect(c.validateRequestBody('uploadDocument', 'multipart/form-data; boundary=abc', { type: 'selfie', file: new Uint8Array([1]) }).valid).toBe(true);
    expect(c.validateRequestBody('uploadDocument', 'multipart/form-data', { type: 'passport' }).errors).toEqual([
      "(root) must have required property 'file'",
      'type must be one of: identity_document, proof_of_address, selfie',
    ]);
    expect(c.validateRequestBody('createToken', 'application/x-www-form-urlencoded', { grant_type: 'client_credentials' }).valid).toBe(true);
    expect(c.validateRequestBody('createToken', 'application/json', { grant_type: 'client_credentials' }).errors[0]).toMatch(/not accepted by createToken/);
  });

  it('parses query values and names the parameter', () => {
    expect(c.validateQuery('listCustomers', { limit: '20', status: 'active', cpf: '123.456.789-09' }).valid).toBe(true);
    expect(c.validateQuery('listCustomers', { limit: 20, other: 'ignored' }).valid).toBe(true);
    expect(c.validateQuery('listCustomers', { limit: '0', status: 'gone' }).errors).toEqual([
      'status must be one of: pending_kyc, under_review, active',
      'limit must be >= 1',
    ]);
    expect(c.validateQuery('listCustomers', { limit: 'ten' }).errors).toEqual(['limit must be integer']);
  });
});

describe('events, components and schemas', () => {
  it('validates event payloads by type and refuses unknown types', () => {
    expect(c.validateEvent('customer.created', { type: 'customer.created', timestamp: '2026-03-01T12:00:00Z', data: customer }).valid).toBe(true);
    expect(c.validateEvent('customer.created', { type: 'customer.created', timestamp: 'yesterday', data: customer }).errors).toEqual([
      'timestamp must match format "date-time"',
    ]);
    expect(c.validateEvent('customer.deleted', {}).errors).toEqual(["event type 'customer.deleted' is not in the contract's catalogue"]);
  });

  it('validates a named component and throws for an unknown one', () => {
    expect(c.validateSchema('Money', '10.00').valid).toBe(true);
    expect(c.validateSchema('Money', '10').errors).toEqual(['(root) must match pattern ^\\d+\\.\\d{2}$']);
    expect(() => c.validateSchema('Nope', 1)).toThrow(/Nope/);
  });

  it('hands out resolved request and event schemas', () => {
    const body: any = c.requestSchema('createCustomer');
    expect(body.properties.monthly_income).toMatchObject({ type: 'string', pattern: '^\\d+\\.\\d{2}$' });
    expect(JSON.stringify(body)).not.toContain('$ref');
    expect(c.requestSchema('getCustomer')).toBeUndefined();
    expect((c.eventSchema('customer.created') as any).properties.data.properties.id.pattern).toBe('^cust_[0-9a-f]{32}$');
  });
});
