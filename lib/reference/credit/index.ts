// Placeholder until the credit module lands: the credit engineer owns this file and replaces it.
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.js';

export function registerCreditRoutes(_app: FastifyInstance, _kernel: Kernel): void {}
