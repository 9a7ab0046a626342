// Counting outcomes and deciding the verdict. One place, so the CLI's exit code, the reports and
// `certify --verify` (which recomputes it from conformance.json) can never disagree.
//
// Decision 19: a run is complete when no MUST was skipped. It passes (exit code 0) when no MUST
// failed (apart from failures the baseline knows) and every skipped MUST is covered by a lack the
// target declares: a skip is covered when it names what it lacked and every such lack is declared.
// A skip that names no lack is never covered. An incomplete run is never called conforming.
import type { Capability, Lack } from '../types.js';
import { isNotApplicable } from './not-applicable.js';
import type { CheckResult, Counts, OutcomeCounts, SkipReason, Verdict, VerdictStatus } from './types.js';

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

/** A skipped result is covered when it names what it lacked and the target declares every such lack. */
export function isCovered(r: Pick<CheckResult, 'lacks'>, declaredLacks: readonly Lack[]): boolean {
  const lacks = r.lacks ?? [];
  return lacks.length > 0 && lacks.every((l) => declaredLacks.includes(l));
}

/** `trigger:loan.cancel` → `trigger loan.cancel`; capabilities as they are. */
export const lackWords = (lack: string): string => lack.replace(/^trigger:/, 'trigger ');

/** Skipped MUSTs grouped by what they lacked (or by their reason when they named no lack). */
export function groupSkippedMusts(
  results: readonly Pick<CheckResult, 'id' | 'level' | 'outcome' | 'message' | 'lacks'>[],
  declaredLacks: readonly Lack[] = [],
): SkipReason[] {
  const groups = new Map<string, SkipReason>();
  for (const r of results) {
    if (r.level !== 'MUST' || r.outcome !== 'skipped') continue;
    const lacks = [...new Set(r.lacks ?? [])].sort();
    const message = r.message ?? 'skipped';
    const key = lacks.length ? `lacks:${lacks.join(',')}` : `reason:${message}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        reason: lacks.length ? `needs ${lacks.map(lackWords).join(' and ')}` : message,
        lacks,
        declared: isCovered({ lacks }, declaredLacks),
        message,
        ids: [],
      };
      groups.set(key, g);
    }
    g.ids.push(r.id);
  }
  for (const g of groups.values()) g.ids.sort();
  // What fails the run first, then the largest groups.
  return [...groups.values()].sort((a, b) => Number(a.declared) - Number(b.declared) || b.ids.length - a.ids.length || a.reason.localeCompare(b.reason));
}

/** A group counted: `6 need trigger loan.cancel`, `1 needs clock`, `1 skipped: needs a human`. */
export function countedReason(g: Pick<SkipReason, 'reason' | 'lacks' | 'ids'>): string {
  const n = g.ids.length;
  if (!g.lacks.length) return `${n} skipped: ${g.reason}`;
  return `${n} ${n === 1 ? 'needs' : 'need'} ${g.lacks.map(lackWords).join(' and ')}`;
}

/** One group in words: `6 need trigger loan.cancel (undeclared: …)`, `2 need clock (declared: the target cannot)`. */
export function describeSkipReason(g: Pick<SkipReason, 'reason' | 'lacks' | 'declared' | 'ids'>): string {
  if (!g.lacks.length) return `${countedReason(g)} (names no lack, so no declaration excuses it)`;
  return `${countedReason(g)} (${g.declared ? 'declared: the target cannot' : 'undeclared: provide it, or declare it in dinie-conformance.config.json'})`;
}

/** What providing a capability means, for the advice on an undeclared lack. */
const CAPABILITY_WORDS: Record<Capability, string> = {
  stateful: 'a target that keeps state',
  control: 'the simulation control API',
  advances: 'the simulation control API or automatic mode',
  clock: 'the simulation control API (it moves the clock)',
  webhooks: 'webhook delivery to this machine (--webhook-url)',
  'second-partner': "a second partner's credentials",
};

/** How to stop a group of skipped MUSTs failing the run: provide what they lacked, or declare it. */
export function skipAdvice(g: Pick<SkipReason, 'lacks' | 'declared'>): string {
  if (g.declared) return 'declared: the target cannot, so these do not fail the run (the run stays incomplete)';
  if (!g.lacks.length) return 'names no lack, so no declaration excuses it: this fails the run';
  const triggers = g.lacks.filter((l) => l.startsWith('trigger:')).map((l) => l.slice('trigger:'.length));
  const caps = g.lacks.filter((l) => !l.startsWith('trigger:'));
  const ways = [
    ...(triggers.length ? [`declare a value trigger for ${triggers.join(', ')} under "triggers"`] : []),
    ...(caps.length ? [`provide ${caps.map((c) => CAPABILITY_WORDS[c as Capability] ?? c).join(' and ')}`] : []),
  ];
  return `undeclared, so this fails the run: ${ways.join(' or ')}, or list it under "cannot" in dinie-conformance.config.json`;
}

/**
 * What a shard's report says wherever it states a verdict (lib/cli/shard.ts): the verdict judges that
 * share of the checks only, so no page, testcase or result of a shard may read as the run's.
 * Undefined for a report of a whole run (or a merged one).
 */
export function shardNotice(report: {
  shard?: { index: number; count: number };
  requirements: readonly unknown[];
}): { tag: string; sentence: string } | undefined {
  const s = report.shard;
  if (!s) return undefined;
  return {
    tag: `shard ${s.index}/${s.count}`,
    sentence: `This report holds shard ${s.index} of ${s.count} of a run: its verdict judges this shard's ${report.requirements.length} checks only, not the run. The run's verdict comes from merging the ${s.count} shards' report dirs (npm run merge -- DIR...).`,
  };
}

/** The word every report leads with. */
export function verdictHeadline(status: VerdictStatus): 'CONFORMING' | 'INCOMPLETE' | 'NOT CONFORMING' | 'INTERRUPTED' {
  return status === 'conforming' ? 'CONFORMING' : status === 'incomplete' ? 'INCOMPLETE' : status === 'interrupted' ? 'INTERRUPTED' : 'NOT CONFORMING';
}

export interface JudgeOptions {
  strict: boolean;
  /** Failures the baseline already knows: they keep the target non-conforming but do not fail the run. */
  knownIds?: ReadonlySet<string>;
  /** What the target's profile or config declares it cannot do (report.target.declaredLacks). */
  declaredLacks?: readonly Lack[];
  /** How many things broke outside any check (suite files that did not load): the run is incomplete. */
  errors?: number;
  /** A signal stopped the run: INTERRUPTED, incomplete, never passed, whatever the results so far say. */
  interrupted?: string;
}

export function judge(all: readonly Pick<CheckResult, 'id' | 'level' | 'outcome' | 'message' | 'lacks'>[], opts: JudgeOptions): Verdict {
  // Requirements the judged contract revision does not have are neither checked nor gaps.
  const results = all.filter((r) => !isNotApplicable(r));
  const notApplicable = all.length - results.length;
  const violations = results.filter((r) => isViolation(r, opts.strict));
  const blocking = violations.filter((r) => !opts.knownIds?.has(r.id)).map((r) => r.id);
  const skipReasons = groupSkippedMusts(results, opts.declaredLacks ?? []);
  const mustTotal = results.filter((r) => r.level === 'MUST').length;
  const mustSkipped = skipReasons.reduce((n, g) => n + g.ids.length, 0);
  const errors = opts.errors ?? 0;
  // A run that checked nothing proves nothing: it is incomplete, and never passes.
  const checkedNothing = results.length === 0;
  const interrupted = opts.interrupted;
  const complete = mustSkipped === 0 && errors === 0 && !checkedNothing && !interrupted;
  const excused = skipReasons.every((g) => g.declared);
  const conforming = violations.length === 0 && complete;
  const passed = blocking.length === 0 && excused && errors === 0 && !checkedNothing && !interrupted;
  const status: VerdictStatus = interrupted ? 'interrupted' : violations.length ? 'not-conforming' : complete ? 'conforming' : 'incomplete';

  const what = opts.strict ? 'MUST/SHOULD requirements' : 'MUST requirements';
  let summary: string;
  if (checkedNothing) summary = 'nothing was checked';
  else {
    if (violations.length === 0) summary = `no ${what} failed`;
    else if (blocking.length === 0) summary = `${violations.length} ${what} failed, all known in the baseline`;
    else summary = `${blocking.length} ${what} failed (${blocking.slice(0, 5).join(', ')}${blocking.length > 5 ? ', …' : ''})`;
    if (mustSkipped) {
      summary += `${violations.length ? ';' : ', but'} ${mustSkipped} of ${mustTotal} MUST requirements were not checked: ${skipReasons.map(describeSkipReason).join(', ')}`;
    } else if (violations.length === 0 && mustTotal) {
      summary += ` and all ${mustTotal} MUST requirements were checked`;
    }
  }
  if (notApplicable)
    summary += `; ${notApplicable} requirement${notApplicable === 1 ? ' does' : 's do'} not exist in the contract revision this run judges by (not applicable)`;
  if (errors) summary += `; ${errors} error(s) outside any check, so some checks did not run`;
  if (interrupted) {
    const notRun = results.filter((r) => r.outcome === 'skipped' && /^(not run|cancelled): the run was interrupted/.test(r.message ?? '')).length;
    summary = `the run was interrupted (${interrupted}) and did not finish: ${notRun} of ${results.length} requirements were not run to the end; so far ${summary}`;
  }
  return { status, conforming, complete, excused, passed, blocking, mustTotal, mustSkipped, skipReasons, summary };
}
