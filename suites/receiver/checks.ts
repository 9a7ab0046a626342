// The requirement catalogue of a partner's webhook receiver (decision 16), judged by playing Dinie
// toward it (`npm run conformance -- --receiver=URL`): genuine deliveries of every event of the
// contract, forged, tampered, stale, future, header-less, rotated, repeated, unknown, out-of-order
// and concurrent ones. Every delivery is an exchange in the evidence, with a shell snippet that
// makes it again. Not part of the server catalogue (suites/catalogue.ts leaves partner-side areas out).

import { CheckFailure } from '../../lib/checks/types.js';
import { forgedSignature, type Recipe } from '../../lib/partner/receiver/delivery.js';
import { type ContractEvent, unknownEventType } from '../../lib/partner/receiver/events.js';
import { DELIVERY_TIMEOUT_MS, hexId, type ReceiverCheck, type ReceiverContext, TIMESTAMP_TOLERANCE_S } from '../../lib/partner/receiver/runner.js';

/** Far enough outside the 5-minute tolerance that clock skew cannot matter: 10 minutes. */
const OUTSIDE_TOLERANCE_S = 2 * TIMESTAMP_TOLERANCE_S;

const clone = <T>(v: T): T => structuredClone(v);

function event(ctx: ReceiverContext, type: string): ContractEvent | undefined {
  return ctx.events.find((e) => e.type === type);
}

/** The example a forged or stale delivery carries: loan.active when the contract has it (money moved), else the first event. */
function sampleEvent(ctx: ReceiverContext): ContractEvent {
  return event(ctx, 'loan.active') ?? ctx.events[0]!;
}

/** The example with one member changed after signing (the net amount disbursed, when there is one). */
function tampered(example: Record<string, unknown>): { body: Record<string, unknown>; change: string } {
  const body = clone(example);
  const data = (body.data && typeof body.data === 'object' ? body.data : undefined) as Record<string, unknown> | undefined;
  for (const member of ['net_amount', 'requested_amount', 'amount', 'approved_amount']) {
    if (data && typeof data[member] === 'string') {
      data[member] = '999999.00';
      return { body, change: `data.${member} ${JSON.stringify(example.data && (example.data as Record<string, unknown>)[member])} → "999999.00"` };
    }
  }
  if (data && typeof data.status === 'string') {
    data.status = data.status === 'active' ? 'cancelled' : 'active';
    return { body, change: `data.status → "${data.status}"` };
  }
  body.type = `${String(body.type)}.tampered`;
  return { body, change: `type → "${body.type}"` };
}

export const receiverChecks: ReceiverCheck[] = [
  {
    id: 'RECV-EVENTS-ACKNOWLEDGED',
    level: 'MUST',
    area: 'receiver',
    title: `Every event of the contract, delivered genuine and correctly signed, is acknowledged with a 2xx within the ${DELIVERY_TIMEOUT_MS / 1000} s delivery timeout.`,
    source: 'decision 16; decision 2; seed 001 · Webhooks; seed 004 · Webhooks',
    async run(ctx) {
      const recipes = ctx.events.map((e) => {
        // The payload is the contract's own example, proven valid against its schema (contractEvents).
        const v = ctx.contract.validateEvent(e.type, e.example);
        if (!v.valid) ctx.fail(`the contract's example of ${e.type} is not valid against its schema: ${v.errors.join('; ')}`);
        return ctx.genuine(`${e.type} (the contract's example)`, e.example);
      });
      const ds = [];
      let silent = 0;
      for (const [i, recipe] of recipes.entries()) {
        // One after another, as events of one endpoint come; but a receiver that stopped answering
        // gets the rest at once (each still waited for in full), so it costs one timeout, not sixteen.
        if (silent >= 2) {
          ctx.note(`no answer to ${silent} deliveries in a row: the remaining ${recipes.length - i} events were delivered at once`);
          ds.push(...(await ctx.deliverAll(recipes.slice(i))));
          break;
        }
        const d = await ctx.deliver(recipe);
        silent = d.status === undefined ? silent + 1 : 0;
        ds.push(d);
      }
      ctx.note(`${ctx.events.length} event types of the contract, each its example payload (valid against its schema)`);
      ctx.expectAcknowledged(ds, 'genuine deliveries were');
    },
  },
  {
    id: 'RECV-REFUSES-FORGED-SIGNATURE',
    level: 'MUST',
    area: 'receiver',
    title:
      "A delivery whose signature verifies with none of the receiver's secrets (a forged signature, or one made with another endpoint's secret) is refused with a non-2xx.",
    source: 'decision 16; decision 2; api-facts 1.11',
    async run(ctx) {
      const e = sampleEvent(ctx);
      const ds = [
        await ctx.deliver(
          ctx.genuine(`${e.type} with a forged signature (random bytes)`, e.example, { signatures: [{ by: 'literal', value: forgedSignature() }] }),
        ),
        await ctx.deliver(
          ctx.genuine(`${e.type} signed with another endpoint's secret`, e.example, { signatures: [{ by: 'other', key: ctx.otherSecret.key }] }),
        ),
      ];
      ctx.expectRefused(ds, 'deliveries with a signature the receiver cannot verify were');
    },
  },
  {
    id: 'RECV-REFUSES-TAMPERED-BODY',
    level: 'MUST',
    area: 'receiver',
    title: 'A delivery whose body was changed after it was signed is refused with a non-2xx.',
    source: 'decision 16; decision 2; api-facts 1.11 (the signature covers the raw body)',
    async run(ctx) {
      const e = sampleEvent(ctx);
      const { body, change } = tampered(e.example);
      const d = await ctx.deliver(ctx.genuine(`${e.type} signed, then tampered with (${change})`, body, { signedBody: JSON.stringify(e.example) }));
      ctx.expectRefused([d], 'tampered deliveries were');
    },
  },
  {
    id: 'RECV-REFUSES-MISSING-HEADERS',
    level: 'MUST',
    area: 'receiver',
    title: 'A delivery without webhook-id, without webhook-timestamp or without webhook-signature is refused with a non-2xx.',
    source: 'decision 16; decision 2 (Standard Webhooks headers)',
    async run(ctx) {
      const e = sampleEvent(ctx);
      const ds = [];
      for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
        ds.push(await ctx.deliver(ctx.genuine(`${e.type} without ${header}`, e.example, { omit: [header] })));
      }
      ctx.expectRefused(ds, 'deliveries missing a webhook-* header were');
    },
  },
  {
    id: 'RECV-REFUSES-STALE-TIMESTAMP',
    level: 'MUST',
    area: 'receiver',
    title: `A correctly signed delivery whose webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_S / 60} minutes old is refused with a non-2xx (a replay).`,
    source: "decision 16; decision 2; api-facts 1.11 (Standard Webhooks' 5-minute tolerance)",
    async run(ctx) {
      const e = sampleEvent(ctx);
      const d = await ctx.deliver(
        ctx.genuine(`${e.type} signed ${OUTSIDE_TOLERANCE_S / 60} minutes ago`, e.example, { timestampOffsetS: -OUTSIDE_TOLERANCE_S }),
      );
      ctx.expectRefused([d], 'stale deliveries were');
    },
  },
  {
    id: 'RECV-REFUSES-FUTURE-TIMESTAMP',
    level: 'MUST',
    area: 'receiver',
    title: `A correctly signed delivery whose webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_S / 60} minutes in the future is refused with a non-2xx.`,
    source: "decision 16; decision 2; api-facts 1.11 (Standard Webhooks' 5-minute tolerance, both directions)",
    async run(ctx) {
      const e = sampleEvent(ctx);
      const d = await ctx.deliver(
        ctx.genuine(`${e.type} timestamped ${OUTSIDE_TOLERANCE_S / 60} minutes ahead`, e.example, { timestampOffsetS: OUTSIDE_TOLERANCE_S }),
      );
      ctx.expectRefused([d], 'future-dated deliveries were');
    },
  },
  {
    id: 'RECV-ACCEPTS-ROTATION-SIGNATURES',
    level: 'MUST',
    area: 'receiver',
    title:
      'A delivery carrying two signatures (old and new secret during a rotation) of which one verifies is acknowledged with a 2xx, whichever position the valid one holds.',
    source: 'decision 16; decision 3 (rotation grace period); api-facts 1.11',
    async run(ctx) {
      const e = sampleEvent(ctx);
      const other = { by: 'other' as const, key: ctx.otherSecret.key };
      const ds = [
        await ctx.deliver(ctx.genuine(`${e.type} with two signatures, the valid one first`, e.example, { signatures: [{ by: 'secret' }, other] })),
        await ctx.deliver(ctx.genuine(`${e.type} with two signatures, the valid one second`, e.example, { signatures: [other, { by: 'secret' }] })),
      ];
      ctx.expectAcknowledged(ds, 'rotation deliveries were');
    },
  },
  {
    id: 'RECV-ACKS-REDELIVERY',
    level: 'MUST',
    area: 'receiver',
    title: 'A redelivery of the same webhook-id (a retry by Dinie) is acknowledged with a 2xx, as the first delivery was.',
    source: 'decision 16; decision 3 (retries keep the webhook-id)',
    async run(ctx) {
      const e = event(ctx, 'loan.created') ?? ctx.events[0]!;
      const first = ctx.genuine(`${e.type}, first delivery`, e.example);
      const ds = [await ctx.deliver(first)];
      // A retry: the same id and body, a fresh timestamp and signature.
      ds.push(await ctx.deliver({ ...first, label: `${e.type}, redelivered with the same webhook-id` }));
      ctx.expectAcknowledged(ds, 'deliveries of one webhook-id were');
    },
  },
  {
    id: 'RECV-PROCESSES-ONCE',
    level: 'SHOULD',
    area: 'receiver',
    title: "A redelivery of the same webhook-id, after the first or at the same time, is acted on once, as the partner's observation hook reports.",
    source: 'decision 16 (acts on a redelivery once)',
    async run(ctx) {
      if (!ctx.processedUrl) {
        ctx.skip(
          'needs the partner\'s observation hook to see what was acted on: give --receiver-processed-url TEMPLATE (with {webhook_id}, answering {"count": n})',
        );
      }
      const e = event(ctx, 'loan.created') ?? ctx.events[0]!;
      const count = async (webhookId: string): Promise<number> => {
        const r = await ctx.processedCount(webhookId);
        if ('problem' in r) throw new CheckFailure(`cannot observe what was acted on: ${r.problem}`);
        return r.count;
      };
      /** The count once acting (perhaps asynchronous) has shown, and a little after for a second time. */
      const settled = async (webhookId: string): Promise<number> => {
        let n = await count(webhookId);
        const until = Date.now() + Math.min(ctx.deliveryTimeoutMs, 5_000);
        while (n === 0 && Date.now() < until) {
          await ctx.sleep(100);
          n = await count(webhookId);
        }
        if (n === 1) {
          await ctx.sleep(300);
          n = await count(webhookId);
        }
        return n;
      };
      // A retry after a while: the same webhook-id and body, delivered again once the first was acknowledged.
      const first = ctx.genuine(`${e.type}, first delivery`, e.example);
      const before = await count(first.webhookId);
      if (before !== 0) ctx.fail(`the observation hook reports ${before} for a webhook-id never delivered`, 0, before);
      const ds = [await ctx.deliver(first)];
      ds.push(await ctx.deliver({ ...first, label: `${e.type}, redelivered with the same webhook-id` }));
      // A retry that overtakes the first attempt still in flight: both at once.
      const twin = ctx.genuine(`${e.type}, delivered twice at once (first)`, e.example);
      ds.push(...(await ctx.deliverAll([twin, { ...twin, label: `${e.type}, delivered twice at once (second)` }])));
      ctx.expectAcknowledged(ds, 'deliveries of one webhook-id were');
      const acted = [
        { what: 'one delivery and one redelivery', id: first.webhookId, n: await settled(first.webhookId) },
        { what: 'two deliveries at once', id: twin.webhookId, n: await settled(twin.webhookId) },
      ];
      for (const a of acted) ctx.note(`the observation hook reports webhook-id ${a.id} acted on ${a.n} time(s) after ${a.what}`);
      const wrong = acted.filter((a) => a.n !== 1);
      if (wrong.length) {
        ctx.fail(
          wrong.map((a) => `webhook-id ${a.id} was acted on ${a.n} times after ${a.what}`).join('; '),
          'acted on once each',
          Object.fromEntries(acted.map((a) => [a.what, a.n])),
        );
      }
    },
  },
  {
    id: 'RECV-ACKS-UNKNOWN-EVENT-TYPE',
    level: 'SHOULD',
    area: 'receiver',
    title: 'A genuine delivery of an event type the contract does not list (a later revision may add types) is acknowledged with a 2xx.',
    source: 'decision 16; decision 10 (other event types may arrive)',
    async run(ctx) {
      const type = unknownEventType(ctx.contract);
      const payload = {
        id: ctx.newId(),
        type,
        timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        data: { id: hexId('cust'), external_id: 'partner-ref-123', status: 'denied' },
      };
      const d = await ctx.deliver(ctx.genuine(`${type} (a type the contract does not list)`, payload));
      ctx.expectAcknowledged([d], 'deliveries of an unknown event type were');
    },
  },
  {
    id: 'RECV-ACKS-UNKNOWN-MEMBERS',
    level: 'SHOULD',
    area: 'receiver',
    title: 'A genuine delivery of a known event carrying members the contract does not list (in the envelope and in data) is acknowledged with a 2xx.',
    source: 'decision 16; decision 2 (members such as id, api_version may appear)',
    async run(ctx) {
      const e = event(ctx, 'customer.created') ?? ctx.events[0]!;
      const body = clone(e.example);
      Object.assign(body, { api_version: '2026-03-01', delivery_id: hexId('dlv'), livemode: false });
      if (body.data && typeof body.data === 'object') Object.assign(body.data as object, { risk_segment: 'b2', metadata: { channel: 'partner-app' } });
      const d = await ctx.deliver(ctx.genuine(`${e.type} with unknown members (api_version, delivery_id, livemode; data.risk_segment, data.metadata)`, body));
      ctx.expectAcknowledged([d], 'deliveries with unknown members were');
    },
  },
  {
    id: 'RECV-ACKS-OUT-OF-ORDER',
    level: 'SHOULD',
    area: 'receiver',
    title: "Deliveries of one resource out of its state machine's order (loan.active before loan.created) are each acknowledged with a 2xx.",
    source: 'decision 16; decision 3 (receivers must not depend on order)',
    async run(ctx) {
      const active = event(ctx, 'loan.active');
      const created = event(ctx, 'loan.created');
      // A contract without these two uses its last event and then its first, for one id.
      const [later, earlier] = active && created ? [active, created] : [ctx.events.at(-1)!, ctx.events[0]!];
      const loanId = hexId('ln');
      const withId = (ex: Record<string, unknown>) => {
        const body = clone(ex);
        if (body.data && typeof body.data === 'object') (body.data as Record<string, unknown>).id = loanId;
        return body;
      };
      const ds = [
        await ctx.deliver(ctx.genuine(`${later.type} for ${loanId}, before its ${earlier.type}`, withId(later.example))),
        await ctx.deliver(ctx.genuine(`${earlier.type} for ${loanId}, after its ${later.type}`, withId(earlier.example))),
      ];
      ctx.expectAcknowledged(ds, 'out-of-order deliveries were');
    },
  },
  {
    id: 'RECV-ACKS-CONCURRENT',
    level: 'SHOULD',
    area: 'receiver',
    title: 'Ten genuine deliveries made at the same time are each acknowledged with a 2xx.',
    source: 'decision 16 (concurrent deliveries)',
    async run(ctx) {
      const recipes: Recipe[] = Array.from({ length: 10 }, (_, i) => {
        const e = ctx.events[i % ctx.events.length]!;
        return ctx.genuine(`${e.type} (${i + 1} of 10 at once)`, e.example);
      });
      const ds = await ctx.deliverAll(recipes);
      ctx.expectAcknowledged(ds, 'concurrent deliveries were');
    },
  },
];
