// The run report's `leftovers`: gathered from every check's result, listed with the check that
// made each, capped at 1000 with the true count, kept out of the requirements, and valid against
// the report's schema.
import { describe, expect, it } from 'vitest';
import { reportSchemaErrors } from './schema.js';
import { syntheticReport, syntheticResult } from './testing.js';

const customers = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'customer',
    id: `cust_${String(from + i).padStart(32, '0')}`,
    external_id: `dinie-conformance-run-c-${from + i}`,
  }));

describe('run report leftovers', () => {
  it("lists each check's leftovers under the check, and no requirement carries them", () => {
    const report = syntheticReport([
      syntheticResult('CUST-A', 'customers', 'MUST', 'passed', { leftovers: { count: 2, items: customers(2) } }),
      syntheticResult('LOAN-B', 'loans', 'MUST', 'failed', {
        leftovers: {
          count: 2,
          items: [
            { kind: 'loan', id: 'ln_1' },
            { kind: 'webhook_endpoint', id: 'we_1' },
          ],
        },
      }),
      syntheticResult('AUTH-C', 'auth', 'MUST', 'passed'),
    ]);
    expect(report.leftovers).toEqual({
      count: 4,
      items: [
        { ...customers(2)[0], check: 'CUST-A' },
        { ...customers(2)[1], check: 'CUST-A' },
        { kind: 'loan', id: 'ln_1', check: 'LOAN-B' },
        { kind: 'webhook_endpoint', id: 'we_1', check: 'LOAN-B' },
      ],
    });
    expect(report.requirements.some((r) => 'leftovers' in r)).toBe(false);
    expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('caps the list at 1000 entries and keeps the true count', () => {
    const report = syntheticReport([
      syntheticResult('CUST-A', 'customers', 'MUST', 'passed', { leftovers: { count: 1500, items: customers(1000) } }),
      syntheticResult('CUST-B', 'customers', 'MUST', 'passed', { leftovers: { count: 700, items: customers(700, 1000) } }),
    ]);
    expect(report.leftovers!.count).toBe(2200);
    expect(report.leftovers!.items).toHaveLength(1000);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(JSON.stringify(report).length).toBeLessThan(200_000);
  });

  it('is absent when the run left nothing; the schema refuses a malformed one', () => {
    expect(syntheticReport()).not.toHaveProperty('leftovers');
    const bad = syntheticReport([syntheticResult('CUST-A', 'customers', 'MUST', 'passed', { leftovers: { count: 1, items: customers(1) } })]);
    (bad.leftovers!.items[0] as any).secret = 'x';
    expect(reportSchemaErrors(bad).join()).toMatch(/leftovers/);
  });
});
