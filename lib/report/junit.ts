// junit.xml for CI: one testcase per requirement (classname = area, name = `<ID> <title>`),
// plus the self-tests when `test` ran them.
import type { RunReport, RequirementResult } from './types.js';

export interface SelfTestResult {
  /** e.g. `lib/report/verdict.test.ts` */
  file: string;
  name: string;
  state: 'passed' | 'failed' | 'skipped';
  message?: string;
  durationMs: number;
}

const xml = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function lastCurl(r: RequirementResult): string | undefined {
  return r.evidence.exchanges.at(-1)?.curl;
}

function requirementCase(r: RequirementResult): string {
  const open = `    <testcase classname="${xml(r.area)}" name="${xml(`${r.id} ${r.title}`)}" time="${seconds(r.durationMs)}">`;
  const props = `      <properties><property name="level" value="${r.level}"/><property name="source" value="${xml(r.source)}"/></properties>`;
  const body: string[] = [props];
  const violated = r.outcome === 'failed' && !r.known;
  if (violated) {
    const detail = [
      r.message ?? 'failed',
      r.evidence.expected !== undefined ? `expected: ${JSON.stringify(r.evidence.expected)}` : '',
      r.evidence.actual !== undefined ? `actual: ${JSON.stringify(r.evidence.actual)}` : '',
      lastCurl(r) ? `reproduce:\n${lastCurl(r)}` : '',
    ].filter(Boolean).join('\n');
    body.push(`      <failure message="${xml(`[${r.level}] ${r.message ?? 'failed'}`)}" type="${r.level}">${xml(detail)}</failure>`);
  } else if (r.outcome === 'skipped') {
    body.push(`      <skipped message="${xml(r.message ?? 'skipped')}"/>`);
  } else if (r.outcome === 'warning') {
    body.push(`      <system-out>${xml(`WARNING [${r.level}]: ${r.message ?? ''}${lastCurl(r) ? `\nreproduce:\n${lastCurl(r)}` : ''}`)}</system-out>`);
  } else if (r.outcome === 'failed' && r.known) {
    body.push(`      <system-out>${xml(`KNOWN FAILURE (baseline${r.knownNote ? `: ${r.knownNote}` : ''}): ${r.message ?? ''}`)}</system-out>`);
  }
  return [open, ...body, '    </testcase>'].join('\n');
}

function selfTestCase(t: SelfTestResult): string {
  const open = `    <testcase classname="${xml(t.file)}" name="${xml(t.name)}" time="${seconds(t.durationMs)}">`;
  if (t.state === 'failed') return `${open}\n      <failure message="${xml(t.message ?? 'failed')}">${xml(t.message ?? '')}</failure>\n    </testcase>`;
  if (t.state === 'skipped') return `${open}\n      <skipped${t.message ? ` message="${xml(t.message)}"` : ''}/>\n    </testcase>`;
  return `${open}</testcase>`;
}

function suite(name: string, cases: string[], stats: { tests: number; failures: number; skipped: number; timeMs: number }, timestamp: string, extra = ''): string {
  return [
    `  <testsuite name="${xml(name)}" tests="${stats.tests}" failures="${stats.failures}" errors="0" skipped="${stats.skipped}" time="${seconds(stats.timeMs)}" timestamp="${xml(timestamp)}">`,
    extra,
    ...cases,
    '  </testsuite>',
  ].filter(Boolean).join('\n');
}

export function renderJunit(report: RunReport, selfTests: readonly SelfTestResult[] = []): string {
  const suites: string[] = [];
  const areas = [...new Set(report.requirements.map((r) => r.area))];
  let tests = 0, failures = 0;
  for (const area of areas) {
    const rs = report.requirements.filter((r) => r.area === area);
    const stats = {
      tests: rs.length,
      failures: rs.filter((r) => r.outcome === 'failed' && !r.known).length,
      skipped: rs.filter((r) => r.outcome === 'skipped').length,
      timeMs: rs.reduce((s, r) => s + r.durationMs, 0),
    };
    tests += stats.tests; failures += stats.failures;
    const props = `    <properties><property name="target" value="${xml(report.target.name)}"/><property name="seed" value="${report.seed}"/><property name="contract" value="${xml(`${report.contract.title} ${report.contract.version}`)}"/></properties>`;
    suites.push(suite(`conformance.${area}`, rs.map(requirementCase), stats, report.startedAt, props));
  }
  if (selfTests.length) {
    const stats = {
      tests: selfTests.length,
      failures: selfTests.filter((t) => t.state === 'failed').length,
      skipped: selfTests.filter((t) => t.state === 'skipped').length,
      timeMs: selfTests.reduce((s, t) => s + t.durationMs, 0),
    };
    tests += stats.tests; failures += stats.failures;
    suites.push(suite('self-tests', selfTests.map(selfTestCase), stats, report.startedAt));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`${report.suite.name} ${report.suite.version} against ${report.target.name}`)}" tests="${tests}" failures="${failures}" errors="0" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
