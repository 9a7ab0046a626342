// Joins the conformance.json of a run's --shard jobs into the report one unsharded run would have
// written: the union of the requirements, counted and judged again over the whole (the verdict's
// completeness and excuses are the union's, never a shard's), the baseline and comparison notes
// joined, the leftovers added up. Shards of different runs (suite, contract, target, seed or
// settings) are refused in one sentence; a missing shard leaves its checks not run, so the merged
// run is incomplete and never passes.
import { buildRunReport, sortResults } from './build.js';
import type { BaselineFile, CheckResult, RequirementResult, RunReport } from './types.js';

export class MergeError extends Error {
  override name = 'MergeError';
}

export interface ShardReport {
  /** Where it was read from (named in the sentences). */
  dir: string;
  report: RunReport;
}

/** What a check is, for the not-run result of a missing shard's check. */
export type PlannedCheck = Pick<CheckResult, 'id' | 'level' | 'area' | 'title' | 'source'>;

export interface MergeInput {
  shards: readonly ShardReport[];
  /**
   * The checks shard `index` (1-based) of `count` was assigned (lib/cli/shard.ts). A present shard
   * holding any other check is refused; a missing shard's checks are reported as not run.
   */
  assigned: (index: number, count: number) => readonly PlannedCheck[];
}

export interface MergeResult {
  report: RunReport;
  /** Indexes of the shards no report was given for (1-based). */
  missing: number[];
}

/** `not run: the results of shard 2/3 were not given to merge` */
export const missingShardNotRun = (index: number, count: number) => `not run: the results of shard ${index}/${count} were not given to merge`;

const OPTION_FLAGS: Record<string, string> = {
  command: 'command',
  only: '--only',
  strict: '--strict',
  timeoutMs: '--timeout',
  faults: '--fault',
  auto: '--auto',
  webhookUrl: '--webhook-url',
  webhookPort: '--webhook-port',
  baseline: '--baseline',
  compare: '--compare',
  deadlineS: '--deadline',
};

const show = (v: unknown) => (v === undefined || v === null ? 'none' : Array.isArray(v) ? (v.length ? v.join(',') : 'none') : String(v));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What differs between two shards' runs, in words (`seed (7 vs 5: give every shard the same --seed)`), or undefined when they are shards of one run. */
export function runDifference(a: RunReport, b: RunReport): string | undefined {
  const vs = (what: string, x: unknown, y: unknown, hint = '') => `${what} (${show(x)} vs ${show(y)}${hint})`;
  if (a.suite.name !== b.suite.name || a.suite.version !== b.suite.version)
    return vs('the suite', `${a.suite.name} ${a.suite.version}`, `${b.suite.name} ${b.suite.version}`);
  if (a.contract.revision !== b.contract.revision || a.contract.digest !== b.contract.digest) {
    return vs(
      'the contract',
      `${a.contract.revision} revision, digest ${a.contract.digest.slice(0, 12)}`,
      `${b.contract.revision} revision, digest ${b.contract.digest.slice(0, 12)}`,
    );
  }
  const ta = a.target;
  const tb = b.target;
  // Each job's embedded reference server listens on a port of its own: the same target for all that.
  const sameUrl = ta.baseUrl === tb.baseUrl || (ta.profile === 'local' && tb.profile === 'local');
  if (ta.name !== tb.name || ta.profile !== tb.profile || !sameUrl) return vs('the target', `${ta.name} at ${ta.baseUrl}`, `${tb.name} at ${tb.baseUrl}`);
  for (const k of ['capabilities', 'triggers', 'declaredLacks'] as const) {
    if (!same([...(ta[k] ?? [])].sort(), [...(tb[k] ?? [])].sort())) return vs(`the target's ${k === 'declaredLacks' ? 'declared lacks' : k}`, ta[k], tb[k]);
  }
  if (a.seed !== b.seed) return vs('the seed', a.seed, b.seed, ': give every shard the same --seed');
  if (a.runs !== b.runs) return vs('--runs', a.runs, b.runs);
  const keys = [...new Set([...Object.keys(a.options), ...Object.keys(b.options)])] as (keyof RunReport['options'])[];
  for (const k of keys) if (!same(a.options[k], b.options[k])) return vs(OPTION_FLAGS[k] ?? k, a.options[k], b.options[k]);
  if (a.shard?.count !== b.shard?.count) return vs('the number of shards', a.shard?.count, b.shard?.count);
  return undefined;
}

const nameOf = (s: ShardReport) => `${s.dir} (shard ${s.report.shard!.index}/${s.report.shard!.count})`;

/** A requirement back as the check result it was (what the baseline and --compare added goes; they are redone). */
function asResult(r: RequirementResult): CheckResult {
  const { known: _known, knownNote: _note, change: _change, ...rest } = r;
  return rest;
}

export function mergeShardReports(input: MergeInput): MergeResult {
  const { shards } = input;
  if (!shards.length) throw new MergeError('merge needs the report of at least one shard.');
  for (const s of shards) {
    if (!s.report.shard)
      throw new MergeError(`${s.dir} holds the report of a whole run, not of a shard: merge joins the report dirs of runs made with --shard i/n.`);
  }
  const first = shards[0]!;
  for (const s of shards.slice(1)) {
    const diff = runDifference(first.report, s.report);
    if (diff) throw new MergeError(`Cannot merge shards of different runs: ${nameOf(first)} and ${nameOf(s)} differ in ${diff}.`);
  }
  const count = first.report.shard!.count;
  const byIndex = new Map<number, ShardReport>();
  for (const s of shards) {
    const other = byIndex.get(s.report.shard!.index);
    if (other) throw new MergeError(`Shard ${s.report.shard!.index}/${count} is given twice (${other.dir} and ${s.dir}): give each shard's report dir once.`);
    byIndex.set(s.report.shard!.index, s);
  }

  // Every result where the plan put it, and nowhere else.
  const seen = new Map<string, ShardReport>();
  for (const s of [...byIndex.values()].sort((x, y) => x.report.shard!.index - y.report.shard!.index)) {
    const mine = new Set(input.assigned(s.report.shard!.index, count).map((c) => c.id));
    for (const r of s.report.requirements) {
      const before = seen.get(r.id);
      if (before) throw new MergeError(`Cannot merge: ${r.id} has a result in both ${nameOf(before)} and ${nameOf(s)}.`);
      if (!mine.has(r.id)) {
        throw new MergeError(
          `Cannot merge: ${nameOf(s)} holds ${r.id}, which this suite's plan does not give that shard (were the shards run by another version of the suite, or with other --only?).`,
        );
      }
      seen.set(r.id, s);
    }
  }

  const missing: number[] = [];
  const results: CheckResult[] = [];
  const errors: string[] = [];
  for (let i = 1; i <= count; i++) {
    const s = byIndex.get(i);
    if (!s) {
      missing.push(i);
      errors.push(`the results of shard ${i}/${count} are missing: its checks are reported as not run`);
      for (const c of input.assigned(i, count)) {
        results.push({
          id: c.id,
          level: c.level,
          area: c.area,
          title: c.title,
          source: c.source,
          outcome: 'skipped',
          message: missingShardNotRun(i, count),
          lacks: [],
          evidence: { exchanges: [], notes: [] },
          durationMs: 0,
        });
      }
      continue;
    }
    results.push(...s.report.requirements.map(asResult));
    errors.push(...(s.report.errors ?? []).map((e) => `shard ${i}/${count}: ${e}`));
  }
  const present = [...byIndex.values()].map((s) => s.report);
  const sorted = sortResults(results);

  // The baseline's listed ids that matter to these results are the known failures and the fixed ones.
  const baselines = present.map((r) => r.baseline).filter((b) => b !== undefined);
  const notes = new Map(present.flatMap((r) => r.requirements.filter((q) => q.knownNote !== undefined).map((q) => [q.id, q.knownNote!] as const)));
  const baseline: BaselineFile | undefined = baselines.length
    ? {
        target: baselines[0]!.target,
        known: [...new Set(baselines.flatMap((b) => [...b.known, ...b.fixed]))].map((id) => ({ id, ...(notes.has(id) ? { note: notes.get(id)! } : {}) })),
      }
    : undefined;

  const start = Math.min(...present.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...present.map((r) => Date.parse(r.startedAt) + r.durationMs));
  const interrupted = present.find((r) => r.interrupted)?.interrupted?.signal;
  const report = buildRunReport({
    suite: first.report.suite,
    target: first.report.target,
    contract: first.report.contract,
    seed: first.report.seed,
    runs: first.report.runs,
    options: first.report.options,
    startedAt: new Date(start),
    durationMs: end - start,
    results: sorted,
    ...(baseline ? { baseline: { file: baselines[0]!.file, content: baseline } } : {}),
    errors,
    ...(interrupted ? { interrupted } : {}),
  });

  // --compare: each shard compared its own results with the same previous report, so the union of
  // their regressions and fixes is the run's.
  const comparisons = present.map((r) => r.comparison).filter((c) => c !== undefined);
  if (comparisons.length) {
    const regressions = new Set(comparisons.flatMap((c) => c.regressions));
    const fixes = new Set(comparisons.flatMap((c) => c.fixes));
    const c0 = comparisons[0]!;
    report.comparison = {
      previous: c0.previous,
      ...(c0.previousStartedAt !== undefined ? { previousStartedAt: c0.previousStartedAt } : {}),
      regressions: sorted.filter((r) => regressions.has(r.id)).map((r) => r.id),
      fixes: sorted.filter((r) => fixes.has(r.id)).map((r) => r.id),
    };
    for (const r of report.requirements) {
      if (regressions.has(r.id)) r.change = 'regression';
      else if (fixes.has(r.id)) r.change = 'fixed';
    }
  }

  // Leftovers are listed by requirement, in the report's order, the first 1000 of them.
  const order = new Map(report.requirements.map((r, i) => [r.id, i]));
  const items = present.flatMap((r) => r.leftovers?.items ?? []).sort((x, y) => (order.get(x.check) ?? 0) - (order.get(y.check) ?? 0));
  const left = present.reduce((n, r) => n + (r.leftovers?.count ?? 0), 0);
  if (left) report.leftovers = { count: left, items: items.slice(0, 1000) };
  else delete report.leftovers;
  return { report, missing };
}
