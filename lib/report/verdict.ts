// Counting outcomes and deciding the verdict. One place, so the CLI's exit code, the reports and
// `certify --verify` (which recomputes it from conformance.json) can never disagree.
import type { CheckResult, Counts, OutcomeCounts, Verdict } from './types.js';

const emptyCounts = (): OutcomeCounts => ({ passed: 0, failed: 0, warning: 0, skipped: 0 });

export function countResults(results: readonly Pick<CheckResult, 'level' | 'outcome'>[]): Counts {
  const counts: Counts = { MUST: emptyCounts(), SHOULD: emptyCounts(), total: emptyCounts() };
  for (const r of results) {
    counts[r.level][r.outcome] += 1;
    counts.total[r.outcome] += 1;
  }
  return counts;
}

/**
 * Whether this result counts against the target. A MUST fails the run when it failed; a SHOULD
 * violation (the engine reports it as `warning`, or `failed`) only counts with --strict.
 */
export function isViolation(r: Pick<CheckResult, 'level' | 'outcome'>, strict: boolean): boolean {
  if (r.level === 'MUST') return r.outcome === 'failed';
  return strict && (r.outcome === 'failed' || r.outcome === 'warning');
}

export function judge(
  results: readonly Pick<CheckResult, 'id' | 'level' | 'outcome'>[],
  opts: { strict: boolean; knownIds?: ReadonlySet<string> },
): Verdict {
  const violations = results.filter((r) => isViolation(r, opts.strict));
  const blocking = violations.filter((r) => !opts.knownIds?.has(r.id)).map((r) => r.id);
  const conforming = violations.length === 0;
  const passed = blocking.length === 0;
  const counts = countResults(results);
  const what = opts.strict ? 'MUST/SHOULD requirements' : 'MUST requirements';
  let summary: string;
  if (results.length === 0) summary = 'nothing was checked';
  else if (conforming) {
    summary = `no ${what} failed (${counts.MUST.passed} MUST passed, ${counts.MUST.skipped} MUST skipped)`;
  } else if (passed) {
    summary = `${violations.length} ${what} failed, all known in the baseline`;
  } else {
    summary = `${blocking.length} ${what} failed (${blocking.slice(0, 5).join(', ')}${blocking.length > 5 ? ', …' : ''})`;
  }
  // A run that checked nothing proves nothing: never call it conforming.
  if (results.length === 0) return { conforming: false, passed: false, blocking, summary };
  return { conforming, passed, blocking, summary };
}
