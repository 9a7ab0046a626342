// The model of a conformance check: a requirement of the contract plus the code that judges it.
// Suites define checks, lib/checks runs them, lib/report renders their outcomes (lib/types.ts).
// Data flows one way: spec -> validators/generators -> checks -> outcomes -> reports.
import type { Area, Capability, Level } from '../types.js';

export * from '../types.js';

/** One requirement of the contract, tied to the place in the documentation it comes from. */
export interface Requirement {
  /** Stable id, e.g. `CUST-IDEMPOTENT-CREATE`. Upper-case area prefix + dash-separated words. */
  id: string;
  level: Level;
  area: Area;
  /** One sentence stating the rule, as the documentation would. */
  title: string;
  /** Where it comes from, e.g. `seed 001 · Register a new customer`, `decision 4`, `api-facts 1.9`. */
  source: string;
}

export interface Check extends Requirement {
  /** Capabilities without which the check cannot run; missing ones make it `skipped` with the reason. */
  needs?: Capability[];
  /** Per-check time budget in ms (default 15000). */
  timeoutMs?: number;
  /**
   * Runs alone, after the other checks, with nothing else in flight: it disturbs whatever runs at
   * the same time (moves the target's clock, exhausts a rate limit). Implied for area `rate-limits`
   * and for `needs: ['clock']`; set it on a check that does so otherwise (see `isExclusive`).
   */
  exclusive?: true;
  /**
   * The contract revisions the requirement exists in (issue 12), e.g. `['docs']` for a rule only
   * the documentation revision states; absent = every revision. Judged against a named revision
   * outside the list, it is reported not applicable to that revision (lib/checks/applicability.ts).
   */
  revisions?: readonly ('docs' | 'sdk')[];
  /** Why the requirement does not exist in the other revision, in words for the report. */
  revisionNote?: string;
  run(ctx: import('./context.js').CheckContext): Promise<void>;
}
