// Builds what each check works with from a resolved target: one client per partner (sharing a
// token cache across checks), the driver, the webhook receiver and the contract. Every check gets
// its own view, so the exchanges it causes become its evidence and nobody else's.
import { setMaxListeners } from 'node:events';
import { dialectOf } from '../flows/revision/dialect.js';
import { createClient, type HttpClient, requestTimeoutFor } from '../http/client.js';
import { PauseMeter } from '../http/rate-limit.js';
import { Redactor } from '../http/redact.js';
import type { Contract } from '../spec/index.js';
import type { TargetSpec } from '../targets/types.js';
import { type Receiver, startReceiver } from '../webhooks/receiver.js';
import type { ApiClient, ApiRequest, ApiResponse, CheckContext, Sink, ValidationResult, Webhooks } from './context.js';
import { createDriver } from './driver.js';
import { type Leftovers, ResourceTracker } from './leftovers.js';
import { loadContractCached } from './load-contract.js';
import { PollTimeout, poll } from './poll.js';
import { inPrecondition } from './preconditions.js';
import { type Check, CheckFailure, CheckSkipped, type Evidence, type Exchange } from './types.js';

export interface ContextOptions {
  seed: number;
  runs: number;
  /** Default wait timeout for `eventually`, webhooks and the waiting driver, ms. */
  timeoutMs: number;
  /** SHOULD violations fail instead of warning. */
  strict?: boolean;
  /** Use this contract instead of loading `DINIE_SPEC` (tests). */
  contract?: Contract;
  /** Per-request HTTP timeout, ms (default min(10000, timeoutMs): `--timeout 2000` shortens request waits too). */
  requestTimeoutMs?: number;
}

/** One check's context and the evidence it fills. */
export interface CheckScope {
  ctx: CheckContext;
  evidence: Evidence;
  /** Every exchange the check caused, oldest first (the runner keeps a few for the report). */
  exchanges: Exchange[];
  /**
   * Removes what the check made on the target and can be removed: webhook endpoints (subscribed or
   * created directly) and credentials it did not delete itself. Exchanges of the clean-up are not
   * recorded as the check's evidence.
   */
  finish(): Promise<void>;
  /** What the check created and could not remove (customers, documents, simulations, loans; failed deletions). */
  leftovers(): Leftovers | undefined;
  /** Aborts the check's requests and rate-limit waits (its time is up). */
  cancel(reason: Error): void;
  /** How long the check's requests have waited for the target's rate limit, ms. */
  pausedMs(): number;
  /**
   * How many judgements of the target the check has made so far, outside its preconditions: each
   * `ensure` and `fail` (and so every helper built on them), each `eventually` whose condition came
   * true, each webhook delivery a sink's `waitFor` received. The runner does not pass a check that
   * made none.
   */
  judgements(): number;
  /** The same judgements made inside precondition steps (lib/flows building state: ./preconditions.ts). */
  preconditions(): number;
}

export interface ContextFactory {
  readonly spec: TargetSpec;
  readonly options: ContextOptions;
  readonly strict: boolean;
  readonly contract: Contract;
  /** Knows every secret this run has seen; apply it to anything leaving the runner. */
  readonly redactor: Redactor;
  forCheck(check: Check): CheckScope;
  close(): Promise<void>;
}

/** Body and documented headers together: one verdict per response. */
export function validateResponseWith(contract: Contract, operationId: string, res: ApiResponse): ValidationResult {
  const body = contract.validateResponse(operationId, res.status, res.contentType, res.body);
  const headers = contract.validateResponseHeaders(operationId, res.status, res.headers);
  // An undocumented status is reported by both validators: say it once.
  const headerErrors = headers.errors.filter((e) => !body.errors.includes(e)).map((e) => (/^(header|status) /.test(e) ? e : `header ${e}`));
  const errors = [...body.errors, ...headerErrors];
  return { valid: body.valid && headers.valid, errors };
}

/**
 * The check's webhooks with every sink's `waitFor` counted as a judgement when the delivery came:
 * an awaited event is an observation of the target (its absence fails the check).
 */
function countingWebhooks(webhooks: Webhooks, judged: () => void): Webhooks {
  const counted = (s: Sink): Sink => ({
    id: s.id,
    url: s.url,
    setSecrets: (secrets) => s.setSecrets(secrets),
    failNext: (n, status) => s.failNext(n, status),
    deliveries: () => s.deliveries(),
    async waitFor(pred, o) {
      const d = await s.waitFor(pred, o);
      judged();
      return d;
    },
  });
  return {
    available: webhooks.available,
    sink: () => counted(webhooks.sink()),
    async subscribe(client, events) {
      const sub = await webhooks.subscribe(client, events);
      return { ...sub, sink: counted(sub.sink) };
    },
  };
}

/**
 * The target's clock minus ours, ms, from the `now` its control API reports (whole seconds): below
 * two seconds it is the rounding, not a moved clock.
 */
function clockOffset(now: string): number {
  const offset = Date.parse(now) - Date.now();
  return Number.isFinite(offset) && Math.abs(offset) >= 2_000 ? offset : 0;
}

/** `now` of the control API's discovery document (no token needed), or undefined. */
async function readTargetNow(controlUrl: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const res = await fetch(controlUrl.replace(/\/+$/, ''), { signal: AbortSignal.timeout(timeoutMs) });
    const body = res.ok ? ((await res.json()) as { now?: unknown }) : undefined;
    return typeof body?.now === 'string' ? body.now : undefined;
  } catch {
    return undefined;
  }
}

export async function createContext(spec: TargetSpec, opts: ContextOptions): Promise<ContextFactory> {
  const contract = opts.contract ?? (await loadContractCached(process.env.DINIE_SPEC));
  const redactor = new Redactor();
  const caps = new Set(spec.capabilities);
  const requestTimeoutMs = opts.requestTimeoutMs ?? requestTimeoutFor(opts.timeoutMs);
  // Requests carry their idempotency key under the header the contract declares (issue 12).
  const idempotencyHeader = dialectOf(contract).idempotencyHeader;
  const mkClient = (partner: 'A' | 'B'): HttpClient | undefined => {
    const cred = spec.credentials[partner];
    if (!cred) return undefined;
    return createClient({
      baseUrl: spec.baseUrl,
      clientId: cred.clientId,
      clientSecret: cred.clientSecret,
      partner,
      redactor,
      timeoutMs: requestTimeoutMs,
      idempotencyHeader,
    });
  };
  // A static mock needs no real credentials; any placeholder lets requests be sent.
  const apiA =
    mkClient('A') ??
    createClient({
      baseUrl: spec.baseUrl,
      clientId: 'dinie_ci_test_anonymous',
      clientSecret: 'anonymous',
      partner: 'A',
      redactor,
      timeoutMs: requestTimeoutMs,
      idempotencyHeader,
    });
  const apiB = caps.has('second-partner') ? mkClient('B') : undefined;

  // Each worker has its own receiver; a fixed --webhook-port therefore allows one worker only.
  const receiver: Receiver = await startReceiver({
    port: spec.webhook.port,
    host: spec.webhook.url && spec.webhook.port ? '0.0.0.0' : '127.0.0.1',
    publicUrl: spec.webhook.url,
    available: caps.has('webhooks'),
    validateEvent: (type, payload) => contract.validateEvent(type, payload),
    timeoutMs: opts.timeoutMs,
  });

  // A clock another worker moved before this one started (the control API's discovery says where it is).
  if (spec.controlUrl) {
    const now = await readTargetNow(spec.controlUrl, requestTimeoutMs);
    if (now) receiver.setClockOffset(clockOffset(now));
  }

  const validateResponse = (operationId: string, res: ApiResponse) => validateResponseWith(contract, operationId, res);
  // Fixtures shared by this run's checks (CheckContext.perRun): one factory is one run.
  const perRunFixtures = new Map<string, Promise<unknown>>();
  const perRun = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    let made = perRunFixtures.get(key) as Promise<T> | undefined;
    if (!made) {
      made = make();
      perRunFixtures.set(key, made);
      made.catch(() => perRunFixtures.delete(key));
    }
    return made;
  };
  const validateEvent = (type: string, payload: unknown) => contract.validateEvent(type, payload);

  return {
    spec,
    options: opts,
    strict: !!opts.strict,
    contract,
    redactor,
    forCheck(_check: Check): CheckScope {
      const exchanges: Exchange[] = [];
      const evidence: Evidence = { exchanges: [], notes: [] };
      // Judgements made: a check that returns with none of its own has not judged the target (the
      // runner skips it); those of the steps that built its state are counted apart.
      let judgements = 0;
      let preconditions = 0;
      const judged = () => {
        if (inPrecondition()) preconditions++;
        else judgements++;
      };
      let finishing = false;
      const record = (e: Exchange) => {
        if (!finishing) exchanges.push(e);
      };
      // A check that runs out of time is cancelled: the signal ends its requests and rate-limit
      // waits. Waiting for the target's rate limit does not count against its time (the meter).
      const cancel = new AbortController();
      // Each request in flight listens on it (a check may send many at once).
      setMaxListeners(0, cancel.signal);
      const meter = new PauseMeter();
      // Clean-up runs after a cancellation too, so it goes through clients the signal does not reach.
      const scopedClient = (c: HttpClient): ApiClient => {
        const live = c.withRecorder(record, { signal: cancel.signal, meter });
        const calm = c.withRecorder(record);
        return {
          partner: c.partner,
          clientId: c.clientId,
          token: () => c.token(),
          request: <T = unknown>(r: ApiRequest) => (finishing ? calm : live).request<T>(r),
        };
      };
      // Every request of the check goes through the tracker, so whatever it creates is known.
      const tracker = new ResourceTracker();
      const api = tracker.wrap(scopedClient(apiA));
      const api2 = apiB ? tracker.wrap(scopedClient(apiB)) : undefined;
      const driver = createDriver({
        mode: spec.mode,
        controlUrl: spec.controlUrl,
        client: api,
        timeoutMs: opts.timeoutMs,
        triggers: spec.triggers,
        targetName: spec.name,
        // Any delivery naming the resource (its id, or its customer's) wakes a wait at once.
        onEventAbout: (id, resume) =>
          receiver.onDelivery((d) => {
            const data = d.payload?.data;
            if (data && (data.id === id || data.customer_id === id || data.loan_id === id)) resume();
          }),
        // Tokens live on the target's clock: after moving it, get fresh ones. Its webhooks are
        // stamped on that clock too: the receiver judges them against it.
        onClockMoved: (now) => {
          apiA.invalidateToken();
          apiB?.invalidateToken();
          if (now) receiver.setClockOffset(clockOffset(now));
        },
      });
      const scoped = receiver.scoped();
      const ctx: CheckContext = {
        target: { name: spec.name, baseUrl: spec.baseUrl, capabilities: caps },
        contract,
        api,
        api2,
        driver,
        webhooks: countingWebhooks(scoped.webhooks, judged),
        seed: opts.seed,
        runs: opts.runs,
        timeoutMs: opts.timeoutMs,
        validateResponse,
        validateEvent,
        perRun,
        note: (text) => {
          evidence.notes.push(text);
        },
        coverage: (rows) => {
          evidence.coverage = [...(evidence.coverage ?? []), ...rows];
        },
        fail(message, expected, actual): never {
          judged();
          throw new CheckFailure(message, expected, actual);
        },
        skip(reason, lacks): never {
          throw new CheckSkipped(reason, lacks);
        },
        ensure(cond, message, expected, actual): asserts cond {
          judged();
          if (!cond) throw new CheckFailure(message, expected, actual);
        },
        async eventually(probe, pred, o) {
          try {
            const seen = await poll(probe, pred, { what: o.what, timeoutMs: o.timeoutMs ?? opts.timeoutMs, intervalMs: o.intervalMs ?? 100 });
            judged();
            return seen;
          } catch (e) {
            if (e instanceof PollTimeout) {
              throw new CheckFailure(`${o.what}: not observed within ${e.timeoutMs} ms`, o.what, e.last);
            }
            throw e;
          }
        },
      };
      return {
        ctx,
        evidence,
        exchanges,
        async finish() {
          finishing = true;
          await scoped.cleanup().catch(() => undefined);
          for (const failure of await tracker.cleanup()) evidence.notes.push(failure);
        },
        leftovers: () => tracker.leftovers(),
        cancel: (reason) => cancel.abort(reason),
        pausedMs: () => meter.pausedMs(),
        judgements: () => judgements,
        preconditions: () => preconditions,
      };
    },
    async close() {
      await receiver.close();
    },
  };
}
