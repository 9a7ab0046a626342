import { isValidCnpj, isValidCpf } from '@brazilian-utils/brazilian-utils';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsNs from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIssues } from '../spec/errors.js';
import { CUSTOM_FORMATS } from '../spec/formats.js';
import { type InvalidRule, invalidFromSchema, RULE_KEYWORDS } from './invalid.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormatsNs.default(ajv);
for (const [name, validate] of Object.entries(CUSTOM_FORMATS)) ajv.addFormat(name, { type: 'string', validate });

const customer = {
  type: 'object',
  additionalProperties: false,
  required: ['cpf', 'name', 'kyc'],
  properties: {
    cpf: { type: 'string', format: 'cpf' },
    cnpj: { type: ['string', 'null'], format: 'cnpj' },
    name: { type: 'string', minLength: 2, maxLength: 40 },
    email: { type: 'string', format: 'email' },
    phone: { type: 'string', pattern: '^\\+[1-9]\\d{7,14}$' },
    amount: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
    installments: { type: 'integer', minimum: 1, maximum: 48 },
    rate: { type: 'number', exclusiveMinimum: 0 },
    kyc: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['type', 'status'], properties: { type: { type: 'string' }, status: { enum: ['pending', 'submitted', 'approved'] } } },
    },
  },
};

describe('invalidFromSchema', () => {
  const validate = ajv.compile(customer);

  it('breaks exactly the labelled rule at the labelled field', () => {
    const seen = new Set<InvalidRule>();
    fc.assert(
      fc.property(invalidFromSchema(customer), ({ value, rule, field }) => {
        seen.add(rule);
        expect(validate(value), `${rule} ${field} ${JSON.stringify(value)}`).toBe(false);
        const issues = toIssues(validate.errors);
        expect(
          issues.map((i) => i.field),
          `${rule} ${JSON.stringify(value)}`,
        ).toEqual(issues.map(() => field));
        expect(
          issues.some((i) => RULE_KEYWORDS[rule].includes(i.keyword)),
          `${rule}: ${issues.map((i) => i.message)}`,
        ).toBe(true);
      }),
      { numRuns: 600 },
    );
    expect([...seen].sort()).toEqual([
      'check-digit',
      'enum',
      'extra-field',
      'format',
      'max-length',
      'maximum',
      'min-length',
      'minimum',
      'missing-required',
      'pattern',
      'wrong-type',
    ]);
  });

  it('reaches into arrays with an indexed path', () => {
    const fields = new Set(fc.sample(invalidFromSchema(customer), { numRuns: 600, seed: 5 }).map((v) => v.field));
    expect(fields).toContain('kyc[0].status');
    expect(fields).toContain('kyc[0].type');
  });

  it('check-digit keeps the shape and breaks only the digit', () => {
    const cases = fc.sample(
      invalidFromSchema(customer).filter((v) => v.rule === 'check-digit'),
      { numRuns: 100, seed: 2 },
    );
    for (const { value, field } of cases) {
      const v = (value as Record<string, string>)[field]!;
      if (field === 'cpf') {
        expect(v).toMatch(/^(\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})$/);
        expect(isValidCpf(v)).toBe(false);
      } else {
        expect(field).toBe('cnpj');
        expect(v).toMatch(/^(\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}|\d{14})$/);
        expect(isValidCnpj(v)).toBe(false);
      }
      // Only the last digit moved: some other final digit makes the document valid again.
      const fixes = '0123456789'.split('').map((d) => v.slice(0, -1) + d);
      expect(fixes.some((f) => (field === 'cpf' ? isValidCpf(f) : isValidCnpj(f)))).toBe(true);
    }
  });

  it('in text mode, never calls a string the wrong type', () => {
    const query = { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 100 }, q: { type: 'string', maxLength: 5 } } };
    const values = fc.sample(invalidFromSchema(query, { stringly: true }), { numRuns: 200, seed: 3 });
    expect(values.filter((v) => v.rule === 'wrong-type').every((v) => v.field === 'limit')).toBe(true);
    expect(new Set(values.map((v) => v.rule))).toEqual(new Set(['wrong-type', 'minimum', 'maximum', 'max-length']));
  });

  it('refuses a schema with nothing to break', () => {
    expect(() => invalidFromSchema({})).toThrow(/no rule/);
  });
});
