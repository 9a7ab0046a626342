// Webhooks (decisions 2, 3, 7, 10, 11; api-facts 1.2, 1.11; seeds 001/004 event pages): endpoint
// management, Standard Webhooks signatures and headers, retries, rotation, filtering, disabling and
// payload schemas. Every event is provoked with the cheapest trigger there is: registering a
// customer (`customer.created`).
import type { CheckContext, Delivery, Sink } from '../../lib/checks/context.js';
import type { Check } from '../../lib/checks/types.js';
import { createCustomer } from '../../lib/flows/customers.js';
import { newLoan } from '../../lib/flows/journeys.js';
import { walkLoan } from '../../lib/flows/loans.js';
import { readList } from '../../lib/flows/pages.js';
import { expectProblem } from '../../lib/flows/problem.js';
import { eventInstantMs, instantMs, instantWords } from '../../lib/flows/revision/values.js';
import { ABSENCE_GRACE_MS, createEndpoint, deleteQuietly, sleep, withEndpoints } from './endpoints.js';
import { signedWith, v1Signatures } from './signature.js';

// The grace period the rotation checks ask for (`expire_current_in`), and how far before and after
// its end they judge it. Checks that move the target's clock run alone (isExclusive), so nothing
// else moves it under them: the old secret must verify shortly before that instant, not after.
const ROTATION_GRACE_S = 120;
const GRACE_MARGIN_S = 10;

const NEEDS_DELIVERY = ['stateful', 'webhooks'] as const;

/** The customer.created delivery about `customerId` on `sink`. */
function customerCreated(ctx: CheckContext, sink: Sink, customerId: string): Promise<Delivery> {
  return sink.waitFor((d) => d.type === 'customer.created' && d.payload?.data?.id === customerId, {
    timeoutMs: ctx.timeoutMs,
    what: `customer.created for ${customerId}`,
  });
}

/** What identifies one event across delivery attempts, whatever the headers say. */
function eventKey(d: Delivery): string {
  const p = d.payload ?? {};
  return JSON.stringify([p.id ?? null, d.type ?? null, p.data?.id ?? null, p.timestamp ?? null]);
}

function hasSecretMember(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.hasOwn(v, 'secret');
}

/** Fails unless the answer is a 2xx. */
function expectStatusOk(ctx: CheckContext, res: { status: number; body: unknown }, what: string): void {
  ctx.ensure(res.status >= 200 && res.status < 300, `${what} was refused`, '2xx', { status: res.status, body: res.body });
}

export const checks: Check[] = [
  // ── endpoint management ────────────────────────────────────────────────────────────────────
  {
    id: 'HOOK-ENDPOINT-CREATE',
    level: 'MUST',
    area: 'webhooks',
    title: 'POST /webhooks/endpoints answers 201 with the endpoint and its `whsec_` signing secret.',
    source: 'decision 11; api-facts 1.2',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const ep = await createEndpoint(ctx, { events: ['customer.*'], description: 'create check' });
      try {
        // The secret's form and strength before the schema, which would refuse a bad form too but not say why.
        const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(ep.secret);
        ctx.ensure(m, 'the secret is not `whsec_` + base64', 'whsec_<base64>', `${ep.secret.slice(0, 10)}…`);
        ctx.ensure(
          Buffer.from(m[1]!, 'base64').length >= 16,
          'the secret is too short to be a signing key',
          'at least 16 bytes of key',
          Buffer.from(m[1]!, 'base64').length,
        );
        const v = ctx.validateResponse('createWebhookEndpoint', ep.created);
        ctx.ensure(v.valid, 'the 201 does not match the contract', 'a valid WebhookEndpointWithSecret', v.errors);
        ctx.ensure(ep.created.body.url === ep.sink.url, 'the endpoint does not keep its url', ep.sink.url, ep.created.body.url);
        ctx.ensure(ep.created.body.status === 'active', 'a new endpoint is not active', 'active', ep.created.body.status);
      } finally {
        await deleteQuietly(ctx, ep.id);
      }
    },
  },
  {
    id: 'HOOK-SECRET-SHOWN-ONCE',
    level: 'MUST',
    area: 'webhooks',
    title: 'The signing secret appears only in the create response: retrieving or listing endpoints never shows it.',
    source: 'api-facts 1.2 (WebhookEndpointWithSecret only on create)',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const ep = await createEndpoint(ctx, { description: 'secret once check' });
      try {
        const got = await ctx.api.request({ method: 'GET', path: `/webhooks/endpoints/${ep.id}` });
        ctx.ensure(got.status === 200, 'GET /webhooks/endpoints/{id} failed', 200, { status: got.status, body: got.body });
        ctx.ensure(!hasSecretMember(got.body) && !got.text.includes(ep.secret), 'retrieving the endpoint shows its secret', 'no `secret`', got.body);
        // Within the page budget (noted when the list is longer).
        const { items } = await readList(ctx, '/webhooks/endpoints');
        ctx.ensure(
          !JSON.stringify(items).includes(ep.secret) && !items.some(hasSecretMember),
          'the endpoint list shows secrets',
          'no `secret` in the list',
          items.find(hasSecretMember),
        );
      } finally {
        await deleteQuietly(ctx, ep.id);
      }
    },
  },
  {
    id: 'HOOK-ENDPOINT-READ',
    level: 'MUST',
    area: 'webhooks',
    title: 'A created endpoint can be retrieved by id and appears exactly once in the endpoint list.',
    source: 'decision 11; api-facts 1.2',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const ep = await createEndpoint(ctx, { events: ['loan.*'], description: 'read check' });
      try {
        const got = await ctx.api.request({ method: 'GET', path: `/webhooks/endpoints/${ep.id}` });
        ctx.ensure(got.status === 200, 'GET /webhooks/endpoints/{id} failed', 200, { status: got.status, body: got.body });
        const v = ctx.validateResponse('getWebhookEndpoint', got);
        ctx.ensure(v.valid, 'the endpoint does not match the contract', 'a valid WebhookEndpoint', v.errors);
        ctx.ensure(
          got.body.id === ep.id && got.body.url === ep.sink.url,
          'the retrieved endpoint is not the one created',
          { id: ep.id, url: ep.sink.url },
          got.body,
        );
        ctx.ensure(JSON.stringify(got.body.events) === JSON.stringify(['loan.*']), 'the endpoint does not keep its events', ['loan.*'], got.body.events);
        // Within the page budget: a list longer than it is judged on the prefix read (noted).
        const { items, cut } = await readList(ctx, '/webhooks/endpoints');
        const seen = items.filter((e) => e.id === ep.id).length;
        if (cut && seen === 0) ctx.note('the endpoint was not among the endpoints read; the rest of the list is not judged');
        else ctx.ensure(seen === 1, 'the endpoint list does not show the endpoint exactly once', 1, seen);
      } finally {
        await deleteQuietly(ctx, ep.id);
      }
    },
  },
  {
    id: 'HOOK-ENDPOINT-UPDATE',
    level: 'MUST',
    area: 'webhooks',
    title: 'PATCH /webhooks/endpoints/{id} changes only the members sent and returns the updated endpoint.',
    source: 'decision 11; api-facts 1.2 (UpdateWebhookEndpointRequest)',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const ep = await createEndpoint(ctx, { events: ['customer.*'], description: 'before update' });
      try {
        const patched = await ctx.api.request({
          method: 'PATCH',
          path: `/webhooks/endpoints/${ep.id}`,
          json: { description: 'after update', events: ['customer.created', 'loan.*'] },
        });
        ctx.ensure(patched.status === 200, 'PATCH did not succeed', 200, { status: patched.status, body: patched.body });
        const v = ctx.validateResponse('updateWebhookEndpoint', patched);
        ctx.ensure(v.valid, 'the PATCH answer does not match the contract', 'a valid WebhookEndpoint', v.errors);
        const got = await ctx.api.request({ method: 'GET', path: `/webhooks/endpoints/${ep.id}` });
        for (const [where, body] of [
          ['PATCH answer', patched.body],
          ['GET after PATCH', got.body],
        ] as const) {
          ctx.ensure(body?.description === 'after update', `${where}: description not changed`, 'after update', body?.description);
          ctx.ensure(
            JSON.stringify(body?.events) === JSON.stringify(['customer.created', 'loan.*']),
            `${where}: events not changed`,
            ['customer.created', 'loan.*'],
            body?.events,
          );
          ctx.ensure(body?.url === ep.sink.url, `${where}: the url changed though it was not sent`, ep.sink.url, body?.url);
          ctx.ensure(body?.status === 'active', `${where}: the status changed though it was not sent`, 'active', body?.status);
        }
      } finally {
        await deleteQuietly(ctx, ep.id);
      }
    },
  },
  {
    id: 'HOOK-ENDPOINT-DELETE',
    level: 'MUST',
    area: 'webhooks',
    title:
      'DELETE /webhooks/endpoints/{id} answers 204 with no body; afterwards the endpoint is 404 everywhere and no longer listed, also when read again after other operations.',
    source: 'decision 11; api-facts 1.2',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const ep = await createEndpoint(ctx, { description: 'delete check' });
      const del = await ctx.api.request({ method: 'DELETE', path: `/webhooks/endpoints/${ep.id}` });
      ctx.ensure(del.status === 204, 'DELETE did not answer 204', 204, { status: del.status, body: del.body });
      ctx.ensure(del.text === '', 'the 204 has a body', 'no body', del.text.slice(0, 200));
      const path = `/webhooks/endpoints/${ep.id}`;
      for (const req of [
        { method: 'GET', path },
        { method: 'PATCH', path, json: { description: 'x' } },
        { method: 'DELETE', path },
        { method: 'POST', path: `${path}/rotate-secret`, json: {} },
      ]) {
        const res = await ctx.api.request(req);
        expectProblem(ctx, res, { status: 404, what: `${req.method} ${req.path} after delete` });
      }
      // Deleted is where an endpoint ends: after another endpoint is made and changed, the deleted
      // one is read again and looked for in the list.
      const other = await createEndpoint(ctx, { description: 'after the delete check' });
      try {
        expectStatusOk(
          ctx,
          await ctx.api.request({ method: 'PATCH', path: `/webhooks/endpoints/${other.id}`, json: { description: 'changed after the delete' } }),
          'PATCH another endpoint',
        );
        const reread = await ctx.api.request({ method: 'GET', path });
        expectProblem(ctx, reread, { status: 404, what: `GET ${path} read again after other operations` });
        const listed = (await readList<{ id: string }>(ctx, '/webhooks/endpoints')).items;
        ctx.ensure(
          listed.some((e) => e.id === other.id),
          'GET /webhooks/endpoints lists the live endpoint',
          other.id,
          listed.map((e) => e.id),
        );
        ctx.ensure(!listed.some((e) => e.id === ep.id), 'GET /webhooks/endpoints must not list the deleted endpoint', 'not listed', ep.id);
      } finally {
        await deleteQuietly(ctx, other.id);
      }
    },
  },
  {
    id: 'HOOK-DELETED-ENDPOINT-NO-DELIVERY',
    level: 'MUST',
    area: 'webhooks',
    title: 'A deleted endpoint receives no further events.',
    source: 'api-facts 1.2 ("delete; all deliveries stop")',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      await withEndpoints(ctx, [{ description: 'control' }, { description: 'to be deleted' }], async ([control, gone]) => {
        const del = await ctx.api.request({ method: 'DELETE', path: `/webhooks/endpoints/${gone!.id}` });
        ctx.ensure(del.status === 204, 'DELETE did not answer 204', 204, del.status);
        const c = await createCustomer(ctx);
        await customerCreated(ctx, control!.sink, c.id);
        await sleep(ABSENCE_GRACE_MS);
        const leaked = gone!.sink.deliveries().filter((d) => d.payload?.data?.id === c.id);
        ctx.ensure(
          leaked.length === 0,
          'the deleted endpoint still received an event',
          'no delivery',
          leaked.map((d) => d.type),
        );
      });
    },
  },
  {
    id: 'HOOK-UNKNOWN-EVENT-REFUSED',
    level: 'SHOULD',
    area: 'webhooks',
    title: 'Subscribing to an event name outside the catalogue is refused with 422.',
    source: 'decision 11',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const res = await ctx.api.request({
        method: 'POST',
        path: '/webhooks/endpoints',
        json: { url: ctx.webhooks.sink().url, events: ['customer.teleported'] },
        idempotencyKey: true,
      });
      if (res.status === 201 && typeof res.body?.id === 'string') await deleteQuietly(ctx, res.body.id);
      expectProblem(ctx, res, { status: 422, what: 'an endpoint subscribed to customer.teleported' });
    },
  },
  // ── deliveries ───────────────────────────────────────────────────────────────────────────────
  {
    id: 'HOOK-SIGNATURE-VERIFIES',
    level: 'MUST',
    area: 'webhooks',
    title: "Every delivery carries a Standard Webhooks signature that verifies with the endpoint's secret.",
    source: 'decision 2; seed 001 · Webhooks (Standard Webhooks)',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      const { sink, secret } = await ctx.webhooks.subscribe(ctx.api);
      const c = await createCustomer(ctx);
      const d = await customerCreated(ctx, sink, c.id);
      ctx.ensure(d.verified, "the delivery does not verify with the endpoint's secret", 'a valid webhook-signature', d.verifyError);
      ctx.ensure(
        signedWith(secret, d.headers, d.rawBody),
        'the signature is not HMAC-SHA256 of id.timestamp.body under the secret',
        'a matching v1 signature',
        d.headers['webhook-signature'],
      );
      for (const other of sink.deliveries()) {
        ctx.ensure(other.verified, `a ${other.type} delivery does not verify`, 'every delivery verifies', other.verifyError);
      }
    },
  },
  {
    id: 'HOOK-HEADERS',
    level: 'MUST',
    area: 'webhooks',
    title: 'Every delivery carries webhook-id, webhook-timestamp (Unix seconds) and webhook-signature (`v1,<base64>` tokens).',
    source: 'decision 2; api-facts 1.11',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      const { sink } = await ctx.webhooks.subscribe(ctx.api);
      const c = await createCustomer(ctx);
      await customerCreated(ctx, sink, c.id);
      for (const d of sink.deliveries()) {
        const h = d.headers;
        ctx.ensure(
          typeof h['webhook-id'] === 'string' && h['webhook-id'].length > 0 && !h['webhook-id'].includes('.'),
          `${d.type}: webhook-id missing or containing a dot`,
          'a non-empty id without dots',
          h['webhook-id'],
        );
        ctx.ensure(
          /^\d{9,11}$/.test(h['webhook-timestamp'] ?? ''),
          `${d.type}: webhook-timestamp is not Unix seconds`,
          'an integer number of seconds',
          h['webhook-timestamp'],
        );
        const tokens = (h['webhook-signature'] ?? '').split(' ').filter(Boolean);
        ctx.ensure(
          tokens.length > 0 && tokens.every((t) => /^v1a?,[A-Za-z0-9+/]+={0,2}$/.test(t)),
          `${d.type}: webhook-signature is not a list of v1 tokens`,
          'v1,<base64>[ v1,<base64>…]',
          h['webhook-signature'],
        );
        ctx.ensure(
          v1Signatures(h['webhook-signature']).some((s) => Buffer.from(s, 'base64').length === 32),
          `${d.type}: no v1 token is a 32-byte HMAC-SHA256`,
          '32-byte signatures',
          h['webhook-signature'],
        );
      }
    },
  },
  {
    id: 'HOOK-TIMESTAMP-FRESH',
    level: 'MUST',
    area: 'webhooks',
    title: 'webhook-timestamp is within 5 minutes of the moment the delivery arrives.',
    source: 'decision 2; Standard Webhooks',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      const { sink } = await ctx.webhooks.subscribe(ctx.api);
      const c = await createCustomer(ctx);
      const d = await customerCreated(ctx, sink, c.id);
      // Arrival on the target's clock (moved only through the control API; docs/simulation-control.md).
      const skew = Number(d.headers['webhook-timestamp']) - (d.receivedAt + d.clockOffsetMs) / 1000;
      ctx.ensure(Math.abs(skew) <= 300, 'webhook-timestamp is more than 5 minutes away from the arrival time', 'within ±300 s', `${Math.round(skew)} s`);
    },
  },
  {
    id: 'HOOK-PAYLOAD-SCHEMA',
    level: 'MUST',
    area: 'webhooks',
    title: "Every event payload is `{type, timestamp, data}` and validates against its event's schema.",
    source: 'decision 2; seed 001 · Customer created webhook; seed 004 · loan webhooks',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      const { sink } = await ctx.webhooks.subscribe(ctx.api);
      const c = await createCustomer(ctx);
      const d = await customerCreated(ctx, sink, c.id);
      const v = ctx.validateEvent('customer.created', d.payload);
      ctx.ensure(v.valid, 'customer.created does not match its schema', 'a valid customer.created payload', v.errors);
      ctx.ensure(
        d.payload.data.external_id === c.external_id,
        "customer.created does not carry the customer's external_id",
        c.external_id,
        d.payload.data.external_id,
      );
      for (const other of sink.deliveries()) {
        const known = other.type !== undefined && ctx.contract.events.includes(other.type);
        if (!known) {
          ctx.note(`event type outside the catalogue (information, decision 10): ${other.type}`);
          continue;
        }
        ctx.ensure(other.schemaErrors.length === 0, `${other.type} does not match its schema`, 'a valid payload', other.schemaErrors);
        // The envelope's timestamp as the contract writes instants (a date-time, or epoch seconds).
        ctx.ensure(
          !Number.isNaN(eventInstantMs(ctx, other.payload)),
          `${other.type}: timestamp is not ${instantWords(ctx)}`,
          instantWords(ctx),
          other.payload?.timestamp,
        );
      }
    },
  },
  {
    id: 'HOOK-ID-DISTINCT',
    level: 'MUST',
    area: 'webhooks',
    title: 'Different events carry different webhook-ids.',
    source: 'decision 2; Standard Webhooks',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      const { sink } = await ctx.webhooks.subscribe(ctx.api, ['customer.created']);
      const a = await createCustomer(ctx);
      const b = await createCustomer(ctx);
      // Both events arrived; every delivery of the sink (theirs and any other customer's) is judged.
      await customerCreated(ctx, sink, a.id);
      await customerCreated(ctx, sink, b.id);
      const byId = new Map<string, string>();
      for (const d of sink.deliveries()) {
        const id = d.headers['webhook-id'] ?? '';
        const key = eventKey(d);
        const prev = byId.get(id);
        ctx.ensure(prev === undefined || prev === key, 'one webhook-id was used for two different events', 'one event per webhook-id', {
          webhookId: id,
          events: [prev, key],
        });
        byId.set(id, key);
      }
    },
  },
  {
    id: 'HOOK-RETRY-ON-FAILURE',
    level: 'SHOULD',
    area: 'webhooks',
    title: 'A delivery answered with a non-2xx status is retried.',
    source: 'decision 3',
    needs: [...NEEDS_DELIVERY],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { first, retry } = await failOnceAndWatch(ctx);
      ctx.ensure(retry, 'the event answered 500 was never delivered again', 'a retry of the failed delivery', {
        type: first.type,
        webhookId: first.headers['webhook-id'],
      });
    },
  },
  {
    id: 'HOOK-ID-STABLE-ON-RETRY',
    level: 'MUST',
    area: 'webhooks',
    title: 'A retried delivery carries the same webhook-id as the attempt it repeats.',
    source: 'decision 2; Standard Webhooks',
    needs: [...NEEDS_DELIVERY],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { first, retry } = await failOnceAndWatch(ctx);
      if (!retry) ctx.skip('the target did not retry the failed delivery (judged by HOOK-RETRY-ON-FAILURE)');
      ctx.ensure(
        retry.headers['webhook-id'] === first.headers['webhook-id'],
        'the retry carries a new webhook-id',
        first.headers['webhook-id'],
        retry.headers['webhook-id'],
      );
      ctx.ensure(retry.verified, 'the retry does not verify', 'a valid signature', retry.verifyError);
    },
  },
  {
    id: 'HOOK-EVENTS-FILTER',
    level: 'MUST',
    area: 'webhooks',
    title: 'An endpoint receives only the event types it subscribed to, by exact name or `resource.*` wildcard.',
    source: 'decision 11; api-facts 1.2',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      await withEndpoints(
        ctx,
        [{ events: ['customer.*'] }, { events: ['customer.created'] }, { events: ['loan.*'] }, { events: ['customer.active'] }],
        async ([wild, exact, otherWild, otherExact]) => {
          const c = await createCustomer(ctx);
          await customerCreated(ctx, wild!.sink, c.id);
          await customerCreated(ctx, exact!.sink, c.id);
          await sleep(ABSENCE_GRACE_MS);
          const judge = (sink: Sink, allowed: (t: string) => boolean, what: string) => {
            const wrong = sink.deliveries().filter((d) => !allowed(d.type ?? ''));
            ctx.ensure(
              wrong.length === 0,
              `an endpoint subscribed to ${what} received other events`,
              `only ${what}`,
              wrong.map((d) => d.type),
            );
          };
          judge(wild!.sink, (t) => t.startsWith('customer.'), 'customer.*');
          judge(exact!.sink, (t) => t === 'customer.created', 'customer.created');
          judge(otherWild!.sink, (t) => t.startsWith('loan.'), 'loan.*');
          judge(otherExact!.sink, (t) => t === 'customer.active', 'customer.active');
        },
      );
    },
  },
  {
    id: 'HOOK-DISABLED-NO-DELIVERY',
    level: 'MUST',
    area: 'webhooks',
    title: 'An endpoint with status `disabled` receives no events.',
    source: 'decision 11 ("status: disabled pauses delivery")',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      await withEndpoints(ctx, [{ description: 'control' }, { description: 'disabled' }], async ([control, disabled]) => {
        const patched = await ctx.api.request({ method: 'PATCH', path: `/webhooks/endpoints/${disabled!.id}`, json: { status: 'disabled' } });
        ctx.ensure(patched.status === 200 && patched.body?.status === 'disabled', 'the endpoint could not be disabled', 'status disabled', {
          status: patched.status,
          body: patched.body,
        });
        const c = await createCustomer(ctx);
        await customerCreated(ctx, control!.sink, c.id);
        await sleep(ABSENCE_GRACE_MS);
        const leaked = disabled!.sink.deliveries().filter((d) => d.payload?.data?.id === c.id);
        ctx.ensure(
          leaked.length === 0,
          'the disabled endpoint received an event',
          'no delivery',
          leaked.map((d) => d.type),
        );
      });
    },
  },
  {
    id: 'HOOK-FLOW-DELIVERIES-VALID',
    level: 'MUST',
    area: 'webhooks',
    title: "Every event of a customer's journey to an active loan arrives signed, with Standard Webhooks headers and a payload valid for its type.",
    source: 'decision 2; seed 001 · customer webhooks; seed 004 · loan webhooks; seed 000 · credit_offer.available',
    needs: [...NEEDS_DELIVERY],
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      const { sink, secret } = await ctx.webhooks.subscribe(ctx.api);
      const { loan, customer } = await newLoan(ctx);
      await walkLoan(ctx, loan.id, 'active');
      await sink.waitFor((d) => d.type === 'loan.active' && d.payload?.data?.id === loan.id, { timeoutMs: ctx.timeoutMs, what: `loan.active for ${loan.id}` });
      const mine = sink.deliveries().filter((d) => [customer.id, loan.id].includes(d.payload?.data?.id) || d.payload?.data?.customer_id === customer.id);
      const types = new Set(mine.map((d) => d.type));
      for (const t of ['customer.created', 'credit_offer.available', 'loan.created', 'loan.active']) {
        ctx.ensure(types.has(t), `no ${t} delivery arrived for the journey`, t, [...types]);
      }
      for (const d of mine) {
        // The timestamp first: Standard Webhooks verification also refuses a stale one, and would hide why.
        ctx.ensure(
          Math.abs(Number(d.headers['webhook-timestamp']) - (d.receivedAt + d.clockOffsetMs) / 1000) <= 300,
          `${d.type}: webhook-timestamp is not fresh`,
          'within 300 s',
          d.headers['webhook-timestamp'],
        );
        ctx.ensure(d.verified && signedWith(secret, d.headers, d.rawBody), `${d.type}: the delivery does not verify`, 'a valid signature', d.verifyError);
        const v = ctx.validateEvent(d.type ?? '', d.payload);
        ctx.ensure(v.valid, `${d.type}: the payload does not match its schema`, 'a valid payload', v.errors);
      }
      ctx.note(`${mine.length} deliveries judged: ${[...types].join(', ')}`);
    },
  },
  // ── secret rotation ──────────────────────────────────────────────────────────────────────────
  {
    id: 'HOOK-ROTATE-SECRET',
    level: 'MUST',
    area: 'webhooks',
    title: 'POST …/rotate-secret answers 200 with a new secret and previous_secret_expires_at; deliveries then verify with the new secret.',
    source: 'decision 7; api-facts 1.2',
    needs: [...NEEDS_DELIVERY],
    async run(ctx: CheckContext) {
      await withEndpoints(ctx, [{ events: ['customer.created'] }], async ([ep]) => {
        const rot = await rotate(ctx, ep!.id, ROTATION_GRACE_S);
        ctx.ensure(rot.secret !== ep!.secret, 'the rotated secret equals the old one', 'a new secret', 'the same secret');
        const c = await createCustomer(ctx);
        const d = await customerCreated(ctx, ep!.sink, c.id);
        ctx.ensure(
          signedWith(rot.secret, d.headers, d.rawBody),
          'a delivery after rotation does not verify with the new secret',
          'a v1 signature under the new secret',
          d.headers['webhook-signature'],
        );
      });
    },
  },
  {
    id: 'HOOK-ROTATION-GRACE-BOTH-SECRETS',
    level: 'SHOULD',
    area: 'webhooks',
    title: "During a rotation's grace period each delivery verifies with the old and with the new secret.",
    source: 'decision 3',
    needs: [...NEEDS_DELIVERY],
    // Moves the target's clock (when it can be moved), so it runs alone.
    exclusive: true,
    async run(ctx: CheckContext) {
      await withEndpoints(ctx, [{ events: ['customer.created'] }], async ([ep]) => {
        const asked = Date.now();
        const rot = await rotate(ctx, ep!.id, ROTATION_GRACE_S);
        if (ctx.target.capabilities.has('clock')) {
          // Judged shortly before the grace period asked for ends: the wall time since the
          // rotation counts on the target's clock too.
          const wall = Math.ceil((Date.now() - asked) / 1000);
          await ctx.driver.advanceClock(Math.max(0, ROTATION_GRACE_S - GRACE_MARGIN_S - wall));
          ctx.note(`delivery provoked about ${GRACE_MARGIN_S} s before the ${ROTATION_GRACE_S} s grace period ends`);
        } else {
          ctx.note(`the target's clock cannot be moved: delivery judged at the start of the ${ROTATION_GRACE_S} s grace period`);
        }
        const c = await createCustomer(ctx);
        const d = await customerCreated(ctx, ep!.sink, c.id);
        ctx.ensure(
          signedWith(ep!.secret, d.headers, d.rawBody),
          'the old secret no longer verifies during its grace period',
          'a v1 signature under the old secret',
          { previous_secret_expires_at: rot.expiresAt, signature: d.headers['webhook-signature'] },
        );
        ctx.ensure(
          signedWith(rot.secret, d.headers, d.rawBody),
          'the new secret does not verify',
          'a v1 signature under the new secret',
          d.headers['webhook-signature'],
        );
      });
    },
  },
  {
    id: 'HOOK-ROTATION-OLD-SECRET-EXPIRES',
    level: 'MUST',
    area: 'webhooks',
    title: 'After previous_secret_expires_at, deliveries are no longer signed with the old secret.',
    source: 'decision 7; api-facts 1.2 ("the old secret keeps verifying until that instant")',
    needs: [...NEEDS_DELIVERY, 'clock'],
    async run(ctx: CheckContext) {
      await withEndpoints(ctx, [{ events: ['customer.created'] }], async ([ep]) => {
        const rot = await rotate(ctx, ep!.id, ROTATION_GRACE_S);
        // Shortly after the grace period asked for (wall time only adds to it).
        await ctx.driver.advanceClock(ROTATION_GRACE_S + GRACE_MARGIN_S);
        const c = await createCustomer(ctx);
        const d = await customerCreated(ctx, ep!.sink, c.id);
        ctx.ensure(
          signedWith(rot.secret, d.headers, d.rawBody),
          'after the grace period the new secret does not verify',
          'a v1 signature under the new secret',
          d.headers['webhook-signature'],
        );
        ctx.ensure(
          !signedWith(ep!.secret, d.headers, d.rawBody),
          `the old secret still signs deliveries ${GRACE_MARGIN_S} s after previous_secret_expires_at`,
          'no signature under the old secret',
          { previous_secret_expires_at: rot.expiresAt, signature: d.headers['webhook-signature'] },
        );
      });
    },
  },
];

/** Rotates with `expire_current_in` and checks the answer's shape (decision 7). */
async function rotate(ctx: CheckContext, id: string, expireCurrentIn: number): Promise<{ secret: string; expiresAt: string }> {
  const before = Date.now();
  const res = await ctx.api.request({ method: 'POST', path: `/webhooks/endpoints/${id}/rotate-secret`, json: { expire_current_in: expireCurrentIn } });
  ctx.ensure(res.status === 200, 'rotate-secret did not answer 200', 200, { status: res.status, body: res.body });
  const { secret, previous_secret_expires_at: expiresAt } = res.body;
  const at = instantMs(ctx, expiresAt) ?? Number.NaN;
  // The expiry's form before the schema, which would refuse it too but not say why; an absent one is the schema's.
  if (expiresAt !== undefined) ctx.ensure(!Number.isNaN(at), `previous_secret_expires_at is not ${instantWords(ctx)}`, instantWords(ctx), expiresAt);
  const v = ctx.validateResponse('rotateWebhookEndpointSecret', res);
  ctx.ensure(v.valid, 'the rotation answer does not match the contract', 'a valid WebhookSecretRotation', v.errors);
  ctx.ensure(res.body.id === id, 'the rotation answer names another endpoint', id, res.body.id);
  ctx.ensure(
    typeof secret === 'string' && /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret),
    'the new secret is not whsec_ + base64',
    'whsec_<base64>',
    typeof secret,
  );
  const lead = (at - before) / 1000;
  ctx.note(`previous_secret_expires_at ${expiresAt} (${Math.round(lead)} s after the request by our clock)`);
  ctx.ensure(!Number.isNaN(at), `previous_secret_expires_at is not ${instantWords(ctx)}`, instantWords(ctx), expiresAt);
  return { secret, expiresAt };
}

/**
 * Makes the next delivery to a fresh sink fail with 500, provokes an event, and watches for a
 * second attempt of whichever event got the 500 (events of other checks may reach the sink too).
 */
async function failOnceAndWatch(ctx: CheckContext): Promise<{ first: Delivery; retry?: Delivery }> {
  const { sink } = await ctx.webhooks.subscribe(ctx.api, ['customer.created']);
  sink.failNext(1, 500);
  await createCustomer(ctx);
  const first = await sink.waitFor((d) => d.answeredStatus === 500, { timeoutMs: ctx.timeoutMs, what: 'the delivery answered with 500' });
  const key = eventKey(first);
  try {
    const retry = await sink.waitFor((d) => d !== first && d.receivedAt >= first.receivedAt && eventKey(d) === key, {
      timeoutMs: Math.min(ctx.timeoutMs, 20_000),
      what: 'a second attempt of the failed event',
    });
    return { first, retry };
  } catch {
    return { first };
  }
}
