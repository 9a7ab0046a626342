// The suite's webhook receiver: a plain node:http server on loopback (or a fixed port behind a
// public URL). Each sink is a path `/hooks/<id>` with its own secrets and log. Every delivery is
// verified (Standard Webhooks), validated against the event's schema, recorded and answered.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiClient, Delivery, Sink, ValidationResult, Webhooks } from '../types.js';
import { CheckFailure } from '../types.js';
import { verifyDelivery } from './verify.js';

export interface ReceiverOptions {
  /** Port to listen on (0 or absent: a free one). */
  port?: number;
  /** Interface to bind (default 127.0.0.1; a public `--webhook-url` may need 0.0.0.0). */
  host?: string;
  /** Public base URL the target delivers to (`--webhook-url`); default `http://127.0.0.1:<port>`. */
  publicUrl?: string;
  /** Whether the target can reach us at all (decided by lib/targets). */
  available?: boolean;
  /** Contract validation of an event payload (lib/spec `validateEvent`). */
  validateEvent?: (type: string, payload: unknown) => ValidationResult;
  /** Default wait in `waitFor`, ms (default 15000). */
  timeoutMs?: number;
}

export interface Receiver extends Webhooks {
  /** Base URL sinks live under. */
  readonly baseUrl: string;
  /** The port actually bound. */
  readonly port: number;
  /** A view whose `subscribe`d endpoints are deleted by `cleanup` (one per check). */
  scoped(): { webhooks: Webhooks; cleanup(): Promise<void> };
  /** Called with every delivery this receiver gets (e.g. to wake a wait as soon as an event arrives). */
  onDelivery(listener: (d: Delivery) => void): () => void;
  /** Deliveries to paths no sink owns. */
  stray(): Delivery[];
  /**
   * The target's clock minus ours, ms (the control API moved it): deliveries are verified, and
   * their webhook-timestamp judged, against our clock plus this (docs/simulation-control.md).
   */
  setClockOffset(ms: number): void;
  /** Deletes every endpoint still subscribed, then stops listening. */
  close(): Promise<void>;
}

interface Waiter {
  pred: (d: Delivery) => boolean;
  resolve: (d: Delivery) => void;
}

class SinkImpl implements Sink {
  readonly log: Delivery[] = [];
  secrets: string[] = [];
  private failures: { left: number; status: number } = { left: 0, status: 500 };
  private waiters = new Set<Waiter>();

  constructor(
    readonly id: string,
    readonly url: string,
    private readonly defaultTimeoutMs: number,
  ) {}

  setSecrets(secrets: string[]): void {
    this.secrets = [...secrets];
  }

  failNext(n: number, status = 500): void {
    this.failures = { left: n, status };
  }

  /** The status to answer the next delivery with. */
  nextStatus(): number {
    if (this.failures.left > 0) {
      this.failures.left--;
      return this.failures.status;
    }
    return 204;
  }

  record(d: Delivery): void {
    this.log.push(d);
    for (const w of this.waiters) {
      if (w.pred(d)) {
        this.waiters.delete(w);
        w.resolve(d);
      }
    }
  }

  deliveries(): Delivery[] {
    return [...this.log];
  }

  waitFor(pred: (d: Delivery) => boolean, opts: { timeoutMs?: number; what?: string } = {}): Promise<Delivery> {
    const past = this.log.find(pred);
    if (past) return Promise.resolve(past);
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<Delivery>((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.log.map((d) => d.type ?? '(no type)');
        reject(
          new CheckFailure(
            `no webhook delivery ${opts.what ?? 'matching the expectation'} arrived within ${timeoutMs} ms`,
            opts.what ?? 'a matching delivery',
            seen.length ? `deliveries seen on this sink: ${seen.join(', ')}` : 'no delivery on this sink',
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startReceiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const sinks = new Map<string, SinkImpl>();
  const stray: Delivery[] = [];
  const subscriptions = new Set<{ client: ApiClient; id: string }>();
  const listeners = new Set<(d: Delivery) => void>();
  let clockOffsetMs = 0;
  const timeoutMs = opts.timeoutMs ?? 15_000;

  const server = createServer(async (req, res) => {
    const rawBody = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const match = /^\/hooks\/([A-Za-z0-9_-]+)\/?$/.exec((req.url ?? '').split('?')[0]!);
    const sink = match ? sinks.get(match[1]!) : undefined;

    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      payload = undefined;
    }
    const declared = payload && typeof payload === 'object' ? (payload as { type?: unknown }).type : undefined;
    const type = typeof declared === 'string' ? declared : undefined;
    const receivedAt = Date.now();
    const offset = clockOffsetMs;
    const verification = verifyDelivery(rawBody, headers, sink?.secrets ?? [], offset ? receivedAt + offset : undefined);
    let schemaErrors: string[] = [];
    if (payload === undefined) schemaErrors = ['payload is not JSON'];
    else if (!type) schemaErrors = ['payload has no string `type`'];
    else if (opts.validateEvent) schemaErrors = opts.validateEvent(type, payload).errors;

    const answeredStatus = sink ? sink.nextStatus() : 404;
    const delivery: Delivery = {
      sink: sink?.id ?? req.url ?? '',
      receivedAt,
      clockOffsetMs: offset,
      headers,
      rawBody,
      payload,
      type,
      verified: verification.verified,
      verifyError: verification.error,
      schemaErrors,
      answeredStatus,
    };
    res.writeHead(answeredStatus).end();
    if (sink) sink.record(delivery);
    else stray.push(delivery);
    for (const l of listeners) l(delivery);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      // A fixed port (behind --webhook-url) can serve one process only: say so plainly.
      reject(
        e.code === 'EADDRINUSE' && opts.port
          ? new Error(`webhook port ${opts.port} is already in use (with --webhook-port, suites must run in one worker)`)
          : e,
      );
    });
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = (opts.publicUrl ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');

  function sink(): Sink {
    const id = `s${randomBytes(8).toString('hex')}`;
    const s = new SinkImpl(id, `${baseUrl}/hooks/${id}`, timeoutMs);
    sinks.set(id, s);
    return s;
  }

  async function unsubscribe(sub: { client: ApiClient; id: string }): Promise<void> {
    subscriptions.delete(sub);
    try {
      await sub.client.request({ method: 'DELETE', path: `/webhooks/endpoints/${encodeURIComponent(sub.id)}` });
    } catch {
      // best effort: the target may already be gone at the end of a run
    }
  }

  async function subscribe(client: ApiClient, events?: string[], owned?: Set<{ client: ApiClient; id: string }>) {
    const s = sink();
    const res = await client.request<unknown>({
      method: 'POST',
      path: '/webhooks/endpoints',
      json: { url: s.url, ...(events ? { events } : {}), description: 'dinie-conformance receiver' },
      idempotencyKey: true,
    });
    const body = (res.body && typeof res.body === 'object' ? res.body : {}) as Record<string, unknown>;
    const { id, secret } = body;
    if (res.status !== 201 || typeof secret !== 'string' || typeof id !== 'string') {
      throw new CheckFailure(
        `could not register a webhook endpoint: POST /webhooks/endpoints answered ${res.status}${typeof secret === 'string' ? '' : ' without a `secret`'}`,
        '201 with `id` and `secret`',
        res.exchange.response?.body,
      );
    }
    s.setSecrets([secret]);
    const sub = { client, id };
    subscriptions.add(sub);
    owned?.add(sub);
    return { sink: s, endpoint: { ...body, id, secret }, secret };
  }

  const available = opts.available ?? true;
  return {
    available,
    baseUrl,
    port,
    sink,
    subscribe: (client, events) => subscribe(client, events),
    scoped() {
      const owned = new Set<{ client: ApiClient; id: string }>();
      return {
        webhooks: { available, sink, subscribe: (client, events) => subscribe(client, events, owned) },
        cleanup: async () => {
          await Promise.all([...owned].map(unsubscribe));
        },
      };
    },
    stray: () => [...stray],
    setClockOffset(ms) {
      clockOffsetMs = Math.round(ms);
    },
    onDelivery(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await Promise.all([...subscriptions].map(unsubscribe));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
