import { describe, expect, it } from 'vitest';
import { coerceText } from './coerce.js';

describe('coerceText', () => {
  it('parses numbers and booleans written as text, per the declared type', () => {
    expect(coerceText({ type: 'integer' }, '20')).toBe(20);
    expect(coerceText({ type: 'number' }, '0.0299')).toBe(0.0299);
    expect(coerceText({ type: 'boolean' }, 'true')).toBe(true);
    expect(coerceText({ type: ['integer', 'null'] }, 'null')).toBe(null);
    expect(coerceText({ type: 'array', items: { type: 'integer' } }, '1,2')).toEqual([1, 2]);
  });

  it('leaves strings, unparseable text and typed values alone', () => {
    expect(coerceText({ type: 'string' }, '20')).toBe('20');
    expect(coerceText({ type: 'integer' }, 'twenty')).toBe('twenty');
    expect(coerceText({ type: 'integer' }, '')).toBe('');
    expect(coerceText({ type: 'integer' }, 7)).toBe(7);
    expect(coerceText({ oneOf: [{ type: 'integer' }, { type: 'null' }] }, '3')).toBe(3);
  });
});
