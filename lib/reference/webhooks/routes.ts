// HTTP routes of webhook endpoint management (paths relative to /v3; api-facts 1.2, decisions 7 and 11).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kernel } from '../kernel.js';
import { notFound } from '../problem.js';
import {
  createEndpoint,
  deleteEndpoint,
  type EndpointRecord,
  endpointStore,
  getEndpoint,
  rotateSecret,
  softDeletedEndpoints,
  updateEndpoint,
} from './endpoints.js';

/** How long a fresh endpoint stays invisible under faults `webhook-read-lags-create` and `webhook-list-lags-create`. */
const READ_LAG_MS = 10_000;

/** `obj` without member `key` (the shape a fault's answer forgets a member in). */
function without(obj: unknown, key: string): unknown {
  const { [key]: _dropped, ...rest } = obj as Record<string, unknown>;
  return rest;
}

function partnerOf(request: FastifyRequest): string {
  return request.caller!.partnerId;
}

export function registerWebhookRouteHandlers(app: FastifyInstance, kernel: Kernel): void {
  const endpointWire = kernel.wire.endpoint;
  // Every POST and PATCH takes part in the idempotency cache where the revision says so.
  const writeIdempotent = kernel.wire.idempotentWrites;
  app.post('/v3/webhooks/endpoints', { config: { operationId: 'createWebhookEndpoint', idempotent: true, body: 'json' } }, async (request, reply) => {
    const created = createEndpoint(kernel, partnerOf(request), request.body);
    // Fault `webhook-create-answer-omits-updated-at`: the create answer is built without `updated_at`.
    const answer = kernel.faults.has('webhook-create-answer-omits-updated-at') ? without(created, 'updated_at') : created;
    return reply.code(201).header('location', `/v3/webhooks/endpoints/${created.id}`).send(answer);
  });

  app.get('/v3/webhooks/endpoints', { config: { operationId: 'listWebhookEndpoints' } }, async (request) => {
    const partnerId = partnerOf(request);
    const stored = [...endpointStore(kernel, partnerId).values(), ...softDeletedEndpoints(kernel, partnerId).values()];
    // Fault `webhook-list-lags-create`: the list comes from a replica that sees an endpoint only 10 s after it was created.
    const visible = kernel.faults.has('webhook-list-lags-create') ? stored.filter((e) => kernel.clock.nowMs() - e.createdAt.getTime() >= READ_LAG_MS) : stored;
    const all = visible.reverse(); // newest first
    const page = kernel.paginate(all, request.query as Record<string, unknown>, { cursorPattern: /^we_[0-9a-f]{32}$/ });
    // Fault `webhook-list-shows-secret`: the list serialises the whole record, secret included.
    const item = kernel.faults.has('webhook-list-shows-secret')
      ? (e: EndpointRecord) => ({ ...endpointWire(kernel, e), secret: e.secret })
      : (e: EndpointRecord) => endpointWire(kernel, e);
    return { data: page.data.map(item), has_more: page.has_more };
  });

  app.get('/v3/webhooks/endpoints/:webhook_endpoint_id', { config: { operationId: 'getWebhookEndpoint' } }, async (request) => {
    const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
    const e = getEndpoint(kernel, partnerOf(request), webhook_endpoint_id, { read: true });
    // Fault `webhook-read-lags-create`: reads come from a replica that sees an endpoint only 10 s after it was created.
    if (kernel.faults.has('webhook-read-lags-create') && kernel.clock.nowMs() - e.createdAt.getTime() < READ_LAG_MS) throw notFound('Webhook endpoint');
    // Fault `webhook-read-omits-updated-at`: the read answer is built without `updated_at`.
    if (kernel.faults.has('webhook-read-omits-updated-at')) return without(endpointWire(kernel, e), 'updated_at');
    // Fault `webhook-secret-readable`: the secret leaks into the read shape.
    if (kernel.faults.has('webhook-secret-readable')) return { ...endpointWire(kernel, e), secret: e.secret };
    // Fault `webhook-read-expands-wildcards`: `resource.*` is read back as the event names it covers.
    if (kernel.faults.has('webhook-read-expands-wildcards')) {
      const events = e.events.flatMap((f) => (f.endsWith('.*') ? kernel.wire.eventTypes.filter((t) => t.startsWith(f.slice(0, -1))) : [f]));
      return { ...endpointWire(kernel, e), events };
    }
    return endpointWire(kernel, e);
  });

  app.patch(
    '/v3/webhooks/endpoints/:webhook_endpoint_id',
    { config: { operationId: 'updateWebhookEndpoint', body: 'json', idempotent: writeIdempotent } },
    async (request, reply) => {
      const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
      const updated = updateEndpoint(kernel, partnerOf(request), webhook_endpoint_id, request.body);
      // Fault `webhook-patch-answers-202`: the update is applied but answered 202 Accepted, as if queued.
      if (kernel.faults.has('webhook-patch-answers-202')) return reply.code(202).send(updated);
      // Fault `webhook-patch-answer-omits-created-at`: the PATCH answer is built without `created_at`.
      return kernel.faults.has('webhook-patch-answer-omits-created-at') ? without(updated, 'created_at') : updated;
    },
  );

  app.delete('/v3/webhooks/endpoints/:webhook_endpoint_id', { config: { operationId: 'deleteWebhookEndpoint' } }, async (request, reply) => {
    const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
    // Fault `cross-partner-delete-404-after-delete`: the endpoint is deleted wherever it lives before
    // ownership is checked, so another partner's DELETE is answered 404 but applied.
    if (kernel.faults.has('cross-partner-delete-404-after-delete')) {
      for (const p of kernel.store.partnerIds()) if (p !== partnerOf(request)) endpointStore(kernel, p).delete(webhook_endpoint_id);
    }
    // Fault `webhook-delete-200-with-body`: DELETE answers 200 with the deleted endpoint.
    if (kernel.faults.has('webhook-delete-200-with-body')) {
      const gone = endpointWire(kernel, getEndpoint(kernel, partnerOf(request), webhook_endpoint_id));
      deleteEndpoint(kernel, partnerOf(request), webhook_endpoint_id);
      return reply.code(200).send(gone);
    }
    deleteEndpoint(kernel, partnerOf(request), webhook_endpoint_id);
    return reply.code(204).send();
  });

  app.post(
    '/v3/webhooks/endpoints/:webhook_endpoint_id/rotate-secret',
    { config: { operationId: 'rotateWebhookEndpointSecret', body: 'json', bodyOptional: true, idempotent: writeIdempotent } },
    async (request, reply) => {
      const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
      const rotated = rotateSecret(kernel, partnerOf(request), webhook_endpoint_id, request.body);
      // Fault `webhook-rotation-answers-201`: the new secret is answered 201 Created, not 200.
      if (kernel.faults.has('webhook-rotation-answers-201')) return reply.code(201).send(rotated);
      // Fault `webhook-rotation-answer-omits-expiry`: the answer lacks `previous_secret_expires_at`.
      if (kernel.faults.has('webhook-rotation-answer-omits-expiry')) return without(rotated, 'previous_secret_expires_at');
      // Fault `webhook-rotation-answer-new-id`: the answer carries the id of a new secret record, not the endpoint's.
      if (kernel.faults.has('webhook-rotation-answer-new-id')) return { ...(rotated as object), id: kernel.newId('we') };
      return rotated;
    },
  );
}
