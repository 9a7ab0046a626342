// Turns the check results of one run into the RunReport every renderer reads.
import { AREAS, type Lack } from '../types.js';
import { applyBaseline } from './baseline.js';
import { compareRuns } from './compare.js';
import type { BaselineFile, CheckResult, ContractSummary, InterruptSignal, RequirementResult, RunOptionsSummary, RunReport, TargetSummary } from './types.js';
import { countResults, judge } from './verdict.js';

export interface BuildRunReportInput {
  suite: { name: string; version: string };
  /** publicTargetInfo(spec), or at least its name, base URL, capabilities, triggers and declared lacks. */
  target: TargetInput;
  contract: ContractSummary;
  seed: number;
  runs: number;
  options: RunOptionsSummary;
  startedAt: Date | string;
  durationMs: number;
  results: readonly CheckResult[];
  baseline?: { file: string; content: BaselineFile };
  previous?: { file: string; report: Pick<RunReport, 'requirements' | 'startedAt'> };
  /** Errors outside any check (suite files that failed to load). */
  errors?: readonly string[];
  /** A signal stopped the run (the results are what it got to; the rest are not run). */
  interrupted?: InterruptSignal;
}

const areaRank = (area: string) => {
  const i = (AREAS as readonly string[]).indexOf(area);
  return i < 0 ? AREAS.length : i;
};

/** Areas in the documentation's order, then requirement ids alphabetically. */
export function sortResults<T extends Pick<CheckResult, 'area' | 'id'>>(results: readonly T[]): T[] {
  return [...results].sort((a, b) => areaRank(a.area) - areaRank(b.area) || a.area.localeCompare(b.area) || a.id.localeCompare(b.id));
}

/**
 * What a report says about a target (from publicTargetInfo): name, base URL, capabilities, the
 * triggers declared for it and what it declares it cannot do. Never credentials.
 */
export interface TargetInput {
  name: string;
  baseUrl: string;
  /** `local`, `mock`, `sandbox`, `url`, `named`, or `receiver` (a partner's webhook receiver). */
  profile?: string;
  capabilities: readonly string[];
  triggers?: readonly string[];
  declaredLacks?: readonly Lack[];
}

export function targetSummary(info: TargetInput): TargetSummary {
  return {
    name: info.name,
    baseUrl: info.baseUrl,
    ...(info.profile ? { profile: info.profile } : {}),
    capabilities: [...info.capabilities],
    triggers: [...(info.triggers ?? [])],
    declaredLacks: [...(info.declaredLacks ?? [])],
  };
}

export function buildRunReport(input: BuildRunReportInput): RunReport {
  const strict = input.options.strict;
  const baseline = input.baseline ? applyBaseline(input.results, input.baseline.content, { strict, file: input.baseline.file }) : undefined;
  const comparison = input.previous ? compareRuns(input.previous.report, input.results, input.previous.file) : undefined;
  const knownIds = new Set(baseline?.known ?? []);
  const notes = new Map(input.baseline?.content.known.map((k) => [k.id, k.note]) ?? []);
  const regressions = new Set(comparison?.regressions ?? []);
  const fixes = new Set(comparison?.fixes ?? []);

  // Leftovers are the run's, not a requirement's: gathered here (at most 1000 listed), left out of each entry.
  const leftovers: NonNullable<RunReport['leftovers']> = { count: 0, items: [] };
  const requirements: RequirementResult[] = sortResults(input.results).map(({ leftovers: left, ...r }) => {
    if (left) {
      leftovers.count += left.count;
      for (const item of left.items) if (leftovers.items.length < 1000) leftovers.items.push({ ...item, check: r.id });
    }
    const entry: RequirementResult = { ...r };
    if (knownIds.has(r.id)) {
      entry.known = true;
      const note = notes.get(r.id);
      if (note) entry.knownNote = note;
    }
    if (regressions.has(r.id)) entry.change = 'regression';
    else if (fixes.has(r.id)) entry.change = 'fixed';
    return entry;
  });

  const target = targetSummary(input.target);
  const report: RunReport = {
    reportVersion: 1,
    suite: input.suite,
    target,
    contract: input.contract,
    seed: input.seed,
    runs: input.runs,
    options: input.options,
    startedAt: typeof input.startedAt === 'string' ? input.startedAt : input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    verdict: judge(requirements, {
      strict,
      knownIds,
      declaredLacks: target.declaredLacks,
      errors: input.errors?.length ?? 0,
      ...(input.interrupted ? { interrupted: input.interrupted } : {}),
    }),
    ...(input.interrupted ? { interrupted: { signal: input.interrupted } } : {}),
    counts: countResults(requirements),
    requirements,
  };
  if (baseline) report.baseline = baseline;
  if (comparison) report.comparison = comparison;
  if (input.errors?.length) report.errors = [...input.errors];
  if (leftovers.count) report.leftovers = leftovers;
  return report;
}
