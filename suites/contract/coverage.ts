// The coverage phase of the contract checks: every case lib/generate/coverage enumerates for an
// operation is sent once, on the world's real resources (the documentation flow's own request is
// the base, so a refusal can only come from the rule the case breaks), and judged by the caller.
// What each operation had exercised, out of how many rules, is returned for the report; a case
// the target's state makes impossible is listed with the reason, never silently dropped.
import type { ApiRequest, ApiResponse, CheckContext } from '../../lib/checks/context.js';
import { CheckFailure } from '../../lib/checks/types.js';
import { newCnpj, newCpf } from '../../lib/flows/data.js';
import { samplePdf } from '../../lib/flows/files.js';
import { fillPath } from '../../lib/flows/ids.js';
import { type Operation, operations } from '../../lib/flows/operations.js';
import { type CoverageBase, type CoverageCase, type CoveragePlan, coveragePlan } from '../../lib/generate/coverage.js';
import type { OperationCoverage } from '../../lib/types.js';
import { canonicalRequest, idsFor, undoCreation, type World, withTaggedExternalId } from './world.js';

/** Cases of one operation in flight at once. */
const IN_FLIGHT = 4;

export interface CoverageOutcome {
  /** Cases sent and judged. */
  sent: number;
  /** Judgements that failed, in the case's words. */
  failures: { case: CoverageCase; message: string }[];
  /** Per operation, for the report. */
  coverage: OperationCoverage[];
  /** Wall time of the phase, ms. */
  ms: number;
}

/** The base a case is built on: the request the documentation's flow sends, on real resources. */
async function baseFor(ctx: CheckContext, w: World, op: Operation): Promise<{ base: CoverageBase; impossible?: string; undo?: () => Promise<void> }> {
  const path: Record<string, string> = idsFor(w, op);
  if (!w.stateful || !op.requestBody) return { base: { path } };
  const made = await canonicalRequest(ctx, w, op);
  if (!made) {
    const lending = /credit_offer_id|loan_id/.test(op.path) || /simulation|loan/i.test(op.id);
    const why =
      lending && !w.lending
        ? 'no credit offer or loan to reference on this target'
        : 'the suite knows no valid request for it on this target to build the cases on (a flow it does not drive yet)';
    return { base: { path }, impossible: `${op.id}: ${why}` };
  }
  const found = ctx.contract.findOperation(made.req.method, made.req.path);
  const body =
    made.req.json ??
    made.req.form ??
    (made.req.multipart ? Object.fromEntries(Object.entries(made.req.multipart).filter(([, v]) => typeof v === 'string')) : undefined);
  return { base: { path: { ...path, ...(found?.params ?? {}) }, ...(body !== undefined ? { body } : {}) }, undo: made.undo };
}

/** The HTTP request of one coverage case. */
export function caseRequest(ctx: CheckContext, w: World, op: Operation, c: CoverageCase): ApiRequest {
  const g = c.request;
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(g.query ?? {})) if (v !== undefined) query[k] = typeof v === 'string' ? v : JSON.stringify(v);
  // A cursor names a resource: a made-up one is legitimately refused, so accepted cases leave it out.
  if (c.expect === 'accepted' && c.member !== 'starting_after') delete query.starting_after;
  const req: ApiRequest = { method: op.method.toUpperCase(), path: fillPath(op.path, { ...idsFor(w, op), ...(g.path ?? {}) }), query };
  if (g.headers) req.headers = { ...g.headers };
  const member = c.location === 'body' ? c.member : '';
  let body = withTaggedExternalId(op, freshIdentity(op, g.body, member), member);
  if (!op.secured) {
    // The token endpoint: our own credential by HTTP Basic, unless the case breaks the credential's form members.
    const breaksCredential = /^client_(id|secret)$/.test(member);
    if (breaksCredential) req.auth = 'none';
    else {
      req.auth = w.credential ? { basic: [w.credential.clientId, w.credential.clientSecret] } : { basic: ['dinie_ci_test_x', 'x'] };
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const { client_id: _i, client_secret: _s, ...rest } = body as Record<string, unknown>;
        body = rest;
      }
    }
  }
  // Never let a case send the target's webhooks anywhere but our own receiver.
  if (
    member !== 'url' &&
    body &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    typeof (body as Record<string, unknown>).url === 'string' &&
    op.path.startsWith('/webhooks')
  ) {
    body = { ...(body as Record<string, unknown>), url: ctx.webhooks.sink().url };
  }
  if (g.raw !== undefined) {
    req.raw = g.raw;
    return req;
  }
  if (body === undefined) return req;
  const mt = (g.contentType ?? '').toLowerCase();
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (mt === 'multipart/form-data') {
    const parts: NonNullable<ApiRequest['multipart']> = {};
    for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (v !== undefined) parts[k] = text(v);
    for (const f of g.files ?? []) parts[f] = samplePdf();
    req.multipart = parts;
  } else if (mt === 'application/x-www-form-urlencoded') {
    req.form = Object.fromEntries(
      Object.entries((body ?? {}) as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, text(v)]),
    );
  } else req.json = body;
  return req;
}

/**
 * Registration is idempotent on CPF/CNPJ: each registration case gets a CPF and CNPJ of its own
 * (unless it breaks them), so a case a faulty target accepts cannot turn a later one into a 409.
 */
function freshIdentity(op: Operation, body: unknown, member: string): unknown {
  if (op.id !== 'createCustomer' || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out = { ...(body as Record<string, unknown>) };
  const masked = (v: unknown) => typeof v !== 'string' || /\D/.test(v);
  if (member !== 'cpf' && 'cpf' in out) out.cpf = newCpf({ masked: masked(out.cpf) });
  if (member !== 'cnpj' && typeof out.cnpj === 'string') out.cnpj = newCnpj({ masked: masked(out.cnpj) });
  return out;
}

/**
 * One row of the coverage table. For negative cases: the rules the contract states, by keyword, and
 * how many a judged case broke. For positive boundaries: the boundaries of each kind, and how many
 * were judged. Members likewise.
 */
export function summarise(
  plan: CoveragePlan,
  expect: CoverageCase['expect'],
  judged: CoverageCase[],
  impossible: { case: CoverageCase; reason: string }[],
): OperationCoverage {
  const key = (c: { location: string; member: string; keyword: string }) => `${c.location}|${c.member}|${c.keyword}`;
  const hit = new Set(judged.map(key));
  const units = expect === 'refused' ? plan.rules : plan.cases.filter((c) => c.expect === 'accepted');
  const keywords = new Map<string, { exercised: number; total: number }>();
  const members = new Map<string, boolean>();
  for (const r of units) {
    const k = keywords.get(r.keyword) ?? { exercised: 0, total: 0 };
    const on = expect === 'refused' ? hit.has(key(r)) : judged.includes(r as CoverageCase);
    k.total++;
    if (on) k.exercised++;
    keywords.set(r.keyword, k);
    const m = `${r.location} ${r.member}`;
    members.set(m, (members.get(m) ?? false) || on);
  }
  const negatives = plan.cases.filter((c) => c.expect === 'refused').length;
  const unreachable = expect === 'refused' ? plan.unreachable : [];
  return {
    operation: plan.operationId,
    cases: { negative: negatives, positive: plan.cases.length - negatives, judged: judged.length, impossible: impossible.length },
    keywords: [...keywords].map(([keyword, v]) => ({ keyword, ...v })),
    members: { exercised: [...members.values()].filter(Boolean).length, total: members.size },
    ...(impossible.length || unreachable.length
      ? {
          notExercised: [
            ...unreachable.map((u) => ({ case: `${u.location} ${u.member} ${u.keyword}`, reason: u.reason })),
            ...impossible.slice(0, 50).map((i) => ({ case: i.case.id, reason: i.reason })),
          ],
        }
      : {}),
  };
}

/**
 * Sends every case of the wanted kind for every operation and hands each answer to `judge`
 * (which fails through ctx as usual; its failures are collected, not thrown, so one run lists
 * every gap). `ops` narrows the operations (default: all the contract has).
 */
export async function runCoverage(
  ctx: CheckContext,
  w: World,
  expect: CoverageCase['expect'],
  judge: (op: Operation, c: CoverageCase, res: ApiResponse, req: ApiRequest) => void | Promise<void>,
  ops: Operation[] = operations(ctx).filter((o) => o.id),
): Promise<CoverageOutcome> {
  const started = performance.now();
  const failures: CoverageOutcome['failures'] = [];
  const coverage: OperationCoverage[] = [];
  let sent = 0;
  for (const op of ops) {
    const { base, impossible, undo } = await baseFor(ctx, w, op);
    const judged: CoverageCase[] = [];
    const notPossible: { case: CoverageCase; reason: string }[] = [];
    let plan: CoveragePlan;
    try {
      plan = coveragePlan(ctx.contract, op.id, base);
      const todo: CoverageCase[] = [];
      for (const c of plan.cases.filter((x) => x.expect === expect)) {
        // A case about the path id needs no resource; the others would be refused for the missing resource, proving nothing.
        if (impossible && c.location !== 'path') notPossible.push({ case: c, reason: impossible });
        else if (!op.secured && c.expect === 'accepted' && /^client_(id|secret)$/.test(c.member)) {
          notPossible.push({ case: c, reason: "the token endpoint accepts only a real credential's own id and secret" });
        } else todo.push(c);
      }
      // A few cases in flight at once: each is independent of the others (refusals change nothing).
      let next = 0;
      const worker = async () => {
        while (next < todo.length) {
          const c = todo[next++]!;
          const req = caseRequest(ctx, w, op, c);
          const res = await ctx.api.request(req);
          sent++;
          judged.push(c);
          try {
            await judge(op, c, res, req);
          } catch (e) {
            if (!(e instanceof CheckFailure)) throw e;
            failures.push({ case: c, message: e.message });
          } finally {
            await undoCreation(ctx, op, res.status, res.body);
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    } finally {
      await undo?.();
    }
    coverage.push(summarise(plan, expect, judged, notPossible));
  }
  return { sent, failures, coverage, ms: performance.now() - started };
}

/** Fails the check with every failed case (the first ones named), or notes what was judged. */
export function settleCoverage(ctx: CheckContext, what: string, out: CoverageOutcome): void {
  ctx.coverage?.(out.coverage);
  const impossible = out.coverage.reduce((n, c) => n + c.cases.impossible, 0);
  ctx.note(
    `coverage phase: ${out.sent} ${what} cases sent and judged in ${Math.round(out.ms)} ms${impossible ? `, ${impossible} impossible on this target (listed in the coverage table)` : ''}`,
  );
  if (out.failures.length === 0) return;
  const shown = out.failures.slice(0, 8).map((f) => `${f.case.operationId}: ${f.case.description} — ${f.message}`);
  ctx.fail(
    `${out.failures.length} of ${out.sent} coverage cases failed: ${shown.join('; ')}${out.failures.length > 8 ? '; …' : ''}`,
    'every case judged as the contract says',
    out.failures.slice(0, 20).map((f) => f.case.id),
  );
}
