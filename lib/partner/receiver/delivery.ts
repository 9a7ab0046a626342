// Deliveries to the partner's webhook receiver, as Dinie makes them (Standard Webhooks): a POST of
// the raw JSON body with `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
// (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, keyed with the secret's base64 part; several
// space-separated during a rotation). A delivery is described by a Recipe, so the same description
// builds the request and the shell snippet that reproduces it (which signs again with
// $DINIE_WEBHOOK_SECRET and a fresh timestamp: a recorded signature goes stale in five minutes).
// Every delivery is bounded in time (no answer within N ms is recorded, never waited out) and in
// memory (the answer's body is kept up to 64 KiB).
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import type { Exchange } from '../../checks/types.js';
import { toCurl } from '../../http/curl.js';
import { describeTransportError } from '../../http/transport-error.js';
import { SECRET_ENV, type WebhookSecret } from './secret.js';

export type WebhookHeader = 'webhook-id' | 'webhook-timestamp' | 'webhook-signature';

/** Where one `v1,` token of `webhook-signature` comes from. */
export type Signer =
  /** The partner's secret (DINIE_WEBHOOK_SECRET): a genuine signature. */
  | { by: 'secret' }
  /** Another secret (the base64 part of a throwaway `whsec_` of ours): a signature the receiver must not accept alone. */
  | { by: 'other'; key: string }
  /** A token sent as is (e.g. `v1,` and 32 random bytes). */
  | { by: 'literal'; value: string };

/** One delivery, described so it can be both sent and reproduced. */
export interface Recipe {
  /** What it is, in words: `loan.active (the contract's example)`, `signed by another secret`. */
  label: string;
  webhookId: string;
  /** `webhook-timestamp` is now plus this many seconds (negative: in the past). Default 0. */
  timestampOffsetS?: number;
  /** The raw body sent. */
  body: string;
  /** The body the signatures are computed over, when it is not `body` (signed, then tampered with). */
  signedBody?: string;
  signatures: Signer[];
  /** Headers left out (each computed as usual, then not sent). */
  omit?: WebhookHeader[];
}

/** What happened to one delivery. */
export interface Delivery {
  label: string;
  webhookId: string;
  exchange: Exchange;
  /** The answer's status, when one came within the timeout. */
  status?: number;
  /** From sending until the answer's status line arrived (or until the timeout / the failure), ms. */
  durationMs: number;
  /** Why no answer came: `no answer within 15000 ms`, `the connection was refused (ECONNREFUSED)`. */
  error?: string;
}

/** A fresh id in Dinie's event id form (`evt_` + 32 hex), used as `webhook-id`. */
export const newEventId = (prefix = 'evt') => `${prefix}_${randomBytes(16).toString('hex')}`;

/** `v1,` and the base64 of 32 random bytes: the shape of a signature, signed by nobody. */
export const forgedSignature = () => `v1,${randomBytes(32).toString('base64')}`;

/** The `v1,<base64>` token of Standard Webhooks for one secret (`whsec_…`). */
export function signToken(secret: string, webhookId: string, timestampS: number, body: string): string {
  return new Webhook(secret).sign(webhookId, new Date(timestampS * 1000), body);
}

/** Kept of an answer's body in the evidence. */
export const KEEP_BODY_BYTES = 64 * 1024;
/** Read of an answer's body at most (the rest is not waited for). */
const READ_BODY_BYTES = 1024 * 1024;

export interface DelivererOptions {
  url: string;
  secret: WebhookSecret;
  /** Per delivery (and per observation-hook read): no answer within it is recorded as such. */
  timeoutMs: number;
  userAgent?: string;
}

/** Single-quotes for POSIX shells. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A shell snippet (bash, curl, openssl, base64, od) that makes the same delivery again now: the
 * same id and body, a timestamp at the same distance from now, each signature computed again with
 * the same key ($DINIE_WEBHOOK_SECRET for the partner's: the secret itself is never written).
 */
export function reproduceDelivery(url: string, recipe: Recipe): string {
  const offset = recipe.timestampOffsetS ?? 0;
  const omit = new Set(recipe.omit ?? []);
  const lines: string[] = [`# ${recipe.label.replace(/[\r\n]+/g, ' ')}`];
  lines.push(`id=${shellQuote(recipe.webhookId)}`);
  lines.push(offset === 0 ? 'ts=$(date +%s)' : `ts=$(( $(date +%s) ${offset < 0 ? '-' : '+'} ${Math.abs(offset)} ))`);
  lines.push(`body=${shellQuote(recipe.body)}`);
  const signed = recipe.signedBody !== undefined && recipe.signedBody !== recipe.body;
  if (signed) lines.push(`signed=${shellQuote(recipe.signedBody!)}`);
  const hexKey = (source: string) => `$(printf %s ${source} | base64 -d | od -An -vtx1 | tr -d ' \\n')`;
  const tokens: string[] = [];
  let others = 0;
  if (recipe.signatures.some((s) => s.by === 'secret')) lines.push(`key=${hexKey(`"\${${SECRET_ENV}#whsec_}"`)}`);
  for (const s of recipe.signatures) {
    if (s.by === 'literal') {
      tokens.push(s.value);
      continue;
    }
    const keyVar = s.by === 'secret' ? 'key' : `other_key${++others}`;
    // Another secret is a throwaway of the suite's (never the partner's): written out, without its whsec_ prefix.
    if (s.by === 'other') lines.push(`${keyVar}=${hexKey(shellQuote(s.key))}`);
    const sigVar = s.by === 'secret' ? 'sig' : `other_sig${others}`;
    lines.push(`${sigVar}=$(printf %s "$id.$ts.$${signed ? 'signed' : 'body'}" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$${keyVar}" -binary | base64)`);
    tokens.push(`v1,$${sigVar}`);
  }
  const parts = ['curl', '-sS', '-i', '-X', 'POST', shellQuote(url), '-H', shellQuote('content-type: application/json')];
  if (!omit.has('webhook-id')) parts.push('-H', '"webhook-id: $id"');
  if (!omit.has('webhook-timestamp')) parts.push('-H', '"webhook-timestamp: $ts"');
  if (!omit.has('webhook-signature')) parts.push('-H', `"webhook-signature: ${tokens.join(' ')}"`);
  parts.push('--data-raw', '"$body"');
  lines.push(parts.join(' '));
  return lines.join('\n');
}

/** Sends deliveries to one receiver URL; close() when done. */
export class Deliverer {
  readonly url: string;
  readonly timeoutMs: number;
  private readonly secret: WebhookSecret;
  private readonly userAgent: string;
  private readonly agent = new Agent({ keepAliveTimeout: 1_000, headersTimeout: 0, bodyTimeout: 0, connections: 64 });

  constructor(opts: DelivererOptions) {
    this.url = opts.url;
    this.secret = opts.secret;
    this.timeoutMs = opts.timeoutMs;
    this.userAgent = opts.userAgent ?? 'dinie-conformance (receiver certification)';
  }

  /** The headers of a recipe at `nowMs` (signatures computed over the signed body). */
  headersFor(recipe: Recipe, nowMs = Date.now()): Record<string, string> {
    const ts = Math.floor(nowMs / 1000) + (recipe.timestampOffsetS ?? 0);
    const signedBody = recipe.signedBody ?? recipe.body;
    const tokens = recipe.signatures.map((s) =>
      s.by === 'literal' ? s.value : signToken(s.by === 'secret' ? this.secret.secret : `whsec_${s.key}`, recipe.webhookId, ts, signedBody),
    );
    const all: Record<WebhookHeader, string> = {
      'webhook-id': recipe.webhookId,
      'webhook-timestamp': String(ts),
      'webhook-signature': tokens.join(' '),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': this.userAgent };
    for (const [name, value] of Object.entries(all)) if (!(recipe.omit ?? []).includes(name as WebhookHeader)) headers[name] = value;
    return headers;
  }

  /** Makes one delivery; never throws: what did not happen is in `error`. */
  async deliver(recipe: Recipe, signal?: AbortSignal): Promise<Delivery> {
    const headers = this.headersFor(recipe);
    const { exchange, status, durationMs, error } = await this.exchange('POST', this.url, headers, recipe.body, signal);
    exchange.curl = reproduceDelivery(this.url, recipe);
    return { label: recipe.label, webhookId: recipe.webhookId, exchange, ...(status !== undefined ? { status } : {}), durationMs, ...(error ? { error } : {}) };
  }

  /** Several deliveries at once (all started before any answer is awaited). */
  deliverAll(recipes: readonly Recipe[], signal?: AbortSignal): Promise<Delivery[]> {
    return Promise.all(recipes.map((r) => this.deliver(r, signal)));
  }

  /** A GET (the partner's observation hook), bounded like a delivery. */
  async get(url: string, signal?: AbortSignal): Promise<{ exchange: Exchange; status?: number; body?: string; error?: string }> {
    const headers = { accept: 'application/json', 'user-agent': this.userAgent };
    const r = await this.exchange('GET', url, headers, undefined, signal);
    return {
      exchange: r.exchange,
      ...(r.status !== undefined ? { status: r.status, body: r.exchange.response?.body ?? '' } : {}),
      ...(r.error ? { error: r.error } : {}),
    };
  }

  private async exchange(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body: string | undefined, signal?: AbortSignal) {
    const startedAt = new Date();
    const t0 = performance.now();
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort(new DOMException('timeout', 'TimeoutError'));
    }, this.timeoutMs);
    const onOuter = () => abort.abort(signal?.reason);
    // Already stopped (a check going on after it was cancelled): nothing is sent.
    if (signal?.aborted) onOuter();
    else signal?.addEventListener('abort', onOuter, { once: true });
    const exchange: Exchange = {
      request: { method, url, headers: { ...headers }, ...(body !== undefined ? { body } : {}) },
      retries: 0,
      durationMs: 0,
      startedAt: startedAt.toISOString(),
      curl: toCurl({ method, url, headers, auth: 'none', ...(body !== undefined ? { body } : {}) }),
    };
    let status: number | undefined;
    let durationMs = 0;
    let error: string | undefined;
    try {
      const res = await request(url, { method, headers, ...(body !== undefined ? { body } : {}), dispatcher: this.agent, signal: abort.signal });
      status = res.statusCode;
      durationMs = performance.now() - t0;
      const responseHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(', ') : String(v);
      exchange.response = { status, headers: responseHeaders };
      try {
        const { bytes, over } = await readAtMost(res.body, READ_BODY_BYTES);
        let text = bytes.subarray(0, KEEP_BODY_BYTES).toString('utf8');
        if (bytes.length > KEEP_BODY_BYTES || over) text += `… [cut: more than ${bytes.length > KEEP_BODY_BYTES ? KEEP_BODY_BYTES : READ_BODY_BYTES} bytes]`;
        exchange.response.body = text;
      } catch (e) {
        // The status came in time: that is the answer. The body that did not is noted.
        exchange.error = `the answer's body did not complete: ${describeTransportError(e, this.timeoutMs)}`;
      }
    } catch (e) {
      durationMs = performance.now() - t0;
      error = timedOut
        ? `no answer within ${this.timeoutMs} ms`
        : signal?.aborted
          ? 'cancelled: the run stopped before an answer came'
          : describeTransportError(e, this.timeoutMs);
      exchange.error = error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onOuter);
    }
    exchange.durationMs = Math.round(performance.now() - t0);
    return { exchange, status, durationMs: Math.round(durationMs), error };
  }

  async close(): Promise<void> {
    await this.agent.destroy().catch(() => undefined);
  }
}

async function readAtMost(body: AsyncIterable<unknown> & { destroy(err?: Error): unknown }, max: number): Promise<{ bytes: Buffer; over: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    chunks.push(b);
    size += b.length;
    if (size > max) {
      body.destroy();
      return { bytes: Buffer.concat(chunks).subarray(0, max), over: true };
    }
  }
  return { bytes: Buffer.concat(chunks), over: false };
}

/** The answer in words: `answered 204`, `no answer within 15000 ms`. */
export function describeAnswer(d: Pick<Delivery, 'status' | 'error' | 'durationMs'>): string {
  if (d.status === undefined) return d.error ?? 'no answer';
  return `answered ${d.status} in ${formatMs(d.durationMs)}`;
}

export const formatMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
