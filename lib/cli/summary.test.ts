import { describe, expect, it, vi } from 'vitest';
import { syntheticReport } from '../report/testing.js';
import { parseBaseline } from '../report/baseline.js';
import { closingLine, renderSummary } from './summary.js';
import { progressPrinter } from './progress.js';

describe('console summary', () => {
  const report = syntheticReport();

  it('ends with the closing line CI reads, preceded for `test` by a tests line covering self-tests and checks', () => {
    const lines = renderSummary({ report, reportPaths: ['reports/conformance.html'], selfTests: [{ file: 'a.test.ts', name: 'x', state: 'failed', message: 'boom', durationMs: 1 }], color: false });
    expect(lines.at(-1)).toBe('conformance: 4 passed, 1 failed, 1 skipped');
    expect(lines.at(-1)).toMatch(/^conformance: \d+ passed, \d+ failed, \d+ skipped$/);
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
