// Judges an error answer against decision 5: every 4xx/5xx of a resource operation is an
// RFC 9457 problem (`application/problem+json`) whose `status` repeats the HTTP status.
import type { ApiResponse, CheckContext } from '../checks/context.js';

export interface ProblemExpectation {
  /** Accepted HTTP statuses; default: any 4xx. */
  status?: number | readonly number[];
  /** Expected `code` member (judged only when given). */
  code?: string;
  /** What was sent, for the failure message. */
  what: string;
}

export function isProblemContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/problem+json';
}

/**
 * Fails the check unless `res` is a problem answer with an accepted status: the one judgement of
 * error answers every check uses. Short form: `expectProblem(ctx, res, what, [statuses])`.
 */
export function expectProblem(ctx: CheckContext, res: ApiResponse, exp: ProblemExpectation): void;
export function expectProblem(ctx: CheckContext, res: ApiResponse, what: string, statuses?: readonly number[]): void;
export function expectProblem(ctx: CheckContext, res: ApiResponse, expOrWhat: ProblemExpectation | string, statuses?: readonly number[]): void {
  const exp: ProblemExpectation = typeof expOrWhat === 'string' ? { what: expOrWhat, ...(statuses ? { status: statuses } : {}) } : expOrWhat;
  const accepted = exp.status === undefined ? undefined : ([] as number[]).concat(exp.status as number | number[]);
  const statusOk = accepted ? accepted.includes(res.status) : res.status >= 400 && res.status < 500;
  ctx.ensure(statusOk, `${exp.what}: unexpected HTTP status`, accepted ? `status ${accepted.join(' or ')}` : 'a 4xx status', res.status);
  ctx.ensure(
    isProblemContentType(res.contentType),
    `${exp.what}: the error is not application/problem+json`,
    'content-type application/problem+json',
    res.contentType ?? '(none)',
  );
  const raw: unknown = res.body;
  ctx.ensure(
    raw !== null && typeof raw === 'object' && !Array.isArray(raw),
    `${exp.what}: the problem body is not a JSON object`,
    'a JSON object {type, title, status}',
    res.text.slice(0, 300),
  );
  const body = raw as { type?: unknown; title?: unknown; status?: unknown; code?: unknown };
  ctx.ensure(
    typeof body.type === 'string' && typeof body.title === 'string',
    `${exp.what}: the problem lacks \`type\` or \`title\``,
    'string members type and title',
    { type: body.type, title: body.title },
  );
  ctx.ensure(body.status === res.status, `${exp.what}: the problem's \`status\` differs from the HTTP status`, res.status, body.status);
  if (exp.code !== undefined) {
    ctx.ensure(body.code === exp.code, `${exp.what}: unexpected problem \`code\``, exp.code, body.code);
  }
}

/** True when `res` is a 4xx problem (for counting, without failing). */
export function isProblem(res: ApiResponse): boolean {
  return (
    res.status >= 400 &&
    res.status < 500 &&
    isProblemContentType(res.contentType) &&
    res.body !== null &&
    typeof res.body === 'object' &&
    (res.body as { status?: unknown }).status === res.status
  );
}
