// The shape of conformance.json (fixtures/conformance-report.schema.json describes the same).
// Built once per run by buildRunReport and read back by the renderers, certify and --compare.
import type { CheckResult, Lack, Level, Outcome } from '../types.js';

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
  /**
   * What was tested: a server profile (`local`, `mock`, `sandbox`, `url`, `named`), or `receiver`
   * when the run certified a partner's webhook receiver (--receiver; `baseUrl` is the receiver's URL),
   * or `client` when it certified a partner's API client (serve --observe; `baseUrl` is the observing server's).
   */
  profile?: string;
  capabilities: string[];
  /** Value triggers declared for the target (names only), e.g. `loan.cancel`. */
  triggers: string[];
  /** What the target's profile or config declares it cannot do: only these excuse a skipped MUST (decision 19). */
  declaredLacks: Lack[];
}

export interface ContractSummary {
  title: string;
  version: string;
  /** Which revision judged the target (decision 18): `docs`, `sdk`, or `custom` (any other document). */
  revision: 'docs' | 'sdk' | 'custom';
  digest: string;
  path: string;
}

/** The headline every report shows: CONFORMING, INCOMPLETE, NOT CONFORMING, or INTERRUPTED (a signal stopped the run). */
export type VerdictStatus = 'conforming' | 'incomplete' | 'not-conforming' | 'interrupted';

/** What can interrupt a run. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** Skipped MUSTs that lacked the same thing (or, naming no lack, gave the same reason). */
export interface SkipReason {
  /** In words: `needs trigger loan.cancel`, `needs clock`, or the skip's own reason when it named no lack. */
  reason: string;
  /** What these checks lacked; empty when the skip named no lack (no declaration can excuse it). */
  lacks: Lack[];
  /** Every lack is declared by the target, so these skips do not fail the run. */
  declared: boolean;
  /** The first skip message of the group, in the check's own words. */
  message: string;
  ids: string[];
}

export interface Verdict {
  status: VerdictStatus;
  /** Every MUST was checked and none failed (with --strict, no SHOULD was violated either); known failures count. */
  conforming: boolean;
  /** No MUST was skipped and nothing broke outside the checks. */
  complete: boolean;
  /** Every skipped MUST lacked only what the target declares it lacks (true when none was skipped). */
  excused: boolean;
  /** The run's result (exit code 0): no failure the baseline does not know, every skipped MUST excused, nothing broken. */
  passed: boolean;
  /** Ids whose failure decides the run (not counting known ones). */
  blocking: string[];
  /** MUST requirements in this run, and how many of them were skipped. */
  mustTotal: number;
  mustSkipped: number;
  /** Why MUSTs were skipped, grouped by what they lacked (largest group first). */
  skipReasons: SkipReason[];
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
  /** The whole run's time limit, seconds (--deadline); checks not run before it are skipped as not run. */
  deadlineS?: number;
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
  /** Present when a signal stopped the run: the results so far, the rest not run (verdict INTERRUPTED). */
  interrupted?: { signal: InterruptSignal };
  counts: Counts;
  baseline?: BaselineOutcome;
  comparison?: Comparison;
  /** What broke outside any check (a suite file that did not load): the run is incomplete. */
  errors?: string[];
  /**
   * What the run created on the target and could not remove (customers, documents, simulations,
   * loans; endpoints and credentials whose deletion failed), by the check that made it: `count`
   * in all, the first 1000 listed. Absent when the run left nothing.
   */
  leftovers?: { count: number; items: { kind: string; id: string; external_id?: string; check: string }[] };
  /**
   * Present on the report of one --shard job (lib/cli/shard.ts): it holds that share of the checks
   * only, and its verdict is that share's; `merge` joins the n shards into the run's report.
   */
  shard?: { index: number; count: number };
  requirements: RequirementResult[];
}

/** --baseline FILE: the failures a team already knows about on one target. */
export interface BaselineFile {
  target: string;
  known: { id: string; note?: string }[];
}

export type { CheckResult, Level, Outcome };
