// Observe mode of the reference server (`npm run serve -- --observe`): the server is the partner's
// sandbox. It records every exchange of the partner's application (secrets replaced), meets it on
// a documented schedule with what a real sandbox does (a 429 with Retry-After, 503s, a slow answer,
// an expired token, duplicate, out-of-order and badly signed webhook deliveries), and hands the
// recorded session to whoever judges it (lib/partner/client) when the session ends.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { Redactor } from '../../http/redact.js';
import type { Kernel } from '../kernel.js';
import { ApiError } from '../problem.js';
import { createObservingDispatcher, type ObservingDispatcher } from './deliveries.js';
import { DisturbancePlan } from './schedule.js';
import type { EndReason, ObservedDelivery, ObservedExchange, ObservedSession, ObserveSchedule } from './types.js';

export { DisturbancePlan, describeSchedule, resolveSchedule } from './schedule.js';
export * from './types.js';

/** Handles the end of a session (judging, reports); what it returns answers `POST /_observe/finish`. */
export type FinishHandler = (session: ObservedSession) => Promise<unknown> | unknown;

export interface Observer {
  readonly schedule: ObserveSchedule;
  /** Hooks recording and disturbing /v3/ requests; added before the app's own hooks. */
  attach(app: FastifyInstance): void;
  /** The webhook dispatcher of observe mode. */
  readonly dispatcher: ObservingDispatcher;
  /** What was recorded so far (a copy). */
  session(): ObservedSession;
  /** Secret values the session saw (client secrets, issued tokens, webhook secrets), for scrubbing reports. */
  secrets(): string[];
  /** Who handles the end of the session. */
  onFinish(handler: FinishHandler): void;
  /** Ends the session (once; later calls get the same answer): stops recording, lets deliveries settle, calls the handler. */
  finish(reason: EndReason): Promise<unknown>;
  /** Resolves with the reason once the session has ended. */
  readonly ended: Promise<EndReason>;
}

const RECORD = Symbol('observedExchange');
type Tagged = FastifyRequest & { [RECORD]?: { rec: ObservedExchange; bearerToken?: string; basicClient?: string } };

/** Response headers a client acts on; the rest are left out of the recording. */
const KEPT_RESPONSE_HEADERS = [
  'content-type',
  'location',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'idempotent-replayed',
  'www-authenticate',
  'x-request-id',
];
/** Body members whose values are secrets. */
const SECRET_MEMBER = /^(client_secret|secret|previous_secret|password|access_token|refresh_token)$/i;
const RESPONSE_KEPT = 16 * 1024;
/** How long the end of a session waits for deliveries under way. */
const SETTLE_MS = 3000;

export function createObserver(kernel: Kernel, schedule: ObserveSchedule): Observer {
  const t0 = performance.now();
  const now = () => Math.round((performance.now() - t0) * 10) / 10;
  const startedAt = new Date().toISOString();
  const plan = new DisturbancePlan(schedule);
  const exchanges: ObservedExchange[] = [];
  const deliveries: ObservedDelivery[] = [];
  const endpoints = new Map<string, { id: string; url: string; events: string[] }>();
  /** Issued tokens → their number (1-based). */
  const tokens = new Map<string, number>();
  const secrets = new Set<string>();
  // Every secret the session knows, replaced wherever the application puts it (a query string, a
  // body member of its own, a header): a token by its number, anything else by [redacted], as the
  // Authorization header and secret members are. In every form a value may be sent in (raw,
  // URL-encoded, base64, …), as lib/http/redact.ts decides.
  const known = new Redactor({ knownOnly: true, placeholder: (label) => (label.startsWith('[') ? label : '[redacted]') });
  const learnSecret = (value: string, placeholder = '[redacted]') => {
    secrets.add(value);
    known.add(value, placeholder);
  };
  for (const p of kernel.options.partners) {
    secrets.add(p.clientSecret);
    known.addCredential(p.clientId, p.clientSecret, '[redacted]');
  }
  const hide = (text: string) => known.text(text);
  const hideIn = (v: unknown): unknown => {
    if (typeof v === 'string') return hide(v);
    if (Array.isArray(v)) return v.map(hideIn);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [hide(k), hideIn(x)]));
    return v;
  };
  let recording = true;
  let endedAt: string | undefined;
  let endReason: EndReason | undefined;
  let durationMs: number | undefined;
  let handler: FinishHandler | undefined;
  let finishing: Promise<unknown> | undefined;
  let resolveEnded!: (r: EndReason) => void;
  const ended = new Promise<EndReason>((resolve) => (resolveEnded = resolve));

  const dispatcher = createObservingDispatcher(kernel, schedule, {
    now,
    record(d) {
      if (recording) deliveries.push({ seq: deliveries.length + 1, ...d });
    },
    endpoint(e) {
      endpoints.set(e.id, e);
    },
  });

  const tokenLabel = (token: string) => {
    const n = tokens.get(token);
    return n === undefined ? '[a token this server did not issue]' : `[token #${n}]`;
  };

  function redactHeaders(raw: FastifyRequest['headers']): { headers: Record<string, string>; bearer?: string; basic?: string } {
    const headers: Record<string, string> = {};
    let bearer: string | undefined;
    let basic: string | undefined;
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      const v = Array.isArray(value) ? value.join(', ') : String(value);
      if (name === 'authorization') {
        const b = /^Bearer\s+(\S+)\s*$/i.exec(v);
        const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(v);
        if (b) {
          bearer = b[1]!;
          headers[name] = `Bearer ${tokenLabel(bearer)}`;
        } else if (m) {
          const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          basic = colon < 0 ? undefined : safeDecode(decoded.slice(0, colon));
          headers[name] = basic ? `Basic [${basic}:<secret>]` : 'Basic [not client_id:client_secret]';
        } else {
          headers[name] = '[redacted: neither Bearer nor Basic]';
        }
      } else if (name === 'cookie' || name === 'proxy-authorization' || /secret|token|api-key/i.test(name)) {
        headers[name] = '[redacted]';
      } else {
        headers[name] = hide(v);
      }
    }
    return { headers, ...(bearer ? { bearer } : {}), ...(basic ? { basic } : {}) };
  }

  /** The body as read, secrets replaced and files described, and its fingerprint (files hashed by content). */
  function readBody(request: FastifyRequest): { body: unknown; fingerprint: string } {
    // Its secret members first, so the same value elsewhere in it is replaced too.
    const learn = (v: unknown, key?: string): void => {
      if (typeof v === 'string' && key !== undefined && SECRET_MEMBER.test(key)) learnSecret(v);
      else if (Array.isArray(v)) for (const x of v) learn(x);
      else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) for (const [k, x] of Object.entries(v)) learn(x, k);
    };
    learn(request.body);
    const hash = createHash('sha256');
    const walk = (v: unknown, key?: string): unknown => {
      if (Buffer.isBuffer(v)) {
        hash.update(`b${v.length}:`).update(v);
        return `<file: ${v.length} bytes${request.uploadFilename ? `, ${request.uploadFilename}` : ''}>`;
      }
      if (Array.isArray(v)) {
        hash.update('[');
        const out = v.map((x) => walk(x));
        hash.update(']');
        return out;
      }
      if (v && typeof v === 'object') {
        hash.update('{');
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v).sort()) {
          hash.update(JSON.stringify(k)).update(':');
          out[hide(k)] = walk((v as Record<string, unknown>)[k], k);
        }
        hash.update('}');
        return out;
      }
      hash.update(JSON.stringify(v ?? null)).update(',');
      if (typeof v === 'string') return key !== undefined && SECRET_MEMBER.test(key) ? '[redacted]' : hide(v);
      return v;
    };
    const body = walk(request.body);
    return { body: request.body === undefined ? undefined : body, fingerprint: hash.digest('hex').slice(0, 16) };
  }

  /** The credential of a request: its token's, or the client_id it authenticates with at the token endpoint. */
  function credentialOf(request: FastifyRequest, bearer: string | undefined, basic: string | undefined): string | undefined {
    if (request.caller) return request.caller.clientId;
    if (bearer) {
      try {
        const sub = decodeJwt(bearer).sub;
        if (typeof sub === 'string') return sub;
      } catch {
        /* not a JWT: no credential */
      }
    }
    if (basic) return basic;
    const body = request.body as Record<string, unknown> | undefined;
    return body && typeof body === 'object' && typeof body.client_id === 'string' ? body.client_id : undefined;
  }

  function learnResponse(rec: ObservedExchange, text: string): string {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return hide(text);
    }
    if (!value || typeof value !== 'object') return hide(text);
    const o = value as Record<string, unknown>;
    if (typeof o.code === 'string' && typeof o.status === 'number') rec.problemCode = o.code;
    if (typeof o.access_token === 'string') {
      let n = tokens.get(o.access_token);
      if (n === undefined) tokens.set(o.access_token, (n = tokens.size + 1));
      learnSecret(o.access_token, `[token #${n}]`);
      rec.issuedToken = { tokenNo: n, expiresIn: typeof o.expires_in === 'number' ? o.expires_in : 0 };
    }
    if (Array.isArray(o.data) && typeof o.has_more === 'boolean') {
      rec.page = {
        ids: o.data.map((d) => (d && typeof d === 'object' ? String((d as { id?: unknown }).id ?? (d as { client_id?: unknown }).client_id ?? '') : '')),
        hasMore: o.has_more,
      };
    }
    const scrub = (v: unknown, key?: string): unknown => {
      if (typeof v === 'string' && key !== undefined && SECRET_MEMBER.test(key)) {
        if (!tokens.has(v)) learnSecret(v);
        return key === 'access_token' ? tokenLabel(v) : '[redacted]';
      }
      if (typeof v === 'string') return hide(v);
      if (Array.isArray(v)) return v.map((x) => scrub(x));
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x, k)]));
      return v;
    };
    return JSON.stringify(scrub(value));
  }

  function unauthorized(): ApiError {
    return new ApiError(401, 'token_expired', 'Unauthorized', 'The access token has expired.', undefined, {
      'WWW-Authenticate': 'Bearer realm="dinie", error="invalid_token"',
    });
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  function attach(app: FastifyInstance): void {
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!recording || !(request.url === '/v3' || request.url.startsWith('/v3/') || request.url.startsWith('/v3?'))) return;
      const at = now();
      const [path, ...rest] = request.url.split('?');
      const sentQuery = rest.length ? `?${rest.join('?')}` : '';
      const rawQuery = hide(sentQuery);
      const query: Record<string, string | string[]> = {};
      for (const [sentName, sent] of new URLSearchParams(sentQuery)) {
        const k = hide(sentName);
        const v = hide(sent);
        const prev = query[k];
        query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      const { headers, bearer, basic } = redactHeaders(request.headers);
      const key = request.headers['idempotency-key'];
      const rec: ObservedExchange = {
        seq: exchanges.length + 1,
        at,
        startedAt: new Date().toISOString(),
        method: request.method,
        path: hide(path!),
        rawQuery,
        query,
        headers,
        bodyRead: false,
        auth: bearer ? 'bearer' : basic ? 'basic' : 'none',
        responseHeaders: {},
        ...(bearer ? { tokenNo: tokens.get(bearer) ?? 0 } : {}),
        ...(key !== undefined ? { idempotencyKey: hide(Array.isArray(key) ? key.join(', ') : key) } : {}),
      };
      const op = request.routeOptions.config?.operationId;
      if (op) rec.operationId = op;
      exchanges.push(rec);
      (request as Tagged)[RECORD] = { rec, ...(bearer ? { bearerToken: bearer } : {}), ...(basic ? { basicClient: basic } : {}) };
      // When the answer started to leave (its head written): what the client can have received no
      // sooner. The 'close' event comes a tick or more later, later still on a loaded machine, and
      // stamping it then made a wait that honoured Retry-After look up to ~100 ms short.
      let sentAt: number | undefined;
      const writeHead = reply.raw.writeHead;
      reply.raw.writeHead = function (this: typeof reply.raw, ...args: Parameters<typeof writeHead>) {
        sentAt ??= now();
        return writeHead.apply(this, args);
      } as typeof writeHead;
      reply.raw.once('close', () => {
        if (reply.raw.writableFinished) {
          rec.status = reply.statusCode;
          rec.respondedAt = sentAt ?? now();
        } else {
          rec.aborted = true;
          rec.abortedAt = now();
        }
        if (!rec.credential) {
          const c = credentialOf(request, bearer, basic);
          if (c) rec.credential = c;
        }
        if (!rec.bodyRead && request.body !== undefined) {
          const { body, fingerprint } = readBody(request);
          rec.body = body;
          rec.bodyFingerprint = fingerprint;
          rec.bodyRead = true;
        }
      });
    });

    // After authentication and body parsing, before idempotency and the handler: decide the disturbance.
    app.addHook('preHandler', async (request: FastifyRequest) => {
      const tag = (request as Tagged)[RECORD];
      if (!tag) return;
      const { rec, bearerToken, basicClient } = tag;
      const { body, fingerprint } = readBody(request);
      rec.body = body;
      rec.bodyFingerprint = fingerprint;
      rec.bodyRead = true;
      const credential = credentialOf(request, bearerToken, basicClient);
      if (credential) rec.credential = credential;
      if (rec.auth === 'none' && credential && rec.operationId === 'createToken') rec.auth = 'form';
      const config = request.routeOptions.config ?? {};
      const d = plan.decide({
        ...(credential ? { credential } : {}),
        method: request.method,
        bearer: rec.auth === 'bearer' && !config.public,
        ...(bearerToken ? { tokenKey: bearerToken } : {}),
        creating: request.method === 'POST' && config.idempotent === true,
        retryKey: `${request.method} ${rec.path} ${fingerprint}`,
      });
      if (!d) return;
      rec.disturbance = d;
      if (d === 'token-expired' || d === 'token-refused') throw unauthorized();
      if (d === 'rate-limit') {
        throw new ApiError(429, 'rate_limit_exceeded', 'Too many requests', `Slow down: retry after ${schedule.retryAfterSeconds} s.`, undefined, {
          'Retry-After': String(schedule.retryAfterSeconds),
        });
      }
      if (d === 'server-error')
        throw new ApiError(503, 'service_unavailable', 'Service unavailable', 'The sandbox is briefly unavailable; nothing was done. Retry later.');
      if (d === 'slow') await sleep(schedule.slowMs);
    });

    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const tag = (request as Tagged)[RECORD];
      if (!tag) return payload;
      const { rec } = tag;
      for (const h of KEPT_RESPONSE_HEADERS) {
        const v = reply.getHeader(h);
        if (v !== undefined) rec.responseHeaders[h] = hide(Array.isArray(v) ? v.join(', ') : String(v));
      }
      const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
      if (text !== undefined && text !== '') {
        const clean = learnResponse(rec, text);
        rec.responseBody = clean.length > RESPONSE_KEPT ? `${clean.slice(0, RESPONSE_KEPT)}… [${clean.length} characters]` : clean;
      }
      return payload;
    });

    app.post('/_observe/finish', { config: { public: true } }, async () => finish('finish request'));
    app.get('/_observe', { config: { public: true } }, async () => ({
      recording,
      schedule,
      exchanges: exchanges.length,
      deliveries: deliveries.length,
      endpoints: endpoints.size,
    }));
  }

  /** A secret learnt after an exchange was recorded (sent before the server handed it out) is replaced there too. */
  function hideLate(rec: ObservedExchange): void {
    rec.path = hide(rec.path);
    rec.rawQuery = hide(rec.rawQuery);
    rec.query = hideIn(rec.query) as ObservedExchange['query'];
    rec.headers = hideIn(rec.headers) as ObservedExchange['headers'];
    if (rec.body !== undefined) rec.body = hideIn(rec.body);
    rec.responseHeaders = hideIn(rec.responseHeaders) as ObservedExchange['responseHeaders'];
    if (rec.responseBody !== undefined) rec.responseBody = hide(rec.responseBody);
  }

  function session(): ObservedSession {
    for (const rec of exchanges) hideLate(rec);
    return {
      baseUrl: kernel.origin ? `${kernel.origin}/v3` : '',
      startedAt,
      ...(endedAt ? { endedAt } : {}),
      ...(endReason ? { endReason } : {}),
      durationMs: durationMs ?? Math.round(now()),
      schedule: { ...schedule },
      exchanges: structuredClone(exchanges),
      deliveries: structuredClone(deliveries),
      endpoints: [...endpoints.values()].map((e) => ({ ...e, events: [...e.events] })),
    };
  }

  function finish(reason: EndReason): Promise<unknown> {
    finishing ??= (async () => {
      dispatcher.stop();
      // Deliveries under way may still land in the recording, for a moment.
      let settleTimer: NodeJS.Timeout | undefined;
      await Promise.race([dispatcher.idle(), new Promise<void>((resolve) => (settleTimer = setTimeout(resolve, SETTLE_MS)))]);
      clearTimeout(settleTimer);
      recording = false;
      endedAt = new Date().toISOString();
      endReason = reason;
      durationMs = Math.round(now());
      resolveEnded(reason);
      return handler ? await handler(session()) : { ended: reason };
    })();
    return finishing;
  }

  return {
    schedule,
    attach,
    dispatcher,
    session,
    secrets: () => [...secrets],
    onFinish(h) {
      handler = h;
    },
    finish,
    ended,
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
