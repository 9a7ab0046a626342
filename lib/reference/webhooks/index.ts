// The webhook module of the reference server: endpoint management routes and the signed dispatcher.
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.js';
import { registerWebhookRouteHandlers } from './routes.js';

export { createDispatcher, messageIdFor, type ReferenceDispatcher, type DeliveryAttempt } from './dispatcher.js';
export { EVENT_TYPES, matches, isKnownFilter } from './catalogue.js';

export function registerWebhookRoutes(app: FastifyInstance, kernel: Kernel): void {
  registerWebhookRouteHandlers(app, kernel);
}
