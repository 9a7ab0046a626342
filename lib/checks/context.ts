// What a check gets to work with. Implemented by lib/checks (runner) from lib/http, lib/targets,
// lib/webhooks, lib/spec and lib/generate; suites only ever see this interface.
import type { ApiClient, ApiResponse, Capability, ValidationResult, Webhooks } from '../types.js';

export type { ApiClient, ApiRequest, ApiResponse, Delivery, Sink, ValidationResult, Webhooks } from '../types.js';

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
  finishCreditAnalysis(customerId: string, terms?: Record<string, unknown>): Promise<unknown>;
  /** Move a loan to its next state on the happy path, or to `to` (e.g. `cancelled`, `error`). */
  advanceLoan(loanId: string, to?: string): Promise<unknown>;
  /** Record a payment on installment `installmentNumber` (1-based); amount defaults to what remains. */
  payInstallment(loanId: string, installmentNumber: number, amount?: string): Promise<unknown>;
  /** Move the target's clock forward. */
  advanceClock(seconds: number): Promise<void>;
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

  /**
   * A fixture made once per run and shared by every check that asks for it under `key` (checks of
   * one run share it; another run makes its own). Made with the first asker's context, so its
   * exchanges are that check's evidence; a making that throws is not kept (the next asker tries again).
   */
  perRun<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Record a note in the check's evidence (seed, counterexample, what was observed). */
  note(text: string): void;
  /** Record the coverage phase's rows (contract checks) in the check's evidence; absent where nobody reports them. */
  coverage?(rows: import('../types.js').OperationCoverage[]): void;
  /** Fail the check (a conformance violation). */
  fail(message: string, expected?: unknown, actual?: unknown): never;
  /** Skip: the target cannot be judged on this; `lacks` names what it (or the run) lacked. */
  skip(reason: string, lacks?: import('./types.js').Lack[]): never;
  /** Fail unless `cond`. */
  ensure(cond: unknown, message: string, expected?: unknown, actual?: unknown): asserts cond;
  /** Poll `probe` until `pred` holds or the timeout passes; on timeout fails with `what`. */
  eventually<T>(probe: () => Promise<T>, pred: (v: T) => boolean, opts: { what: string; timeoutMs?: number; intervalMs?: number }): Promise<T>;
}
