// The contract, operation by operation (driven by `ctx.contract.operations`): documented statuses,
// media types, bodies and headers; Location and x-request-id; generated valid input accepted and
// generated invalid input refused with a problem naming the field; never a 5xx; undocumented
// methods answer 405; a missing required body is refused.
import fc from 'fast-check';
import type { ApiRequest, ApiResponse, CheckContext } from '../../lib/checks/context.js';
import type { Check } from '../../lib/checks/types.js';
import { samplePdf } from '../../lib/flows/files.js';
import { fillPath } from '../../lib/flows/ids.js';
import { documentedMethods, documents, type Operation, operations, partnerCallable, requestMediaType } from '../../lib/flows/operations.js';
import { expectProblem, isProblemContentType } from '../../lib/flows/problem.js';
import { property } from '../../lib/flows/property.js';
import { hasInvalidRequests, type InvalidRequest, invalidRequest, type ValidRequest, validRequest } from '../../lib/generate/index.js';
import { runCoverage, settleCoverage } from './coverage.js';
import { STATE_REFUSABLE, stateReasonFor422 } from './state-refusal.js';
import { canonicalRequest, idsFor, undoCreation, type World, withTaggedExternalId, world } from './world.js';

/** Property runs per operation: the run's size, capped so ~20 operations stay quick. */
const perOperationRuns = (ctx: CheckContext) => Math.max(1, Math.min(ctx.runs, 8));

/**
 * Whether a valid input's answer is acceptable: a 2xx, a 404 or 409 for the state it met, or a
 * 422 that the state read back explains (./state-refusal.ts; the reason is noted once per operation).
 */
async function acceptedOrStateRefusal(
  ctx: CheckContext,
  w: World,
  op: Operation,
  res: ApiResponse,
  req: ApiRequest | undefined,
  noted: Set<string>,
): Promise<boolean> {
  if ((res.status >= 200 && res.status < 300) || res.status === 404 || res.status === 409) return true;
  if (res.status !== 422) return false;
  const reason = await stateReasonFor422(ctx, w, op.id, res, req);
  if (reason && !noted.has(op.id)) {
    noted.add(op.id);
    ctx.note(`${op.id}: a 422 to a valid input was excused by the state it met (${reason})`);
  }
  return reason !== undefined;
}

/** Calls every operation the way the documentation's flow does, yielding each answer once. */
async function eachCanonical(ctx: CheckContext, judge: (op: Operation, res: ApiResponse) => void | Promise<void>): Promise<number> {
  const w = await world(ctx);
  let judged = 0;
  for (const op of operations(ctx)) {
    const made = await canonicalRequest(ctx, w, op);
    if (!made) {
      ctx.note(`${op.id}: not exercised on this target (it needs resources the target cannot provide)`);
      continue;
    }
    try {
      const res = await ctx.api.request(made.req);
      try {
        await judge(op, res);
      } finally {
        await undoCreation(ctx, op, res.status, res.body);
      }
      judged++;
    } finally {
      await made.undo?.();
    }
  }
  if (judged === 0) ctx.skip('no operation could be exercised on this target');
  return judged;
}

/** A request from a generated valid or invalid input, on the world's resources. */
function toRequest(ctx: CheckContext, w: World, op: Operation, gen: ValidRequest, opts: { anonymous?: boolean } = {}): ApiRequest {
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(gen.query ?? {})) if (v !== undefined) query[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const req: ApiRequest = { method: op.method.toUpperCase(), path: fillPath(op.path, idsFor(w, op)), query };
  // Customers cannot be deleted: every one the suite may create carries its tag.
  let body = withTaggedExternalId(op, gen.body, (gen as Partial<InvalidRequest>).field);
  if (!op.secured) {
    // The token endpoint: HTTP Basic with our own credential, and no second set of credentials
    // in the form (RFC 6749 §2.3 allows one method per request); anonymous when judging refusals.
    if (opts.anonymous) req.auth = 'none';
    else {
      req.auth = w.credential ? { basic: [w.credential.clientId, w.credential.clientSecret] } : { basic: ['dinie_ci_test_x', 'x'] };
      if (body && typeof body === 'object') {
        const { client_id: _i, client_secret: _s, ...rest } = body as Record<string, unknown>;
        body = rest;
      }
    }
  }
  const mt = (gen.contentType ?? requestMediaType(op) ?? '').toLowerCase();
  // Never let a generated URL send the target's webhooks anywhere but our own receiver.
  const brokenUrl = (gen as Partial<InvalidRequest>).field === 'url';
  if (
    !brokenUrl &&
    body &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    typeof (body as Record<string, unknown>).url === 'string' &&
    op.path.startsWith('/webhooks')
  ) {
    body = { ...(body as Record<string, unknown>), url: ctx.webhooks.sink().url };
  }
  if (body === undefined) return req;
  if (mt.includes('json')) req.json = body;
  else if (mt === 'multipart/form-data') {
    const parts: NonNullable<ApiRequest['multipart']> = {};
    for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) parts[k] = typeof v === 'string' ? v : JSON.stringify(v);
    for (const f of gen.files ?? []) parts[f] = samplePdf();
    req.multipart = parts;
  } else if (mt === 'application/x-www-form-urlencoded') {
    req.form = Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  } else req.json = body;
  return req;
}

/** Generated valid inputs leave state-dependent cursors out: an unknown cursor is legitimately refused. */
function withoutCursor(gen: ValidRequest): ValidRequest {
  const { starting_after: _drop, ...query } = gen.query ?? {};
  return { ...gen, query };
}

function describe(res: ApiResponse) {
  return { status: res.status, contentType: res.contentType, body: res.body };
}

/** Whether a refusal's `errors[]` names the field that was broken (dotted or bracketed paths). */
export function namesField(body: unknown, field: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/^\.|^\//, '')
      .replace(/\//g, '.');
  const want = norm(field);
  const listed = body !== null && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  const errors: unknown[] = Array.isArray(listed) ? listed : [];
  return errors.some((e) => {
    const got = norm(String((e !== null && typeof e === 'object' ? (e as { field?: unknown }).field : undefined) ?? ''));
    return got !== '' && (got === want || want.startsWith(`${got}.`) || got.startsWith(`${want}.`));
  });
}

const contractOps = (ctx: CheckContext) => operations(ctx).filter((o) => o.id);

export const checks: Check[] = [
  {
    id: 'CONTRACT-RESPONSE-VALID',
    level: 'MUST',
    area: 'contract',
    title: 'Every operation answers its documented request with a documented status, media type, body and required headers.',
    source: 'decision 1; seeds 001/004 (response schemas); api-facts 1.1–1.4',
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      const n = await eachCanonical(ctx, (op, res) => {
        ctx.ensure(res.status < 500, `${op.id}: the documented request got a server error`, 'not 5xx', describe(res));
        ctx.ensure(res.status >= 200 && res.status < 300, `${op.id}: the documented request was refused`, 'a 2xx answer', describe(res));
        const v = ctx.validateResponse(op.id, res);
        ctx.ensure(v.valid, `${op.id}: the ${res.status} answer does not match the contract`, 'an answer valid against the contract', v.errors);
      });
      ctx.note(`${n} operations answered as documented`);
    },
  },
  {
    id: 'CONTRACT-LOCATION-CREATED',
    level: 'MUST',
    area: 'contract',
    title: 'A 201 from customer, document and loan creation carries a Location naming the created resource (`/v3/<collection>/<id>`).',
    source: 'decision 12; seed 001 · Register a new customer / Upload a KYC document; seed 004 · Create a loan',
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      await judgeLocations(ctx, true);
    },
  },
  {
    id: 'CONTRACT-LOCATION-OTHER-201',
    level: 'SHOULD',
    area: 'contract',
    title: 'Every other 201 also carries a Location naming the created resource.',
    source: 'decision 12',
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      await judgeLocations(ctx, false);
    },
  },
  {
    id: 'CONTRACT-REQUEST-ID',
    level: 'SHOULD',
    area: 'contract',
    title: "Every response carries a non-empty x-request-id, distinct per request; a problem's request_id repeats it.",
    source: 'api-facts 0.3 (correlation id); decision 5',
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      const seen = new Map<string, string>();
      const judge = (what: string, res: ApiResponse) => {
        const id = res.headers['x-request-id'];
        ctx.ensure(typeof id === 'string' && id.trim() !== '', `${what}: no x-request-id`, 'a non-empty x-request-id', res.headers);
        ctx.ensure(!seen.has(id), `${what}: x-request-id repeats the one of ${seen.get(id)}`, 'one id per request', id);
        seen.set(id, what);
        if (isProblemContentType(res.contentType) && res.body?.request_id !== undefined) {
          ctx.ensure(res.body.request_id === id, `${what}: the problem's request_id differs from x-request-id`, id, res.body.request_id);
        }
      };
      await eachCanonical(ctx, (op, res) => judge(op.id, res));
      for (const op of contractOps(ctx).filter((o) => o.secured)) {
        const res = await ctx.api.request({ method: op.method, path: fillPath(op.path, idsFor({ stateful: false }, op)), auth: 'none' });
        judge(`${op.id} without a token`, res);
      }
    },
  },
  {
    id: 'CONTRACT-INVALID-INPUT-REFUSED',
    level: 'MUST',
    area: 'contract',
    title:
      'Every input breaking one rule of the contract (each keyword of each body member, query and path parameter, header and media type, then random ones) is refused with a 4xx application/problem+json whose status is the HTTP status.',
    source: 'decision 5; api-facts 1.7',
    timeoutMs: 120_000,
    async run(ctx: CheckContext) {
      const w = await world(ctx);
      // The coverage phase: every single-rule break the contract allows, once, whatever the seed.
      const covered = await runCoverage(ctx, w, 'refused', (op, c, res) => {
        const what = `${op.id} with ${c.description} (${c.location} ${c.member})`;
        // The token endpoint is not a resource operation: decision 6 lets its errors follow RFC 6749.
        if (op.secured) expectProblem(ctx, res, { what });
        else ctx.ensure(res.status >= 400 && res.status < 500, `${what}: not refused`, 'a 4xx', describe(res));
      });
      settleCoverage(ctx, 'negative', covered);
      // Then fuzzing: random inputs breaking one rule, as many per operation as --runs says.
      const ops = contractOps(ctx).filter((o) => hasInvalidRequests(ctx.contract, o.id));
      for (const op of ops) {
        await property(
          ctx,
          invalidRequest(ctx.contract, op.id),
          async (gen: InvalidRequest) => {
            const res = await ctx.api.request(toRequest(ctx, w, op, gen, { anonymous: true }));
            await undoCreation(ctx, op, res.status, res.body);
            const what = `${op.id} with ${gen.description} (${gen.location} ${gen.field})`;
            // The token endpoint is not a resource operation: decision 6 lets its errors follow RFC 6749.
            if (op.secured) expectProblem(ctx, res, { what });
            else ctx.ensure(res.status >= 400 && res.status < 500, `${what}: not refused`, 'a 4xx', describe(res));
          },
          { runs: Math.max(1, ctx.runs) },
        );
      }
      ctx.note(`${ops.length} operations fuzzed with invalid input (${ctx.runs} runs each)`);
    },
  },
  {
    id: 'CONTRACT-INVALID-NAMES-FIELD',
    level: 'SHOULD',
    area: 'contract',
    title: 'A validation refusal is 422 `validation_failed` whose `errors[]` names the offending field.',
    source: 'decision 5',
    timeoutMs: 90_000,
    async run(ctx: CheckContext) {
      const w = await world(ctx);
      const ops = contractOps(ctx).filter((o) => o.secured && hasInvalidRequests(ctx.contract, o.id));
      const bodyBreak = (g: InvalidRequest) => g.location === 'body' && g.field !== '(root)';
      let judged = 0;
      let stateRefused = 0;
      for (const op of ops) {
        // Only operations with a body rule to break (a filter that never matches would spin forever).
        if (!fc.sample(invalidRequest(ctx.contract, op.id), { numRuns: 60, seed: ctx.seed }).some(bodyBreak)) continue;
        await property(
          ctx,
          invalidRequest(ctx.contract, op.id).filter(bodyBreak),
          async (gen: InvalidRequest) => {
            const res = await ctx.api.request(toRequest(ctx, w, op, gen));
            await undoCreation(ctx, op, res.status, res.body);
            if (res.status === 404 || res.status === 409) {
              stateRefused++; // refused for state before validation: nothing to judge
              return;
            }
            ctx.ensure(
              res.status === 422 && res.body?.code === 'validation_failed',
              `${op.id} with ${gen.description}: not a 422 validation_failed`,
              '422 validation_failed',
              describe(res),
            );
            ctx.ensure(
              namesField(res.body, gen.field),
              `${op.id} with ${gen.description}: errors[] does not name ${gen.field}`,
              `an errors[] entry for ${gen.field}`,
              res.body?.errors,
            );
            judged++;
          },
          { runs: perOperationRuns(ctx) },
        );
      }
      if (stateRefused) ctx.note(`${stateRefused} invalid inputs were refused for state (404/409) before validation: not judged`);
      if (judged === 0) ctx.skip('every invalid body was refused for state (404/409) before validation: no validation refusal to judge');
      ctx.note(`${judged} validation refusals judged`);
    },
  },
  {
    id: 'CONTRACT-VALID-INPUT-ACCEPTED',
    level: 'MUST',
    area: 'contract',
    title:
      'Every generated valid input is accepted (2xx), or refused only for the state it meets (404, 409, or a 422 whose cause, read back from the target, is that state).',
    source: 'decision 1; seeds 001/004 (request schemas)',
    needs: ['stateful'],
    timeoutMs: 120_000,
    async run(ctx: CheckContext) {
      const w = await world(ctx);
      const noted = new Set<string>();
      // An operation a 422 may refuse for its state is first sent the documentation flow's own request,
      // on resources made for it (a fresh offer and its latest simulation, a fresh customer): valid for
      // that state, so only a reason read back from the target may excuse a refusal.
      for (const op of contractOps(ctx).filter((o) => STATE_REFUSABLE.has(o.id!) && partnerCallable(ctx, o))) {
        const made = await canonicalRequest(ctx, w, op);
        if (!made) {
          ctx.note(`${op.id}: the documented request not sent (the suite builds no state for it on this target)`);
          continue;
        }
        try {
          const res = await ctx.api.request(made.req);
          await undoCreation(ctx, op, res.status, res.body);
          const ok = await acceptedOrStateRefusal(ctx, w, op, res, made.req, noted);
          ctx.ensure(
            ok,
            `${op.id} with the documented request on the state made for it: a valid input was refused`,
            '2xx, 404/409 for state, or a 422 the state it met explains',
            describe(res),
          );
          const v = ctx.validateResponse(op.id, res);
          ctx.ensure(v.valid, `${op.id}: the ${res.status} answer does not match the contract`, 'an answer valid against the contract', v.errors);
        } finally {
          await made.undo?.();
        }
      }
      // The coverage phase's positive boundaries (bounds exactly, shortest and longest text, non-ASCII
      // text, every enum value, optional members absent and present), once each, whatever the seed.
      const covered = await runCoverage(ctx, w, 'accepted', async (op, c, res, req) => {
        const ok = await acceptedOrStateRefusal(ctx, w, op, res, req, noted);
        ctx.ensure(
          ok,
          `${op.id} with ${c.description}: a valid input was refused`,
          '2xx, 404/409 for state, or a 422 the state it met explains',
          describe(res),
        );
        const v = ctx.validateResponse(op.id, res);
        ctx.ensure(v.valid, `${op.id}: the ${res.status} answer does not match the contract`, 'an answer valid against the contract', v.errors);
      });
      settleCoverage(ctx, 'positive', covered);
      // A valid call needs a token the operation takes: the SDK revision's selfie route takes only the KYC app's session token.
      for (const op of contractOps(ctx).filter((o) => partnerCallable(ctx, o))) {
        await property(
          ctx,
          validRequest(ctx.contract, op.id).map(withoutCursor),
          async (gen: ValidRequest) => {
            const req = toRequest(ctx, w, op, gen);
            const res = await ctx.api.request(req);
            await undoCreation(ctx, op, res.status, res.body);
            const ok = await acceptedOrStateRefusal(ctx, w, op, res, req, noted);
            ctx.ensure(ok, `${op.id}: a valid input was refused`, '2xx, 404/409 for state, or a 422 the state it met explains', describe(res));
            const v = ctx.validateResponse(op.id, res);
            ctx.ensure(v.valid, `${op.id}: the ${res.status} answer does not match the contract`, 'an answer valid against the contract', v.errors);
          },
          { runs: perOperationRuns(ctx) },
        );
      }
    },
  },
  {
    id: 'CONTRACT-NO-SERVER-ERROR',
    level: 'MUST',
    area: 'contract',
    title: 'No generated input, valid or invalid, makes any operation answer with a 5xx.',
    source: 'decision 5',
    timeoutMs: 90_000,
    async run(ctx: CheckContext) {
      const w = await world(ctx);
      for (const op of contractOps(ctx)) {
        const arbs: fc.Arbitrary<ValidRequest>[] = [validRequest(ctx.contract, op.id)];
        if (hasInvalidRequests(ctx.contract, op.id)) arbs.push(invalidRequest(ctx.contract, op.id));
        await property(
          ctx,
          fc.oneof(...arbs),
          async (gen) => {
            const res = await ctx.api.request(toRequest(ctx, w, op, gen));
            await undoCreation(ctx, op, res.status, res.body);
            ctx.ensure(res.status < 500, `${op.id}: a generated input got a server error`, 'a status below 500', describe(res));
          },
          { runs: perOperationRuns(ctx) },
        );
      }
    },
  },
  {
    id: 'CONTRACT-MISSING-BODY-REFUSED',
    level: 'MUST',
    area: 'contract',
    title: 'An operation whose request body is required refuses a request without one with a 4xx problem.',
    source: 'decision 5; seeds 001/004 ("Body … required")',
    async run(ctx: CheckContext) {
      const w = await world(ctx);
      const ops = contractOps(ctx).filter((o) => o.requestBody?.required);
      ctx.ensure(ops.length > 0, 'the contract has no operation with a required body', 'some', 0);
      for (const op of ops) {
        const req: ApiRequest = { method: op.method.toUpperCase(), path: fillPath(op.path, idsFor(w, op)) };
        if (!op.secured) req.auth = w.credential ? { basic: [w.credential.clientId, w.credential.clientSecret] } : { basic: ['dinie_ci_test_x', 'x'] };
        const res = await ctx.api.request(req);
        await undoCreation(ctx, op, res.status, res.body);
        if (op.secured) expectProblem(ctx, res, { what: `${op.id} without a body` });
        else ctx.ensure(res.status >= 400 && res.status < 500, `${op.id} without a body was not refused`, 'a 4xx', describe(res));
      }
      for (const op of contractOps(ctx)) {
        for (const h of op.parameters.filter((p) => p.in === 'header' && p.required)) {
          ctx.note(`${op.id}: required header ${h.name} (omitted by default in every request)`);
        }
      }
    },
  },
  {
    id: 'CONTRACT-UNDOCUMENTED-METHOD-405',
    level: 'SHOULD',
    area: 'contract',
    title: 'A method the contract does not document on a documented path answers 405 with an Allow header.',
    source: 'RFC 9110 §15.5.6 (the documentation is silent)',
    async run(ctx: CheckContext) {
      const w = await world(ctx);
      const paths = [...new Set(contractOps(ctx).map((o) => o.path))];
      for (const path of paths) {
        const documented = documentedMethods(ctx, path);
        const op = contractOps(ctx).find((o) => o.path === path)!;
        const concrete = fillPath(path, idsFor(w, op));
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !documented.includes(m))) {
          const res = await ctx.api.request({
            method,
            path: concrete,
            ...(method === 'GET' || method === 'DELETE' ? {} : { json: {} }),
            ...(path.startsWith('/auth/token') ? { auth: 'none' as const } : {}),
          });
          ctx.ensure(res.status === 405, `${method} ${path} is not documented but did not answer 405`, 405, describe(res));
          ctx.ensure(
            typeof res.headers.allow === 'string' && res.headers.allow.length > 0,
            `${method} ${path}: the 405 has no Allow header`,
            `Allow: ${documented.join(', ')}`,
            res.headers,
          );
        }
      }
    },
  },
];

/**
 * Location on the 201 of every operation whose 201 the contract gives a Location `required` (or
 * not): each such operation's canonical request is judged when it answered 201; one that did not
 * is noted (its status is CONTRACT-RESPONSE-VALID's to judge), and with none judged the check skips.
 */
async function judgeLocations(ctx: CheckContext, required: boolean): Promise<void> {
  const judged: string[] = [];
  const unjudged: string[] = [];
  await eachCanonical(ctx, (op, res) => {
    const header = op.responses.find((r) => r.status === '201')?.headers.find((h) => h.name.toLowerCase() === 'location');
    if (!header || !!header.required !== required) return;
    if (res.status !== 201) {
      unjudged.push(`${op.id} (answered ${res.status})`);
      return;
    }
    judgeLocation(ctx, op, res);
    judged.push(op.id);
  });
  if (unjudged.length) ctx.note(`no 201 to judge from: ${unjudged.join(', ')}`);
  if (judged.length === 0)
    ctx.skip(
      `no operation whose 201 ${required ? 'requires' : 'may carry'} a Location answered 201 on this target${unjudged.length ? ` (${unjudged.join(', ')})` : ''}`,
    );
  ctx.note(`Location judged on the 201 of ${judged.join(', ')}`);
}

/** The Location of one 201: present, naming the created resource, under /v3. */
function judgeLocation(ctx: CheckContext, op: Operation, res: ApiResponse): void {
  const loc = res.headers.location;
  ctx.ensure(typeof loc === 'string' && loc.length > 0, `${op.id}: the 201 has no Location`, 'Location: /v3/<collection>/<id>', res.headers);
  const id = res.body?.id ?? res.body?.client_id;
  const path = loc.replace(/^[a-z]+:\/\/[^/]+/i, '');
  ctx.ensure(typeof id === 'string' && path.endsWith(`/${id}`), `${op.id}: Location does not name the created resource`, `…/${id}`, loc);
  ctx.ensure(/^\/v3\//.test(path) || /^https?:\/\//i.test(loc), `${op.id}: Location is not under /v3`, '/v3/<collection>/<id>', loc);
  void documents;
}
