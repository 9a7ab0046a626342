import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompareError, compareRuns, loadPreviousReport } from './compare.js';
import { renderHtml } from './html/render.js';
import { syntheticReport, syntheticResult } from './testing.js';

describe('compare with a previous run', () => {
  const before = syntheticReport([
    syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
    syntheticResult('AUTH-B', 'auth', 'MUST', 'failed'),
    syntheticResult('AUTH-C', 'auth', 'MUST', 'passed'),
    syntheticResult('AUTH-D', 'auth', 'MUST', 'skipped'),
  ]);
  const now = [
    syntheticResult('AUTH-A', 'auth', 'MUST', 'failed'),
    syntheticResult('AUTH-B', 'auth', 'MUST', 'passed'),
    syntheticResult('AUTH-C', 'auth', 'MUST', 'passed'),
    syntheticResult('AUTH-D', 'auth', 'MUST', 'failed'),
    syntheticResult('AUTH-E', 'auth', 'MUST', 'failed'),
  ];

  it('marks regressions (passed → failed) and fixes (failed → passed) only', () => {
    expect(compareRuns(before, now, 'prev.json')).toMatchObject({ regressions: ['AUTH-A'], fixes: ['AUTH-B'] });
  });

  it('shows them in the report and the html', () => {
    const report = syntheticReport(now, { previous: { file: 'prev.json', report: before } });
    expect(report.requirements.find((r) => r.id === 'AUTH-A')?.change).toBe('regression');
    expect(report.requirements.find((r) => r.id === 'AUTH-B')?.change).toBe('fixed');
    expect(report.requirements.find((r) => r.id === 'AUTH-D')?.change).toBeUndefined();
    const page = renderHtml(report);
    expect(page).toMatch(/1 regression\(s\): AUTH-A/);
    expect(page).toContain('b-regression');
    expect(page).toContain('b-fixed');
  });

  it('loads a previous conformance.json and refuses anything else', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cmp-'));
    await writeFile(path.join(dir, 'ok.json'), JSON.stringify(before));
    await writeFile(path.join(dir, 'bad.json'), '{"x":1}');
    expect((await loadPreviousReport(path.join(dir, 'ok.json'))).requirements).toHaveLength(4);
    await expect(loadPreviousReport(path.join(dir, 'bad.json'))).rejects.toThrow(CompareError);
    await expect(loadPreviousReport(path.join(dir, 'missing.json'))).rejects.toThrow(/cannot be read/);
  });
});
