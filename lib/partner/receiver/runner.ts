// The receiver certification's core: checks that play Dinie toward a partner's webhook receiver
// (suites/receiver/checks.ts), the context they deliver through, and the runner that turns what
// the receiver answered into CheckResults, the same outcomes every report renders. Checks run one
// at a time (a concurrency check must not be disturbed by another's deliveries); every delivery is
// bounded by the delivery timeout, every check by a budget above the sum of its deliveries, and the
// run by its deadline (--deadline), in the words the server runs use (lib/checks/not-run.ts).
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { deadlineCancelled, deadlineNotRun, INTERRUPTED_CANCELLED, INTERRUPTED_NOT_RUN, notRunResult, type RunDeadline } from '../../checks/not-run.js';
import { CheckFailure, type CheckResult, CheckSkipped, type Exchange, type Outcome, type Requirement } from '../../checks/types.js';
import { Redactor } from '../../http/redact.js';
import { scrubInternals } from '../../report/redact.js';
import type { Contract } from '../../spec/index.js';
import { Deliverer, type Delivery, describeAnswer, formatMs, newEventId, type Recipe } from './delivery.js';
import { type ContractEvent, contractEvents } from './events.js';
import { otherSecret, type WebhookSecret } from './secret.js';

/** Decision 16: a receiver answers a genuine delivery with a 2xx within 15 s (Dinie's delivery timeout). */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** Standard Webhooks' default timestamp tolerance, both directions (decision 2, decision 16). */
export const TIMESTAMP_TOLERANCE_S = 300;

/** One requirement on the partner's receiver and the deliveries that judge it. */
export interface ReceiverCheck extends Requirement {
  area: 'receiver';
  /** Budget for the whole check, ms (default: enough for every delivery to time out, plus 10 s). */
  timeoutMs?: number;
  run(ctx: ReceiverContext): Promise<void>;
}

export interface ReceiverContext {
  /** The receiver's URL (what Dinie would deliver to). */
  readonly url: string;
  readonly contract: Contract;
  /** Every event of the contract, with its example payload (valid against its schema). */
  readonly events: readonly ContractEvent[];
  /** How long a delivery waits for an answer (--timeout, default 15 s). */
  readonly deliveryTimeoutMs: number;
  /** The answer must come within this (15 s, decision 16; less when --timeout is shorter). */
  readonly ackLimitMs: number;
  /** The partner's observation hook, `{webhook_id}` in it (--receiver-processed-url), when given. */
  readonly processedUrl?: string;
  /** Another endpoint's secret (a throwaway of ours): its signatures must not be accepted alone. */
  readonly otherSecret: WebhookSecret;
  readonly signal: AbortSignal;
  /** A fresh `webhook-id` (`evt_` + 32 hex). */
  newId(): string;
  /** A genuine delivery of `payload`: fresh id, current timestamp, signed with the partner's secret. */
  genuine(label: string, payload: unknown, extra?: Partial<Recipe>): Recipe;
  /** Makes a delivery; its exchange joins the check's evidence. */
  deliver(recipe: Recipe): Promise<Delivery>;
  /** Makes every delivery at once. */
  deliverAll(recipes: readonly Recipe[]): Promise<Delivery[]>;
  /**
   * Fails the check (MUST: failed; SHOULD: warning) unless every delivery was answered with a 2xx
   * within the limit; notes each delivery's answer either way. Each delivery is one judgement: a
   * check that judged none is skipped (found nothing to judge), never passed.
   */
  expectAcknowledged(deliveries: readonly Delivery[], what: string): void;
  /** Fails the check unless every delivery was answered with a non-2xx (no answer is not a refusal). */
  expectRefused(deliveries: readonly Delivery[], what: string): void;
  /** How many times the receiver says it acted on `webhookId`, through the observation hook. */
  processedCount(webhookId: string): Promise<{ count: number } | { problem: string }>;
  note(text: string): void;
  fail(message: string, expected?: unknown, actual?: unknown): never;
  skip(reason: string): never;
  sleep(ms: number): Promise<void>;
}

/** Why a delivery does not count as acknowledged, or undefined when it does. */
export function ackProblem(d: Delivery, limitMs: number): string | undefined {
  if (d.status === undefined) return d.error ?? 'no answer';
  if (d.status < 200 || d.status > 299) return `answered ${d.status}`;
  if (d.durationMs > limitMs) return `answered ${d.status} only after ${formatMs(d.durationMs)}, past the ${formatMs(limitMs)} delivery timeout`;
  return undefined;
}

/** Why a delivery does not count as refused, or undefined when it does. */
export function refusalProblem(d: Delivery): string | undefined {
  if (d.status === undefined) return `${d.error ?? 'no answer'} (a refusal is a non-2xx answer)`;
  if (d.status >= 200 && d.status <= 299) return `accepted it: answered ${d.status}`;
  return undefined;
}

export interface ReceiverRunOptions {
  url: string;
  secret: WebhookSecret;
  contract: Contract;
  checks: readonly ReceiverCheck[];
  /** Per delivery, ms (default DELIVERY_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The observation hook, with `{webhook_id}` (--receiver-processed-url). */
  processedUrl?: string;
  /** SHOULD violations fail instead of warning. */
  strict?: boolean;
  /** Stops the run (a signal): checks not started are not run, the running one is cancelled. */
  signal?: AbortSignal;
  /** The run's deadline: past it no check starts, and the one running is cancelled. */
  deadline?: RunDeadline;
  onResult?: (result: CheckResult) => void;
}

class CheckTimeout extends Error {}
/** The run's deadline passed while the check ran. */
class DeadlinePassed extends Error {}

/** How long a cancelled check may take to unwind, so the delivery it had in flight joins its evidence, ms. */
const UNWIND_MS = 1_000;

/**
 * The skip of a check that returned without judging a single delivery (an empty list of events
 * delivered, a branch that sent nothing): found nothing to judge, naming no lack.
 */
export const NOTHING_JUDGED = 'found nothing to judge: the check returned without judging the answer to a single delivery';

/** Runs the checks one after another; never throws for what the receiver does. */
export async function runReceiverChecks(opts: ReceiverRunOptions): Promise<CheckResult[]> {
  const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const events = contractEvents(opts.contract);
  const deliverer = new Deliverer({ url: opts.url, secret: opts.secret, timeoutMs });
  const other = otherSecret();
  // The partner's secret never leaves the run, whatever a receiver echoes back.
  const redactor = new Redactor({ placeholder: () => '[redacted]' });
  redactor.add(opts.secret.secret, 'webhook_secret');
  const results: CheckResult[] = [];
  try {
    for (const check of opts.checks) {
      const result =
        opts.deadline && Date.now() >= opts.deadline.at
          ? notRunResult(check, deadlineNotRun(opts.deadline.seconds))
          : opts.signal?.aborted
            ? notRunResult(check, INTERRUPTED_NOT_RUN)
            : await runOne(check, { ...opts, timeoutMs, events, deliverer, other, redactor });
      results.push(result);
      opts.onResult?.(result);
    }
  } finally {
    await deliverer.close();
  }
  return results;
}

interface RunEnv extends ReceiverRunOptions {
  timeoutMs: number;
  events: ContractEvent[];
  deliverer: Deliverer;
  other: WebhookSecret;
  redactor: Redactor;
}

async function runOne(check: ReceiverCheck, env: RunEnv): Promise<CheckResult> {
  const started = performance.now();
  const exchanges: Exchange[] = [];
  const notes: string[] = [];
  const abort = new AbortController();
  // Every delivery in flight listens to it (ten at once in RECV-ACKS-CONCURRENT).
  setMaxListeners(64, abort.signal);
  const onStop = () => abort.abort(env.signal?.reason);
  env.signal?.addEventListener('abort', onStop, { once: true });
  const ackLimitMs = Math.min(DELIVERY_TIMEOUT_MS, env.timeoutMs);
  // Deliveries whose answers were judged, and failures: a check that judged none did not pass.
  let judgements = 0;
  const violation = (message: string, expected?: unknown, actual?: unknown): never => {
    throw new CheckFailure(message, expected, actual);
  };
  // A check going on after it was cancelled (or timed out) delivers nothing more: it ends there.
  const deliver = async (recipe: Recipe) => {
    abort.signal.throwIfAborted();
    const d = await env.deliverer.deliver(recipe, abort.signal);
    exchanges.push(d.exchange);
    return d;
  };

  const ctx: ReceiverContext = {
    url: env.url,
    contract: env.contract,
    events: env.events,
    deliveryTimeoutMs: env.timeoutMs,
    ackLimitMs,
    ...(env.processedUrl ? { processedUrl: env.processedUrl } : {}),
    otherSecret: env.other,
    signal: abort.signal,
    newId: () => newEventId(),
    genuine: (label, payload, extra = {}) => ({
      label,
      webhookId: newEventId(),
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      signatures: [{ by: 'secret' }],
      ...extra,
    }),
    deliver,
    deliverAll: async (recipes) => {
      abort.signal.throwIfAborted();
      const ds = await env.deliverer.deliverAll(recipes, abort.signal);
      exchanges.push(...ds.map((d) => d.exchange));
      return ds;
    },
    expectAcknowledged(ds, what) {
      judgements += ds.length;
      const bad = judge(ds, (d) => ackProblem(d, ackLimitMs), notes);
      if (bad.length) {
        violation(
          `${bad.length} of ${ds.length} ${what} not acknowledged: ${bad.map(([d, why]) => `${d.label}: ${why}`).join('; ')}`,
          `a 2xx within ${formatMs(ackLimitMs)} for each`,
          bad.map(([d, why]) => ({ delivery: d.label, 'webhook-id': d.webhookId, answer: why })),
        );
      }
    },
    expectRefused(ds, what) {
      judgements += ds.length;
      const bad = judge(ds, refusalProblem, notes);
      if (bad.length) {
        violation(
          `${bad.length} of ${ds.length} ${what} not refused: ${bad.map(([d, why]) => `${d.label}: ${why}`).join('; ')}`,
          'a non-2xx answer for each (and nothing acted on)',
          bad.map(([d, why]) => ({ delivery: d.label, 'webhook-id': d.webhookId, answer: why })),
        );
      }
    },
    async processedCount(webhookId) {
      if (!env.processedUrl) return { problem: 'no observation hook was given (--receiver-processed-url)' };
      abort.signal.throwIfAborted();
      const url = env.processedUrl.replaceAll('{webhook_id}', encodeURIComponent(webhookId));
      const r = await env.deliverer.get(url, abort.signal);
      exchanges.push(r.exchange);
      if (r.status === undefined) return { problem: `the observation hook ${r.error ?? 'did not answer'}` };
      if (r.status !== 200) return { problem: `the observation hook answered ${r.status}, not 200 with {"count": n}` };
      let parsed: unknown;
      try {
        parsed = JSON.parse(r.body ?? '');
      } catch {
        return { problem: 'the observation hook did not answer JSON {"count": n}' };
      }
      const count = (parsed as { count?: unknown } | null)?.count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
        return { problem: 'the observation hook did not answer {"count": n} with a whole number' };
      return { count };
    },
    note: (text) => void notes.push(text),
    fail(message, expected, actual) {
      judgements++;
      return violation(message, expected, actual);
    },
    skip(reason) {
      throw new CheckSkipped(reason, []);
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (abort.signal.aborted) return resolve();
        const done = () => {
          clearTimeout(t);
          abort.signal.removeEventListener('abort', done);
          resolve();
        };
        const t = setTimeout(done, ms);
        abort.signal.addEventListener('abort', done, { once: true });
      }),
  };

  const budget = check.timeoutMs ?? (env.events.length + 24) * env.timeoutMs + 10_000;
  let timer: NodeJS.Timeout | undefined;
  let outcome: Outcome = 'passed';
  let message: string | undefined;
  let expected: unknown;
  let actual: unknown;
  let deadlineTimer: NodeJS.Timeout | undefined;
  // Set when the deadline cancels the check: whatever the check did after, that is its outcome.
  let deadlinePassed = false;
  const running = (async () => check.run(ctx))();
  try {
    await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          abort.abort(new CheckTimeout());
          reject(new CheckTimeout());
        }, budget);
        // The run's deadline cancels the check whatever its own budget says.
        const { deadline } = env;
        if (deadline)
          deadlineTimer = setTimeout(
            () => {
              deadlinePassed = true;
              abort.abort(new DeadlinePassed());
              reject(new DeadlinePassed());
            },
            Math.max(0, deadline.at - Date.now()),
          );
      }),
    ]);
    if (deadlinePassed) {
      outcome = 'skipped';
      message = deadlineCancelled(env.deadline!.seconds);
    } else if (env.signal?.aborted) {
      outcome = 'skipped';
      message = INTERRUPTED_CANCELLED;
    } else if (judgements === 0) {
      outcome = 'skipped';
      message = NOTHING_JUDGED;
    }
  } catch (e) {
    if (deadlinePassed) {
      outcome = 'skipped';
      message = deadlineCancelled(env.deadline!.seconds);
    } else if (env.signal?.aborted) {
      outcome = 'skipped';
      message = INTERRUPTED_CANCELLED;
    } else if (e instanceof CheckTimeout) {
      outcome = 'failed';
      message = `timed out after ${budget} ms`;
    } else if (e instanceof CheckSkipped) {
      outcome = 'skipped';
      message = e.reason;
    } else if (e instanceof CheckFailure) {
      outcome = check.level === 'SHOULD' && !env.strict ? 'warning' : 'failed';
      ({ message, expected, actual } = e);
    } else {
      outcome = 'failed';
      message = (e as Error)?.message ?? String(e);
    }
  } finally {
    clearTimeout(timer);
    clearTimeout(deadlineTimer);
    env.signal?.removeEventListener('abort', onStop);
    abort.abort();
  }
  // Cancelled or timed out: its deliveries in flight end at once (aborted); a moment for them to
  // join the evidence, bounded, so a check that ignores the cancellation cannot hold the run.
  if (outcome !== 'passed') await Promise.race([running.catch(() => undefined), new Promise((r) => setTimeout(r, UNWIND_MS).unref())]);

  const r = env.redactor;
  const evidence: CheckResult['evidence'] = {
    ...(expected !== undefined ? { expected: r.value(expected) } : {}),
    ...(actual !== undefined ? { actual: r.value(actual) } : {}),
    // Every delivery of the check, in order: each one is evidence (a receiver's answers are few).
    // Value by value (a text pass over serialised JSON could break its syntax).
    exchanges: exchanges.map((ex) => r.value(ex) as Exchange),
    notes: notes.map((n) => r.text(scrubInternals(n))),
  };
  return {
    id: check.id,
    level: check.level,
    area: check.area,
    title: check.title,
    source: check.source,
    outcome,
    ...(message !== undefined ? { message: r.text(scrubInternals(message)) } : {}),
    ...(outcome === 'skipped' ? { lacks: [] } : {}),
    evidence,
    durationMs: Math.round(performance.now() - started),
    judgements,
  };
}

/** Notes each delivery's answer (✓ / ✗) and returns the ones with a problem. */
function judge(ds: readonly Delivery[], problem: (d: Delivery) => string | undefined, notes: string[]): [Delivery, string][] {
  const bad: [Delivery, string][] = [];
  for (const d of ds) {
    const why = problem(d);
    notes.push(`${why ? '✗' : '✓'} ${d.label} (webhook-id ${d.webhookId}): ${why ?? describeAnswer(d)}`);
    if (why) bad.push([d, why]);
  }
  return bad;
}

/** A random id of `bytes` bytes in hex (fresh resource ids for payloads: `ln_…`). */
export const hexId = (prefix: string, bytes = 16) => `${prefix}_${randomBytes(bytes).toString('hex')}`;
