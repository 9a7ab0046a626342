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
// - Transport errors (no answer): resent at most MAX_RETRIES times, but only when resending cannot
//   do anything twice: GET/HEAD/OPTIONS/PUT/DELETE, or a request carrying an Idempotency-Key (the
//   same key on every resend). A POST/PATCH without one may have been processed: never resent.
// - Any other HTTP status, 5xx included, is never resent: it is evidence about the target.
// Before sending, the client paces itself by the X-RateLimit-* headers of its credential's last
// answers (rate-limit.ts); what it waited is recorded as the exchange's `pacedMs`.
import { randomUUID } from 'node:crypto';
import { request, FormData, type Dispatcher } from 'undici';
import type { ApiClient, ApiRequest, ApiResponse } from '../checks/context.js';
import type { Exchange } from '../checks/types.js';
import { toCurl, type CurlRequest } from './curl.js';
import { RateLimits, realClock, retryAfterMs, WaitBudget, type Clock } from './rate-limit.js';
import { Redactor } from './redact.js';
import { TokenCache } from './token-cache.js';

export interface ClientOptions {
  /** The target's base URL, e.g. `http://127.0.0.1:4010/v3`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Which partner this client speaks for ('A', 'B'), for messages. */
  partner: string;
  /** Default per-request timeout in ms (default 10000). */
  timeoutMs?: number;
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
}

/** Per-recorder options of `withRecorder`. */
export interface RecorderOptions {
  /** Ends this recorder's rate-limit waits and aborts its requests (e.g. the check's time is up). */
  signal?: AbortSignal;
}

export interface HttpClient extends ApiClient {
  readonly redactor: Redactor;
  /** The same partner, token cache and rate-limit state, recording into another sink (one per check). */
  withRecorder(onExchange: (exchange: Exchange) => void, opts?: RecorderOptions): HttpClient;
  /** Drop the cached token (e.g. after the target's clock moved past its expiry). */
  invalidateToken(): void;
}

/** The token endpoint refused or failed; `status` is absent when no HTTP answer came. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly exchange?: Exchange,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** No HTTP answer came (after the allowed retries). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly exchange: Exchange,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Transport retries of one exchange (resendable requests only). */
const MAX_RETRIES = 2;
/** Resends after a 429 within one request (each after its Retry-After). */
const MAX_429_RESENDS = 3;
const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** Methods a resend cannot make do anything twice (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

/** The error code of a transport failure (undici wraps system errors in `cause`). */
export function transportCode(e: unknown): string | undefined {
  const err = e as { code?: string; name?: string; cause?: { code?: string } } | undefined;
  if (!err) return undefined;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'TIMEOUT';
  return err.code ?? err.cause?.code;
}

function isRetryable(e: unknown): boolean {
  const code = transportCode(e);
  return code === 'TIMEOUT' || (code !== undefined && RETRYABLE_CODES.has(code));
}

/** Joins the base URL and a relative path; absolute URLs (control API) pass through. */
export function resolveUrl(baseUrl: string, path: string, query?: ApiRequest['query']): string {
  const url = new URL(/^https?:\/\//.test(path) ? path : baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.append(k, String(v));
  return url.toString();
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
function bucketKey(shared: Shared, req: ApiRequest, url: string): string {
  const { origin, pathname } = new URL(url);
  const auth = req.auth ?? 'bearer';
  const who =
    auth === 'bearer' ? `client ${shared.opts.clientId}`
    : auth === 'none' ? 'anonymous'
    : 'bearer' in auth ? `bearer ${auth.bearer}`
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

export function createClient(opts: ClientOptions): HttpClient {
  const redactor = opts.redactor ?? new Redactor();
  redactor.add(opts.clientSecret, 'client_secret');
  const shared: Shared = { opts, redactor, tokens: undefined as unknown as TokenCache, limits: new RateLimits(opts.clock ?? realClock) };
  shared.tokens = new TokenCache(async () => {
    const res = await sendPaced(shared, opts.onExchange, {
      method: 'POST',
      path: '/auth/token',
      form: { grant_type: 'client_credentials' },
      auth: { basic: [opts.clientId, opts.clientSecret] },
    }, newAttempt(shared, opts.signal));
    const body = res.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (res.status !== 200 || typeof body?.access_token !== 'string') {
      throw new TokenError(`POST /auth/token for partner ${opts.partner} answered ${res.status}`, res.status, res.exchange);
    }
    redactor.add(body.access_token, 'token');
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { token: body.access_token, expiresIn };
  });
  return makeClient(shared, opts.onExchange, opts.signal);
}

function newAttempt(shared: Shared, signal: AbortSignal | undefined, req?: ApiRequest): Attempt {
  const clock = shared.opts.clock ?? realClock;
  let max = shared.opts.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  // A check that gives its request a time of its own gets its answer within it, waits included.
  if (req?.timeoutMs !== undefined) max = Math.min(max, req.timeoutMs);
  return { budget: new WaitBudget(clock, max, signal), signal };
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

function makeClient(shared: Shared, onExchange: ((e: Exchange) => void) | undefined, signal: AbortSignal | undefined): HttpClient {
  return {
    partner: shared.opts.partner,
    clientId: shared.opts.clientId,
    redactor: shared.redactor,
    request: async <T = any>(request: ApiRequest) => {
      const req = fixKey(request);
      const attempt = newAttempt(shared, signal, req);
      const res = await sendPaced(shared, onExchange, req, attempt);
      if (res.status !== 401 || (req.auth ?? 'bearer') !== 'bearer') return res as ApiResponse<T>;
      // The managed token can expire early on the target's clock (a check may move it). Like Dinie's
      // SDK, renew once and send again (a 401 was not processed; the same Idempotency-Key goes
      // again); both exchanges stay in the evidence. Explicit tokens never retry.
      return (await sendPaced(shared, onExchange, req, attempt)) as ApiResponse<T>;
    },
    token: () => shared.tokens.get(),
    withRecorder: (rec, o) => makeClient(shared, rec, anySignal(shared.opts.signal, o?.signal)),
    invalidateToken: () => shared.tokens.invalidate(),
  };
}

/**
 * One request as the rate limits allow it: paced by its credential's last X-RateLimit-* answers,
 * resent after a 429 once its Retry-After has passed; each exchange recorded. `rateLimit: 'raw'`
 * sends at once and returns whatever comes, 429 included.
 */
async function sendPaced(shared: Shared, onExchange: ((e: Exchange) => void) | undefined, req: ApiRequest, attempt: Attempt): Promise<ApiResponse> {
  const key = bucketKey(shared, req, resolveUrl(shared.opts.baseUrl, req.path, req.query));
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
      res = await send(shared, onExchange, req, waited, attempt.signal);
    } catch (e) {
      shared.limits.failed(key);
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

async function send(
  shared: Shared,
  onExchange: ((e: Exchange) => void) | undefined,
  req: ApiRequest,
  pacedMs: number,
  signal: AbortSignal | undefined,
): Promise<ApiResponse> {
  const { opts, redactor } = shared;
  const url = resolveUrl(opts.baseUrl, req.path, req.query);
  const headers: Record<string, string> = { 'user-agent': 'dinie-conformance', accept: 'application/json, application/problem+json' };

  const auth = req.auth ?? 'bearer';
  let curlAuth: CurlRequest['auth'] = 'none';
  if (auth === 'bearer') {
    headers.authorization = `Bearer ${await shared.tokens.get()}`;
    curlAuth = 'bearer';
  } else if (auth !== 'none' && 'bearer' in auth) {
    redactor.add(auth.bearer, 'token');
    headers.authorization = `Bearer ${auth.bearer}`;
    curlAuth = 'bearer';
  } else if (auth !== 'none' && 'basic' in auth) {
    redactor.add(auth.basic[1], 'client_secret');
    headers.authorization = `Basic ${Buffer.from(`${auth.basic[0]}:${auth.basic[1]}`).toString('base64')}`;
    curlAuth = 'basic';
  }
  if (req.idempotencyKey !== undefined) headers['idempotency-key'] = req.idempotencyKey === true ? randomUUID() : req.idempotencyKey;

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

  const timeoutMs = req.timeoutMs ?? opts.timeoutMs ?? 10_000;
  const startedAt = new Date();
  const t0 = performance.now();
  const method = req.method.toUpperCase();
  // Resending after no answer must not do anything twice: a POST/PATCH may have been processed
  // unless its Idempotency-Key makes the resend a replay (the same key: headers are built once).
  const resendable = IDEMPOTENT_METHODS.has(method) || headers['idempotency-key'] !== undefined;
  let retries = 0;
  let lastError: unknown;
  let result: { status: number; headers: Record<string, string>; text: string } | undefined;
  for (;;) {
    try {
      const res = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body: makeBody() as any,
        signal: anySignal(AbortSignal.timeout(timeoutMs), signal),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        dispatcher: opts.dispatcher,
      });
      const text = await res.body.text();
      result = { status: res.statusCode, headers: flattenHeaders(res.headers as Record<string, string | string[]>), text };
      break;
    } catch (e) {
      lastError = e;
      if (retries < MAX_RETRIES && resendable && !signal?.aborted && isRetryable(e)) {
        retries++;
        await (opts.clock ?? realClock).sleep(100 * retries, signal);
        continue;
      }
      break;
    }
  }

  const recordedRequest = {
    method: req.method.toUpperCase(),
    url: redactor.text(url),
    headers: redactor.headers(headers),
    body: multipartDesc ? bodyText : redactor.body(bodyText),
  };
  const exchange: Exchange = {
    request: recordedRequest,
    retries,
    ...(pacedMs > 0 ? { pacedMs: Math.round(pacedMs) } : {}),
    durationMs: Math.round(performance.now() - t0),
    startedAt: startedAt.toISOString(),
    curl: toCurl({ ...recordedRequest, auth: curlAuth, multipart: multipartDesc }),
  };
  if (!result) {
    const code = signal?.aborted ? 'ABORTED' : transportCode(lastError);
    const why = code === 'ABORTED' ? 'aborted' : code === 'TIMEOUT' ? `timed out after ${timeoutMs} ms` : (lastError as Error)?.message || String(lastError);
    exchange.error = redactor.text(`${code && code !== 'TIMEOUT' && code !== 'ABORTED' ? `${code}: ` : ''}${why}`);
    onExchange?.(exchange);
    const notResent = !resendable && code !== 'ABORTED' && isRetryable(lastError) ? `, not resent: a ${method} without an Idempotency-Key may have been processed` : '';
    throw new TransportError(`${method} ${redactor.text(url)}: no answer (${exchange.error}${retries ? `, after ${retries} retries` : ''}${notResent})`, exchange, code);
  }

  const contentType = result.headers['content-type'];
  let body: unknown = result.text;
  if (contentType && /[/+]json\b/i.test(contentType) && result.text.trim() !== '') {
    try {
      body = JSON.parse(result.text);
    } catch {
      body = result.text; // the target said JSON but sent something else: a check will judge it
    }
  }
  // The server's answer may echo a new token (e.g. /auth/token called by a check): remember it.
  if (body && typeof body === 'object' && typeof (body as any).access_token === 'string') redactor.add((body as any).access_token, 'token');
  exchange.response = { status: result.status, headers: redactor.headers(result.headers), body: redactor.body(result.text) };
  onExchange?.(exchange);
  if (result.status === 401 && auth === 'bearer') shared.tokens.invalidate();
  return { status: result.status, headers: result.headers, body, text: result.text, contentType, exchange };
}
