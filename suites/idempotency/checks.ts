// Idempotency-Key (seed 001/004 headers, decision 4): a replay returns the first answer and
// creates nothing; the same key with another body is refused; concurrent duplicates make one resource.
import { randomUUID } from 'node:crypto';
import type { ApiResponse, CheckContext } from '../../lib/checks/context.js';
import type { Check } from '../../lib/checks/types.js';
import {
  type Customer,
  createCustomer,
  expectProblem,
  expectStatus,
  kycNeeds,
  loanBody,
  newCustomerBody,
  postEvidence,
  postLoan,
  postSimulation,
  readAll,
  readyToBorrow,
  sameBody,
  sampleJpeg,
  samplePdf,
  simulate,
  simulationRequest,
} from '../../lib/flows/index.js';
import { revokeQuietly } from '../auth/credentials.js';

const SOURCE = 'decision 4; seed 001/004 · Idempotency-Key header';
const key = () => `conf-${randomUUID()}`;

/**
 * Fails unless the replay repeats the first answer exactly (status and body). Whether it carries
 * the replay marker `Idempotent-Replayed` is a MAY (decision 4): reported, never judged.
 */
function expectReplay(ctx: CheckContext, first: ApiResponse, replay: ApiResponse, what: string): void {
  ctx.ensure(replay.status === first.status, `${what}: the replay must answer the first status`, first.status, replay.status);
  ctx.ensure(sameBody(first, replay), `${what}: the replay must answer the first body`, first.body, replay.body);
  const marker = replay.headers['idempotent-replayed'];
  ctx.note(
    `${what}: replay marker Idempotent-Replayed ${marker === undefined ? 'absent' : `present (${marker})`}${first.headers['idempotent-replayed'] !== undefined ? `; the first answer carried it too (${first.headers['idempotent-replayed']})` : ''} (MAY, decision 4: not judged)`,
  );
}

/** One day on the target's clock, the lifetime seed 001 gives a cached Idempotency-Key. */
const DAY_S = 24 * 3600;

export const checks: Check[] = [
  {
    id: 'IDEM-REPLAY-CUSTOMER',
    level: 'MUST',
    area: 'idempotency',
    title: 'Replaying POST /customers with the same Idempotency-Key and body returns the same status and body and creates nothing.',
    source: SOURCE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      await replayRegistration(ctx, { what: 'replay', as: 'POST /customers replayed' });
    },
  },
  {
    id: 'IDEM-REPLAY-DOCUMENT',
    level: 'MUST',
    area: 'idempotency',
    title: 'Replaying a document upload with the same Idempotency-Key returns the same status and document.',
    source: SOURCE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      // The contract's upload step: a document (docs revision) or one attachment (sdk revision).
      const need = kycNeeds(ctx, c).find((n) => n.uploadable);
      if (!need) ctx.skip('the new customer lists no uploadable document');
      const type = need.key;
      const k = key();
      const first = await postEvidence(ctx, c.id, need, samplePdf(), { idempotencyKey: k, value: `replay.${k}@example.com` });
      expectStatus(ctx, first, 201, `upload ${type} with a new Idempotency-Key`);
      const replay = await postEvidence(ctx, c.id, need, samplePdf(), { idempotencyKey: k, value: `replay.${k}@example.com` });
      expectReplay(ctx, first, replay, 'the upload replayed');
    },
  },
  {
    id: 'IDEM-REPLAY-SIMULATION',
    level: 'MUST',
    area: 'idempotency',
    title: 'Replaying a simulation with the same Idempotency-Key returns the same simulation, which stays the latest one.',
    source: `${SOURCE}; seed 004 · Simulate a loan (Last Write Record)`,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const { offer } = await readyToBorrow(ctx);
      const body = simulationRequest(offer);
      const k = key();
      const first = await postSimulation(ctx, offer.id, body, { idempotencyKey: k });
      expectStatus(ctx, first, 201, 'simulate with a new Idempotency-Key');
      const replay = await postSimulation(ctx, offer.id, body, { idempotencyKey: k });
      expectReplay(ctx, first, replay, 'the simulation replayed');
      // Had the replay made a new simulation, the first would be stale and could not be contracted.
      const loan = await postLoan(ctx, loanBody(offer, first.body, ctx));
      expectStatus(ctx, loan, 201, 'contract the replayed (still latest) simulation');
    },
  },
  {
    id: 'IDEM-REPLAY-LOAN',
    level: 'MUST',
    area: 'idempotency',
    title: 'Replaying POST /loans with the same Idempotency-Key returns the same status and loan and creates no second loan.',
    source: SOURCE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const { offer } = await readyToBorrow(ctx);
      const sim = await simulate(ctx, offer);
      const k = key();
      const first = await postLoan(ctx, loanBody(offer, sim, ctx), { idempotencyKey: k });
      expectStatus(ctx, first, 201, 'POST /loans with a new Idempotency-Key');
      const replay = await postLoan(ctx, loanBody(offer, sim, ctx), { idempotencyKey: k });
      expectReplay(ctx, first, replay, 'POST /loans replayed');
    },
  },
  {
    id: 'IDEM-KEY-REUSE-REFUSED',
    level: 'MUST',
    area: 'idempotency',
    title: 'The same Idempotency-Key with a different body is refused with a 4xx problem and processes nothing.',
    source: SOURCE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const k = key();
      const a = newCustomerBody({ for: ctx });
      const b = newCustomerBody({ for: ctx });
      expectStatus(ctx, await ctx.api.request({ method: 'POST', path: '/customers', json: a, idempotencyKey: k }), 201, 'first POST /customers');
      const reuse = await ctx.api.request({ method: 'POST', path: '/customers', json: b, idempotencyKey: k });
      expectProblem(ctx, reuse, 'POST /customers reusing the key with another body');
      const found = await readAll<Customer>(ctx, '/customers', { external_id: b.external_id! });
      ctx.ensure(
        found.length === 0,
        'the refused request must not have created its customer',
        0,
        found.map((c) => c.id),
      );
    },
  },
  {
    id: 'IDEM-KEY-REUSE-422',
    level: 'SHOULD',
    area: 'idempotency',
    title: 'Reusing an Idempotency-Key with a different body is a 422 problem with code idempotency_key_reused.',
    source: SOURCE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const k = key();
      expectStatus(
        ctx,
        await ctx.api.request({ method: 'POST', path: '/customers', json: newCustomerBody({ for: ctx }), idempotencyKey: k }),
        201,
        'first POST /customers',
      );
      const reuse = await ctx.api.request({ method: 'POST', path: '/customers', json: newCustomerBody({ for: ctx }), idempotencyKey: k });
      expectProblem(ctx, reuse, 'POST /customers reusing the key', [422]);
      ctx.ensure(reuse.body.code === 'idempotency_key_reused', 'the problem code must be idempotency_key_reused', 'idempotency_key_reused', reuse.body.code);
    },
  },
  {
    id: 'IDEM-KEY-REUSE-UPLOAD-REFUSED',
    level: 'MUST',
    area: 'idempotency',
    title: 'An upload reusing an Idempotency-Key with another file is refused with a 4xx problem.',
    source: SOURCE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      const needs = kycNeeds(ctx, c).filter((n) => n.uploadable);
      const types = needs.map((n) => n.key);
      if (types.length < 2) ctx.skip('the new customer lists fewer than two uploadable documents');
      const k = key();
      expectStatus(ctx, await postEvidence(ctx, c.id, needs[0]!, samplePdf(), { idempotencyKey: k }), 201, `upload ${types[0]}`);
      const reuse = await postEvidence(ctx, c.id, needs[1]!, sampleJpeg(), { idempotencyKey: k });
      expectProblem(ctx, reuse, `upload of ${types[1]} reusing the key of the ${types[0]} upload`);
    },
  },
  {
    id: 'IDEM-CONCURRENT-ONE-RESOURCE',
    level: 'MUST',
    area: 'idempotency',
    title:
      'Twenty concurrent identical requests with one Idempotency-Key create exactly one resource; each gets the first answer (201) or 409 while it is in flight.',
    source: SOURCE,
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const body = newCustomerBody({ for: ctx });
      const k = key();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => ctx.api.request({ method: 'POST', path: '/customers', json: body, idempotencyKey: k })),
      );
      // A 200 is the answer of a re-registration (same CPF + external_id), not the replay of the first
      // answer: the duplicate was processed again, its key not honoured.
      const bad = answers.filter((r) => ![201, 409].includes(r.status));
      ctx.ensure(
        bad.length === 0,
        `concurrent duplicates must be answered with the first result (201) or 409 (in flight), not ${[...new Set(bad.map((r) => r.status))].join(', ')}`,
        '201/409',
        bad.map((r) => ({ status: r.status, body: r.body })).slice(0, 3),
      );
      // Every answer is 201 or 409 by now: the 201s must name exactly one customer, so none (all 409:
      // nobody was told of the customer created) fails here as surely as two different ones.
      const ids = new Set(answers.filter((r) => r.status < 300).map((r) => r.body?.id));
      ctx.ensure(ids.size === 1, 'every successful answer must name the same customer, and one of the requests must have created it (201)', 'one customer id', [
        ...ids,
      ]);
      const found = await readAll<Customer>(ctx, '/customers', { external_id: body.external_id! });
      ctx.ensure(
        found.length === 1,
        'exactly one customer must exist',
        1,
        found.map((c) => c.id),
      );
      ctx.note(`statuses: ${answers.map((r) => r.status).join(',')}`);
    },
  },
  {
    id: 'IDEM-CONCURRENT-ONE-SIMULATION',
    level: 'MUST',
    area: 'idempotency',
    title: 'Twenty concurrent identical simulations with one Idempotency-Key create exactly one simulation.',
    source: SOURCE,
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { offer } = await readyToBorrow(ctx);
      const body = simulationRequest(offer);
      const k = key();
      const answers = await Promise.all(Array.from({ length: 20 }, () => postSimulation(ctx, offer.id, body, { idempotencyKey: k })));
      const bad = answers.filter((r) => ![201, 409].includes(r.status));
      ctx.ensure(
        bad.length === 0,
        'concurrent duplicates must be answered with the first result or 409 (in flight)',
        '201/409',
        bad.map((r) => r.status),
      );
      const ids = new Set(answers.filter((r) => r.status === 201).map((r) => r.body?.id));
      ctx.ensure(ids.size === 1, 'every successful answer must name the same simulation', 1, [...ids]);
    },
  },
  {
    id: 'IDEM-REPLAY-BIOMETRICS',
    level: 'MUST',
    area: 'idempotency',
    title: 'Replaying POST /customers/{id}/biometrics with the same Idempotency-Key returns the same status and session (same session_url and expires_at).',
    source: `${SOURCE}; seed 001 · Generate a biometric capture session (Idempotency-Key)`,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      if (!kycNeeds(ctx, c).some((n) => n.biometric)) ctx.skip('the new customer has no biometrics requirement: no session to start');
      const k = key();
      const path = `/customers/${c.id}/biometrics`;
      const first = await ctx.api.request({ method: 'POST', path, idempotencyKey: k });
      expectStatus(ctx, first, 200, 'POST /customers/{id}/biometrics with a new Idempotency-Key');
      const replay = await ctx.api.request({ method: 'POST', path, idempotencyKey: k });
      expectReplay(ctx, first, replay, 'the biometrics session replayed');
    },
  },
  {
    id: 'IDEM-REPLAY-CREDENTIAL',
    level: 'SHOULD',
    area: 'idempotency',
    title:
      'Replaying POST /auth/credentials with the same Idempotency-Key returns the same status and credential (same client_id and secret) and creates no second credential.',
    source: 'decision 4; api-facts 1.4 (credentials; the seeds do not document them)',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const name = `conformance idempotent ${randomUUID().slice(0, 8)}`;
      const k = key();
      const first = await ctx.api.request({ method: 'POST', path: '/auth/credentials', json: { name }, idempotencyKey: k });
      expectStatus(ctx, first, 201, 'POST /auth/credentials with a new Idempotency-Key');
      const made = new Set<string>([first.body?.client_id].filter((x): x is string => typeof x === 'string'));
      try {
        const replay = await ctx.api.request({ method: 'POST', path: '/auth/credentials', json: { name }, idempotencyKey: k });
        if (typeof replay.body?.client_id === 'string') made.add(replay.body.client_id);
        expectReplay(ctx, first, replay, 'POST /auth/credentials replayed');
        const listed = await readAll<{ id: string; client_id?: string; name?: string }>(ctx, '/auth/credentials');
        const named = listed.filter((x) => x.name === name);
        ctx.ensure(
          named.length === 1,
          'the replay must not create a second credential',
          1,
          named.map((x) => x.client_id ?? x.id),
        );
      } finally {
        for (const id of made) await revokeQuietly(ctx, id);
      }
    },
  },
  {
    id: 'IDEM-KEY-KEPT-24H',
    level: 'MUST',
    area: 'idempotency',
    title: 'An Idempotency-Key is honoured for 24 hours: a replay just before the day is over still returns the first answer and creates nothing.',
    source: `${SOURCE} ("Cached for 24 hours")`,
    needs: ['stateful', 'clock'],
    revisions: ['docs'],
    revisionNote: "the SDK revision states no time to live for X-Idempotency-Key (api-facts 1.10, 2 A1); the 24-hour cache is the documentation revision's",
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      // Ten minutes short of the day: room for the requests themselves and a coarse server clock.
      await replayRegistration(ctx, { afterS: DAY_S - 600, what: 'late replay', as: 'POST /customers replayed 23 h 50 min later' });
    },
  },
  {
    id: 'IDEM-KEY-EXPIRES-AFTER-24H',
    level: 'SHOULD',
    area: 'idempotency',
    title: 'An Idempotency-Key expires after 24 hours: past the day the same key with another body is processed as a new request, not refused as a reuse.',
    source: `${SOURCE} ("Cached for 24 hours": one reading, that the cache then forgets the key)`,
    needs: ['stateful', 'clock'],
    revisions: ['docs'],
    revisionNote: "the SDK revision states no time to live for X-Idempotency-Key (api-facts 1.10, 2 A1); the 24-hour cache is the documentation revision's",
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const k = key();
      expectStatus(
        ctx,
        await ctx.api.request({ method: 'POST', path: '/customers', json: newCustomerBody({ for: ctx }), idempotencyKey: k }),
        201,
        'POST /customers with a new Idempotency-Key',
      );
      await ctx.driver.advanceClock(DAY_S + 600);
      const other = newCustomerBody({ for: ctx });
      const later = await ctx.api.request({ method: 'POST', path: '/customers', json: other, idempotencyKey: k });
      ctx.ensure(later.status === 201, 'a day and ten minutes later the key must be free again: another body with it is a new registration (201)', 201, {
        status: later.status,
        body: later.body,
      });
      const found = await readAll<Customer>(ctx, '/customers', { external_id: other.external_id! });
      ctx.ensure(
        found.length === 1,
        'the new registration exists',
        1,
        found.map((c) => c.id),
      );
    },
  },
];

/**
 * Registers a customer with a fresh key, replays the same request (after moving the target's clock
 * `afterS` seconds, when given), and judges the replay: the first answer again, and one customer.
 */
async function replayRegistration(ctx: CheckContext, opts: { afterS?: number; what: string; as: string }): Promise<void> {
  const body = newCustomerBody({ for: ctx });
  const k = key();
  const first = await ctx.api.request({ method: 'POST', path: '/customers', json: body, idempotencyKey: k });
  expectStatus(ctx, first, 201, 'POST /customers with a new Idempotency-Key');
  if (opts.afterS !== undefined) await ctx.driver.advanceClock(opts.afterS);
  const replay = await ctx.api.request({ method: 'POST', path: '/customers', json: body, idempotencyKey: k });
  expectReplay(ctx, first, replay, opts.as);
  const found = await readAll<Customer>(ctx, '/customers', { external_id: body.external_id! });
  ctx.ensure(
    found.length === 1,
    `the ${opts.what} must not create a second customer`,
    1,
    found.map((c) => c.id),
  );
}
