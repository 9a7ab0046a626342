import { describe, expect, it } from 'vitest';
import type { Lack } from '../checks/types.js';
import { countResults, describeSkipReason, groupSkippedMusts, isCovered, isViolation, judge, verdictHeadline } from './verdict.js';

type O = 'passed' | 'failed' | 'warning' | 'skipped';
const r = (id: string, level: 'MUST' | 'SHOULD', outcome: O, lacks?: Lack[], message?: string) => ({
  id,
  level,
  outcome,
  ...(lacks ? { lacks } : {}),
  ...(outcome === 'skipped' ? { message: message ?? `skipped ${id}` } : {}),
});

describe('verdict', () => {
  it('counts by level and outcome', () => {
    const c = countResults([r('A-1', 'MUST', 'passed'), r('A-2', 'MUST', 'failed'), r('A-3', 'SHOULD', 'warning'), r('A-4', 'SHOULD', 'skipped')]);
    expect(c.MUST).toEqual({ passed: 1, failed: 1, warning: 0, skipped: 0 });
    expect(c.SHOULD).toEqual({ passed: 0, failed: 0, warning: 1, skipped: 1 });
    expect(c.total).toEqual({ passed: 1, failed: 1, warning: 1, skipped: 1 });
  });

  it('a failed MUST makes the target not conforming; a SHOULD warning does not, unless strict', () => {
    expect(isViolation(r('A-1', 'MUST', 'failed'), false)).toBe(true);
    expect(isViolation(r('A-1', 'SHOULD', 'warning'), false)).toBe(false);
    expect(isViolation(r('A-1', 'SHOULD', 'warning'), true)).toBe(true);
    expect(isViolation(r('A-1', 'SHOULD', 'failed'), true)).toBe(true);
    expect(isViolation(r('A-1', 'MUST', 'skipped'), true)).toBe(false);
    const results = [r('A-1', 'MUST', 'passed'), r('A-2', 'SHOULD', 'warning')];
    expect(judge(results, { strict: false })).toMatchObject({ status: 'conforming', conforming: true, complete: true, passed: true, blocking: [] });
    expect(judge(results, { strict: true })).toMatchObject({ status: 'not-conforming', conforming: false, passed: false, blocking: ['A-2'] });
    expect(judge([r('A-1', 'MUST', 'failed')], { strict: false }).summary).toContain('A-1');
  });

  it('known failures keep the target non-conforming but do not fail the run', () => {
    const v = judge([r('A-1', 'MUST', 'failed'), r('A-2', 'MUST', 'passed')], { strict: false, knownIds: new Set(['A-1']) });
    expect(v).toMatchObject({ status: 'not-conforming', conforming: false, passed: true, blocking: [] });
  });

  it('a run that checked nothing is never conforming and never passes', () => {
    expect(judge([], { strict: false })).toMatchObject({
      status: 'incomplete',
      conforming: false,
      complete: false,
      passed: false,
      summary: 'nothing was checked',
    });
  });

  it('a complete run with no MUST failed is CONFORMING', () => {
    const v = judge([r('A-1', 'MUST', 'passed'), r('A-2', 'MUST', 'passed'), r('A-3', 'SHOULD', 'skipped', ['clock'])], { strict: false });
    expect(v).toMatchObject({
      status: 'conforming',
      conforming: true,
      complete: true,
      excused: true,
      passed: true,
      mustTotal: 2,
      mustSkipped: 0,
      skipReasons: [],
    });
    expect(v.summary).toBe('no MUST requirements failed and all 2 MUST requirements were checked');
    expect(verdictHeadline(v.status)).toBe('CONFORMING');
  });
});

describe('a skipped MUST is not a pass (decision 19)', () => {
  const results = [
    r('LOAN-A', 'MUST', 'skipped', ['trigger:loan.cancel'], 'needs loan cancel: no trigger declared'),
    r('LOAN-B', 'MUST', 'skipped', ['trigger:loan.cancel'], 'needs loan cancel: no trigger declared'),
    r('AUTH-EXP', 'MUST', 'skipped', ['clock'], "target's clock cannot be moved (no simulation control API)"),
    r('CUST-A', 'MUST', 'passed'),
    r('CUST-B', 'MUST', 'passed'),
    r('RATE-S', 'SHOULD', 'skipped', ['control']),
  ];

  it('with a lack the target does not declare: INCOMPLETE, and the run fails naming it', () => {
    const v = judge(results, { strict: false, declaredLacks: ['clock'] });
    expect(v).toMatchObject({
      status: 'incomplete',
      conforming: false,
      complete: false,
      excused: false,
      passed: false,
      blocking: [],
      mustTotal: 5,
      mustSkipped: 3,
    });
    expect(v.skipReasons).toEqual([
      {
        reason: 'needs trigger loan.cancel',
        lacks: ['trigger:loan.cancel'],
        declared: false,
        message: 'needs loan cancel: no trigger declared',
        ids: ['LOAN-A', 'LOAN-B'],
      },
      { reason: 'needs clock', lacks: ['clock'], declared: true, message: "target's clock cannot be moved (no simulation control API)", ids: ['AUTH-EXP'] },
    ]);
    expect(v.summary).toBe(
      'no MUST requirements failed, but 3 of 5 MUST requirements were not checked: ' +
        '2 need trigger loan.cancel (undeclared: provide it, or declare it in dinie-conformance.config.json), ' +
        '1 needs clock (declared: the target cannot)',
    );
    expect(verdictHeadline(v.status)).toBe('INCOMPLETE');
  });

  it('with only declared lacks: the run passes (exit code 0) but stays INCOMPLETE, never conforming', () => {
    const v = judge(results, { strict: false, declaredLacks: ['clock', 'trigger:loan.cancel'] });
    expect(v).toMatchObject({ status: 'incomplete', conforming: false, complete: false, excused: true, passed: true, mustSkipped: 3 });
    expect(v.summary).toMatch(/^no MUST requirements failed, but 3 of 5 MUST requirements were not checked: /);
    expect(v.skipReasons.every((g) => g.declared)).toBe(true);
  });

  it('a skip covered only in part, or naming no lack, is never excused', () => {
    expect(isCovered({ lacks: ['clock', 'second-partner'] }, ['clock'])).toBe(false);
    expect(isCovered({ lacks: ['clock', 'second-partner'] }, ['second-partner', 'clock'])).toBe(true);
    expect(isCovered({ lacks: [] }, ['clock'])).toBe(false);
    expect(isCovered({}, ['clock'])).toBe(false);
    const v = judge([r('A-1', 'MUST', 'skipped', [], 'needs a human'), r('A-2', 'MUST', 'passed')], { strict: false, declaredLacks: ['clock', 'stateful'] });
    expect(v).toMatchObject({ status: 'incomplete', excused: false, passed: false });
    expect(v.skipReasons).toEqual([{ reason: 'needs a human', lacks: [], declared: false, message: 'needs a human', ids: ['A-1'] }]);
    expect(describeSkipReason(v.skipReasons[0]!)).toBe('1 skipped: needs a human (names no lack, so no declaration excuses it)');
  });

  it('a failed MUST with skips is NOT CONFORMING, and the summary names both', () => {
    const v = judge([...results, r('CUST-C', 'MUST', 'failed')], { strict: false, declaredLacks: ['clock', 'trigger:loan.cancel'] });
    expect(v).toMatchObject({ status: 'not-conforming', complete: false, excused: true, passed: false, blocking: ['CUST-C'] });
    expect(v.summary).toMatch(/^1 MUST requirements failed \(CUST-C\); 3 of 6 MUST requirements were not checked: /);
    // Known in the baseline, with every skip declared: the run passes, still not conforming.
    const known = judge([...results, r('CUST-C', 'MUST', 'failed')], {
      strict: false,
      declaredLacks: ['clock', 'trigger:loan.cancel'],
      knownIds: new Set(['CUST-C']),
    });
    expect(known).toMatchObject({ status: 'not-conforming', passed: true });
  });

  it('groups by what was lacked, undeclared first, then the largest group', () => {
    const groups = groupSkippedMusts(
      [
        r('C-1', 'MUST', 'skipped', ['clock']),
        r('C-2', 'MUST', 'skipped', ['clock']),
        r('C-3', 'MUST', 'skipped', ['clock']),
        r('W-1', 'MUST', 'skipped', ['webhooks']),
        r('P-2', 'MUST', 'skipped', ['second-partner', 'clock']),
        r('P-1', 'MUST', 'skipped', ['clock', 'second-partner']),
        r('S-1', 'SHOULD', 'skipped', ['webhooks']),
      ],
      ['clock'],
    );
    expect(groups.map((g) => [g.reason, g.declared, g.ids])).toEqual([
      ['needs clock and second-partner', false, ['P-1', 'P-2']],
      ['needs webhooks', false, ['W-1']],
      ['needs clock', true, ['C-1', 'C-2', 'C-3']],
    ]);
  });

  it('errors outside any check make the run incomplete and fail it', () => {
    const v = judge([r('A-1', 'MUST', 'passed')], { strict: false, errors: 1 });
    expect(v).toMatchObject({ status: 'incomplete', complete: false, passed: false, mustSkipped: 0 });
    expect(v.summary).toContain('1 error(s) outside any check');
  });
});

describe('an interrupted run', () => {
  it('is INTERRUPTED, incomplete and never passes, whatever the results so far; a deadline-cut run is incomplete and fails', async () => {
    const { syntheticReport, syntheticResult } = await import('./testing.js');
    const { notRunResult, interruptedNotRun, deadlineNotRun } = await import('../checks/not-run.js');
    const { assertValidReport } = await import('./schema.js');
    const ran = syntheticResult('AUTH-A', 'auth', 'MUST', 'passed');
    const notRun = notRunResult({ id: 'CUST-B', level: 'MUST', area: 'customers', title: 'b', source: 'seed 001' }, interruptedNotRun('SIGINT'));
    const report = syntheticReport([ran, notRun], { interrupted: 'SIGINT' });
    expect(report.interrupted).toEqual({ signal: 'SIGINT' });
    expect(report.verdict).toMatchObject({ status: 'interrupted', conforming: false, complete: false, passed: false });
    expect(report.verdict.summary).toMatch(/^the run was interrupted \(SIGINT\) and did not finish: 1 of 2 requirements were not run to the end; so far /);
    expect(verdictHeadline(report.verdict.status)).toBe('INTERRUPTED');
    assertValidReport(report);
    // Every result passed: still interrupted.
    expect(judge([r('A-1', 'MUST', 'passed')], { strict: false, interrupted: 'SIGTERM' })).toMatchObject({
      status: 'interrupted',
      passed: false,
      complete: false,
    });

    const cut = syntheticReport([ran, notRunResult({ id: 'CUST-B', level: 'MUST', area: 'customers', title: 'b', source: 'seed 001' }, deadlineNotRun(60))]);
    expect(cut.verdict).toMatchObject({ status: 'incomplete', complete: false, excused: false, passed: false });
    expect(cut.verdict.skipReasons).toEqual([
      expect.objectContaining({ reason: "not run: the run's deadline (60 s) passed", lacks: [], declared: false, ids: ['CUST-B'] }),
    ]);
  });
});
