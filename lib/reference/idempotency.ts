// The Idempotency-Key replay cache (decision 4): per partner, per operation, 24 h on the server
// clock. A replay with the same body gets the first answer again and creates nothing; the same key
// with another body is 422 `idempotency_key_reused`; a request arriving while the first with its
// key is still running waits for it and then gets its answer. Refused requests (4xx) keep nothing.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from './kernel.js';
import { ApiError, problemType, validationError } from './problem.js';

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** Response headers that are part of the replayed answer. */
const KEPT_HEADERS = ['content-type', 'location'];

interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer | null;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  response?: StoredResponse;
  settled: Promise<void>;
  settle: () => void;
  /** Fault `reads-from-lagging-replica`: when the replica the keys are read from first shows this one (server clock, ms). */
  visibleAt?: number;
}

const ENTRY = Symbol('idempotencyEntry');
/** Fault `idempotency-reuse-refused-late`: the reused key is found out only when the answer is sent. */
const REFUSE_LATE = Symbol('idempotencyRefuseLate');
/** Fault `idempotency-replay-reprocessed`: the stored answer a replay is to get once the handler ran again. */
const REPLAY_AFTER = Symbol('idempotencyReplayAfter');
const UPLOADS = new Set(['uploadDocument', 'createKycAttachment', 'createKycSelfie']);
type Tagged = FastifyRequest & { [ENTRY]?: { scope: string; entry: Entry }; [REFUSE_LATE]?: true; [REPLAY_AFTER]?: StoredResponse };

/** Structure tokens of the walk, told apart from data strings by their class. */
class Marker {
  constructor(readonly text: string) {}
}

function fingerprint(request: FastifyRequest, body: unknown = request.body): string {
  const hash = createHash('sha256').update(`${request.method} ${request.url.split('?')[0]}\n`);
  // Iterative walk: a hostile, deeply nested body must not overflow the stack.
  const stack: unknown[] = [body];
  while (stack.length) {
    const value = stack.pop();
    if (value instanceof Marker) {
      hash.update(value.text);
      continue;
    }
    if (Buffer.isBuffer(value)) hash.update('b:').update(value);
    else if (Array.isArray(value)) {
      hash.update('[');
      stack.push(new Marker(']'));
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (value && typeof value === 'object') {
      hash.update('{');
      stack.push(new Marker('}'));
      const keys = Object.keys(value).sort();
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push((value as Record<string, unknown>)[keys[i]!]);
        stack.push(new Marker(`${JSON.stringify(keys[i])}:`));
      }
    } else hash.update(JSON.stringify(value ?? null));
  }
  return hash.digest('hex');
}

export function createIdempotency(kernel: Kernel) {
  const cache = new Map<string, Entry>();
  const { clock, faults } = kernel;

  function sweep(now: number) {
    if (cache.size < 10_000) return;
    for (const [k, e] of cache) if (e.expiresAt <= now && e.response) cache.delete(k);
  }

  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      const config = request.routeOptions.config;
      if (!config?.idempotent || !request.caller) return;
      const raw = request.headers['idempotency-key'] ?? request.headers['x-idempotency-key'];
      if (raw === undefined) return;
      const key = Array.isArray(raw) ? raw[0]! : raw;
      // Fault `empty-idempotency-key-ignored`: on POST /webhooks/endpoints an empty key is read as no key.
      if (key.length === 0 && faults.has('empty-idempotency-key-ignored') && config.operationId === 'createWebhookEndpoint') return;
      if (key.length === 0 || key.length > 255) {
        throw validationError([{ field: kernel.wire.idempotencyHeader, message: 'must be 1 to 255 characters' }]);
      }
      if (faults.has('idempotency-key-ignored')) return;
      // Fault `idempotency-store-down`: the key store cannot be reached, so every keyed write fails.
      if (faults.has('idempotency-store-down')) throw new Error('idempotency store unavailable');
      // Uploads: the documentation revision's document upload, the SDK revision's KYC attachments.
      if (faults.has('idempotency-key-ignored-on-uploads') && UPLOADS.has(config.operationId ?? '')) return;
      if (faults.has('idempotency-key-ignored-on-loans') && config.operationId === 'createLoan') return;
      if (faults.has('idempotency-key-ignored-on-biometrics') && config.operationId === 'createBiometricsSession') return;
      if (faults.has('idempotency-key-ignored-on-credentials') && config.operationId === 'createCredential') return;
      const scope = `${request.caller.partnerId}\u0000${config.operationId}\u0000${key}`;
      const now = clock.nowMs();
      // Fault `idempotency-fingerprint-skips-multipart`: only JSON bodies are fingerprinted.
      const multipartBlind = faults.has('idempotency-fingerprint-skips-multipart') && /^multipart\//i.test(String(request.headers['content-type'] ?? ''));
      const fp = fingerprint(request, multipartBlind ? null : request.body);
      let entry = cache.get(scope);
      if (entry?.visibleAt !== undefined && entry.visibleAt > now) entry = undefined;
      // Fault `idempotency-answer-outlives-key`: the fingerprint expires after 24 h but the stored answer
      // is kept longer, so a later request with the key, whatever its body, gets the old answer.
      if (entry?.response && entry.expiresAt <= now && faults.has('idempotency-answer-outlives-key')) {
        reply.code(entry.response.status);
        for (const [k, v] of Object.entries(entry.response.headers)) reply.header(k, v);
        return reply.send(entry.response.body);
      }
      if (entry?.response && entry.expiresAt <= now) {
        cache.delete(scope);
        entry = undefined;
      }
      if (entry) {
        if (entry.fingerprint !== fp) {
          if (faults.has('idempotency-key-reuse-accepted')) return;
          // Fault `idempotency-reuse-refused-late`: the fingerprint is compared after the handler ran
          // (see onSend), so the refused request has already done its work.
          if (faults.has('idempotency-reuse-refused-late')) {
            (request as Tagged)[REFUSE_LATE] = true;
            return;
          }
          // Fault `idempotency-reuse-code-generic`: the right status, but the generic validation code.
          throw new ApiError(
            faults.has('idempotency-key-reuse-409') ? 409 : 422,
            faults.has('idempotency-reuse-code-generic') ? 'validation_failed' : 'idempotency_key_reused',
            'Idempotency key reused',
            'This Idempotency-Key was already used with a different request.',
          );
        }
        await entry.settled;
        const stored = entry.response;
        if (!stored) return; // the first attempt was refused or failed: run this one for real
        // Fault `idempotency-replay-reprocessed`: the replay runs the operation again, then answers the first answer.
        if (faults.has('idempotency-replay-reprocessed')) {
          (request as Tagged)[REPLAY_AFTER] = stored;
          return;
        }
        reply.code(faults.has('idempotency-replay-status-200') ? 200 : stored.status);
        for (const [k, v] of Object.entries(stored.headers)) reply.header(k, v);
        reply.header('Idempotent-Replayed', 'true');
        return reply.send(stored.body);
      }
      let settle!: () => void;
      const settled = new Promise<void>((resolve) => (settle = resolve));
      // Faults `idempotency-key-expires-early` (keys forgotten after an hour) and
      // `idempotency-key-never-expires` (kept for ever).
      const ttl = faults.has('idempotency-key-expires-early')
        ? 3600 * 1000
        : faults.has('idempotency-key-never-expires')
          ? Number.POSITIVE_INFINITY
          : IDEMPOTENCY_TTL_MS;
      const fresh: Entry = { fingerprint: fp, expiresAt: now + ttl, settled, settle };
      // Fault `idempotency-key-recorded-late`: the key is recorded only after the answer (see onSend).
      // Fault `reads-from-lagging-replica`: keys are read from a replica a second behind, so the key
      // recorded first is seen a second after it was, in flight or answered: no later than the customer
      // registered after it, so a duplicate that sees the CPF sees the key too.
      if (faults.has('reads-from-lagging-replica')) {
        if (!cache.has(scope)) cache.set(scope, Object.assign(fresh, { visibleAt: now + 1_000 }));
      } else if (!faults.has('idempotency-key-recorded-late')) cache.set(scope, fresh);
      (request as Tagged)[ENTRY] = { scope, entry: fresh };
      sweep(now);
    },

    async onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      if ((request as Tagged)[REFUSE_LATE] && reply.statusCode < 400) {
        reply.code(422).removeHeader('location').header('content-type', 'application/problem+json');
        return JSON.stringify({
          type: problemType(422),
          title: 'Idempotency key reused',
          status: 422,
          detail: 'This Idempotency-Key was already used with a different request.',
          instance: request.url.split('?')[0],
          code: 'idempotency_key_reused',
          request_id: request.id,
        });
      }
      const replayAfter = (request as Tagged)[REPLAY_AFTER];
      if (replayAfter) {
        reply.code(replayAfter.status);
        for (const [k, v] of Object.entries(replayAfter.headers)) reply.header(k, v);
        reply.header('Idempotent-Replayed', 'true');
        return replayAfter.body;
      }
      const tag = (request as Tagged)[ENTRY];
      if (!tag || tag.entry.response) return payload;
      const status = reply.statusCode;
      const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload == null ? null : undefined;
      // Only answers of requests that did something are kept: a refused request (4xx) or a failure
      // (5xx) releases the key, so the corrected request can use it.
      if (status >= 400 || body === undefined) {
        // (Only its own: under fault `reads-from-lagging-replica` a duplicate's key was never recorded.)
        if (cache.get(tag.scope) === tag.entry) cache.delete(tag.scope);
      } else {
        const headers: Record<string, string> = {};
        for (const h of KEPT_HEADERS) {
          const v = reply.getHeader(h);
          if (v !== undefined) headers[h] = String(v);
        }
        tag.entry.response = { status, headers, body };
        // Fault `idempotency-key-recorded-late`: a slow, fire-and-forget write of the key and its answer;
        // duplicates arriving before it lands are processed again.
        if (faults.has('idempotency-key-recorded-late')) setTimeout(() => cache.set(tag.scope, tag.entry), 1_000).unref();
      }
      tag.entry.settle();
      return payload;
    },
  };
}
