// Sandbox mode of the reference server (docs/sandbox.md): what the mode adds to the app. The rest
// lives where the behaviour lives (KYC review in customers/kyc.ts, loan walks in credit/loans.ts,
// the expiring offer in credit/index.ts, budgets and seeding in index.ts), all keyed on
// `kernel.options.sandbox`.
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.js';
import { ApiError } from '../problem.js';
import { sandboxState } from './state.js';
import { asksCorrection } from './triggers.js';

export { seedCustomers } from './seed.js';
export { loanOutcome, SANDBOX_TRIGGERS, type SandboxTrigger } from './triggers.js';

/** The sandbox's pages (instead of the control API) and its trigger bookkeeping. */
export function registerSandboxPages(app: FastifyInstance, kernel: Kernel): void {
  const state = sandboxState(kernel);
  // `kyc.correction`: remembered at registration, acted on at the customer's first review step.
  kernel.subscribe((_partnerId, event) => {
    if (event.type === 'customer.created' && asksCorrection(event.data.email)) state.correctionDue.add(event.data.id as string);
  });

  // What a loan's signing_url points at. The sandbox signs contracts on its own.
  app.get('/sandbox/signing/:loan_id', { config: { public: true } }, async (request, reply) => {
    const { loan_id } = request.params as { loan_id: string };
    if (!kernel.store.findAnywhere('loans', loan_id)) throw new ApiError(404, 'not_found', 'Not found', 'No contract to sign here.');
    reply.type('text/html; charset=utf-8');
    return '<!doctype html><title>Contract signing</title><p>Sandbox contract signing: the sandbox signs the CCB by itself shortly.</p>';
  });
}
