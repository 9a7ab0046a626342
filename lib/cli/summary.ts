// What the console shows after a run: areas × outcomes, failures with their ids and one-line
// reasons, baseline and comparison notes, where the reports are, and the closing line CI reads.
import pc from 'picocolors';
import type { SelfTestResult } from '../report/junit.js';
import type { RunReport } from '../report/types.js';
import { countedReason, lackWords, skipAdvice, verdictHeadline } from '../report/verdict.js';

const OUTCOMES = ['passed', 'failed', 'warning', 'skipped'] as const;

const oneLine = (s: string | undefined, max = 160) => {
  const line =
    (s ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/**
 * The closing line CI reads, counted as conformance.json counts: `conformance: N passed, N failed,
 * N skipped`, then `, N warning(s)` when SHOULDs were violated (never counted as passed). Known
 * failures count as failed.
 */
export function closingLine(report: Pick<RunReport, 'counts'>): string {
  const t = report.counts.total;
  const warnings = t.warning ? `, ${t.warning} ${t.warning === 1 ? 'warning' : 'warnings'}` : '';
  return `conformance: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${warnings}`;
}

/** `test`'s line: every test vitest ran, self-tests and conformance checks together (skips left out). */
export function testsLine(selfTests: readonly SelfTestResult[], report: Pick<RunReport, 'counts'>): string {
  const t = report.counts.total;
  const failed = selfTests.filter((x) => x.state === 'failed').length + t.failed;
  const passed = selfTests.filter((x) => x.state === 'passed').length + t.passed + t.warning;
  return `tests: ${passed} passed, ${failed} failed`;
}

/**
 * Why the skipped MUSTs fail the run, in words: `trigger loan.cancel (6), clock (2) are not declared
 * by target X`, and for skips naming no lack (a check not run before the deadline, …) `69 "not run:
 * the run's deadline (60 s) passed", which no declaration excuses`.
 */
function uncoveredWords(report: RunReport): string {
  const declared = new Set<string>(report.target.declaredLacks ?? []);
  const named = new Map<string, number>();
  const unnamed = new Map<string, number>();
  for (const g of report.verdict.skipReasons) {
    if (g.declared) continue;
    const undeclared = g.lacks.filter((l) => !declared.has(l));
    if (!undeclared.length) unnamed.set(g.reason, (unnamed.get(g.reason) ?? 0) + g.ids.length);
    for (const what of undeclared.map(lackWords)) named.set(what, (named.get(what) ?? 0) + g.ids.length);
  }
  const list = [...named].map(([what, n]) => `${what} (${n})`);
  const parts: string[] = [];
  if (list.length) parts.push(`${list.join(', ')} ${list.length === 1 ? 'is' : 'are'} not declared by target ${report.target.name}`);
  if (unnamed.size) parts.push(`${[...unnamed].map(([why, n]) => `${n} "${why}"`).join(', ')}, which no declaration excuses`);
  return parts.join('; ');
}

export interface SummaryInput {
  report: RunReport;
  reportPaths: string[];
  selfTests?: readonly SelfTestResult[];
  /** Errors outside tests (suite files that failed to load). */
  errors?: readonly string[];
  color: boolean;
}

export function renderSummary(input: SummaryInput): string[] {
  const c = pc.createColors(input.color);
  const { report } = input;
  const lines: string[] = [''];
  const areas = [...new Set(report.requirements.map((r) => r.area))];
  const w = Math.max(8, ...areas.map((a) => a.length));
  const paint: Record<(typeof OUTCOMES)[number], (s: string) => string> = { passed: c.green, failed: c.red, warning: c.yellow, skipped: c.dim };
  lines.push(c.bold(`${'area'.padEnd(w)}  ${OUTCOMES.map((o) => o.padStart(8)).join('')}`));
  const row = (name: string, counts: Record<string, number>) =>
    `${name.padEnd(w)}  ${OUTCOMES.map((o) => (counts[o] ? paint[o] : c.dim)(String(counts[o] ?? 0).padStart(8))).join('')}`;
  for (const area of areas) {
    const counts: Record<string, number> = {};
    for (const r of report.requirements) if (r.area === area) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    lines.push(row(area, counts));
  }
  lines.push(c.bold(row('total', report.counts.total)));

  const failed = report.requirements.filter((r) => r.outcome === 'failed');
  const warned = report.requirements.filter((r) => r.outcome === 'warning');
  if (failed.length) {
    lines.push('', c.bold('failures:'));
    for (const r of failed) {
      const tag = r.known ? c.magenta(' (known)') : r.change === 'regression' ? c.red(' (regression)') : '';
      lines.push(`  ${c.red('✗')} ${r.level} ${c.bold(r.id)}${tag} ${oneLine(r.message)}`);
    }
  }
  if (warned.length) {
    lines.push('', c.bold('warnings (SHOULD):'));
    for (const r of warned) lines.push(`  ${c.yellow('!')} ${r.id} ${oneLine(r.message)}`);
  }
  const b = report.baseline;
  if (b) {
    lines.push('', `baseline ${b.file}: ${b.known.length} known, ${b.newFailures.length} new${b.newFailures.length ? ` (${b.newFailures.join(', ')})` : ''}`);
    if (b.target !== report.target.name) lines.push(c.yellow(`  note: the baseline is for target "${b.target}", this run is against "${report.target.name}"`));
    if (b.fixed.length) lines.push(c.green(`fixed: tighten the baseline, these pass now: ${b.fixed.join(', ')}`));
  }
  const cmp = report.comparison;
  if (cmp) {
    lines.push('', `compared with ${cmp.previous}: ${cmp.regressions.length} regression(s), ${cmp.fixes.length} fix(es)`);
    if (cmp.regressions.length) lines.push(c.red(`  regressions: ${cmp.regressions.join(', ')}`));
    if (cmp.fixes.length) lines.push(c.green(`  fixes: ${cmp.fixes.join(', ')}`));
  }
  for (const e of input.errors ?? []) lines.push(c.red(`error: ${oneLine(e, 300)}`));
  const selfFailed = (input.selfTests ?? []).filter((t) => t.state === 'failed');
  if (selfFailed.length) {
    lines.push('', c.bold('self-test failures:'));
    for (const t of selfFailed) lines.push(`  ${c.red('✗')} ${t.file} › ${t.name}: ${oneLine(t.message)}`);
  }
  const selfSkipped = (input.selfTests ?? []).filter((t) => t.state === 'skipped' && t.message);
  if (selfSkipped.length) {
    lines.push('', c.bold('self-tests skipped:'));
    for (const t of selfSkipped) lines.push(`  ${c.dim('-')} ${t.file} › ${t.name}: ${oneLine(t.message)}`);
  }
  const v = report.verdict;
  if (v.skipReasons.length) {
    lines.push('', c.bold(`MUST requirements not checked (${v.mustSkipped} of ${v.mustTotal}):`));
    for (const g of v.skipReasons) {
      const mark = g.declared ? c.dim('-') : c.red('✗');
      const why = (g.declared ? c.dim : c.red)(skipAdvice(g));
      lines.push(`  ${mark} ${countedReason(g)} — ${why}`);
      if (g.lacks.length) lines.push(`      ${c.dim(oneLine(g.message))}`);
      lines.push(`      ${c.dim(g.ids.length > 8 ? `${g.ids.slice(0, 8).join(', ')}, … (${g.ids.length - 8} more)` : g.ids.join(', '))}`);
    }
  }
  const headline = verdictHeadline(v.status);
  const paintHeadline = v.status === 'conforming' ? c.green : v.status === 'incomplete' ? c.yellow : c.red;
  lines.push('', `${paintHeadline(c.bold(headline))}: ${v.summary}`);
  if (v.status === 'interrupted') {
    lines.push(`the run was interrupted (${report.interrupted?.signal ?? 'a signal'}): it is incomplete and does not pass, whatever the checks that ran say`);
  } else if (v.mustSkipped) {
    lines.push(
      v.excused
        ? `the MUSTs not checked do not fail the run: each lacked only what target ${report.target.name} declares it cannot do; the run stays incomplete`
        : `the MUSTs not checked fail the run: ${uncoveredWords(report)}`,
    );
  }
  lines.push(
    `target ${report.target.name} (${report.target.baseUrl}) · seed ${report.seed} · runs ${report.runs} · ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  if (input.reportPaths.length) lines.push(`reports: ${input.reportPaths.join(', ')}`);
  if (input.selfTests) lines.push(testsLine(input.selfTests, report));
  lines.push(closingLine(report));
  return lines;
}
