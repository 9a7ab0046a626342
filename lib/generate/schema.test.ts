import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsNs from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUSTOM_FORMATS } from '../spec/formats.js';
import { fromSchema } from './schema.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormatsNs.default(ajv);
for (const [name, validate] of Object.entries(CUSTOM_FORMATS)) ajv.addFormat(name, { type: 'string', validate });

const schemas: Record<string, any> = {
  'closed object with required and optional members': {
    type: 'object',
    additionalProperties: false,
    required: ['cpf', 'status'],
    properties: {
      cpf: { type: 'string', format: 'cpf' },
      cnpj: { type: ['string', 'null'], format: 'cnpj' },
      status: { enum: ['pending', 'approved'] },
      phone: { type: 'string', pattern: '^\\+[1-9]\\d{7,14}$' },
      email: { type: 'string', format: 'email', maxLength: 60 },
      approved_amount: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
      first_due_date: { type: 'string', format: 'date' },
      created_at: { type: 'string', format: 'date-time' },
      url: { type: 'string', format: 'uri' },
    },
  },
  'numbers with exclusive bounds and steps': {
    type: 'object',
    required: ['rate', 'count', 'step'],
    properties: {
      rate: { type: 'number', exclusiveMinimum: 0, maximum: 0.2 },
      count: { type: 'integer', minimum: 1, exclusiveMaximum: 49 },
      step: { type: 'integer', multipleOf: 5, minimum: 3, maximum: 40 },
    },
  },
  'arrays, unique items and nested objects': {
    type: 'array',
    minItems: 1,
    maxItems: 4,
    uniqueItems: true,
    items: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['a', 'b', 'c', 'd', 'e'] }, n: { const: 3 } } },
  },
  'allOf, nullable oneOf and anyOf': {
    allOf: [
      { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^ln_[0-9a-f]{32}$' } } },
      {
        type: 'object',
        required: ['error'],
        properties: { error: { oneOf: [{ type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 3 } } }, { type: 'null' }] } },
      },
    ],
    properties: {
      amount: {
        anyOf: [
          { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
          { type: 'integer', minimum: 0 },
        ],
      },
    },
  },
  'OpenAPI 3.0 nullable': { type: 'string', nullable: true, minLength: 2, maxLength: 4 },
};

describe('fromSchema', () => {
  for (const [title, schema] of Object.entries(schemas)) {
    it(`generates only valid values: ${title}`, () => {
      const validate = ajv.compile(schema);
      fc.assert(
        fc.property(fromSchema(schema), (v) => {
          if (!validate(v)) throw new Error(`${JSON.stringify(v)}: ${ajv.errorsText(validate.errors)}`);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('draws optional and nullable members both ways', () => {
    const values = fc.sample(fromSchema(schemas['closed object with required and optional members']), { numRuns: 300, seed: 1 }) as any[];
    expect(values.some((v) => 'phone' in v)).toBe(true);
    expect(values.some((v) => !('phone' in v))).toBe(true);
    expect(values.some((v) => v.cnpj === null)).toBe(true);
    expect(values.some((v) => typeof v.cnpj === 'string')).toBe(true);
  });

  it('uses property names for realism when the schema allows it', () => {
    const [v] = fc.sample(fromSchema({ type: 'object', required: ['name', 'phone'], properties: { name: { type: 'string' }, phone: { type: 'string' } } }), {
      numRuns: 1,
      seed: 4,
    }) as any[];
    expect(v.phone).toMatch(/^\+55\d{11}$/);
    expect(v.name).toMatch(/^\p{L}+ \p{L}/u);
  });

  it('skips readOnly members of request bodies', () => {
    const values = fc.sample(
      fromSchema({ type: 'object', properties: { id: { type: 'string', readOnly: true }, a: { type: 'string' } } }, { request: true }),
      100,
    ) as any[];
    expect(values.every((v) => !('id' in v))).toBe(true);
  });
});
