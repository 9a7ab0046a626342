// Rate limits (decision 8, api-facts 1.9): X-RateLimit-* headers SHOULD be on every response; a
// 429 MUST be a problem with code `rate_limit_exceeded` and carry Retry-After in seconds.
import { setTimeout } from 'node:timers/promises';
import type { ApiResponse, CheckContext } from '../../lib/checks/context.js';
import type { Check } from '../../lib/checks/types.js';
import { unknownId } from '../../lib/flows/ids.js';
import { expectProblem } from '../../lib/flows/problem.js';
import { createCredential, revokeQuietly, tokenOf } from '../auth/credentials.js';

/**
 * The bound on what provoking a 429 may cost: at most this many requests per check. A fixed window
 * is exhausted only by a client that sends its whole budget before the window ends, so a client
 * slowed by a loaded machine needs more than one try: this is three windows of the largest budget
 * the checks take on (MAX_LIMIT_TO_PROVOKE), five of the reference server's default (1,000 per
 * second) with the requests in flight, and ten of a sandbox's 600.
 */
export const MAX_REQUESTS_TO_429 = 6_000;
/**
 * The largest advertised X-RateLimit-Limit the checks try to exhaust (the reference server's
 * default is 1,000 per second, a shared sandbox's a few hundred per minute); beyond it they skip.
 */
export const MAX_LIMIT_TO_PROVOKE = 2_000;
/**
 * Requests in flight at once: the burst opens `start` and adds one per answer up to `most` (a
 * hundred connections opened at once stall a cold client and server for seconds). Measured on the
 * embedded server (2 cores): ~100 in flight answer fastest; 200 or 400 only answer slower.
 */
const CONCURRENCY = { start: 20, most: 100 } as const;
/**
 * Per-request time limit within the burst: each request may queue behind the others in flight at
 * the target, so the usual limit of one request would end the burst on a loaded machine.
 */
const BURST_REQUEST_TIMEOUT_MS = 15_000;
/** A window ending within this long is waited out first (bounded), so the burst meets a whole window. */
const ALIGN_WITHIN_MS = 1_500;

const HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'] as const;

const nonNegativeInt = (v: string | undefined): boolean => v !== undefined && /^\d+$/.test(v.trim());

/** Problems with the rate-limit headers of one response (empty when they are all right). */
export function rateLimitHeaderProblems(res: ApiResponse): string[] {
  const problems: string[] = [];
  for (const h of HEADERS) {
    const v = res.headers[h];
    if (v === undefined) problems.push(`${h} is missing`);
    else if (!nonNegativeInt(v)) problems.push(`${h} is not a non-negative integer: ${JSON.stringify(v)}`);
  }
  if (problems.length) return problems;
  const limit = Number(res.headers['x-ratelimit-limit']);
  const remaining = Number(res.headers['x-ratelimit-remaining']);
  const reset = Number(res.headers['x-ratelimit-reset']);
  if (remaining > limit) problems.push(`X-RateLimit-Remaining (${remaining}) exceeds X-RateLimit-Limit (${limit})`);
  // Decision 8: Unix seconds. A delta or milliseconds would be far off this window.
  if (reset < 1_000_000_000 || reset > 100_000_000_000) problems.push(`X-RateLimit-Reset (${reset}) is not Unix seconds`);
  return problems;
}

/** X-RateLimit-Reset of an answer as a number, when it carries one. */
const resetOf = (res: ApiResponse): number | undefined => {
  const v = res.headers['x-ratelimit-reset'];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
};

/** What a burst met: a 429, an answer that ended it first (fails the checks), or no 429 within the bound (skips them). */
type Provoked =
  | { kind: '429'; res: ApiResponse; sent: number; windows: number; by: string }
  | { kind: 'broken'; res: ApiResponse; by: string }
  | { kind: 'none'; reason: string; by: string };

/**
 * The 429 both 429 checks judge: provoked once per run by whichever of them runs first (the burst's
 * exchanges are its evidence), each check making its own judgements of it. A burst that errored is
 * not kept: the next check provokes again.
 */
async function provoked429(ctx: CheckContext, checkId: string): Promise<{ res: ApiResponse; sent: number; windows: number }> {
  const p = await ctx.perRun('rate-limits: a provoked 429', () => provoke429(ctx, checkId));
  if (p.by !== checkId) ctx.note(`the burst was sent by ${p.by} in this run (its evidence holds the exchanges); judged here again`);
  if (p.kind === 'broken') ctx.fail('a cheap GET failed before any 429', 200, { status: p.res.status, body: p.res.body });
  if (p.kind === 'none') ctx.skip(p.reason);
  ctx.note(`429 after ${p.sent} requests (${p.windows} rate-limit window${p.windows > 1 ? 's' : ''})`);
  return p;
}

/**
 * Spends a fresh credential's budget on a cheap GET until the target answers 429: from the start of
 * a window (waited for when it is near), as one continuous burst: a window that ends before its
 * budget is spent (a client slowed by a loaded machine) is followed at once by a whole new one. Meets
 * no 429 (with the reason) when the advertised limit is beyond the bound or none comes within
 * MAX_REQUESTS_TO_429 requests.
 */
async function provoke429(ctx: CheckContext, by: string): Promise<Provoked> {
  const cred = await createCredential(ctx, 'rate limit');
  try {
    const { token } = await tokenOf(ctx, cred);
    // Raw: this check provokes the 429 our client would otherwise wait out.
    const read = (timeoutMs?: number) =>
      ctx.api.request({
        method: 'GET',
        path: '/webhooks/endpoints',
        query: { limit: 1 },
        auth: { bearer: token },
        rateLimit: 'raw',
        ...(timeoutMs ? { timeoutMs } : {}),
      });
    const first = await read();
    if (first.status === 429) return { kind: '429', res: first, sent: 1, windows: 1, by };
    const advertised = Number(first.headers['x-ratelimit-limit']);
    if (Number.isFinite(advertised) && advertised > MAX_LIMIT_TO_PROVOKE) {
      return {
        kind: 'none',
        reason: `X-RateLimit-Limit is ${advertised}, beyond the ${MAX_LIMIT_TO_PROVOKE} these checks try to exhaust (at most ${MAX_REQUESTS_TO_429} requests each)`,
        by,
      };
    }
    let sent = 1;
    const firstReset = resetOf(first);
    if (firstReset !== undefined) {
      const leftMs = firstReset * 1000 - Date.now();
      // Whole Unix seconds: a few ms past the boundary the server's new window has begun.
      if (leftMs > 0 && leftMs <= ALIGN_WITHIN_MS) await setTimeout(leftMs + 5);
    }
    let width: number = CONCURRENCY.start;
    let window = Number.NEGATIVE_INFINITY;
    let windows = 0;
    let limited: ApiResponse | undefined;
    // What ended the burst without a 429: an answer neither 200 nor 429, or an error (both fail the check).
    let broken: { res: ApiResponse } | { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      try {
        while (!limited && broken === undefined && sent < MAX_REQUESTS_TO_429) {
          sent++;
          const res = await read(BURST_REQUEST_TIMEOUT_MS);
          if (width < CONCURRENCY.most) {
            width++;
            pool.push(worker());
          }
          if (res.status === 429) {
            limited ??= res;
            return;
          }
          if (res.status !== 200) {
            if (!limited) broken ??= { res };
            return;
          }
          const reset = resetOf(res) ?? window;
          if (reset > window) {
            // A new window: the first, or one that began before the last was spent (sent too slowly).
            window = reset;
            windows++;
          }
        }
      } catch (err) {
        // An error while probing fails the check; kept until every request in flight has settled.
        if (!limited) broken ??= { error: err };
      }
    };
    const pool: Promise<void>[] = Array.from({ length: width }, () => worker());
    // The pool grows while it runs: wait until every worker, the added ones too, has returned.
    for (let awaited = 0; awaited < pool.length; ) {
      const n = pool.length;
      await Promise.all(pool);
      awaited = n;
    }
    if (broken && 'error' in broken) throw broken.error;
    if (broken) return { kind: 'broken', res: broken.res, by };
    if (limited) return { kind: '429', res: limited, sent, windows: Math.max(1, windows), by };
    const why =
      windows > 1 && Number.isFinite(advertised)
        ? `: each of the ${windows} windows they met ended before its ${advertised} requests were spent (this client, ${width} requests in flight, did not send fast enough to exhaust one)`
        : Number.isFinite(advertised)
          ? ` (X-RateLimit-Limit ${advertised})`
          : ' (no X-RateLimit-Limit)';
    return { kind: 'none', reason: `no 429 within ${MAX_REQUESTS_TO_429} requests of a fresh credential${why}`, by };
  } finally {
    await revokeQuietly(ctx, cred.clientId);
  }
}

export const checks: Check[] = [
  {
    id: 'RATE-HEADERS-PRESENT',
    level: 'SHOULD',
    area: 'rate-limits',
    title: 'Responses carry X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (Unix seconds).',
    source: 'decision 8; api-facts 1.9',
    async run(ctx: CheckContext) {
      const samples: { what: string; res: ApiResponse }[] = [
        { what: 'GET /customers', res: await ctx.api.request({ method: 'GET', path: '/customers', query: { limit: 1 } }) },
        { what: 'GET /webhooks/endpoints', res: await ctx.api.request({ method: 'GET', path: '/webhooks/endpoints', query: { limit: 1 } }) },
        { what: 'GET /customers/{unknown id} (an error answer)', res: await ctx.api.request({ method: 'GET', path: `/customers/${unknownId('cust_')}` }) },
        { what: 'POST /customers with an empty body (an error answer)', res: await ctx.api.request({ method: 'POST', path: '/customers', json: {} }) },
      ];
      for (const { what, res } of samples) {
        const problems = rateLimitHeaderProblems(res);
        ctx.ensure(problems.length === 0, `${what}: rate-limit headers are wrong`, 'X-RateLimit-Limit/Remaining/Reset as integers', problems);
      }
    },
  },
  {
    id: 'RATE-REMAINING-COUNTS-DOWN',
    level: 'SHOULD',
    area: 'rate-limits',
    title: 'X-RateLimit-Remaining goes down as a credential spends requests within one window.',
    source: 'decision 8; api-facts 1.9',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const cred = await createCredential(ctx, 'remaining');
      try {
        const { token } = await tokenOf(ctx, cred);
        const read = () => ctx.api.request({ method: 'GET', path: '/customers', query: { limit: 1 }, auth: { bearer: token } });
        // Two requests in one window: a short window (a second) may end between them, so a few tries.
        let a = await read();
        let b = await read();
        for (let tries = 1; ; tries++) {
          for (const r of [a, b]) {
            const problems = rateLimitHeaderProblems(r);
            ctx.ensure(problems.length === 0, 'rate-limit headers are wrong', 'X-RateLimit-* integers', problems);
          }
          if (a.headers['x-ratelimit-reset'] === b.headers['x-ratelimit-reset']) break;
          if (tries === 3) ctx.skip('the rate-limit window reset between the two requests, three times');
          a = await read();
          b = await read();
        }
        ctx.ensure(
          Number(b.headers['x-ratelimit-remaining']) < Number(a.headers['x-ratelimit-remaining']),
          'X-RateLimit-Remaining did not go down',
          `less than ${a.headers['x-ratelimit-remaining']}`,
          b.headers['x-ratelimit-remaining'],
        );
      } finally {
        await revokeQuietly(ctx, cred.clientId);
      }
    },
  },
  {
    id: 'RATE-429-RETRY-AFTER',
    level: 'MUST',
    area: 'rate-limits',
    title: 'A 429 answer carries Retry-After as a number of seconds.',
    source: 'decision 8',
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { res } = await provoked429(ctx, 'RATE-429-RETRY-AFTER');
      const ra = res.headers['retry-after'];
      ctx.ensure(ra !== undefined, 'the 429 has no Retry-After header', 'Retry-After: <seconds>', res.headers);
      ctx.ensure(/^\d+$/.test(ra.trim()), 'Retry-After is not a whole number of seconds', 'delta-seconds, e.g. "30"', ra);
    },
  },
  {
    id: 'RATE-429-PROBLEM',
    level: 'MUST',
    area: 'rate-limits',
    title: 'A 429 answer is a problem whose code is `rate_limit_exceeded`.',
    source: 'decision 8; decision 5',
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { res } = await provoked429(ctx, 'RATE-429-PROBLEM');
      expectProblem(ctx, res, { status: 429, code: 'rate_limit_exceeded', what: 'the 429 answer' });
    },
  },
];
