// junit.xml for CI: a `verdict` testcase that fails exactly when the run's verdict fails it, one
// testcase per requirement (classname = area, name = `<ID> <title>`; a skip says what it lacked and
// whether the target declares it), plus the self-tests when `test` ran them.
import type { Lack } from '../types.js';
import type { RequirementResult, RunReport } from './types.js';
import { countedReason, isCovered, lackWords, shardNotice, skipAdvice, verdictHeadline } from './verdict.js';

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
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function lastCurl(r: RequirementResult): string | undefined {
  return r.evidence.exchanges.at(-1)?.curl;
}

/** A skip's <skipped message>: its reason, and for a MUST what it lacked and whether that excuses it. */
export function skipMessage(r: Pick<RequirementResult, 'level' | 'message' | 'lacks'>, declaredLacks: readonly Lack[]): string {
  const reason = r.message ?? 'skipped';
  const lacks = r.lacks ?? [];
  const what = lacks.length
    ? `lacks ${lacks.map((l) => `${lackWords(l)} (${declaredLacks.includes(l) ? 'declared' : 'not declared'})`).join(', ')}`
    : 'names no lack';
  if (r.level !== 'MUST') return `${reason} [SHOULD not checked; ${what}]`;
  return `${reason} [MUST not checked; ${what}; ${isCovered(r, declaredLacks) ? 'excused, the run stays incomplete' : 'this fails the run'}]`;
}

function requirementCase(r: RequirementResult, declaredLacks: readonly Lack[]): string {
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
    ]
      .filter(Boolean)
      .join('\n');
    body.push(`      <failure message="${xml(`[${r.level}] ${r.message ?? 'failed'}`)}" type="${r.level}">${xml(detail)}</failure>`);
  } else if (r.outcome === 'skipped') {
    body.push(`      <skipped message="${xml(skipMessage(r, declaredLacks))}"/>`);
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

function suite(
  name: string,
  cases: string[],
  stats: { tests: number; failures: number; skipped: number; timeMs: number },
  timestamp: string,
  extra = '',
): string {
  return [
    `  <testsuite name="${xml(name)}" tests="${stats.tests}" failures="${stats.failures}" errors="0" skipped="${stats.skipped}" time="${seconds(stats.timeMs)}" timestamp="${xml(timestamp)}">`,
    extra,
    ...cases,
    '  </testsuite>',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The run's verdict as a testcase CI shows: it fails exactly when the verdict fails the run (a MUST
 * failed outside the baseline, a skipped MUST the target does not declare, a suite broke), is
 * skipped with the verdict as its message when the run passes without conforming (INCOMPLETE, or
 * failures all known), and passes when the target conforms.
 */
function verdictCase(report: RunReport): { xml: string; failed: boolean; skipped: boolean } {
  const v = report.verdict;
  const shard = shardNotice(report);
  const headline = `${shard ? `${shard.tag}: ` : ''}${verdictHeadline(v.status)}: ${v.summary}`;
  const detail = [
    headline,
    ...(shard ? [shard.sentence] : []),
    ...v.skipReasons.map((g) => `${countedReason(g)}: ${skipAdvice(g)}\n  ${g.ids.join(', ')}`),
    ...(report.errors ?? []).map((e) => `error: ${e}`),
  ].join('\n');
  const open = `    <testcase classname="conformance" name="${shard ? `verdict of ${shard.tag}` : 'verdict'}" time="${seconds(report.durationMs)}">`;
  if (!v.passed) {
    return { xml: `${open}\n      <failure message="${xml(headline)}" type="verdict">${xml(detail)}</failure>\n    </testcase>`, failed: true, skipped: false };
  }
  if (v.status !== 'conforming') {
    return {
      xml: `${open}\n      <skipped message="${xml(headline)}"/>\n      <system-out>${xml(detail)}</system-out>\n    </testcase>`,
      failed: false,
      skipped: true,
    };
  }
  return { xml: `${open}\n      <system-out>${xml(detail)}</system-out>\n    </testcase>`, failed: false, skipped: false };
}

export function renderJunit(report: RunReport, selfTests: readonly SelfTestResult[] = []): string {
  const suites: string[] = [];
  const areas = [...new Set(report.requirements.map((r) => r.area))];
  const declaredLacks = report.target.declaredLacks ?? [];
  const v = report.verdict;
  const runProps = [
    ['target', report.target.name],
    ['seed', String(report.seed)],
    ['contract', `${report.contract.title} ${report.contract.version}`],
    ['contract.revision', report.contract.revision],
    ['contract.digest', report.contract.digest],
    ['verdict', verdictHeadline(v.status)],
    ...(report.shard ? [['shard', `${report.shard.index}/${report.shard.count}`]] : []),
    ['complete', String(v.complete)],
    ['must.total', String(v.mustTotal)],
    ['must.skipped', String(v.mustSkipped)],
    ['skips.excused', String(v.excused)],
    ['declaredLacks', declaredLacks.join(',')],
  ]
    .map(([k, val]) => `<property name="${k}" value="${xml(val!)}"/>`)
    .join('');
  const props = `    <properties>${runProps}</properties>`;
  const verdict = verdictCase(report);
  suites.push(
    suite(
      'conformance.verdict',
      [verdict.xml],
      {
        tests: 1,
        failures: Number(verdict.failed),
        skipped: Number(verdict.skipped),
        timeMs: report.durationMs,
      },
      report.startedAt,
      props,
    ),
  );
  let tests = 1,
    failures = Number(verdict.failed);
  for (const area of areas) {
    const rs = report.requirements.filter((r) => r.area === area);
    const stats = {
      tests: rs.length,
      failures: rs.filter((r) => r.outcome === 'failed' && !r.known).length,
      skipped: rs.filter((r) => r.outcome === 'skipped').length,
      timeMs: rs.reduce((s, r) => s + r.durationMs, 0),
    };
    tests += stats.tests;
    failures += stats.failures;
    suites.push(
      suite(
        `conformance.${area}`,
        rs.map((r) => requirementCase(r, declaredLacks)),
        stats,
        report.startedAt,
        props,
      ),
    );
  }
  if (selfTests.length) {
    const stats = {
      tests: selfTests.length,
      failures: selfTests.filter((t) => t.state === 'failed').length,
      skipped: selfTests.filter((t) => t.state === 'skipped').length,
      timeMs: selfTests.reduce((s, t) => s + t.durationMs, 0),
    };
    tests += stats.tests;
    failures += stats.failures;
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
