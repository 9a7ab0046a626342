// The webhook dispatcher of observe mode: delivers every event to the partner's endpoints as the
// reference dispatcher does (Standard Webhooks signatures with the endpoint's secrets, retries with
// back-off on a non-2xx, decision 3), one endpoint's deliveries one at a time, and on the schedule
// adds what real deliveries bring: a redelivery of an event (same webhook-id), a copy signed with
// a secret that is not the endpoint's, and an event held back until after the next one. Every
// attempt is recorded for the judges (lib/partner/client).
import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { Dispatcher, Kernel } from '../kernel.js';
import { matches } from '../webhooks/catalogue.js';
import { messageIdFor } from '../webhooks/dispatcher.js';
import { type EndpointRecord, endpointStore, signingSecrets } from '../webhooks/endpoints.js';
import { newSecret, signDelivery } from '../webhooks/signing.js';
import type { WireEvent as DinieEvent } from '../wire/index.js';
import type { ObservedDelivery, ObserveSchedule } from './types.js';

export interface DeliverySink {
  /** ms since the session started. */
  now(): number;
  record(delivery: Omit<ObservedDelivery, 'seq'>): void;
  /** An endpoint the partner registered, seen when an event was dispatched to it. */
  endpoint(e: { id: string; url: string; events: string[] }): void;
}

export interface ObservingDispatcher extends Dispatcher {
  /** Resolves when every delivery queued so far has finished (held events wait for their time). */
  idle(): Promise<void>;
  /** Stops taking new events (the session ended); queued deliveries go on until close(). */
  stop(): void;
}

interface EndpointState {
  /** Events dispatched to this endpoint so far. */
  count: number;
  queue: Promise<void>;
  held?: { partnerId: string; event: DinieEvent; n: number; timer: NodeJS.Timeout };
}

const RESPONSE_KEPT = 2048;

export function createObservingDispatcher(kernel: Kernel, schedule: ObserveSchedule, sink: DeliverySink): ObservingDispatcher {
  const retry = kernel.options.webhookRetry;
  const states = new Map<string, EndpointState>();
  const inflight = new Set<AbortController>();
  const waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let stopped = false;
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const w = { timer: setTimeout(() => (waits.delete(w), resolve()), ms), resolve };
      waits.add(w);
    });

  const state = (endpointId: string): EndpointState => {
    let s = states.get(endpointId);
    if (!s) states.set(endpointId, (s = { count: 0, queue: Promise.resolve() }));
    return s;
  };
  const enqueue = (s: EndpointState, job: () => Promise<void>) => {
    s.queue = s.queue.then(job).catch(() => {});
  };
  const live = (partnerId: string, endpointId: string): EndpointRecord | undefined => {
    const e = endpointStore(kernel, partnerId).get(endpointId);
    return e && e.status === 'active' ? e : undefined;
  };

  async function post(
    endpoint: EndpointRecord,
    kind: ObservedDelivery['kind'],
    event: DinieEvent,
    body: string,
    messageId: string,
    secrets: string[],
    attempt: number,
    outOfOrder: boolean,
  ): Promise<boolean> {
    const at = sink.now();
    const startedAt = new Date().toISOString();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'dinie-reference-webhooks/1 (observe)',
      ...signDelivery(secrets, messageId, new Date(), body),
    };
    const abort = new AbortController();
    inflight.add(abort);
    const timer = setTimeout(() => abort.abort(), schedule.deliveryTimeoutMs);
    const t0 = performance.now();
    let status: number | null = null;
    let error: string | undefined;
    let responseBody: string | undefined;
    try {
      const res = await request(endpoint.url, { method: 'POST', body, headers, signal: abort.signal });
      status = res.statusCode;
      const text = await res.body.text().catch(() => '');
      responseBody = text.length > RESPONSE_KEPT ? `${text.slice(0, RESPONSE_KEPT)}… [${text.length} characters]` : text;
    } catch (err) {
      error = abort.signal.aborted
        ? closed
          ? 'the session ended before an answer came'
          : `no answer within ${schedule.deliveryTimeoutMs} ms`
        : String((err as { code?: string }).code ?? (err as Error).message ?? err);
    } finally {
      clearTimeout(timer);
      inflight.delete(abort);
    }
    sink.record({
      endpointId: endpoint.id,
      url: endpoint.url,
      kind,
      ...(outOfOrder ? { outOfOrder: true } : {}),
      eventId: event.id,
      eventType: event.type,
      messageId,
      attempt,
      at,
      startedAt,
      status,
      ...(error ? { error } : {}),
      durationMs: Math.round(performance.now() - t0),
      body,
      headers,
      ...(responseBody !== undefined ? { responseBody } : {}),
    });
    return status !== null && status >= 200 && status < 300;
  }

  /** An event's genuine delivery (retried on a non-2xx), then the scheduled redelivery or forged copy. */
  async function deliver(partnerId: string, endpointId: string, event: DinieEvent, n: number, outOfOrder: boolean): Promise<void> {
    const body = JSON.stringify(event);
    const messageId = messageIdFor(event.id, endpointId);
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
      const endpoint = live(partnerId, endpointId);
      if (closed || !endpoint) return;
      if (await post(endpoint, 'genuine', event, body, messageId, signingSecrets(kernel, endpoint), attempt, outOfOrder)) break;
      if (attempt < retry.maxAttempts) await sleep(retry.baseMs * 2 ** (attempt - 1));
    }
    if (n === schedule.duplicateAt) {
      const endpoint = live(partnerId, endpointId);
      if (!closed && endpoint) await post(endpoint, 'redelivery', event, body, messageId, signingSecrets(kernel, endpoint), 1, false);
    }
    if (n === schedule.forgedAt) {
      const endpoint = live(partnerId, endpointId);
      // A new webhook-id, so a receiver that remembers ids cannot answer it from memory: it has to verify.
      if (!closed && endpoint) await post(endpoint, 'forged', event, body, `msg_${randomBytes(16).toString('hex')}`, [newSecret()], 1, false);
    }
  }

  /** Sends the event held back: after a later one (out of order), or alone when none came within holdMs (in order after all). */
  function release(endpointId: string, s: EndpointState, afterLater: boolean): void {
    const held = s.held;
    if (!held) return;
    clearTimeout(held.timer);
    s.held = undefined;
    enqueue(s, () => deliver(held.partnerId, endpointId, held.event, held.n, afterLater));
  }

  return {
    dispatch(partnerId, event) {
      if (stopped || closed) return;
      for (const endpoint of endpointStore(kernel, partnerId).values()) {
        if (endpoint.status !== 'active' || !matches(endpoint.events, event.type)) continue;
        sink.endpoint({ id: endpoint.id, url: endpoint.url, events: [...endpoint.events] });
        const s = state(endpoint.id);
        const n = ++s.count;
        if (n === schedule.outOfOrderAt && !s.held) {
          const timer = setTimeout(() => release(endpoint.id, s, false), schedule.holdMs);
          s.held = { partnerId, event, n, timer };
          continue;
        }
        enqueue(s, () => deliver(partnerId, endpoint.id, event, n, false));
        release(endpoint.id, s, true);
      }
    },
    async idle() {
      for (;;) {
        const queues = [...states.values()].map((s) => s.queue);
        await Promise.all(queues);
        if ([...states.values()].every((s, i) => s.queue === queues[i])) return;
      }
    },
    stop() {
      stopped = true;
    },
    async close() {
      stopped = true;
      closed = true;
      for (const s of states.values()) {
        if (s.held) clearTimeout(s.held.timer);
        s.held = undefined;
      }
      for (const w of waits) {
        clearTimeout(w.timer);
        w.resolve();
      }
      waits.clear();
      for (const a of inflight) a.abort();
      await Promise.allSettled([...states.values()].map((s) => s.queue));
    },
  };
}
