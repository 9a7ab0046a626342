// The shared model of a conformance check. Everything else agrees on these shapes:
// suites define checks, lib/checks runs them, lib/report renders their outcomes.
// Data flows one way: spec -> validators/generators -> checks -> outcomes -> reports.

export type Level = 'MUST' | 'SHOULD';

export type Area =
  | 'contract'
  | 'auth'
  | 'customers'
  | 'idempotency'
  | 'pagination'
  | 'kyc'
  | 'credit'
  | 'loans'
  | 'webhooks'
  | 'security'
  | 'rate-limits'
  // Partner-side certification (decision 17): the partner's API client, judged from its recorded
  // traffic (lib/partner/client); not one of the server suite's AREAS.
  | 'client'
  // Partner-side certification (decision 16): the partner's webhook receiver, judged from its
  // answers to deliveries the suite makes as Dinie (lib/partner/receiver, --receiver=URL).
  | 'receiver';

export const AREAS: readonly Area[] = [
  'contract', 'auth', 'customers', 'idempotency', 'pagination', 'kyc',
  'credit', 'loans', 'webhooks', 'security', 'rate-limits',
];

/**
 * Partner-side areas: the suite plays Dinie toward a partner's integration instead of testing a
 * Dinie-compatible server (the partner's API client; its webhook receiver, `--receiver=URL`).
 * Their catalogues live in suites/<area>/ but never run against a server target, so the server
 * catalogue (suites/catalogue.ts) and its fault self-test leave those folders out.
 */
export const PARTNER_AREAS: readonly Area[] = ['client', 'receiver'];

/** What a target can do; detected or configured, never guessed. */
export type Capability =
  | 'stateful' //          the target keeps what it is told (not a static mock)
  | 'control' //           the simulation control API is present (docs/simulation-control.md)
  | 'advances' //          async processes move on their own or through `control` (KYC review, offers, loans)
  | 'webhooks' //          the target can deliver events to our receiver
  | 'second-partner' //    credentials of a second partner are available (isolation checks)
  | 'clock'; //            the target's clock can be moved (control API), for expiry checks

/**
 * Outcomes a target produces only on request (a sandbox documents them as magic values): without
 * the control API, a check that needs one uses the trigger declared for the target in the project
 * config, or is skipped naming it.
 */
export type Trigger =
  | 'kyc.reject' //         a reviewer rejects an uploaded document (pending_resubmission + message)
  | 'kyc.correction' //     a reviewer asks for a data correction (pending_correction + message)
  | 'loan.cancel' //        a loan is cancelled before it becomes active
  | 'loan.error' //         a loan fails (error) before it becomes active
  | 'loan.pay' //           the customer pays the installments (one partially first), so the loan finishes
  | 'offer.expire'; //      an offer passes its valid_until unaccepted

export const TRIGGERS: readonly Trigger[] = ['kyc.reject', 'kyc.correction', 'loan.cancel', 'loan.error', 'loan.pay', 'offer.expire'];

/**
 * What a check could not do on this target: a capability (`clock`, `second-partner`, …) or a
 * trigger (`trigger:loan.cancel`). A skipped MUST whose lacks are all declared by the target's
 * profile or config does not fail the run (decision 19); any other skipped MUST does.
 */
export type Lack = Capability | `trigger:${Trigger}`;

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
  run(ctx: import('./context.js').CheckContext): Promise<void>;
}

export type Outcome = 'passed' | 'failed' | 'warning' | 'skipped';

/** One HTTP exchange as recorded by lib/http, secrets already redacted. */
export interface Exchange {
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    /** Text body (JSON, form) or a description of a multipart / binary body. */
    body?: string;
  };
  response?: {
    status: number;
    headers: Record<string, string>;
    body?: string;
  };
  /**
   * Why the exchange did not complete, one sentence: no answer (`no answer within 300 ms`, `the
   * connection was reset (ECONNRESET)`, a TLS or DNS failure), cancelled, or, with `response` set
   * to what came, a body cut short or larger than the cap (`response larger than 8 MiB (…)`).
   */
  error?: string;
  /** How many transport retries happened before this exchange's final attempt (never hidden). */
  retries: number;
  /** How long the client waited for the target's rate limit before sending (X-RateLimit-Reset, a 429's Retry-After), ms. */
  pacedMs?: number;
  durationMs: number;
  startedAt: string;
  /** A ready-to-paste curl command reproducing the request (secrets replaced by $VARIABLES). */
  curl: string;
}

export interface Evidence {
  /** What the rule expects, in words or as a value. */
  expected?: unknown;
  /** What the target did. */
  actual?: unknown;
  /** The exchanges that prove it, newest last (the runner keeps the check's last few). */
  exchanges: Exchange[];
  /** Free notes (e.g. a fast-check seed and counterexample, webhook deliveries seen). */
  notes: string[];
}

export interface CheckResult {
  id: string;
  level: Level;
  area: Area;
  title: string;
  source: string;
  outcome: Outcome;
  /** For failed/warning: what went wrong; for skipped: the reason. */
  message?: string;
  /** For skipped: what the target or the run lacked (empty when the skip has another cause). */
  lacks?: Lack[];
  evidence: Evidence;
  durationMs: number;
  /**
   * What the check created on the target and could not remove (customers, documents, simulations,
   * loans; endpoints and credentials whose deletion failed): `count` in all, at most 1000 listed.
   */
  leftovers?: { count: number; items: { kind: string; id: string; external_id?: string }[] };
}

/** Thrown by `ctx.fail` and the assertion helpers: a conformance violation. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly expected?: unknown,
    readonly actual?: unknown,
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** Thrown by `ctx.skip`: the check cannot be judged on this target. Never a pass, never a fail. */
export class CheckSkipped extends Error {
  constructor(
    readonly reason: string,
    /** What the target or run lacked, so the verdict can tell a declared lack from a gap. */
    readonly lacks: Lack[] = [],
  ) {
    super(reason);
    this.name = 'CheckSkipped';
  }
}
