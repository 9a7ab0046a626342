import { describe, expect, it } from 'vitest';
import { countResults, isViolation, judge } from './verdict.js';

const r = (id: string, level: 'MUST' | 'SHOULD', outcome: 'passed' | 'failed' | 'warning' | 'skipped') => ({ id, level, outcome });

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
    expect(judge(results, { strict: false })).toMatchObject({ conforming: true, passed: true, blocking: [] });
    expect(judge(results, { strict: true })).toMatchObject({ conforming: false, passed: false, blocking: ['A-2'] });
    expect(judge([r('A-1', 'MUST', 'failed')], { strict: false }).summary).toContain('A-1');
  });

  it('known failures keep the target non-conforming but do not fail the run', () => {
    const v = judge([r('A-1', 'MUST', 'failed'), r('A-2', 'MUST', 'passed')], { strict: false, knownIds: new Set(['A-1']) });
    expect(v).toMatchObject({ conforming: false, passed: true, blocking: [] });
  });

  it('a run that checked nothing is never conforming', () => {
    expect(judge([], { strict: false })).toMatchObject({ conforming: false, passed: false });
  });
});
