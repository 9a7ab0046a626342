// Builds the fastify app of the reference server: request ids, auth, rate limits, idempotency,
// problem+json errors (never a stack trace, never a 5xx on bad input), 404/405 problems, and
// every route module (ours, credit, webhooks, the simulation control API, or in sandbox mode the
// sandbox's own pages instead of the control API).

import { randomBytes } from 'node:crypto';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type CallerIdentity, createAuth, registerAuthRoutes } from './auth.js';
import { registerControlRoutes } from './control.js';
import { registerCreditRoutes } from './credit/index.js';
import { registerSessionExchange } from './customers/attachments.js';
import { registerCustomerRoutes } from './customers/routes.js';
import { createIdempotency } from './idempotency.js';
import type { Kernel } from './kernel.js';
import type { Observer } from './observe/index.js';
import { ApiError, type ProblemOptions, sendProblem } from './problem.js';
import { createRateLimiter } from './rate-limit.js';
import { registerSandboxPages } from './sandbox/index.js';
import { createDispatcher, registerWebhookRoutes } from './webhooks/index.js';

/** What a route declares about itself in `config`. */
export interface RouteConfig {
  operationId?: string;
  /** No bearer token needed (token endpoint, discovery). */
  public?: boolean;
  /** Takes part in the Idempotency-Key replay cache. */
  idempotent?: boolean;
  /** The media type the body must have; absent bodies are allowed only when `bodyOptional`. */
  body?: 'json' | 'multipart' | 'form';
  bodyOptional?: boolean;
  /**
   * Customer-scoped session tokens (Dinie's KYC app): `only` refuses partner tokens with 403, `also`
   * takes both; otherwise a session token is refused with 403.
   */
  session?: 'only' | 'also';
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: CallerIdentity;
    /** The file name of a multipart upload's file part (the sandbox's `kyc.reject` trigger reads it). */
    uploadFilename?: string;
  }
  interface FastifyContextConfig extends RouteConfig {}
}

export const JSON_BODY_LIMIT = 1024 * 1024;
export const FILE_SIZE_LIMIT = 10 * 1024 * 1024;

export async function buildApp(kernel: Kernel, extras: { observer?: Observer } = {}): Promise<FastifyInstance> {
  const idPrefix = randomBytes(7).toString('hex');
  let requestCount = 0;
  const app = Fastify({
    logger: false,
    bodyLimit: JSON_BODY_LIMIT,
    exposeHeadRoutes: false,
    // A per-process random prefix and a counter: unique, and cheaper than random bytes per request.
    genReqId: () => `req_${idPrefix}${(kernel.faults.has('request-id-reused') ? 1 : ++requestCount).toString(16).padStart(10, '0')}`,
    // Bad URLs and the like are answered as problems too.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      sendProblem(reply, new ApiError(400, 'invalid_request', 'Bad request', error.message), problemOpts);
    },
  });
  const problemOpts = {
    plainJson4xx: kernel.faults.has('error-not-problem-json'),
    unnamedFieldErrors: kernel.faults.has('validation-errors-name-body'),
    ownProblemRequestId: kernel.faults.has('problem-request-id-own'),
  };
  const auth = createAuth(kernel);
  const limiter = createRateLimiter(kernel);
  const idempotency = createIdempotency(kernel);

  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: FILE_SIZE_LIMIT, files: 1, fields: 5, fieldSize: 4096, parts: 8 },
    // As without onFile (the buffer becomes the body's value), keeping the part's file name.
    async onFile(part) {
      this.uploadFilename = part.filename;
      await part.toBuffer();
    },
  });
  // JSON: an empty body is "no body" (optional-body actions such as biometrics); a malformed one is
  // a 400, tagged so the error handler recognises it.
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(/^application\/([\w.-]+\+)?json$/, { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      Object.assign(err as Error, { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
      done(err as Error, undefined);
    }
  });
  // Fault `json-body-any-content-type`: text bodies are parsed as JSON whatever their Content-Type says.
  if (kernel.faults.has('json-body-any-content-type')) {
    app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (err) {
        Object.assign(err as Error, { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
        done(err as Error, undefined);
      }
    });
  }
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // Known routes, so an unknown method on a known path gets 405 rather than 404.
  const byUrl = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook('onRoute', (route) => {
    let entry = byUrl.get(route.url);
    if (!entry) byUrl.set(route.url, (entry = { pattern: new RegExp(`^${route.url.replace(/:[^/]+/g, '[^/]+')}$`), methods: new Set() }));
    for (const m of [route.method].flat()) entry.methods.add(m);
  });
  const known = () => [...byUrl.values()];

  // Observe mode: its hooks come first, so it sees each request arrive and disturbs it before idempotency.
  extras.observer?.attach(app);

  // Sandbox mode: every API response comes `latencyMs` later.
  const latencyMs = kernel.options.sandbox?.latencyMs ?? 0;
  if (latencyMs > 0) {
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/v3/')) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    });
  }

  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config ?? {};
    // Fault `token-request-id-missing`: the token endpoint is answered without the x-request-id the rest carries.
    if (!(kernel.faults.has('token-request-id-missing') && config.operationId === 'createToken')) reply.header('x-request-id', request.id);
    const isApi = request.url.startsWith('/v3/');
    const routed = request.routeOptions.url !== undefined;
    if (routed && !config.public) {
      request.caller = await auth.authenticate(request);
      checkTokenKind(request.caller, config);
    }
    if (isApi) limiter.apply(request, reply);
    if (routed) checkMediaType(request, config, kernel);
  });

  app.addHook('preHandler', idempotency.preHandler);
  app.addHook('onSend', idempotency.onSend);

  app.setErrorHandler((error: unknown, request, reply) => sendError(kernel, error, request, reply, problemOpts));

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const entry = known().find((k) => k.pattern.test(path));
    if (entry) {
      if (kernel.faults.has('undocumented-method-accepted') && request.method === 'DELETE' && /^\/v3\/customers\/[^/]+\/?$/.test(path)) {
        return reply.code(204).send();
      }
      const allow = [...entry.methods].sort().join(', ');
      // Fault `method-not-allowed-without-allow`: the 405 leaves out the Allow header RFC 9110 requires.
      return sendProblem(
        reply,
        new ApiError(
          405,
          'method_not_allowed',
          'Method not allowed',
          `${request.method} is not allowed on ${path}.`,
          undefined,
          kernel.faults.has('method-not-allowed-without-allow') ? undefined : { Allow: allow },
        ),
        problemOpts,
      );
    }
    return sendProblem(reply, new ApiError(404, 'not_found', 'Not found', `No resource at ${path}.`), problemOpts);
  });

  registerAuthRoutes(app, kernel, auth);
  if (kernel.wire.kycUpload === 'attachments') registerSessionExchange(app, kernel, auth);
  registerCustomerRoutes(app, kernel);
  registerCreditRoutes(app, kernel);
  registerWebhookRoutes(app, kernel);
  // Sandbox mode has no control API: nothing answers under /_simulation, not even discovery.
  if (kernel.options.sandbox) registerSandboxPages(app, kernel);
  else registerControlRoutes(app, kernel);
  kernel.setDispatcher(extras.observer?.dispatcher ?? createDispatcher(kernel));
  return app;
}

/** Partner tokens and customer session tokens each reach only the routes that take them. */
function checkTokenKind(caller: CallerIdentity, config: RouteConfig): void {
  if (caller.sessionCustomerId !== undefined && !config.session) {
    throw new ApiError(403, 'forbidden', 'Forbidden', 'A customer session token cannot call this operation.');
  }
  if (caller.sessionCustomerId === undefined && config.session === 'only') {
    throw new ApiError(403, 'forbidden', 'Forbidden', "Only Dinie's KYC app, with a customer session token, can call this operation.");
  }
}

function checkMediaType(request: FastifyRequest, config: RouteConfig, kernel: Kernel): void {
  if (!config.body) return;
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const length = Number(request.headers['content-length'] ?? 0);
  const hasBody = type !== '' || length > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody) {
    if (config.bodyOptional) return;
    if (config.body === 'json' && kernel.faults.has('missing-body-read-as-empty')) {
      request.body = {};
      return;
    }
    throw new ApiError(415, 'unsupported_media_type', 'Unsupported media type', `A ${mediaName(config.body)} body is required.`);
  }
  const ok =
    config.body === 'json'
      ? type === 'application/json' || type.endsWith('+json') || (type === 'text/plain' && kernel.faults.has('json-body-any-content-type'))
      : config.body === 'multipart'
        ? type === 'multipart/form-data'
        : type === 'application/x-www-form-urlencoded' || type === 'application/json';
  if (!ok) throw new ApiError(415, 'unsupported_media_type', 'Unsupported media type', `The body must be ${mediaName(config.body)}.`);
}

function mediaName(body: NonNullable<RouteConfig['body']>): string {
  return body === 'json' ? 'application/json' : body === 'multipart' ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
}

/** Every error ends here and leaves as a problem; unexpected ones become a bare 500 with no internals. */
function sendError(kernel: Kernel, error: unknown, request: FastifyRequest, reply: FastifyReply, opts: ProblemOptions) {
  if (error instanceof ApiError) return sendProblem(reply, error, opts);
  const e = error as { code?: string; statusCode?: number; message?: string; stack?: string };
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && e.statusCode === 400)) {
    if (kernel.faults.has('server-error-on-malformed-json')) {
      return reply.code(500).type('text/plain; charset=utf-8').send(String(e.stack));
    }
    // Fault `malformed-json-stack-in-problem`: the parser's stack trace travels in the problem's detail.
    const detail = kernel.faults.has('malformed-json-stack-in-problem') ? String(e.stack) : 'The body is not valid JSON.';
    return sendProblem(reply, new ApiError(400, 'invalid_json', 'Malformed JSON', detail), opts);
  }
  const status = e.statusCode ?? 500;
  if (status === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.code === 'FST_REQ_FILE_TOO_LARGE') {
    return sendProblem(reply, new ApiError(413, 'payload_too_large', 'Payload too large', 'The body exceeds the size limit.'), opts);
  }
  if (status === 415 || e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return sendProblem(reply, new ApiError(415, 'unsupported_media_type', 'Unsupported media type', 'This media type is not accepted here.'), opts);
  }
  if (status >= 400 && status < 500) {
    return sendProblem(reply, new ApiError(status === 406 ? 400 : status, 'invalid_request', 'Bad request', e.message), opts);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, new ApiError(500, 'internal_error', 'Internal error', 'Something went wrong on our side.'), opts);
}
