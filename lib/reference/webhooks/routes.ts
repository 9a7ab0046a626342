// HTTP routes of webhook endpoint management (paths relative to /v3; api-facts 1.2, decisions 7 and 11).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kernel } from '../kernel.js';
import { createEndpoint, deleteEndpoint, endpointStore, endpointWire, getEndpoint, rotateSecret, updateEndpoint } from './endpoints.js';

function partnerOf(request: FastifyRequest): string {
  return request.caller!.partnerId;
}

export function registerWebhookRouteHandlers(app: FastifyInstance, kernel: Kernel): void {
  app.post('/v3/webhooks/endpoints', { config: { operationId: 'createWebhookEndpoint', idempotent: true, body: 'json' } }, async (request, reply) => {
    const created = createEndpoint(kernel, partnerOf(request), request.body);
    return reply.code(201).header('location', `/v3/webhooks/endpoints/${created.id}`).send(created);
  });

  app.get('/v3/webhooks/endpoints', { config: { operationId: 'listWebhookEndpoints' } }, async (request) => {
    const partnerId = partnerOf(request);
    const all = [...endpointStore(kernel, partnerId).values()].reverse(); // newest first
    const page = kernel.paginate(all, request.query as Record<string, unknown>, { cursorPattern: /^we_[0-9a-f]{32}$/ });
    return { data: page.data.map((e) => endpointWire(kernel, e)), has_more: page.has_more };
  });

  app.get('/v3/webhooks/endpoints/:webhook_endpoint_id', { config: { operationId: 'getWebhookEndpoint' } }, async (request) => {
    const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
    const e = getEndpoint(kernel, partnerOf(request), webhook_endpoint_id);
    // Fault `webhook-secret-readable`: the secret leaks into the read shape.
    return kernel.faults.has('webhook-secret-readable') ? { ...endpointWire(kernel, e), secret: e.secret } : endpointWire(kernel, e);
  });

  app.patch('/v3/webhooks/endpoints/:webhook_endpoint_id', { config: { operationId: 'updateWebhookEndpoint', body: 'json' } }, async (request) => {
    const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
    return updateEndpoint(kernel, partnerOf(request), webhook_endpoint_id, request.body);
  });

  app.delete('/v3/webhooks/endpoints/:webhook_endpoint_id', { config: { operationId: 'deleteWebhookEndpoint' } }, async (request, reply) => {
    const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
    deleteEndpoint(kernel, partnerOf(request), webhook_endpoint_id);
    return reply.code(204).send();
  });

  app.post(
    '/v3/webhooks/endpoints/:webhook_endpoint_id/rotate-secret',
    { config: { operationId: 'rotateWebhookEndpointSecret', body: 'json', bodyOptional: true } },
    async (request) => {
      const { webhook_endpoint_id } = request.params as { webhook_endpoint_id: string };
      return rotateSecret(kernel, partnerOf(request), webhook_endpoint_id, request.body);
    },
  );
}
