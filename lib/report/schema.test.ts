import { describe, expect, it } from 'vitest';
import { makeScrubber } from './redact.js';
import { reportSchemaErrors } from './schema.js';
import { syntheticReport, syntheticResult } from './testing.js';
import { serialiseReport } from './write.js';

describe('conformance.json schema', () => {
  it('accepts a built report', () => {
    expect(reportSchemaErrors(syntheticReport())).toEqual([]);
  });

  it("accepts what skips lacked, the verdict on completeness and the target's declared lacks and triggers", () => {
    const report = syntheticReport(
      [
        syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
        syntheticResult('LOAN-X', 'loans', 'MUST', 'skipped', { message: 'needs loan cancel', lacks: ['trigger:loan.cancel'] }),
        syntheticResult('AUTH-B', 'auth', 'MUST', 'skipped', { message: 'no clock', lacks: ['clock'] }),
      ],
      { target: { name: 'sandbox', baseUrl: 'https://sandbox.example/v3', capabilities: ['stateful'], triggers: ['kyc.reject'], declaredLacks: ['clock'] } },
    );
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.target).toEqual({
      name: 'sandbox',
      baseUrl: 'https://sandbox.example/v3',
      capabilities: ['stateful'],
      triggers: ['kyc.reject'],
      declaredLacks: ['clock'],
    });
    expect(report.verdict).toMatchObject({ status: 'incomplete', complete: false, excused: false, mustSkipped: 2, mustTotal: 3 });
    const badLack = structuredClone(report);
    (badLack.requirements.find((r) => r.id === 'LOAN-X')!.lacks as string[]) = ['loan.cancel'];
    expect(reportSchemaErrors(badLack).join()).toMatch(/requirements\/\d+\/lacks\/0/);
    const noComplete = structuredClone(report) as any;
    delete noComplete.verdict.complete;
    expect(reportSchemaErrors(noComplete).join()).toMatch(/verdict must have required property 'complete'/);
    const noDeclared = structuredClone(report) as any;
    delete noDeclared.target.declaredLacks;
    expect(reportSchemaErrors(noDeclared).join()).toMatch(/declaredLacks/);
  });

  it('rejects a report with credentials-like extras, a bad outcome or a failure without its reason', () => {
    const withSecret = { ...syntheticReport(), target: { ...syntheticReport().target, clientSecret: 'x' } };
    expect(reportSchemaErrors(withSecret).join()).toMatch(/additional properties/);
    const badOutcome = syntheticReport();
    (badOutcome.requirements[0] as any).outcome = 'broken';
    expect(reportSchemaErrors(badOutcome).join()).toMatch(/requirements\/0\/outcome/);
    const noReason = syntheticReport();
    const failed = noReason.requirements.find((r) => r.outcome === 'failed')!;
    delete failed.message;
    expect(reportSchemaErrors(noReason).join()).toMatch(/message/);
  });

  it('accepts the coverage table of the contract checks and refuses a row without its members', () => {
    const row = {
      operation: 'createCustomer',
      cases: { negative: 49, positive: 5, judged: 49, impossible: 0 },
      keywords: [
        { keyword: 'type', exercised: 7, total: 7 },
        { keyword: 'null', exercised: 4, total: 4 },
      ],
      members: { exercised: 8, total: 8 },
      notExercised: [{ case: 'body events[0] anyOf', reason: 'no value breaks anyOf of events[0] without breaking another rule' }],
    };
    const report = syntheticReport([
      syntheticResult('CONTRACT-INVALID-INPUT-REFUSED', 'contract', 'MUST', 'passed', { evidence: { exchanges: [], notes: [], coverage: [row] } }),
    ]);
    expect(reportSchemaErrors(report)).toEqual([]);
    const { members: _m, ...noMembers } = row;
    const bad = syntheticReport([
      syntheticResult('CONTRACT-INVALID-INPUT-REFUSED', 'contract', 'MUST', 'passed', {
        evidence: { exchanges: [], notes: [], coverage: [noMembers as typeof row] },
      }),
    ]);
    expect(reportSchemaErrors(bad).join()).toMatch(/coverage\/0 must have required property 'members'/);
  });

  it('accepts the judgements a check made and those of its preconditions, whole numbers from zero', () => {
    const report = syntheticReport([
      syntheticResult('AUTH-A', 'auth', 'MUST', 'passed', { judgements: 12, preconditions: 3 }),
      syntheticResult('AUTH-B', 'auth', 'MUST', 'skipped', { message: 'found nothing to judge', lacks: [], judgements: 0, preconditions: 5 }),
    ]);
    expect(reportSchemaErrors(report)).toEqual([]);
    for (const field of ['judgements', 'preconditions']) {
      for (const bad of [-1, 1.5, '3']) {
        const broken = structuredClone(report);
        (broken.requirements[0] as any)[field] = bad;
        expect(reportSchemaErrors(broken).join()).toMatch(new RegExp(`requirements/0/${field}`));
      }
    }
  });

  it('serialising fails loudly on an invalid report', () => {
    const bad = syntheticReport();
    (bad as any).seed = 'not a number';
    expect(() => serialiseReport(bad, makeScrubber())).toThrow(/does not match its schema/);
  });
});
