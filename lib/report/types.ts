// The shape of conformance.json (fixtures/conformance-report.schema.json describes the same).
// Built once per run by buildRunReport and read back by the renderers, certify and --compare.
import type { CheckResult, Level, Outcome } from '../checks/types.js';

export type OutcomeCounts = Record<Outcome, number>;

export interface Counts {
  MUST: OutcomeCounts;
  SHOULD: OutcomeCounts;
  total: OutcomeCounts;
}

/** Where a requirement stands against the baseline and the previous run (absent = nothing to say). */
export interface RequirementResult extends CheckResult {
  /** Listed in the baseline as a known failure, and still failing. */
  known?: boolean;
  /** Note attached to the baseline entry. */
  knownNote?: string;
  /** Against the previous run given with --compare. */
  change?: 'regression' | 'fixed';
}

export interface TargetSummary {
  name: string;
  baseUrl: string;
  capabilities: string[];
}

export interface ContractSummary {
  title: string;
  version: string;
  digest: string;
  path: string;
}

export interface Verdict {
  /** No MUST failed (and, with --strict, no SHOULD was violated), baseline or not. */
  conforming: boolean;
  /** The run's result: conforming apart from the failures the baseline already knows. */
  passed: boolean;
  /** Ids whose failure decides the run (not counting known ones). */
  blocking: string[];
  summary: string;
}

export interface BaselineOutcome {
  file: string;
  target: string;
  /** Known failures that still fail. */
  known: string[];
  /** Failures the baseline does not list. */
  newFailures: string[];
  /** Listed as known but passing now: tighten the baseline. */
  fixed: string[];
}

export interface Comparison {
  previous: string;
  previousStartedAt?: string;
  regressions: string[];
  fixes: string[];
}

export interface RunOptionsSummary {
  command: string;
  only: string[];
  strict: boolean;
  timeoutMs: number | null;
  faults: string[];
  auto: boolean;
  webhookUrl: string | null;
  webhookPort: number | null;
  baseline: string | null;
  compare: string | null;
}

export interface RunReport {
  reportVersion: 1;
  suite: { name: string; version: string };
  target: TargetSummary;
  contract: ContractSummary;
  seed: number;
  runs: number;
  options: RunOptionsSummary;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  counts: Counts;
  baseline?: BaselineOutcome;
  comparison?: Comparison;
  /** What broke outside any check (a suite file that did not load): the run is incomplete. */
  errors?: string[];
  requirements: RequirementResult[];
}

/** --baseline FILE: the failures a team already knows about on one target. */
export interface BaselineFile {
  target: string;
  known: { id: string; note?: string }[];
}

export type { CheckResult, Level, Outcome };
