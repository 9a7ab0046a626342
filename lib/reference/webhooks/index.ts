// The webhook module of the reference server: endpoint management routes and the signed dispatcher.
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.js';
import { registerWebhookRouteHandlers } from './routes.js';

export { EVENT_TYPES, isKnownFilter, matches } from './catalogue.js';
export { createDispatcher, type DeliveryAttempt, messageIdFor, type ReferenceDispatcher } from './dispatcher.js';

export function registerWebhookRoutes(app: FastifyInstance, kernel: Kernel): void {
  registerWebhookRouteHandlers(app, kernel);
}
