// The types every layer shares: what a target can do (capabilities, triggers, lacks), one HTTP
// exchange, a check's outcome and evidence, the API client and webhook receiver as checks see them.
// This module sits at the bottom of lib/ and imports nothing of the project, so lib/http,
// lib/webhooks, lib/targets, lib/report and lib/reference depend on it instead of on lib/checks.

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
  'contract',
  'auth',
  'customers',
  'idempotency',
  'pagination',
  'kyc',
  'credit',
  'loans',
  'webhooks',
  'security',
  'rate-limits',
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
  /** The coverage phase's table (contract checks): per operation, the rules broken on purpose out of those stated. */
  coverage?: OperationCoverage[];
}

/** One operation's row of the coverage table (issue 11): which rules its cases exercised, out of how many. */
export interface OperationCoverage {
  operation: string;
  /** Cases the contract yields (negative: must be refused; positive: boundaries that must be accepted), judged, impossible here. */
  cases: { negative: number; positive: number; judged: number; impossible: number };
  /** Per keyword (`type`, `pattern`, `media-type`, …): the rules of that keyword broken by a judged case, and how many the contract states. */
  keywords: { keyword: string; exercised: number; total: number }[];
  /** Members (body paths, parameters, headers) with at least one rule exercised, of those with rules. */
  members: { exercised: number; total: number };
  /** Rules no case broke and cases not sent, each with why (at most 50 cases listed). */
  notExercised?: { case: string; reason: string }[];
}

/**
 * Why a check is red. `violation`: it judged the target and the target broke the rule (an
 * assertion: `ctx.ensure`/`ctx.fail`, a node or vitest assertion, a property whose cause is one).
 * `error`: something else was thrown on the way (no answer from the target, the control API
 * refusing a step, a TypeError): still a failure, but no judgement of the rule. `timeout`: the
 * check ran out of its time budget. Fault self-tests count only a violation as catching a fault.
 */
export type FailureKind = 'violation' | 'error' | 'timeout';

export interface CheckResult {
  id: string;
  level: Level;
  area: Area;
  title: string;
  source: string;
  outcome: Outcome;
  /** For failed/warning: what went wrong; for skipped: the reason. */
  message?: string;
  /** For failed/warning: why it is red (`FailureKind`): a judgement of the target, or an error or timeout on the way. */
  failure?: FailureKind;
  /** For skipped: what the target or the run lacked (empty when the skip has another cause). */
  lacks?: Lack[];
  evidence: Evidence;
  durationMs: number;
  /**
   * How many judgements of the target the check made of its own (`ctx.ensure` and `ctx.fail`, every
   * helper built on them such as expectProblem, an `eventually` whose condition came true, a webhook
   * delivery awaited and received): absent when the check did not run. A check that returns having
   * made none is not passed: it is skipped as having found nothing to judge.
   */
  judgements?: number;
  /**
   * The same judgements made while building the state the check starts from (lib/flows steps that
   * register customers, create loans, read lists: lib/checks/preconditions.ts). They fail the check
   * when broken but do not count as having judged its rule.
   */
  preconditions?: number;
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

/** A request as a check writes it; paths are relative to the target's base URL (e.g. `/customers`). */
export interface ApiRequest {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** JSON body (serialised with content-type application/json). */
  json?: unknown;
  /** Form body (application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  /** multipart/form-data: string fields and files. */
  multipart?: Record<string, string | { filename: string; contentType: string; data: Uint8Array }>;
  /** Raw body with an explicit content-type header (for hostile input: malformed JSON, wrong types). */
  raw?: string | Uint8Array;
  /**
   * `bearer` (default): the client's partner token; `none`: no Authorization header;
   * `{ bearer }`: this exact token; `{ basic }`: HTTP Basic with these credentials.
   */
  auth?: 'bearer' | 'none' | { bearer: string } | { basic: [string, string] };
  /** Idempotency-Key header: `true` generates a fresh key; a string is sent as is. */
  idempotencyKey?: string | true;
  /**
   * The longest this exchange may take, ms: waiting for the token, sending, headers, the whole body
   * and its transport retry together (default: the client's, min(10000, --timeout)).
   */
  timeoutMs?: number;
  /** Cancels this request at once (the check's own signal cancels all of its requests anyway). */
  signal?: AbortSignal;
  /**
   * `paced` (default): the client waits while the credential's X-RateLimit budget is spent and
   * resends after a 429 once its Retry-After has passed (bounded); `raw`: sent at once, and a 429
   * comes back as is (for checks that test rate limiting itself).
   */
  rateLimit?: 'paced' | 'raw';
}

/** The answer as a check reads it. `body` is parsed JSON when the response was JSON, else the text. */
// biome-ignore lint/suspicious/noExplicitAny: the default for calls that name no body type; about 190 reads in suites/ still rely on it (issue 13 follow-up: default to unknown). Flows and checks that name a type get it checked.
export interface ApiResponse<T = any> {
  status: number;
  headers: Record<string, string>; // lower-cased names
  body: T;
  text: string;
  contentType: string | undefined;
  exchange: Exchange;
}

export interface ApiClient {
  /** Which partner this client speaks for ('A' or 'B'), for messages. */
  readonly partner: string;
  // biome-ignore lint/suspicious/noExplicitAny: same default as ApiResponse's, until the suites' untyped reads are typed.
  request<T = any>(req: ApiRequest): Promise<ApiResponse<T>>;
  /** A fresh access token from POST /auth/token (cached; renewed before expiry). */
  token(): Promise<string>;
  /** The client id (never the secret). */
  readonly clientId: string;
}

/** One webhook delivery as the receiver saw it. */
export interface Delivery {
  sink: string;
  receivedAt: number; // ms epoch on our clock
  /**
   * The target's clock minus ours when it arrived, ms: non-zero only after the simulation control
   * API moved the target's clock (docs/simulation-control.md, "Clock and webhook timestamps").
   * `webhook-timestamp` is judged against `receivedAt + clockOffsetMs`.
   */
  clockOffsetMs: number;
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed payload (undefined when not JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: about 45 reads in suites/ (webhooks, loans, kyc, credit) walk payloads untyped; to become unknown with them.
  payload: any;
  type: string | undefined;
  /** Standard Webhooks verification against the sink's secrets. */
  verified: boolean;
  verifyError?: string;
  /** Contract validation of the payload against the event's schema. */
  schemaErrors: string[];
  /** The HTTP status our receiver answered with. */
  answeredStatus: number;
}

/** A place webhooks are delivered to: one URL, its secrets, its own log. */
export interface Sink {
  readonly id: string;
  readonly url: string;
  /** Secrets deliveries are verified with (replace on rotation). */
  setSecrets(secrets: string[]): void;
  /** Answer the next `n` deliveries with `status` (e.g. 500 to provoke retries). */
  failNext(n: number, status?: number): void;
  deliveries(): Delivery[];
  /** Resolves with the first delivery (past or future) matching `pred`; rejects on timeout. */
  waitFor(pred: (d: Delivery) => boolean, opts?: { timeoutMs?: number; what?: string }): Promise<Delivery>;
}

/** The webhook endpoint as the target created it: its id and secret checked, other members as written. */
export interface SubscribedEndpoint {
  id: string;
  secret: string;
  [member: string]: unknown;
}

export interface Webhooks {
  /** Whether the target can deliver to us at all. */
  readonly available: boolean;
  /** A new sink (a path on the receiver). */
  sink(): Sink;
  /**
   * A sink registered on the target as a webhook endpoint of `client`'s partner (POST /webhooks/endpoints),
   * secret set from the create response. Removed at the end of the run.
   */
  subscribe(client: ApiClient, events?: string[]): Promise<{ sink: Sink; endpoint: SubscribedEndpoint; secret: string }>;
}

export interface ValidationResult {
  valid: boolean;
  /** Readable paths: `kyc[0].status must be one of: pending, submitted, ...` */
  errors: string[];
}
