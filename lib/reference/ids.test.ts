import { describe, expect, it } from 'vitest';
import { hasIdShape, newId } from './ids.js';

describe('newId', () => {
  it('is the prefix, an underscore and 32 lowercase hex digits', () => {
    expect(newId('cust')).toMatch(/^cust_[0-9a-f]{32}$/);
    expect(hasIdShape(newId('ln'), 'ln')).toBe(true);
    expect(hasIdShape('ln_ABC', 'ln')).toBe(false);
  });
  it('does not repeat across many pool refills', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId('x')));
    expect(ids.size).toBe(5000);
  });
});
