// The HTTP client checks speak through: OAuth2 client credentials, Idempotency-Key, JSON / form /
// multipart / raw bodies, timeouts, and the few resends a remote target makes necessary. Every
// exchange is recorded (secrets redacted) with a curl reproduction, resent ones included.
//
// What is resent, and why (decision 17's client rules, applied to ourselves):
// - 401 on the managed token: renewed once and resent (the target's clock may have moved).
// - 429: after its Retry-After (or the window's X-RateLimit-Reset), at most MAX_429_RESENDS times,
//   within the request's wait budget (maxRateLimitWaitMs, the request's own timeoutMs, the signal).
//   A 429 declares the request unprocessed, so even a POST without an Idempotency-Key is resent.
//   A Retry-After beyond the budget is not waited for at all (resending earlier would break the
//   client's MUST): the 429 is returned as is. `rateLimit: 'raw'` turns this and pacing off.
// - Transport errors (no answer): resent once at most, within the exchange's deadline (only while a
//   quarter of it is left), and only when resending cannot do anything twice: GET/HEAD/OPTIONS/PUT/
//   DELETE, or a request carrying an Idempotency-Key (the same key on the resend). A POST/PATCH
//   without one may have been processed: never resent. A body cut short is never resent.
// - Any other HTTP status, 5xx included, is never resent: it is evidence about the target.
// Before sending, the client paces itself by the X-RateLimit-* headers of its credential's last
// answers (rate-limit.ts); what it waited is recorded as the exchange's `pacedMs`.
//
// Bounds, so a broken, hanging or hostile target can neither hang the run nor exhaust it:
// - Time: every exchange has one deadline (`timeoutMs`, default 10 s, per client and per request)
//   covering the wait for the access token, sending, the headers and the whole body, and its
//   transport retry: at most one, and only while a quarter of the budget is left. A signal (per
//   client, per recorder, per request) ends it at once.
// - Memory: a response body is read up to `maxBodyBytes` (default 8 MiB), streaming; beyond it the
//   connection is dropped and the request throws ResponseTooLargeError. The recorded exchange keeps
//   each body (request and response) up to `maxEvidenceBodyBytes` (default 64 KiB) and notes the rest.
// - Evidence: a request that got no answer is recorded too (request, curl, `error` in one sentence,
//   `durationMs`), before its error is thrown, or at once when its signal aborts.
import { randomUUID } from 'node:crypto';
import { type Dispatcher, FormData } from 'undici';
import type { ApiClient, ApiRequest, ApiResponse, Exchange } from '../types.js';
import { type CurlRequest, toCurl } from './curl.js';
import { lazyExchange } from './lazy-exchange.js';
import { type Clock, RateLimits, realClock, retryAfterMs, WaitBudget, type WaitMeter } from './rate-limit.js';
import { readAnswer } from './read-answer.js';
import { Redactor } from './redact.js';
import { TokenCache } from './token-cache.js';
import { describeTransportError, transportCode } from './transport-error.js';

export { transportCode } from './transport-error.js';

/** Per-request timeout when neither the client nor the request sets one, ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Hard cap on a response body, bytes (8 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
/** How much of each body a recorded exchange keeps, bytes (64 KiB). */
export const DEFAULT_MAX_EVIDENCE_BODY_BYTES = 64 * 1024;

/**
 * The per-request timeout the CLI's `--timeout` implies. `--timeout` (DINIE_TIMEOUT, default
 * 10000 ms) is the per-step wait for an asynchronous outcome; a single request never waits longer
 * than that, nor than 10 s: min(10000, --timeout). create-context.ts passes it as `timeoutMs`.
 */
export function requestTimeoutFor(waitTimeoutMs: number | undefined): number {
  return waitTimeoutMs !== undefined && waitTimeoutMs > 0 ? Math.min(DEFAULT_REQUEST_TIMEOUT_MS, waitTimeoutMs) : DEFAULT_REQUEST_TIMEOUT_MS;
}

export interface ClientOptions {
  /** The target's base URL, e.g. `http://127.0.0.1:4010/v3`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Which partner this client speaks for ('A', 'B'), for messages. */
  partner: string;
  /**
   * The longest one exchange may take, ms (default 10000): waiting for the access token, sending,
   * the headers, the whole body and the transport retry together. A request's own `timeoutMs`
   * overrides it. The CLI's `--timeout` (the per-step wait) maps to `requestTimeoutFor(--timeout)`
   * = min(10000, --timeout), so `--timeout 2000` shortens request waits too.
   */
  timeoutMs?: number;
  /**
   * Hard cap on a response body, bytes (default 8 MiB). It is read streaming; past the cap the
   * connection is dropped, the exchange recorded with the part kept, and the request throws
   * ResponseTooLargeError `response larger than 8 MiB (GET /customers answered 200 with more)`.
   */
  maxBodyBytes?: number;
  /**
   * How much of each body (request and response) a recorded exchange keeps, bytes (default 64 KiB);
   * a longer one ends in `… [truncated: 52,428,800 bytes in all]`. The response's `text` and `body`
   * a check reads are never cut (only `maxBodyBytes` bounds them).
   */
  maxEvidenceBodyBytes?: number;
  /** Called with every recorded exchange, token requests included. */
  onExchange?: (exchange: Exchange) => void;
  /** Shared redactor (so one run redacts every partner's secrets everywhere). */
  redactor?: Redactor;
  /** undici dispatcher (tests use it to point at a MockAgent). */
  dispatcher?: Dispatcher;
  /**
   * The most one request may wait for rate limits, all waits together (pacing and Retry-After),
   * in ms (default 60000). A longer wait is not made: the request goes out, or the 429 is returned.
   */
  maxRateLimitWaitMs?: number;
  /** Ends every rate-limit wait and aborts requests in flight (e.g. the run is over). */
  signal?: AbortSignal;
  /** Time for rate-limit waits (tests inject a fake clock; default: the real one). */
  clock?: Clock;
  /**
   * The idempotency header a request's `idempotencyKey` goes out as (default `Idempotency-Key`;
   * the SDK revision declares `X-Idempotency-Key`): the name the selected contract declares.
   */
  idempotencyHeader?: string;
}

/** Per-recorder options of `withRecorder`. */
export interface RecorderOptions {
  /** Ends this recorder's rate-limit waits and aborts its requests (e.g. the check's time is up). */
  signal?: AbortSignal;
  /** Told when this recorder's requests wait for the target's rate limit. */
  meter?: WaitMeter;
}

export interface HttpClient extends ApiClient {
  readonly redactor: Redactor;
  /** The same partner, token cache and rate-limit state, recording into another sink (one per check). */
  withRecorder(onExchange: (exchange: Exchange) => void, opts?: RecorderOptions): HttpClient;
  /** Drop the cached token (e.g. after the target's clock moved past its expiry). */
  invalidateToken(): void;
}

// The errors below describe the target, not our code: their stack is their one-line message, so
// nothing that reports them (a check's notes) ever shows a stack or a local path.

/** The token endpoint refused or failed; `status` is absent when no HTTP answer came. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly exchange?: Exchange,
  ) {
    super(message);
    this.name = 'TokenError';
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * No complete HTTP answer came (after the allowed retry): refused, reset, timed out, TLS, DNS, a
 * body cut short, or cancelled (`code` 'ABORTED'). `exchange` is the recorded one (already given
 * to the recorder); `exchange.error` is the sentence, e.g. `no answer within 300 ms`.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly exchange: Exchange,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * The response body passed `maxBodyBytes`: `response larger than 8 MiB (GET /customers answered
 * 200 with more)`. The exchange (already recorded) keeps the first part of the body.
 */
export class ResponseTooLargeError extends Error {
  constructor(
    message: string,
    readonly exchange: Exchange,
    readonly status: number,
    readonly limitBytes: number,
  ) {
    super(message);
    this.name = 'ResponseTooLargeError';
    this.stack = `${this.name}: ${message}`;
  }
}

/** Transport retries of one exchange (resendable requests only, and only while time is left). */
const MAX_RETRIES = 1;
/** Wait before the transport retry, ms (on the client's clock). */
const RETRY_BACKOFF_MS = 100;
/** Resends after a 429 within one request (each after its Retry-After). */
const MAX_429_RESENDS = 3;
const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** Methods a resend cannot make do anything twice (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function isRetryable(e: unknown): boolean {
  const code = transportCode(e);
  return code === 'TIMEOUT' || (code !== undefined && RETRYABLE_CODES.has(code));
}

/** Joins the base URL and a relative path; absolute URLs (control API) pass through. */
export function resolveUrl(baseUrl: string, path: string, query?: ApiRequest['query']): string {
  return requestUrl(baseUrl, path, query).toString();
}

/** resolveUrl's URL, parsed once per request (pacing, sending and the record all read it). */
function requestUrl(baseUrl: string, path: string, query?: ApiRequest['query']): URL {
  const url = new URL(/^https?:\/\//.test(path) ? path : baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.append(k, String(v));
  return url;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

interface Shared {
  opts: ClientOptions;
  redactor: Redactor;
  tokens: TokenCache;
  limits: RateLimits;
}

/** Who spends a rate-limit budget with this request: per origin and credential. */
function bucketKey(shared: Shared, req: ApiRequest, url: URL): string {
  const { origin, pathname } = url;
  const auth = req.auth ?? 'bearer';
  const who =
    auth === 'bearer'
      ? `client ${shared.opts.clientId}`
      : auth === 'none'
        ? 'anonymous'
        : 'bearer' in auth
          ? `bearer ${auth.bearer}`
          : `basic ${auth.basic[0]}`;
  // The token endpoint is paced only by what it advertises itself, never by the API's budget.
  return `${origin} ${/\/auth\/token\/?$/.test(pathname) ? 'token-endpoint ' : ''}${who}`;
}

/** A per-request state: the wait budget and the Idempotency-Key, fixed once for every resend. */
interface Attempt {
  budget: WaitBudget;
  signal?: AbortSignal;
}

function fixKey(req: ApiRequest): ApiRequest {
  return req.idempotencyKey === true ? { ...req, idempotencyKey: randomUUID() } : req;
}

/**
 * The target counts a credential's requests whichever client sends them, so every client of this
 * process paces by one record per origin and credential (the bucket keys name both). Two pacers on
 * one credential each spend what the other already spent: the fault self-test's two runs side by
 * side (probed checks, the rest of the area) met 14 to 79 429s per three contract-fault runs at a
 * 100-request budget, none with one pacer, a few resent twice, so now and then one was refused past
 * its resends (a createEndpoint that "did not create the endpoint"). A client with its own clock or
 * dispatcher (tests) keeps its own record.
 */
const processLimits = new RateLimits(realClock);
function limitsFor(opts: ClientOptions): RateLimits {
  return opts.clock || opts.dispatcher ? new RateLimits(opts.clock ?? realClock) : processLimits;
}

export function createClient(opts: ClientOptions): HttpClient {
  const redactor = opts.redactor ?? new Redactor();
  redactor.addCredential(opts.clientId, opts.clientSecret);
  const shared: Shared = { opts, redactor, tokens: undefined as unknown as TokenCache, limits: limitsFor(opts) };
  shared.tokens = new TokenCache(async () => {
    const res = await sendPaced(
      shared,
      opts.onExchange,
      {
        method: 'POST',
        path: '/auth/token',
        form: { grant_type: 'client_credentials' },
        auth: { basic: [opts.clientId, opts.clientSecret] },
      },
      newAttempt(shared, opts.signal),
    );
    const body = res.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (res.status !== 200 || typeof body?.access_token !== 'string') {
      throw new TokenError(`POST /auth/token for partner ${opts.partner} answered ${res.status}`, res.status, res.exchange);
    }
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { token: body.access_token, expiresIn };
  });
  return makeClient(shared, opts.onExchange, opts.signal);
}

function newAttempt(shared: Shared, signal: AbortSignal | undefined, req?: ApiRequest, meter?: WaitMeter): Attempt {
  const clock = shared.opts.clock ?? realClock;
  let max = shared.opts.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  // A check that gives its request a time of its own gets its answer within it, waits included.
  if (req?.timeoutMs !== undefined) max = Math.min(max, req.timeoutMs);
  return { budget: new WaitBudget(clock, max, signal, meter), signal };
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

/**
 * A signal that aborts when either does, for one request: unlike AbortSignal.any it is unlinked
 * from the long-lived ones (client, recorder) by `dispose`, so nothing accumulates on them.
 */
function linkSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): { signal: AbortSignal | undefined; dispose(): void } {
  if (!a || !b) return { signal: a ?? b, dispose: () => {} };
  const ac = new AbortController();
  const fromA = () => ac.abort(a.reason);
  const fromB = () => ac.abort(b.reason);
  if (a.aborted) fromA();
  else if (b.aborted) fromB();
  else {
    a.addEventListener('abort', fromA, { once: true });
    b.addEventListener('abort', fromB, { once: true });
  }
  return {
    signal: ac.signal,
    dispose: () => {
      a.removeEventListener('abort', fromA);
      b.removeEventListener('abort', fromB);
    },
  };
}

function makeClient(shared: Shared, onExchange: ((e: Exchange) => void) | undefined, signal: AbortSignal | undefined, meter?: WaitMeter): HttpClient {
  return {
    partner: shared.opts.partner,
    clientId: shared.opts.clientId,
    redactor: shared.redactor,
    request: async <T = unknown>(request: ApiRequest) => {
      const req = fixKey(request);
      const link = linkSignals(signal, req.signal);
      try {
        const attempt = newAttempt(shared, link.signal, req, meter);
        const res = await sendPaced(shared, onExchange, req, attempt);
        if (res.status !== 401 || (req.auth ?? 'bearer') !== 'bearer') return res as ApiResponse<T>;
        // The managed token can expire early on the target's clock (a check may move it). Like Dinie's
        // SDK, renew once and send again (a 401 was not processed; the same Idempotency-Key goes
        // again); both exchanges stay in the evidence. Explicit tokens never retry.
        return (await sendPaced(shared, onExchange, req, attempt)) as ApiResponse<T>;
      } finally {
        link.dispose();
      }
    },
    token: () => shared.tokens.get(),
    withRecorder: (rec, o) => makeClient(shared, rec, anySignal(shared.opts.signal, o?.signal), o?.meter),
    invalidateToken: () => shared.tokens.invalidate(),
  };
}

/**
 * One request as the rate limits allow it: paced by its credential's last X-RateLimit-* answers,
 * resent after a 429 once its Retry-After has passed; each exchange recorded. `rateLimit: 'raw'`
 * sends at once and returns whatever comes, 429 included.
 */
async function sendPaced(shared: Shared, onExchange: ((e: Exchange) => void) | undefined, req: ApiRequest, attempt: Attempt): Promise<ApiResponse> {
  const target = requestUrl(shared.opts.baseUrl, req.path, req.query);
  const key = bucketKey(shared, req, target);
  const raw = req.rateLimit === 'raw';
  const clock = shared.opts.clock ?? realClock;
  let waited = 0; // waited before the next send: the previous 429's Retry-After
  for (let resends = 0; ; resends++) {
    if (!raw) {
      // Pace: while the window's budget is spent, wait for its reset, if the budget allows.
      for (let d = shared.limits.delayMs(key); d > 0; d = shared.limits.delayMs(key)) {
        const t0 = clock.now();
        if (!(await attempt.budget.wait(d))) break; // too long: send, and let the target judge
        waited += clock.now() - t0;
      }
    }
    // Counted as in flight at once (no await since the last look at the budget), so concurrent
    // requests see each other's share of it.
    shared.limits.sent(key);
    let res: ApiResponse;
    try {
      res = await send(shared, onExchange, req, target, waited, attempt.signal);
    } catch (e) {
      // An answer too large to read was still an answer: learn its window like any other.
      if (e instanceof ResponseTooLargeError && e.exchange.response) shared.limits.answered(key, e.status, e.exchange.response.headers);
      else shared.limits.failed(key);
      throw e;
    }
    shared.limits.answered(key, res.status, res.headers);
    if (raw || res.status !== 429 || resends >= MAX_429_RESENDS) return res;
    // A 429 says the request was not processed: resending is safe for every method, even a POST
    // without an Idempotency-Key (its key, if any, is the same on the resend). Wait at least
    // Retry-After (decision 17), or until the window resets when the target did not say.
    const delay = retryAfterMs(res.headers['retry-after'], clock.now(), res.headers.date) ?? (shared.limits.delayMs(key) || undefined);
    if (delay === undefined) return res;
    const t0 = clock.now();
    if (!(await attempt.budget.wait(delay))) return res; // beyond the budget: the 429 as is
    waited = clock.now() - t0;
  }
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** `8 MiB`, `64 KiB`, or `1,234 bytes`. */
export function formatBytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= KiB && n % KiB === 0) return `${n / KiB} KiB`;
  return `${n.toLocaleString('en-US')} bytes`;
}

/**
 * A body as evidence keeps it: at most `maxBytes` bytes of `text` (cut on a character boundary),
 * then `… [truncated: 52,428,800 bytes in all]` when it was cut. `whole` is the size of the body as
 * sent (redaction may change the text's length); `partial` says `text` is only the first part of
 * it (the rest was never read), so the note is there even when `text` itself is short; with
 * `whole.exact` false the size is a lower bound (`more than 8,388,608 bytes`).
 */
export function clipBody(text: string | undefined, maxBytes: number, whole?: { bytes: number; exact: boolean }, partial = false): string | undefined {
  if (text === undefined) return undefined;
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes && !partial) return text;
  const all = whole ?? { bytes, exact: true };
  const kept =
    bytes <= maxBytes
      ? text
      : Buffer.from(text)
          .subarray(0, maxBytes)
          .toString('utf8')
          .replace(/\uFFFD+$/, '');
  const size = all.exact ? `${all.bytes.toLocaleString('en-US')} bytes in all` : `more than ${all.bytes.toLocaleString('en-US')} bytes`;
  return `${kept}… [truncated: ${size}]`;
}

/** How a message names the request: `GET /customers` (the path as the check wrote it, no query). */
function shortName(method: string, path: string): string {
  const p = /^https?:\/\//.test(path) ? new URL(path).pathname : path.split('?')[0]!;
  return `${method} ${p.startsWith('/') ? p : `/${p}`}`;
}

/**
 * One exchange: built, sent (and resent once after a transport error when that is safe and time is
 * left), read within its deadline and cap, recorded exactly once — when it ends, or at once when the
 * caller's signal aborts it — and turned into an ApiResponse or one of the errors above.
 */
async function send(
  shared: Shared,
  onExchange: ((e: Exchange) => void) | undefined,
  req: ApiRequest,
  target: URL,
  pacedMs: number,
  signal: AbortSignal | undefined,
): Promise<ApiResponse> {
  const { opts, redactor } = shared;
  const url = target.toString();
  const method = req.method.toUpperCase();
  const headers: Record<string, string> = { 'user-agent': 'dinie-conformance', accept: 'application/json, application/problem+json' };

  const auth = req.auth ?? 'bearer';
  let curlAuth: CurlRequest['auth'] = 'none';
  if (auth === 'bearer') {
    headers.authorization = 'Bearer <redacted:token>'; // the managed token, set once it is there
    curlAuth = 'bearer';
  } else if (auth !== 'none' && 'bearer' in auth) {
    redactor.add(auth.bearer, 'token');
    headers.authorization = `Bearer ${auth.bearer}`;
    curlAuth = 'bearer';
  } else if (auth !== 'none' && 'basic' in auth) {
    redactor.addCredential(auth.basic[0], auth.basic[1]);
    headers.authorization = `Basic ${Buffer.from(`${auth.basic[0]}:${auth.basic[1]}`).toString('base64')}`;
    curlAuth = 'basic';
  }
  const keyHeader = (opts.idempotencyHeader ?? 'Idempotency-Key').toLowerCase();
  if (req.idempotencyKey !== undefined) headers[keyHeader] = req.idempotencyKey === true ? randomUUID() : req.idempotencyKey;

  // Bodies: `makeBody` is called per attempt because a FormData stream is consumed by sending it.
  let bodyText: string | undefined;
  let makeBody: () => string | Uint8Array | FormData | undefined = () => undefined;
  let multipartDesc: CurlRequest['multipart'];
  if (req.json !== undefined) {
    bodyText = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
    makeBody = () => bodyText;
  } else if (req.form) {
    bodyText = new URLSearchParams(req.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
    makeBody = () => bodyText;
  } else if (req.multipart) {
    const parts = req.multipart;
    multipartDesc = {};
    const described: string[] = [];
    for (const [k, v] of Object.entries(parts)) {
      if (typeof v === 'string') {
        multipartDesc[k] = v;
        described.push(`${k}=${v}`);
      } else {
        multipartDesc[k] = { filename: v.filename, contentType: v.contentType };
        described.push(`${k}=@${v.filename} (${v.contentType}, ${v.data.byteLength} bytes)`);
      }
    }
    bodyText = `multipart/form-data: ${described.join('; ')}`;
    makeBody = () => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(parts)) {
        if (typeof v === 'string') fd.append(k, v);
        else fd.append(k, new Blob([new Uint8Array(v.data)], { type: v.contentType }), v.filename);
      }
      return fd;
    };
  } else if (req.raw !== undefined) {
    const raw = req.raw;
    bodyText = typeof raw === 'string' ? raw : `<${raw.byteLength} bytes of binary>`;
    makeBody = () => raw;
  }
  // Explicit headers win (a check may send a wrong content-type on purpose).
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;

  const timeoutMs = req.timeoutMs ?? opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxEvidence = opts.maxEvidenceBodyBytes ?? DEFAULT_MAX_EVIDENCE_BODY_BYTES;
  const clock = opts.clock ?? realClock;
  const startedAt = new Date();
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  // Resending after no answer must not do anything twice: a POST/PATCH may have been processed
  // unless its Idempotency-Key makes the resend a replay (the same key: headers are built once).
  const resendable = IDEMPOTENT_METHODS.has(method) || headers[keyHeader] !== undefined;
  let retries = 0;

  // Recorded exactly once: when the exchange ends, or when the caller cancels it (synchronously,
  // inside abort(), so whoever aborts finds the exchange already in the evidence).
  let recorded: Exchange | undefined;
  const record = (
    error?: string,
    response?: { status: number; headers: Record<string, string>; bytes: Buffer; text: string; whole?: { bytes: number; exact: boolean } },
  ): Exchange => {
    if (recorded) return recorded;
    // What is redacted later is fixed now: the headers as sent, the response's size.
    const sent = { ...headers };
    const answered = response && {
      status: response.status,
      headers: response.headers,
      text: response.text,
      whole: response.whole ?? { bytes: response.bytes.length, exact: true },
      partial: response.whole !== undefined,
    };
    // Redacted when first read (most exchanges are never kept: lazy-exchange.ts).
    recorded = lazyExchange(
      { retries, ...(pacedMs > 0 ? { pacedMs: Math.round(pacedMs) } : {}), durationMs: elapsed(), startedAt: startedAt.toISOString() },
      { response: !!answered, error: error !== undefined },
      () => {
        const fullBody = multipartDesc ? bodyText : redactor.body(bodyText);
        const body = clipBody(fullBody, maxEvidence, bodyText === undefined || multipartDesc ? undefined : { bytes: Buffer.byteLength(bodyText), exact: true });
        const recordedRequest = { method, url: redactor.text(url), headers: redactor.headers(sent), body };
        return {
          request: recordedRequest,
          curl: toCurl({
            ...recordedRequest,
            body: body === fullBody ? body : undefined,
            bodyFile: body === fullBody ? undefined : 'request-body',
            auth: curlAuth,
            multipart: multipartDesc,
          }),
          // Redacted whole, then clipped: a secret is never cut in half at the limit.
          ...(answered
            ? {
                response: {
                  status: answered.status,
                  headers: redactor.headers(answered.headers),
                  body: clipBody(redactor.body(answered.text), maxEvidence, answered.whole, answered.partial),
                },
              }
            : {}),
          ...(error !== undefined ? { error: redactor.text(error) } : {}),
        };
      },
    );
    onExchange?.(recorded);
    return recorded;
  };
  /** How a message names the request (only messages of requests that went wrong need it). */
  const named = () => `${method} ${redactor.text(url)}`;

  // One deadline for the whole exchange; the caller's signal cancels it. Either ends it at once:
  // `ended` says so, and `interrupt` stops what is in flight (the token wait, the request, the
  // pause before the retry). Plain callbacks, not an AbortController and its listeners: those cost
  // ~7 µs of CPU per request, a few % of a fault self-test.
  let ended: { reason: unknown } | undefined;
  let interrupt: ((reason: unknown) => void) | undefined;
  const end = (reason: unknown) => {
    if (ended) return;
    ended = { reason };
    interrupt?.(reason);
  };
  let timedOut = false;
  let cancelled = false;
  const timer = setTimeout(() => {
    timedOut = true;
    end(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onCancel = () => {
    if (timedOut || cancelled) return;
    cancelled = true;
    record(`the request was cancelled after ${elapsed()} ms`);
    end(signal?.reason ?? new DOMException('This operation was aborted', 'AbortError'));
  };
  if (signal?.aborted) onCancel();
  else signal?.addEventListener('abort', onCancel, { once: true });

  let head: { status: number; headers: Record<string, string> } | undefined;
  let read: { bytes: Buffer; over: boolean; error?: unknown } | undefined;
  let lastError: unknown;
  let waitingForToken = false;
  let notResent = false; // a retry would have been made, but the method forbids it
  try {
    if (auth === 'bearer' && !ended) {
      waitingForToken = true;
      try {
        const token = shared.tokens.get();
        headers.authorization = `Bearer ${await new Promise<string>((resolve, reject) => {
          interrupt = reject;
          token.then(resolve, reject);
        })}`;
        waitingForToken = false;
      } catch (e) {
        if (!ended) {
          // The token request failed on its own: its exchange (recorded in the client's own sink)
          // is this request's evidence too; the request itself never went out.
          const tokenExchange = (e as { exchange?: Exchange }).exchange;
          if (tokenExchange && onExchange && onExchange !== opts.onExchange) onExchange(tokenExchange);
          throw e;
        }
        lastError = e;
      }
    }
    while (!ended) {
      const left = Math.max(1, timeoutMs - (performance.now() - t0));
      try {
        // The body up to maxBody: past it the rest is not read and the connection is dropped.
        const call = readAnswer(target, {
          method,
          headers,
          // The global FormData and undici's are the same class at run time, not in the typings.
          body: makeBody() as Dispatcher.DispatchOptions['body'],
          headersTimeout: left,
          bodyTimeout: left,
          maxBytes: maxBody,
          dispatcher: opts.dispatcher,
        });
        interrupt = call.abort;
        const res = await call.answer;
        head = { status: res.status, headers: flattenHeaders(res.headers) };
        read = res;
        break;
      } catch (e) {
        lastError = e;
        // One retry, only when safe and while a quarter of the budget is left.
        const remaining = timeoutMs - (performance.now() - t0);
        const worthIt = retries < MAX_RETRIES && !ended && isRetryable(e) && remaining >= Math.max(timeoutMs / 4, RETRY_BACKOFF_MS * 2);
        if (worthIt && resendable) {
          retries++;
          // Rare (after no answer): a signal only here, for the clock's sleep.
          const pause = new AbortController();
          interrupt = (reason) => pause.abort(reason);
          await clock.sleep(RETRY_BACKOFF_MS, pause.signal);
          continue;
        }
        notResent = worthIt;
        break;
      }
    }
  } finally {
    interrupt = undefined;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
  }

  if (cancelled) throw new TransportError(`${named()}: the request was cancelled after ${recorded?.durationMs ?? elapsed()} ms`, record(), 'ABORTED');

  if (!head || !read) {
    const code = timedOut ? 'TIMEOUT' : transportCode(lastError);
    const why = timedOut
      ? `no answer within ${timeoutMs} ms${waitingForToken ? ' (still waiting for the access token)' : ''}`
      : describeTransportError(lastError, timeoutMs);
    const exchange = record(why);
    const unsafe = notResent ? `, not resent: a ${method} without an Idempotency-Key may have been processed` : '';
    throw new TransportError(`${named()}: ${why}${retries ? `, after ${retries} retry` : ''}${unsafe}`, exchange, code);
  }

  const declared = Number(head.headers['content-length']);
  const text = read.bytes.toString('utf8');
  if (read.error !== undefined || read.over) {
    // Only a part came: the whole body's size when the target declared it, else at least what came.
    const whole =
      Number.isSafeInteger(declared) && declared > read.bytes.length ? { bytes: declared, exact: true } : { bytes: read.bytes.length, exact: false };
    if (read.over) {
      const why = `response larger than ${formatBytes(maxBody)} (${shortName(method, req.path)} answered ${head.status} with more)`;
      const exchange = record(why, { ...head, bytes: read.bytes, text, whole });
      throw new ResponseTooLargeError(why, exchange, head.status, maxBody);
    }
    // The answer began but its body was cut short: recorded as it came, never resent.
    const why = timedOut
      ? `the body did not arrive in full within ${timeoutMs} ms (${read.bytes.length.toLocaleString('en-US')} bytes came)`
      : `the body was cut short after ${read.bytes.length.toLocaleString('en-US')} bytes: ${describeTransportError(read.error, timeoutMs)}`;
    const exchange = record(why, { ...head, bytes: read.bytes, text, whole });
    throw new TransportError(`${named()} answered ${head.status}, but ${why}`, exchange, timedOut ? 'TIMEOUT' : transportCode(read.error));
  }

  const contentType = head.headers['content-type'];
  let body: unknown = text;
  if (contentType && /[/+]json\b/i.test(contentType) && text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text; // the target said JSON but sent something else: a check will judge it
    }
  }
  // What the target hands out (a token from /auth/token, a credential's client_secret, a webhook
  // endpoint's whsec_ secret, …) is remembered before anything is recorded, so this exchange and
  // every later one, of any check of this worker, show it redacted in every encoding.
  redactor.learn(body);
  const exchange = record(undefined, { ...head, bytes: read.bytes, text });
  if (head.status === 401 && auth === 'bearer') shared.tokens.invalidate();
  return { status: head.status, headers: head.headers, body, text, contentType, exchange };
}
