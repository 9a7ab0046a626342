// Rate limits (decision 8, api-facts 1.9): X-RateLimit-* headers SHOULD be on every response; a
// 429 MUST be a problem with code `rate_limit_exceeded` and carry Retry-After in seconds.
import type { ApiResponse, CheckContext } from '../../lib/checks/context.js';
import type { Check } from '../../lib/checks/types.js';
import { unknownId } from '../../lib/flows/ids.js';
import { expectProblem } from '../../lib/flows/problem.js';
import { createCredential, revokeQuietly, tokenOf } from '../auth/credentials.js';

/**
 * How many requests a check may spend to provoke a 429 (bounded load): a sandbox budget of a few
 * hundred per minute must be reachable, so they go in small concurrent batches.
 */
export const MAX_REQUESTS_TO_429 = 1_000;
const BATCH = 20;

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

/**
 * Spends a fresh credential's budget on a cheap GET until the target answers 429. Skips (with the
 * reason) when the advertised limit is beyond the bound or no 429 comes within it.
 */
async function provoke429(ctx: CheckContext): Promise<{ res: ApiResponse; sent: number }> {
  const cred = await createCredential(ctx, 'rate limit');
  try {
    const { token } = await tokenOf(ctx, cred);
    // Raw: this check provokes the 429 our client would otherwise wait out.
    const read = () => ctx.api.request({ method: 'GET', path: '/webhooks/endpoints', query: { limit: 1 }, auth: { bearer: token }, rateLimit: 'raw' });
    const first = await read();
    if (first.status === 429) return { res: first, sent: 1 };
    const advertised = Number(first.headers['x-ratelimit-limit']);
    if (Number.isFinite(advertised) && advertised > MAX_REQUESTS_TO_429) {
      ctx.skip(`X-RateLimit-Limit is ${advertised}, beyond the ${MAX_REQUESTS_TO_429} requests this check may spend`);
    }
    for (let sent = 1; sent < MAX_REQUESTS_TO_429; ) {
      const batch = await Promise.all(Array.from({ length: Math.min(BATCH, MAX_REQUESTS_TO_429 - sent) }, () => read()));
      sent += batch.length;
      const limited = batch.find((r) => r.status === 429);
      if (limited) return { res: limited, sent };
      const broken = batch.find((r) => r.status !== 200);
      ctx.ensure(!broken, 'a cheap GET failed before any 429', 200, broken && { status: broken.status, body: broken.body });
    }
    ctx.skip(`no 429 within ${MAX_REQUESTS_TO_429} requests of a fresh credential`);
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
      const { res, sent } = await provoke429(ctx);
      ctx.note(`429 after ${sent} requests`);
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
      const { res } = await provoke429(ctx);
      expectProblem(ctx, res, { status: 429, code: 'rate_limit_exceeded', what: 'the 429 answer' });
    },
  },
];
