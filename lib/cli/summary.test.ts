import { describe, expect, it, vi } from 'vitest';
import type { Lack } from '../checks/types.js';
import { parseBaseline } from '../report/baseline.js';
import { syntheticReport, syntheticResult } from '../report/testing.js';
import { progressPrinter } from './progress.js';
import { closingLine, renderSummary } from './summary.js';

describe('console summary', () => {
  const report = syntheticReport();

  it('ends with the closing line CI reads, preceded for `test` by a tests line covering self-tests and checks', () => {
    const lines = renderSummary({
      report,
      reportPaths: ['reports/conformance.html'],
      selfTests: [{ file: 'a.test.ts', name: 'x', state: 'failed', message: 'boom', durationMs: 1 }],
      color: false,
    });
    // Counted as conformance.json counts them: the SHOULD warning is a warning, not a pass.
    expect(lines.at(-1)).toBe('conformance: 3 passed, 1 failed, 1 skipped, 1 warning');
    expect(lines.at(-1)).toMatch(/^conformance: \d+ passed, \d+ failed, \d+ skipped(, \d+ warnings?)?$/);
    const t = report.counts.total;
    expect(lines.at(-1)).toBe(`conformance: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.warning} warning`);
    // Self-tests and checks together: 0 + 4 passed (warnings pass), 1 + 1 failed.
    expect(lines.at(-2)).toBe('tests: 4 passed, 2 failed');
    expect(closingLine(report)).toBe(lines.at(-1));
  });

  it('shows areas × outcomes, failures with ids and one-line reasons, and where the reports are', () => {
    const text = renderSummary({ report, reportPaths: ['reports/conformance.html'], color: false }).join('\n');
    expect(text).toMatch(/customers\s+1\s+1\s+0\s+0/);
    expect(text).toContain('✗ MUST CUST-CONFLICT-409 CUST-CONFLICT-409 was violated');
    expect(text).toContain('! RATE-HEADERS');
    expect(text).toContain('NOT CONFORMING');
    expect(text).toContain('reports: reports/conformance.html');
    expect(text).not.toMatch(/\u001b\[/);
  });
});

describe('the verdict line tells the truth about skipped MUSTs', () => {
  const target = (declaredLacks: Lack[]) => ({
    name: 'sandbox',
    baseUrl: 'https://sandbox.example/v3',
    capabilities: ['stateful'],
    triggers: [],
    declaredLacks,
  });
  const results = () => [
    syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
    syntheticResult('LOAN-CANCEL-A', 'loans', 'MUST', 'skipped', { message: 'needs loan cancel: no trigger declared', lacks: ['trigger:loan.cancel'] }),
    syntheticResult('LOAN-CANCEL-B', 'loans', 'MUST', 'skipped', { message: 'needs loan cancel: no trigger declared', lacks: ['trigger:loan.cancel'] }),
    syntheticResult('AUTH-TOKEN-EXPIRES', 'auth', 'MUST', 'skipped', {
      message: "target's clock cannot be moved (no simulation control API)",
      lacks: ['clock'],
    }),
    syntheticResult('RATE-HEADERS', 'rate-limits', 'SHOULD', 'warning'),
  ];
  const verdictLine = (lines: string[]) => lines.find((l) => /^(CONFORMING|INCOMPLETE|NOT CONFORMING): /.test(l));

  it('uncovered skips: INCOMPLETE, each undeclared lack named, the run fails', () => {
    const report = syntheticReport(results(), { target: target(['clock']) });
    const lines = renderSummary({ report, reportPaths: [], color: false });
    expect(verdictLine(lines)).toBe(
      'INCOMPLETE: no MUST requirements failed, but 3 of 4 MUST requirements were not checked: ' +
        '2 need trigger loan.cancel (undeclared: provide it, or declare it in dinie-conformance.config.json), 1 needs clock (declared: the target cannot)',
    );
    const text = lines.join('\n');
    expect(text).toContain('the MUSTs not checked fail the run: trigger loan.cancel (2) is not declared by target sandbox');
    expect(text).toMatch(/✗ 2 need trigger loan.cancel — undeclared, so this fails the run: declare a value trigger for loan.cancel under "triggers"/);
    expect(text).toContain('LOAN-CANCEL-A, LOAN-CANCEL-B');
    expect(text).toMatch(/- 1 needs clock — declared: the target cannot/);
    expect(text).not.toMatch(/^(NOT )?CONFORMING/m);
    expect(lines.at(-1)).toBe('conformance: 1 passed, 0 failed, 3 skipped, 1 warning');
  });

  it('only declared lacks: still INCOMPLETE, and says the run does not fail for them', () => {
    const report = syntheticReport(results(), { target: target(['clock', 'trigger:loan.cancel']) });
    expect(report.verdict).toMatchObject({ status: 'incomplete', passed: true });
    const text = renderSummary({ report, reportPaths: [], color: false }).join('\n');
    expect(text).toMatch(/^INCOMPLETE: no MUST requirements failed, but 3 of 4 MUST requirements were not checked/m);
    expect(text).toContain('the MUSTs not checked do not fail the run: each lacked only what target sandbox declares it cannot do; the run stays incomplete');
    expect(text).not.toMatch(/^(NOT )?CONFORMING/m);
  });

  it('a complete run with no MUST failed: CONFORMING, and no warnings suffix when there are none', () => {
    const report = syntheticReport([syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'), syntheticResult('AUTH-B', 'auth', 'SHOULD', 'skipped')]);
    const lines = renderSummary({ report, reportPaths: [], color: false });
    expect(verdictLine(lines)).toBe('CONFORMING: no MUST requirements failed and all 1 MUST requirements were checked');
    expect(lines.at(-1)).toBe('conformance: 1 passed, 0 failed, 1 skipped');
  });
});

describe('baseline and comparison in the console', () => {
  it('reports known, new and fixed failures, and a baseline meant for another target', () => {
    const baseline = parseBaseline('{"target":"sandbox","known":["CUST-CONFLICT-409","AUTH-BAD-CREDENTIALS-401"]}', 'b.json');
    const report = syntheticReport(undefined, { baseline: { file: 'b.json', content: baseline } });
    const text = renderSummary({ report, reportPaths: [], color: false }).join('\n');
    expect(text).toContain('✗ MUST CUST-CONFLICT-409 (known)');
    expect(text).toContain('baseline b.json: 1 known, 0 new');
    expect(text).toContain('fixed: tighten the baseline, these pass now: AUTH-BAD-CREDENTIALS-401');
    expect(text).toContain('the baseline is for target "sandbox"');
  });

  it('marks regressions and fixes against a previous run', () => {
    const previous = syntheticReport();
    previous.requirements.find((r) => r.id === 'CUST-CONFLICT-409')!.outcome = 'passed';
    previous.requirements.find((r) => r.id === 'CUST-LOCATION-HEADER')!.outcome = 'failed';
    const report = syntheticReport(undefined, { previous: { file: 'prev.json', report: previous } });
    const text = renderSummary({ report, reportPaths: [], color: false }).join('\n');
    expect(text).toContain('✗ MUST CUST-CONFLICT-409 (regression)');
    expect(text).toContain('regressions: CUST-CONFLICT-409');
    expect(text).toContain('fixes: CUST-LOCATION-HEADER');
  });
});

describe('progress', () => {
  it('prints plain lines when not a terminal, at most about ten', () => {
    const out: string[] = [];
    const p = progressPrinter((s) => out.push(s), false);
    for (let i = 0; i <= 100; i++) p.update({ done: i, total: 100, failed: i > 50 ? 1 : 0 });
    p.finish();
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out.at(-1)).toBe('checks: 100/100 done, 1 failed so far\n');
    expect(out.every((l) => !l.includes('\r'))).toBe(true);
  });

  it('marks the total as provisional while test files are still being collected', () => {
    const out: string[] = [];
    const p = progressPrinter((s) => out.push(s), false);
    p.update({ done: 1, total: 4, failed: 0, complete: false });
    p.update({ done: 4, total: 4, failed: 0, complete: true });
    expect(out).toEqual(['checks: 1/4+ done, 0 failed so far\n', 'checks: 4/4 done, 0 failed so far\n']);
  });

  it('in CI, says what is still running after a quiet while', () => {
    vi.useFakeTimers();
    try {
      const out: string[] = [];
      const p = progressPrinter((s) => out.push(s), false);
      const now = { done: 3, total: 9, failed: 0, complete: true, running: ['HOOK-RETRY-ON-FAILURE'] };
      p.update(now);
      p.heartbeat(now);
      expect(out).toHaveLength(1);
      vi.advanceTimersByTime(30_000);
      p.heartbeat(now);
      expect(out.at(-1)).toBe('checks: 3/9 done, 0 failed so far; running HOOK-RETRY-ON-FAILURE\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it('rewrites one line on a terminal', () => {
    const out: string[] = [];
    const p = progressPrinter((s) => out.push(s), true);
    p.update({ done: 1, total: 2, failed: 0 });
    p.update({ done: 2, total: 2, failed: 0 });
    p.finish();
    expect(out.every((l) => l.startsWith('\r'))).toBe(true);
    expect(out.join('')).not.toContain('\n');
  });
});
