// What a check gets to work with. Implemented by lib/checks (runner) from lib/http, lib/targets,
// lib/webhooks, lib/spec and lib/generate; suites only ever see this interface.
import type { Capability, Exchange } from './types.js';

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
  request<T = any>(req: ApiRequest): Promise<ApiResponse<T>>;
  /** A fresh access token from POST /auth/token (cached; renewed before expiry). */
  token(): Promise<string>;
  /** The client id (never the secret). */
  readonly clientId: string;
}

export type KycAction = 'submit' | 'approve' | 'reject' | 'request_correction';

/**
 * Moves what Dinie does asynchronously. Through the simulation control API where the target has
 * one (docs/simulation-control.md), else by waiting (polling / webhooks). A step no driver can
 * perform throws CheckSkipped("needs <step>").
 */
export interface Driver {
  readonly mode: 'control' | 'wait';
  /**
   * Prepares an outcome the target only produces on request, before the resource is created:
   * nothing in control mode (the control API produces it when asked), else the value trigger
   * declared for the target (merge it with `triggerMembers`), else CheckSkipped naming the trigger.
   */
  plan(trigger: import('./types.js').Trigger): import('../targets/types.js').ValueTrigger | undefined;
  decideKyc(customerId: string, type: string, action: KycAction, message?: string): Promise<void>;
  /** Finish the credit analysis with an offer; returns the offer (CreditOffer object). */
  finishCreditAnalysis(customerId: string, terms?: Record<string, unknown>): Promise<any>;
  /** Move a loan to its next state on the happy path, or to `to` (e.g. `cancelled`, `error`). */
  advanceLoan(loanId: string, to?: string): Promise<any>;
  /** Record a payment on installment `installmentNumber` (1-based); amount defaults to what remains. */
  payInstallment(loanId: string, installmentNumber: number, amount?: string): Promise<any>;
  /** Move the target's clock forward. */
  advanceClock(seconds: number): Promise<void>;
}

/** One webhook delivery as the receiver saw it. */
export interface Delivery {
  sink: string;
  receivedAt: number; // ms epoch on our clock
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed payload (undefined when not JSON). */
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

export interface Webhooks {
  /** Whether the target can deliver to us at all. */
  readonly available: boolean;
  /** A new sink (a path on the receiver). */
  sink(): Sink;
  /**
   * A sink registered on the target as a webhook endpoint of `client`'s partner (POST /webhooks/endpoints),
   * secret set from the create response. Removed at the end of the run.
   */
  subscribe(client: ApiClient, events?: string[]): Promise<{ sink: Sink; endpoint: any; secret: string }>;
}

export interface ValidationResult {
  valid: boolean;
  /** Readable paths: `kyc[0].status must be one of: pending, submitted, ...` */
  errors: string[];
}

export interface TargetInfo {
  name: string;
  baseUrl: string;
  capabilities: ReadonlySet<Capability>;
}

export interface CheckContext {
  target: TargetInfo;
  /** The loaded contract (lib/spec). */
  contract: import('../spec/index.js').Contract;
  /** Partner A. */
  api: ApiClient;
  /** Partner B; absent without a second credential (checks needing it declare `second-partner`). */
  api2?: ApiClient;
  driver: Driver;
  webhooks: Webhooks;
  /** fast-check seed and number of property cases per check. */
  seed: number;
  runs: number;
  /** Per-check default timeout for waits, ms. */
  timeoutMs: number;

  /** Validate a response against the contract's schema for its operation, status and media type. */
  validateResponse(operationId: string, res: ApiResponse): ValidationResult;
  validateEvent(type: string, payload: unknown): ValidationResult;

  /** Record a note in the check's evidence (seed, counterexample, what was observed). */
  note(text: string): void;
  /** Fail the check (a conformance violation). */
  fail(message: string, expected?: unknown, actual?: unknown): never;
  /** Skip: the target cannot be judged on this; `lacks` names what it (or the run) lacked. */
  skip(reason: string, lacks?: import('./types.js').Lack[]): never;
  /** Fail unless `cond`. */
  ensure(cond: unknown, message: string, expected?: unknown, actual?: unknown): asserts cond;
  /** Poll `probe` until `pred` holds or the timeout passes; on timeout fails with `what`. */
  eventually<T>(probe: () => Promise<T>, pred: (v: T) => boolean, opts: { what: string; timeoutMs?: number; intervalMs?: number }): Promise<T>;
}
