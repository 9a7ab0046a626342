import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { fieldPath, toIssues } from './errors.js';

const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile({
  type: 'object',
  required: ['id', 'kyc'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    kyc: { type: 'array', items: { type: 'object', properties: { status: { enum: ['pending', 'submitted', 'approved'] } } } },
    data: { type: 'array', items: { type: 'object', properties: { amount_due: { type: 'string', pattern: '^\\d+\\.\\d{2}$' } } } },
    count: { type: 'integer', maximum: 10 },
  },
});

function messages(value: unknown): string[] {
  expect(validate(value)).toBe(false);
  return toIssues(validate.errors).map((i) => i.message);
}

describe('readable validation errors', () => {
  it('turns instance paths into dotted paths with indexes', () => {
    expect(fieldPath('')).toBe('(root)');
    expect(fieldPath('/kyc/0/status')).toBe('kyc[0].status');
    expect(fieldPath('/data/3/amount_due')).toBe('data[3].amount_due');
    expect(fieldPath('/a~1b/c~0d')).toBe('a/b.c~d');
  });

  it('names the missing property at the object that lacks it', () => {
    expect(messages({ kyc: [] })).toEqual(["(root) must have required property 'id'"]);
  });

  it('lists the allowed values of an enum', () => {
    expect(messages({ id: 'x', kyc: [{ status: 'nope' }] })).toEqual(['kyc[0].status must be one of: pending, submitted, approved']);
  });

  it('prints the pattern without quotes', () => {
    expect(messages({ id: 'x', kyc: [], data: [{}, {}, {}, { amount_due: '10.5' }] })).toEqual(['data[3].amount_due must match pattern ^\\d+\\.\\d{2}$']);
  });

  it('names extra properties and bounds, and reports every failure', () => {
    const m = messages({ id: 1, kyc: [], count: 11, extra: true });
    expect(m).toContain("(root) must not have additional property 'extra'");
    expect(m).toContain('id must be string');
    expect(m).toContain('count must be <= 10');
  });

  it('gives the field of a missing or extra property itself', () => {
    validate({ kyc: [], extra: 1 });
    const issues = toIssues(validate.errors);
    expect(issues.find((i) => i.keyword === 'required')?.field).toBe('id');
    expect(issues.find((i) => i.keyword === 'additionalProperties')?.field).toBe('extra');
  });

  it('says once which types a nullable or alternative value may have', () => {
    const v = ajv.compile({ type: 'object', properties: { error: { oneOf: [{ type: 'object' }, { type: 'null' }] } } });
    expect(v({ error: 'boom' })).toBe(false);
    expect(toIssues(v.errors).map((i) => i.message)).toEqual(['error must be object or null', 'error must match exactly one schema in oneOf']);
  });
});
