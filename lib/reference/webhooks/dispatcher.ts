// Signed delivery of events to a partner's endpoints (Standard Webhooks, decisions 2 and 3).
// - one message id per event per endpoint, the same on every retry, with the same body;
// - any 2xx is delivered; a non-2xx, a transport error or a timeout is retried with exponential
//   back-off (options.webhookRetry) up to maxAttempts;
// - deliveries of one resource (event data.id) to one endpoint go out one after another, in the
//   order the events happened;
// - only loopback URLs are called (the reference server never sends traffic off this machine);
// - nothing goes out after close().
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { Dispatcher, Kernel } from '../kernel.js';
import type { WireEvent } from '../wire/index.js';
import { matches } from './catalogue.js';
import { deletedEndpoints, type EndpointRecord, endpointStore, signingSecrets } from './endpoints.js';
import { newSecret, signDelivery } from './signing.js';

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface DeliveryAttempt {
  endpointId: string;
  eventId: string;
  messageId: string;
  attempt: number;
  status: number | null;
  error?: string;
}

export interface ReferenceDispatcher extends Dispatcher {
  /** Resolves when every delivery queued so far has finished (delivered or given up). */
  idle(): Promise<void>;
  /** Every attempt made, oldest first (for diagnostics and self-tests). */
  readonly attempts: readonly DeliveryAttempt[];
}

export function messageIdFor(eventId: string, endpointId: string): string {
  return `msg_${createHash('sha256').update(`${eventId}:${endpointId}`).digest('hex').slice(0, 32)}`;
}

/**
 * What goes on the wire: the revision's envelope of the event for this endpoint. Fault
 * `webhook-payload-invalid` drops customer.created's external_id; fault
 * `webhook-loan-active-without-net-amount` drops the amount loan.active names (net_amount, or the
 * SDK revision's principal_amount).
 */
function payloadOf(kernel: Kernel, event: WireEvent, endpointId: string): unknown {
  let data = event.data;
  if (kernel.faults.has('webhook-payload-invalid') && event.type === 'customer.created') {
    const { external_id: _dropped, ...rest } = data;
    data = rest;
  }
  // Fault `webhook-customer-external-id-is-id`: customer.created maps the customer's id into `external_id`.
  if (kernel.faults.has('webhook-customer-external-id-is-id') && event.type === 'customer.created') data = { ...data, external_id: data.id };
  if (kernel.faults.has('webhook-loan-active-without-net-amount') && event.type === 'loan.active') {
    const { [kernel.wire.loanActiveAmountMember]: _dropped, ...rest } = data;
    data = rest;
  }
  return kernel.wire.deliveryBody({ ...event, data }, endpointId);
}

export function createDispatcher(kernel: Kernel): ReferenceDispatcher {
  const { faults } = kernel;
  const retry = kernel.options.webhookRetry;
  let closed = false;
  const queues = new Map<string, Promise<void>>();
  const waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const inflight = new Set<AbortController>();
  const attempts: DeliveryAttempt[] = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const w = { timer: setTimeout(() => (waits.delete(w), resolve()), ms), resolve };
      waits.add(w);
    });

  // Fault `webhook-deleted-still-delivers`: deleted endpoints the dispatcher still sees.
  const stillSeen = (partnerId: string): ReadonlyMap<string, EndpointRecord> =>
    faults.has('webhook-deleted-still-delivers') ? deletedEndpoints(kernel, partnerId) : new Map();
  const deliverable = (e: EndpointRecord | undefined): e is EndpointRecord =>
    e !== undefined && (e.status === 'active' || faults.has('webhook-disabled-still-delivers'));

  async function deliver(partnerId: string, endpointId: string, event: WireEvent): Promise<void> {
    const body = JSON.stringify(payloadOf(kernel, event, endpointId));
    // Faults `webhook-id-per-endpoint` (one id for every event of an endpoint) and `webhook-id-with-dot`.
    const stableId = faults.has('webhook-id-per-endpoint')
      ? messageIdFor('', endpointId)
      : faults.has('webhook-id-with-dot')
        ? `${event.id}.${endpointId}`
        : messageIdFor(event.id, endpointId);
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
      // Re-read the endpoint each time: a delete or a disable stops further attempts.
      const endpoint = endpointStore(kernel, partnerId).get(endpointId) ?? stillSeen(partnerId).get(endpointId);
      if (closed || !deliverable(endpoint)) return;
      const messageId = faults.has('webhook-id-changes-on-retry') && attempt > 1 ? `msg_${randomBytes(16).toString('hex')}` : stableId;
      // The moment of this attempt on the server's clock, like the envelope's timestamp: once the
      // control API moved it, receivers judge webhook-timestamp against the moved clock
      // (docs/simulation-control.md, "Clock and webhook timestamps").
      const at = new Date(kernel.clock.nowMs() - (faults.has('webhook-stale-timestamp') ? 600_000 : 0));
      const secrets = faults.has('webhook-wrong-secret') ? [newSecret()] : signingSecrets(kernel, endpoint);
      const record: DeliveryAttempt = { endpointId, eventId: event.id, messageId, attempt, status: null };
      attempts.push(record);
      const ok = await post(endpoint.url, body, { ...signDelivery(secrets, messageId, at, body) }, record);
      // Fault `webhook-no-retry`: a failed delivery is given up at once.
      if (ok || closed || faults.has('webhook-no-retry')) return;
      if (attempt < retry.maxAttempts) await sleep(retry.baseMs * 2 ** (attempt - 1));
    }
  }

  async function post(url: string, body: string, headers: Record<string, string>, record: DeliveryAttempt): Promise<boolean> {
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      record.error = 'invalid url';
      return false;
    }
    if (!LOOPBACK.has(host)) {
      record.error = 'not a loopback address; the reference server only delivers on this machine';
      return false;
    }
    const abort = new AbortController();
    inflight.add(abort);
    const timer = setTimeout(() => abort.abort(), retry.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS);
    try {
      const res = await request(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'user-agent': 'dinie-reference-webhooks/1', ...headers },
        signal: abort.signal,
      });
      await res.body.dump();
      record.status = res.statusCode;
      return res.statusCode >= 200 && res.statusCode < 300;
    } catch (err) {
      record.error = abort.signal.aborted ? 'timeout' : String((err as Error).message ?? err);
      return false;
    } finally {
      clearTimeout(timer);
      inflight.delete(abort);
    }
  }

  return {
    attempts,
    dispatch(partnerId, event) {
      // Fault `webhook-offer-event-dropped`: credit_offer.available events are never delivered.
      if (closed || (faults.has('webhook-offer-event-dropped') && event.type === 'credit_offer.available')) return;
      const resource = typeof event.data.id === 'string' ? event.data.id : event.id;
      for (const endpoint of [...endpointStore(kernel, partnerId).values(), ...stillSeen(partnerId).values()]) {
        // Fault `webhook-wildcard-matches-all`: a `resource.*` subscription receives every event.
        const wildAll = faults.has('webhook-wildcard-matches-all') && endpoint.events.some((f) => f.endsWith('.*'));
        if (!deliverable(endpoint) || !(matches(endpoint.events, event.type) || wildAll)) continue;
        const key = `${endpoint.id}:${resource}`;
        const next = (queues.get(key) ?? Promise.resolve()).then(() => deliver(partnerId, endpoint.id, event));
        queues.set(key, next);
        void next.finally(() => {
          if (queues.get(key) === next) queues.delete(key);
        });
      }
    },
    async idle() {
      while (queues.size > 0) await Promise.all([...queues.values()]);
    },
    async close() {
      closed = true;
      for (const w of waits) {
        clearTimeout(w.timer);
        w.resolve();
      }
      waits.clear();
      for (const a of inflight) a.abort();
      await Promise.allSettled([...queues.values()]);
    },
  };
}
