import { describe, expect, it } from 'vitest';
import { dereference } from './deref.js';

const doc = {
  components: {
    schemas: {
      Money: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
      Loan: { type: 'object', properties: { amount: { $ref: '#/components/schemas/Money' }, fee: { $ref: '#/components/schemas/Money', description: 'Fee' } } },
      Node: { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' } } },
      Narrow: { $ref: '#/components/schemas/Money', maxLength: 8 },
    },
  },
};

describe('dereference', () => {
  it('inlines local references and keeps annotation siblings', () => {
    const loan: any = dereference(doc, { $ref: '#/components/schemas/Loan' });
    expect(loan.properties.amount).toEqual({ type: 'string', pattern: '^\\d+\\.\\d{2}$' });
    expect(loan.properties.fee).toEqual({ type: 'string', pattern: '^\\d+\\.\\d{2}$', description: 'Fee' });
  });

  it('combines constraining siblings with allOf', () => {
    expect(dereference(doc, { $ref: '#/components/schemas/Narrow' })).toEqual({ maxLength: 8, allOf: [{ type: 'string', pattern: '^\\d+\\.\\d{2}$' }] });
  });

  it('leaves a recursive reference in place instead of looping', () => {
    const node: any = dereference(doc, { $ref: '#/components/schemas/Node' });
    expect(node.properties.child).toEqual({ $ref: '#/components/schemas/Node' });
  });

  it('throws on a reference to nothing', () => {
    expect(() => dereference(doc, { $ref: '#/components/schemas/Nope' })).toThrow(/Nope/);
  });

  it('copies data keywords untouched', () => {
    expect(dereference(doc, { enum: [{ $ref: 'not-a-ref' }] })).toEqual({ enum: [{ $ref: 'not-a-ref' }] });
  });
});
