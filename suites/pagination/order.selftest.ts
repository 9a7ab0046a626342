// The order judge of PAGE-SORT-ORDER / PAGE-DEFAULT-ORDER: ties pass, any inversion is reported.
import { describe, expect, it } from 'vitest';
import { misordered } from './checks.js';

const c = (id: string, created_at: string, name: string) => ({ id, created_at, updated_at: created_at, name });

describe('misordered', () => {
  const a = c('a', '2026-03-01T10:00:00.001Z', 'Paginacao X AA');
  const b = c('b', '2026-03-01T10:00:00.002Z', 'Paginacao X AB');
  const b2 = c('b2', '2026-03-01T10:00:00.002Z', 'Paginacao X AB');

  it('accepts ordered sequences and ties', () => {
    expect(misordered([a, b, b2], 'created_at', 'asc')).toBeUndefined();
    expect(misordered([b2, b, a], 'created_at', 'desc')).toBeUndefined();
    expect(misordered([a, b], 'name', 'asc')).toBeUndefined();
  });

  it('names the first inverted pair', () => {
    expect(misordered([b, a], 'created_at', 'asc')).toEqual({ before: { id: 'b', created_at: b.created_at }, after: { id: 'a', created_at: a.created_at } });
    expect(misordered([a, b], 'name', 'desc')?.before).toEqual({ id: 'a', name: a.name });
  });
});
