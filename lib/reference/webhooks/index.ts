// Placeholder until the webhook module lands: the webhook engineer owns this file and replaces it.
import type { FastifyInstance } from 'fastify';
import type { Dispatcher, Kernel } from '../kernel.js';

export function registerWebhookRoutes(_app: FastifyInstance, _kernel: Kernel): void {}

export function createDispatcher(_kernel: Kernel): Dispatcher {
  return { dispatch() {} };
}
