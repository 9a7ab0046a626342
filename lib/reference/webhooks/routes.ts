// HTTP routes of webhook endpoint management (paths relative to /v3; api-facts 1.2, decisions 7 and 11).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kernel } from '../kernel.js';
import { createEndpoint, deleteEndpoint, endpointStore, getEndpoint, rotateSecret, softDeletedEndpoints, updateEndpoint } from './endpoints.js';

function partnerOf(request: FastifyRequest): string {
  return request.caller!.partnerId;
}

export function registerWebhookRouteHandlers(app: FastifyInstance, kernel: Kernel): void {
  const endpointWire = kernel.wire.endpoint;
  // Every POST and PATCH takes part in the idempotency cache where the revision says so.
  const writeIdempotent = kernel.wire.idempotentWrites;
  app.post('/v3/webhooks/endpoints', { config: { operationId: 'createWebhookEndpoint', idempotent: true, body: 'json' } }, async (request, reply) => {
    const created = createEndpoint(kernel, partnerOf(request), request.body);
    return reply.code(201).header('location', `/v3/webhooks/endpoints/${created.id}`).send(created);
  });

  app.get('/v3/webhooks/endpoints', { config: { operationId: 'listWebhookEndpoints' } }, async (request) => {
    const partnerId = partnerOf(request);
    const all = [...endpointStore(kernel, partnerId).values(), ...softDeletedEndpoints(kernel, partnerId).values()].reverse(); // newest first
    const page = kernel.paginate(all, request.query as Record<string, unknown>, { cursorPattern: /^we_[0-9a-f]{32}$/ });
    return { data: page.data.map((e) => endpointWire(kernel, e)), has_more: page.has_more };
  });

  app.get('/v3/webhooks/endpoints/:webhook_endpoint_id', { config: { operationId: 'getWebhookEndpoint' } }, async (request) => {
    const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
    const e = getEndpoint(kernel, partnerOf(request), webhook_endpoint_id, { read: true });
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
    async (request) => {
      const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
      return updateEndpoint(kernel, partnerOf(request), webhook_endpoint_id, request.body);
    },
  );

  app.delete('/v3/webhooks/endpoints/:webhook_endpoint_id', { config: { operationId: 'deleteWebhookEndpoint' } }, async (request, reply) => {
    const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
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
    async (request) => {
      const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
      return rotateSecret(kernel, partnerOf(request), webhook_endpoint_id, request.body);
    },
  );
}
