// Runs checks and turns what happened into outcomes: missing capabilities are skips with the
// reason, violations fail (MUST) or warn (SHOULD, unless strict), anything unexpected fails with its
// message, and a check that overruns its budget fails as timed out. No vitest here: the CLI's
// vitest glue, the fault self-tests and the bench all share this core.

import { scrubInternals } from '../report/redact.js';
import type { Contract } from '../spec/index.js';
import type { TargetSpec } from '../targets/types.js';
import { notApplicableReason } from './applicability.js';
import { type ContextFactory, createContext } from './create-context.js';
import { deadlineCancelled, deadlineNotRun, INTERRUPTED_CANCELLED, INTERRUPTED_NOT_RUN, notRunResult, type RunDeadline } from './not-run.js';
import type { Capability, Lack } from './types.js';
import { type Check, CheckFailure, type CheckResult, CheckSkipped, type Exchange, type FailureKind, type Outcome } from './types.js';

/** How many of a check's last exchanges the report keeps (plus any a failure names). */
export const KEEP_EXCHANGES = 5;

/**
 * The skip of a check that returned without judging the target (issue 11: a check that found
 * nothing to judge did not pass). It names no lack, so a skipped MUST leaves the run incomplete.
 */
export const NOTHING_JUDGED =
  'found nothing to judge: the check returned without a judgement of its own of the target (no ctx.ensure or ctx.fail, no awaited state or webhook delivery, beyond the steps that built its state)';

/**
 * Whether a check must run alone, after the rest, with nothing else in flight: it says so
 * (`exclusive`), or it exhausts a rate limit (area `rate-limits`), or it moves the target's one
 * clock (`needs: ['clock']`). Both runners (runChecks, and registerChecks for the CLI's vitest run) schedule by this.
 */
export function isExclusive(check: Pick<Check, 'area' | 'needs' | 'exclusive'>): boolean {
  return check.exclusive === true || check.area === 'rate-limits' || (check.needs ?? []).includes('clock');
}

export function missingCapabilityReason(cap: Capability, spec: TargetSpec): string {
  switch (cap) {
    case 'stateful':
      return 'target is stateless';
    case 'control':
      return 'target has no simulation control API';
    case 'advances':
      return 'target does not advance asynchronous processes (no simulation control API, not in automatic mode)';
    case 'clock':
      return "target's clock cannot be moved (no simulation control API)";
    case 'webhooks':
      return 'target cannot deliver webhooks to this machine: give a public --webhook-url';
    case 'second-partner':
      return `no second partner credentials: set ${spec.hints?.secondPartnerEnv ?? 'DINIE_CLIENT_ID_2/DINIE_CLIENT_SECRET_2'}`;
  }
}

/**
 * The per-check time budget, ms. A journey waits for several asynchronous steps of up to
 * `--timeout` each, so the budget grows with it (budgets are written for the default 10 s); a
 * target that moves by itself (`wait`) and paces its callers gets twice as long as one driven
 * through the control API.
 */
export function checkBudgetMs(check: Check, waitTimeoutMs: number, mode: TargetSpec['mode'] = 'control'): number {
  const scale = Math.max(1, waitTimeoutMs / 10_000) * (mode === 'wait' ? 2 : 1);
  return Math.round((check.timeoutMs ?? Math.max(15_000, waitTimeoutMs + 5_000)) * scale);
}

function isExchange(v: unknown): v is Exchange {
  if (!v || typeof v !== 'object') return false;
  const o = v as Partial<Record<keyof Exchange, unknown>>;
  return typeof o.curl === 'string' && !!o.request && typeof o.retries === 'number';
}

/**
 * Replaces responses and exchanges inside a failure's expected/actual by a readable summary and
 * collects the exchanges they carried, so the report keeps them whatever their age.
 */
function summarise(v: unknown, found: Exchange[], depth = 0): unknown {
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (isExchange(v)) {
    found.push(v);
    return { status: v.response?.status, error: v.error };
  }
  const o = v as Record<string, unknown>;
  if (isExchange(o.exchange) && typeof o.status === 'number') {
    found.push(o.exchange);
    return { status: o.status, body: o.body };
  }
  if (Array.isArray(v)) return v.map((x) => summarise(x, found, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = summarise(x, found, depth + 1);
  return out;
}

/** A violation: ours, vitest's / node's assertions, or a fast-check property whose cause is one. */
function asViolation(e: unknown): { message: string; expected?: unknown; actual?: unknown } | undefined {
  if (e instanceof CheckFailure) return { message: e.message, expected: e.expected, actual: e.actual };
  const err =
    e !== null && typeof e === 'object'
      ? (e as { name?: unknown; code?: unknown; message?: unknown; expected?: unknown; actual?: unknown; cause?: unknown })
      : undefined;
  if (err && (err.name === 'AssertionError' || err.code === 'ERR_ASSERTION'))
    return { message: String(err.message), expected: err.expected, actual: err.actual };
  // fast-check: "Property failed after N tests { seed, path, counterexample }" with the original in `cause`.
  if (err?.cause) {
    const inner = asViolation(err.cause);
    if (inner) return { ...inner, message: `${inner.message}\n${err.message}` };
  }
  return undefined;
}

/** The exchange an error (or its cause) carries: TransportError, ResponseTooLargeError, TokenError. */
function exchangeOf(e: unknown, depth = 0): Exchange | undefined {
  if (!e || typeof e !== 'object' || depth > 3) return undefined;
  const ex = (e as { exchange?: unknown }).exchange;
  return isExchange(ex) ? ex : exchangeOf((e as { cause?: unknown }).cause, depth + 1);
}

function asSkip(e: unknown): CheckSkipped | undefined {
  if (e instanceof CheckSkipped) return e;
  const cause = e !== null && typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  return cause ? asSkip(cause) : undefined;
}

class CheckTimeout extends Error {}
/** The run's deadline passed while the check ran. */
class DeadlinePassed extends Error {}
/** The run was stopped (interrupted) while the check ran. */
class RunStopped extends Error {}

export interface RunCheckOptions {
  /** The run's deadline: past it the check is not started, and a running one is cancelled. */
  deadline?: RunDeadline;
  /** The run is stopping (vitest's test signal: the run was cancelled): not started, or cancelled. */
  signal?: AbortSignal;
}

/** How far waiting for a target's rate limit may push a check's deadline, ms. */
export const MAX_PAUSE_EXTENSION_MS = 300_000;

/**
 * Runs one check on a context factory; never throws. Past the run's deadline (`opts.deadline`) it
 * is not started (skipped: `not run: the run's deadline (N s) passed`), and one still running when
 * the deadline passes is cancelled (skipped: `cancelled: …`, its exchanges so far kept): neither is
 * a verdict on the target, both leave the run incomplete.
 */
export async function runCheck(check: Check, factory: ContextFactory, opts: RunCheckOptions = {}): Promise<CheckResult> {
  const base = { id: check.id, level: check.level, area: check.area, title: check.title, source: check.source };
  const { deadline, signal } = opts;
  if (deadline && Date.now() >= deadline.at) return notRunResult(check, deadlineNotRun(deadline.seconds));
  if (signal?.aborted) return notRunResult(check, INTERRUPTED_NOT_RUN);
  // A requirement the judged revision does not have: not run, and said so (never a pass).
  const notApplicable = notApplicableReason(check, factory.contract);
  if (notApplicable) return notRunResult(check, notApplicable);
  const started = performance.now();
  const caps = new Set(factory.spec.capabilities);
  const missing = (check.needs ?? []).filter((c) => !caps.has(c));
  if (missing.length) {
    return {
      ...base,
      outcome: 'skipped',
      message: missing.map((c) => missingCapabilityReason(c, factory.spec)).join('; '),
      lacks: [...missing],
      evidence: { exchanges: [], notes: [] },
      durationMs: 0,
    };
  }

  const scope = factory.forCheck(check);
  const budget = checkBudgetMs(check, factory.options.timeoutMs, factory.spec.mode);
  let timer: NodeJS.Timeout | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  // The exchange an error carries (a request that got no answer, a body too large, a refused token):
  // the check's evidence even when another check's request it was waiting on made it (a shared
  // fixture), so no failure is left without the exchange that caused it.
  let failedExchange: Exchange | undefined;
  let outcome: Outcome = 'passed';
  let failure: FailureKind | undefined;
  let message: string | undefined;
  let lacks: Lack[] | undefined;
  let expected: unknown;
  let actual: unknown;
  let paused = 0;
  // Counted when the check ends: a cancelled one may still be unwinding.
  let judgements = 0;
  let preconditions = 0;
  try {
    await Promise.race([
      check.run(scope.ctx),
      new Promise<never>((_, reject) => {
        // Time spent waiting for the target's rate limit is the target's pacing, not the check's
        // slowness: the deadline moves by it (bounded). Past it the check is cancelled, so
        // nothing it started keeps running.
        const due = () => budget + Math.min(scope.pausedMs(), MAX_PAUSE_EXTENSION_MS);
        const arm = (ms: number) => {
          timer = setTimeout(() => {
            const left = due() - (performance.now() - started);
            if (left > 1) return arm(left);
            paused = Math.round(scope.pausedMs());
            const timeout = new CheckTimeout();
            scope.cancel(timeout);
            reject(timeout);
          }, ms);
        };
        arm(budget);
        // The run's deadline cancels the check the same way, whatever its own budget says.
        if (deadline) {
          deadlineTimer = setTimeout(
            () => {
              const passed = new DeadlinePassed();
              scope.cancel(passed);
              reject(passed);
            },
            Math.max(0, deadline.at - Date.now()),
          );
        }
        // So does the run being stopped (a signal): the check ends at once, its evidence kept.
        if (signal) {
          onStop = () => {
            const stopped = new RunStopped();
            scope.cancel(stopped);
            reject(stopped);
          };
          signal.addEventListener('abort', onStop, { once: true });
        }
      }),
    ]);
    // Returning is not passing: a check that judged nothing of its own (an empty list walked, every
    // case impossible, a branch its author forgot) found nothing to judge, whatever its setup held.
    if (scope.judgements() === 0) {
      outcome = 'skipped';
      message = NOTHING_JUDGED;
      lacks = [];
    }
  } catch (e) {
    failedExchange = exchangeOf(e);
    const skip = asSkip(e);
    const violation = skip ? undefined : asViolation(e);
    if (e instanceof DeadlinePassed) {
      outcome = 'skipped';
      message = deadlineCancelled(deadline!.seconds);
      lacks = [];
    } else if (e instanceof RunStopped) {
      outcome = 'skipped';
      message = INTERRUPTED_CANCELLED;
      lacks = [];
    } else if (e instanceof CheckTimeout) {
      outcome = 'failed';
      failure = 'timeout';
      message = `timed out after ${budget} ms${paused > 0 ? ` (plus ${paused} ms waiting for the target's rate limit)` : ''}`;
    } else if (skip) {
      outcome = 'skipped';
      message = skip.reason;
      lacks = [...new Set(skip.lacks ?? [])];
    } else if (violation) {
      outcome = check.level === 'SHOULD' && !factory.strict ? 'warning' : 'failed';
      failure = 'violation';
      ({ message, expected, actual } = violation);
    } else {
      outcome = 'failed';
      failure = 'error';
      const err = e as Error;
      // The error's words only: its stack describes the suite, not the target (nothing of the
      // suite's internals reaches a report).
      message = err?.message ? `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}` : String(e);
    }
  } finally {
    judgements = scope.judgements();
    preconditions = scope.preconditions();
    clearTimeout(timer);
    clearTimeout(deadlineTimer);
    if (onStop) signal?.removeEventListener('abort', onStop);
  }
  // Cleanup must not hold the run hostage if the target stopped answering.
  await Promise.race([scope.finish().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);

  const named: Exchange[] = [];
  const r = factory.redactor;
  // Redacted again here, with every secret known by now (a secret the target handed out after an
  // exchange was recorded is removed from it too), before anything leaves the worker.
  const evidence = {
    expected: expected === undefined ? undefined : r.value(summarise(expected, named)),
    actual: actual === undefined ? undefined : r.value(summarise(actual, named)),
    exchanges: [] as Exchange[],
    notes: scope.evidence.notes.map((n) => r.text(scrubInternals(n))),
    ...(scope.evidence.coverage ? { coverage: scope.evidence.coverage } : {}),
  };
  const kept = scope.exchanges.slice(-KEEP_EXCHANGES);
  for (const ex of named) if (!kept.includes(ex)) kept.unshift(ex);
  if (failedExchange && outcome !== 'passed' && !kept.includes(failedExchange)) kept.unshift(failedExchange);
  evidence.exchanges = kept.map((ex) => redactExchange(ex, r));
  if (evidence.expected === undefined) delete evidence.expected;
  if (evidence.actual === undefined) delete evidence.actual;
  const leftovers = scope.leftovers();
  return {
    ...base,
    outcome,
    ...(failure ? { failure } : {}),
    ...(message !== undefined ? { message: r.text(scrubInternals(message)) } : {}),
    ...(outcome === 'skipped' ? { lacks: lacks ?? [] } : {}),
    evidence,
    durationMs: Math.round(performance.now() - started),
    judgements,
    preconditions,
    ...(leftovers ? { leftovers } : {}),
  };
}

/**
 * An exchange redacted again with what the redactor knows now, value by value (a text pass over
 * its serialised JSON could break the JSON's syntax); its `error` free of the suite's internals.
 */
function redactExchange(ex: Exchange, r: ContextFactory['redactor']): Exchange {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return r.text(v);
    if (depth > 6 || !v || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  const out = walk(ex, 0) as Exchange;
  if (out.error !== undefined) out.error = scrubInternals(out.error);
  return out;
}

export interface RunChecksOptions {
  target: TargetSpec;
  checks: Check[];
  seed: number;
  runs: number;
  timeoutMs: number;
  /** Checks running at once (default 4); exclusive checks (`isExclusive`) run alone, after the rest. */
  concurrency?: number;
  strict?: boolean;
  /** Use this contract instead of loading `DINIE_SPEC`. */
  contract?: Contract;
  /** Called as each check finishes (progress output). */
  onResult?: (result: CheckResult) => void;
}

/** Runs checks in-process against a resolved target; results come back in the checks' order. */
export async function runChecks(opts: RunChecksOptions): Promise<CheckResult[]> {
  const factory = await createContext(opts.target, {
    seed: opts.seed,
    runs: opts.runs,
    timeoutMs: opts.timeoutMs,
    strict: opts.strict,
    contract: opts.contract,
  });
  const results: CheckResult[] = new Array(opts.checks.length);
  try {
    const indexed = opts.checks.map((check, i) => ({ check, i }));
    const shared = indexed.filter((x) => !isExclusive(x.check));
    const exclusive = indexed.filter((x) => isExclusive(x.check));
    const runOne = async ({ check, i }: { check: Check; i: number }) => {
      results[i] = await runCheck(check, factory);
      opts.onResult?.(results[i]);
    };
    await pool(shared, Math.max(1, opts.concurrency ?? 4), runOne);
    // Only once every shared check has finished: one at a time, nothing else in flight.
    await pool(exclusive, 1, runOne);
  } finally {
    await factory.close();
  }
  return results;
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
