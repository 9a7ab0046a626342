// The partner's webhook receiver: where Dinie delivers its events (Standard Webhooks).
//
//   POST /webhooks/dinie                          a delivery: verified, acknowledged fast, acted on once
//   GET  /webhooks/dinie/processed?webhook_id=…   {"count": n}: how many times that delivery was acted on
//
// The second route is an observation hook for the receiver certification (its SHOULD "a
// redelivery is acted on once"); a production receiver would not expose it.
//
// What a conforming receiver does (decision 16):
// - verifies every delivery with the `standardwebhooks` library: the headers are there, one of the
//   signatures verifies with one of its secrets (a list, for secret rotation), and the timestamp is
//   within 5 minutes of now; anything else is refused with a 4xx before anything is acted on;
// - answers 2xx fast (well within Dinie's 15 s delivery timeout);
// - acts on each `webhook-id` once: a redelivery is acknowledged (2xx) and not acted on again;
// - acknowledges event types it does not know and members it does not know.
//
// `faults` switches on realistic defects, one rule broken each (RECEIVER_FAULTS), so that the
// certification can be seen to catch them.

import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export const RECEIVER_FAULTS = {
  'no-signature-check': 'accepts anything: never verifies a delivery (signature, timestamp, headers)',
  'no-timestamp-tolerance': 'checks the signature by hand but not the timestamp: accepts a delivery signed hours ago or in the future',
  'single-signature-only': 'looks only at the first signature of webhook-signature: refuses a rotation delivery whose valid signature is the second',
  '500-on-unknown-event': 'answers 500 to an event type it has no handler for, instead of acknowledging it',
  'processes-duplicates': 'no dedupe: acts on every redelivery of the same webhook-id again',
  'slow-ack': 'does its work before answering and answers only after slowAckMs (default 20 s, past the 15 s delivery timeout)',
  'accepts-missing-headers': 'treats a request without webhook-id, webhook-timestamp or webhook-signature as an internal call: acts on it and answers 2xx',
} as const;

export type ReceiverFault = keyof typeof RECEIVER_FAULTS;

export function isReceiverFault(name: string): name is ReceiverFault {
  return Object.hasOwn(RECEIVER_FAULTS, name);
}

export interface SampleReceiverOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The endpoint's signing secret (`whsec_…`), or several while a rotation is under way. */
  secret: string | string[];
  faults?: ReceiverFault[];
  /** How long the `slow-ack` fault waits before answering (default 20 000 ms). */
  slowAckMs?: number;
  /** One line per delivery acted on or refused. */
  log?: (line: string) => void;
}

export interface SampleReceiver {
  /** The delivery URL to register with Dinie: http://HOST:PORT/webhooks/dinie. */
  url: string;
  /** How many times the delivery with this `webhook-id` was acted on. */
  processed(webhookId: string): number;
  /** Every delivery acted on, in order (a duplicate appears again only under `processes-duplicates`). */
  events(): { id: string; type: string }[];
  close(): Promise<void>;
}

const PATH = '/webhooks/dinie';
const MAX_BODY_BYTES = 1024 * 1024;

/** What the partner's application does with each event it knows; anything else is acknowledged and ignored. */
const HANDLERS: Record<string, (data: Record<string, unknown>) => string> = {
  'customer.created': (d) => `customer ${d.id} registered`,
  'customer.under_review': (d) => `customer ${d.id} is under review`,
  'customer.kyc_updated': (d) => `customer ${d.id}: KYC items changed`,
  'customer.active': (d) => `customer ${d.id} is active: they may take credit`,
  'credit_offer.available': (d) => `offer ${d.id} of R$ ${d.approved_amount} for ${d.external_id ?? d.customer_id}: tell the customer`,
  'credit_offer.expired': (d) => `offer ${d.id} expired`,
  ...Object.fromEntries(
    ['created', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active', 'payment_received', 'finished', 'cancelled', 'error'].map(
      (s) => [`loan.${s}`, (d: Record<string, unknown>) => `loan ${d.id} is ${d.status}`],
    ),
  ),
};

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startSampleReceiver(options: SampleReceiverOptions): Promise<SampleReceiver> {
  const faults = new Set(options.faults ?? []);
  for (const f of faults) if (!isReceiverFault(f)) throw new Error(`Unknown receiver fault: ${String(f)}`);
  const secrets = Array.isArray(options.secret) ? options.secret : [options.secret];
  if (secrets.length === 0) throw new Error('startSampleReceiver needs at least one secret.');
  // Fails fast on a secret that is not `whsec_` + base64.
  const verifiers = secrets.map((s) => new Webhook(s));
  const slowAckMs = options.slowAckMs ?? 20_000;
  const log = options.log ?? (() => {});

  const counts = new Map<string, number>();
  const acted: { id: string; type: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();

  /** Throws Refused unless the delivery is genuine (under the faults switched on). */
  function verify(rawBody: string, headers: Record<string, string>): void {
    const id = headers['webhook-id'];
    const timestamp = headers['webhook-timestamp'];
    const signature = headers['webhook-signature'];
    if (faults.has('no-signature-check')) return;
    if (!id || !timestamp || !signature) {
      if (faults.has('accepts-missing-headers')) return;
      throw new Refused(400, 'missing webhook-id, webhook-timestamp or webhook-signature');
    }
    let reason = 'no signature verifies';
    for (const webhook of verifiers) {
      try {
        if (faults.has('no-timestamp-tolerance')) {
          // The defect: the signature is recomputed by hand and the timestamp is never compared with now.
          if (!/^\d+$/.test(timestamp)) throw new Error('invalid webhook-timestamp');
          const expected = Buffer.from(webhook.sign(id, new Date(Number(timestamp) * 1000), rawBody));
          const match = signature.split(' ').some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), expected));
          if (!match) throw new Error('No matching signature found');
        } else if (faults.has('single-signature-only')) {
          // The defect: `split(' ')[0]`, so only the first of several signatures is ever tried.
          webhook.verify(rawBody, { ...headers, 'webhook-signature': signature.split(' ')[0]! }, { jsonParse: false });
        } else {
          // The library checks the signatures (any of them may verify) and the 5-minute tolerance.
          webhook.verify(rawBody, headers, { jsonParse: false });
        }
        return;
      } catch (err) {
        reason = (err as Error).message;
      }
    }
    throw new Refused(401, reason);
  }

  /** The application's work for one event; throws under `500-on-unknown-event` for a type it does not know. */
  function act(webhookId: string, event: { type?: unknown; data?: unknown }): void {
    const type = typeof event.type === 'string' ? event.type : '(no type)';
    const handler = HANDLERS[type];
    const data = (event.data && typeof event.data === 'object' ? event.data : {}) as Record<string, unknown>;
    if (!handler && faults.has('500-on-unknown-event')) throw new Error(`no handler for event type ${type}`);
    // A real integration would enqueue the work here and return at once.
    log(`${webhookId} ${type}: ${handler ? handler(data) : 'unknown event type, acknowledged and ignored'}`);
    counts.set(webhookId, (counts.get(webhookId) ?? 0) + 1);
    acted.push({ id: webhookId, type });
  }

  async function receive(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const rawBody = await readBody(req);
    const headers = flatHeaders(req);
    verify(rawBody, headers);
    let event: unknown;
    try {
      event = JSON.parse(rawBody);
    } catch {
      throw new Refused(400, 'the body is not JSON');
    }
    if (!event || typeof event !== 'object' || Array.isArray(event)) throw new Refused(400, 'the body is not a JSON object');
    const webhookId = headers['webhook-id'] ?? `unsigned-${randomUUID()}`;
    // Dedupe: a redelivery (Dinie retries with the same webhook-id) is acknowledged, not acted on again.
    // Node runs this check-and-record without interruption, so concurrent duplicates are safe too.
    if (counts.has(webhookId) && !faults.has('processes-duplicates')) {
      log(`${webhookId}: redelivery, acknowledged`);
      return { status: 200, body: { received: true, duplicate: true } };
    }
    act(webhookId, event);
    if (faults.has('slow-ack')) await sleep(slowAckMs);
    return { status: 200, body: { received: true } };
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname === PATH && req.method === 'POST') {
      receive(req).then(
        ({ status, body }) => send(res, status, body),
        (err: unknown) => {
          const status = err instanceof Refused ? err.status : 500;
          log(`refused (${status}): ${(err as Error).message}`);
          send(res, status, { error: (err as Error).message });
        },
      );
    } else if (url.pathname === `${PATH}/processed` && req.method === 'GET') {
      const id = url.searchParams.get('webhook_id');
      if (!id) send(res, 400, { error: 'webhook_id is required' });
      else send(res, 200, { count: counts.get(id) ?? 0 });
    } else if (url.pathname === PATH || url.pathname === `${PATH}/processed`) {
      send(res, 405, { error: 'method not allowed' });
    } else {
      send(res, 404, { error: 'not found' });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${PATH}`,
    processed: (webhookId) => counts.get(webhookId) ?? 0,
    events: () => acted.map((e) => ({ ...e })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new Refused(413, 'body too large'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
