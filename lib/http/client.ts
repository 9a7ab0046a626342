// The HTTP client checks speak through: OAuth2 client credentials, Idempotency-Key, JSON / form /
// multipart / raw bodies, timeouts, and retries of transport errors only. Every exchange is recorded
// (secrets redacted) with a curl reproduction. HTTP statuses are never retried: a 5xx or a 429 is
// evidence about the target, not noise.
import { randomUUID } from 'node:crypto';
import { request, FormData, type Dispatcher } from 'undici';
import type { ApiClient, ApiRequest, ApiResponse } from '../checks/context.js';
import type { Exchange } from '../checks/types.js';
import { toCurl, type CurlRequest } from './curl.js';
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
}

export interface HttpClient extends ApiClient {
  readonly redactor: Redactor;
  /** The same partner and token cache, recording into another sink (one per check). */
  withRecorder(onExchange: (exchange: Exchange) => void): HttpClient;
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

const MAX_RETRIES = 2;
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
}

export function createClient(opts: ClientOptions): HttpClient {
  const redactor = opts.redactor ?? new Redactor();
  redactor.add(opts.clientSecret, 'client_secret');
  const shared: Shared = { opts, redactor, tokens: undefined as unknown as TokenCache };
  shared.tokens = new TokenCache(async () => {
    const res = await send(shared, opts.onExchange, {
      method: 'POST',
      path: '/auth/token',
      form: { grant_type: 'client_credentials' },
      auth: { basic: [opts.clientId, opts.clientSecret] },
    });
    const body = res.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (res.status !== 200 || typeof body?.access_token !== 'string') {
      throw new TokenError(`POST /auth/token for partner ${opts.partner} answered ${res.status}`, res.status, res.exchange);
    }
    redactor.add(body.access_token, 'token');
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { token: body.access_token, expiresIn };
  });
  return makeClient(shared, opts.onExchange);
}

function makeClient(shared: Shared, onExchange: ((e: Exchange) => void) | undefined): HttpClient {
  return {
    partner: shared.opts.partner,
    clientId: shared.opts.clientId,
    redactor: shared.redactor,
    request: async <T = any>(req: ApiRequest) => {
      const res = await send(shared, onExchange, req);
      if (res.status !== 401 || (req.auth ?? 'bearer') !== 'bearer') return res as ApiResponse<T>;
      // The managed token can expire early on the target's clock (a check may move it). Like Dinie's
      // SDK, renew once and send again; both exchanges stay in the evidence. Explicit tokens never retry.
      return (await send(shared, onExchange, req)) as ApiResponse<T>;
    },
    token: () => shared.tokens.get(),
    withRecorder: (rec) => makeClient(shared, rec),
    invalidateToken: () => shared.tokens.invalidate(),
  };
}

async function send(shared: Shared, onExchange: ((e: Exchange) => void) | undefined, req: ApiRequest): Promise<ApiResponse> {
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
  let retries = 0;
  let lastError: unknown;
  let result: { status: number; headers: Record<string, string>; text: string } | undefined;
  for (;;) {
    try {
      const res = await request(url, {
        method: req.method.toUpperCase() as Dispatcher.HttpMethod,
        headers,
        body: makeBody() as any,
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        dispatcher: opts.dispatcher,
      });
      const text = await res.body.text();
      result = { status: res.statusCode, headers: flattenHeaders(res.headers as Record<string, string | string[]>), text };
      break;
    } catch (e) {
      lastError = e;
      if (retries < MAX_RETRIES && isRetryable(e)) {
        retries++;
        await new Promise((r) => setTimeout(r, 100 * retries));
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
    durationMs: Math.round(performance.now() - t0),
    startedAt: startedAt.toISOString(),
    curl: toCurl({ ...recordedRequest, auth: curlAuth, multipart: multipartDesc }),
  };
  if (!result) {
    const code = transportCode(lastError);
    const why = code === 'TIMEOUT' ? `timed out after ${timeoutMs} ms` : (lastError as Error)?.message || String(lastError);
    exchange.error = redactor.text(`${code && code !== 'TIMEOUT' ? `${code}: ` : ''}${why}`);
    onExchange?.(exchange);
    throw new TransportError(`${req.method.toUpperCase()} ${redactor.text(url)}: no answer (${exchange.error}${retries ? `, after ${retries} retries` : ''})`, exchange, code);
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
