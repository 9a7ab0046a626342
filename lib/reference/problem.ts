// RFC 9457 problem details. Route modules throw ApiError; the app's error handler turns every
// error into one problem+json answer, so no handler hand-builds error bodies.
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export interface FieldError {
  field: string;
  message: string;
}

/** The `type` URL kind of each status, per the error catalogue (api-facts 1.7). */
const KIND: Record<number, string> = {
  400: 'invalid-request',
  401: 'authentication-failed',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'validation-failed',
  429: 'rate-limit-exceeded',
  500: 'internal',
  503: 'internal',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** Extra headers the answer must carry (Allow, Retry-After, WWW-Authenticate). */
    readonly headers?: Record<string, string>,
    /** Extra members of the body (e.g. the OAuth `error` of the token endpoint). */
    readonly extra?: Record<string, unknown>,
  ) {
    // An ApiError is an answer the server gives, not a bug: its stack is never read, and capturing
    // it through fastify's deep call chains was ~1 % of a fault self-test's CPU (every refused
    // request of the contract checks throws one).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail ?? title);
    Error.stackTraceLimit = limit;
  }
}

export function validationError(errors: FieldError[], detail = 'The request has invalid fields.'): ApiError {
  return new ApiError(422, 'validation_failed', 'Validation failed', detail, errors);
}

export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', 'Not found', `${what} was not found.`);
}

export function problemType(status: number): string {
  return `https://docs.dinie.com/errors/${KIND[status] ?? (status >= 500 ? 'internal' : 'invalid-request')}`;
}

export interface ProblemOptions {
  /** Fault `error-not-problem-json`: 4xx go out as plain application/json. */
  plainJson4xx?: boolean;
  /** Fault `validation-errors-name-body`: every errors[] entry names `body`, not the field. */
  unnamedFieldErrors?: boolean;
  /** Fault `problem-request-id-own`: the body's request_id is minted apart from the x-request-id header. */
  ownProblemRequestId?: boolean;
}

export function sendProblem(reply: FastifyReply, err: ApiError, opts: ProblemOptions = {}): FastifyReply {
  const requestId = reply.request.id;
  const body: Record<string, unknown> = {
    type: problemType(err.status),
    title: err.title,
    status: err.status,
    ...(err.detail ? { detail: err.detail } : {}),
    instance: reply.request.url.split('?')[0],
    code: err.code,
    request_id: opts.ownProblemRequestId ? `req_${randomBytes(12).toString('hex')}` : requestId,
    ...(err.errors ? { errors: opts.unnamedFieldErrors ? err.errors.map((e) => ({ ...e, field: 'body' })) : err.errors } : {}),
    ...err.extra,
  };
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  const plain = opts.plainJson4xx && err.status >= 400 && err.status < 500;
  return reply
    .code(err.status)
    .type(plain ? 'application/json; charset=utf-8' : 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(body));
}
