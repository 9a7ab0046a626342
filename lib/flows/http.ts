// Small helpers that turn an unexpected answer into a failed check with evidence.
import type { ApiResponse, CheckContext } from '../checks/context.js';

/** Fails unless `res.status` is one of `statuses`; the message names the operation. */
export function expectStatus(ctx: CheckContext, res: ApiResponse, statuses: number | number[], what: string): void {
  const ok = Array.isArray(statuses) ? statuses : [statuses];
  // ensure, not `if … fail`: a status that holds is a judgement too (the runner counts them).
  ctx.ensure(ok.includes(res.status), `${what}: expected HTTP ${ok.join(' or ')}, got ${res.status}`, ok.join(' or '), { status: res.status, body: res.body });
}

/** Fails unless the response is valid against the contract for `operationId`. */
export function expectValid(ctx: CheckContext, operationId: string, res: ApiResponse, what = operationId): void {
  const v = ctx.validateResponse(operationId, res);
  ctx.ensure(v.valid, `${what}: the ${res.status} response does not match the contract`, 'a response valid against the contract', v.errors);
}

// One judgement of problem answers for every check (decision 5): lib/flows/problem.ts.
export { expectProblem, isProblem } from './problem.js';

/**
 * Whether the Location header names `/v3<path>` (seed 001/004 examples: `/v3/customers/cust_…`).
 * An absolute URL or a longer prefix (`/api/v3/…`) is accepted as long as it ends with that path.
 */
export function locationNames(res: ApiResponse, path: string): boolean {
  const loc = res.headers.location;
  if (!loc) return false;
  let p = loc;
  try {
    p = new URL(loc, 'http://x').pathname;
  } catch {
    return false;
  }
  return p === `/v3${path}` || p.endsWith(`/v3${path}`);
}

/** Fails unless the 201 carries a Location naming the new resource. */
export function expectLocation(ctx: CheckContext, res: ApiResponse, path: string, what: string): void {
  ctx.ensure(locationNames(res, path), `${what}: the 201 must carry Location: /v3${path}`, `/v3${path}`, res.headers.location ?? '(no Location header)');
}

/** Comparable body: parsed JSON as text, keys in the order sent. */
export function sameBody(a: ApiResponse, b: ApiResponse): boolean {
  return a.text === b.text || JSON.stringify(a.body) === JSON.stringify(b.body);
}
