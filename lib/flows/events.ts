// Reading the receiver's deliveries the way decision 3 asks: by resource, ordered by `timestamp`.
import type { CheckContext, Delivery, Sink } from '../checks/context.js';
import { type Dialect, DOCS_DIALECT } from './revision/dialect.js';
import { eventInstantMs } from './revision/values.js';

/**
 * Deliveries about resource `id` (data.id) whose type starts with `prefix`, oldest `timestamp`
 * first (read as the contract writes it: pass the check's context; the documentation revision's
 * date-time strings otherwise).
 */
export function eventsAbout(sink: Sink, id: string, prefix = '', ctx?: CheckContext | Dialect): Delivery[] {
  const d = ctx ?? DOCS_DIALECT;
  return sink
    .deliveries()
    .filter((x) => x.payload?.data?.id === id && (x.type ?? '').startsWith(prefix))
    .sort((a, b) => eventInstantMs(d, a.payload) - eventInstantMs(d, b.payload) || a.receivedAt - b.receivedAt);
}

/** Waits for an event of `type` about resource `id`. */
export function waitForEvent(ctx: CheckContext, sink: Sink, type: string, id: string, pred: (d: Delivery) => boolean = () => true): Promise<Delivery> {
  return sink.waitFor((d) => d.type === type && d.payload?.data?.id === id && pred(d), { timeoutMs: ctx.timeoutMs, what: `${type} for ${id}` });
}

/** Fails unless the delivery verified (Standard Webhooks) and matches its event schema. */
export function expectGoodDelivery(ctx: CheckContext, d: Delivery): void {
  ctx.ensure(d.verified, `${d.type}: the delivery's signature does not verify`, 'a valid webhook-signature', d.verifyError);
  const v = ctx.validateEvent(d.type ?? '', d.payload);
  ctx.ensure(v.valid, `${d.type}: the payload does not match the event schema`, 'a payload valid against the contract', v.errors);
}
