// The credit module of the reference server: routes, what the control API delegates to it, the
// credit analysis started at registration (auto mode), and offer expiry when the clock moves.
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.js';
import { EXPIRE_AFTER_STEPS, expiresOffer } from '../sandbox/triggers.js';
import { advanceLoan, recordPayment } from './loans.js';
import { expireOffers, finishCreditAnalysis } from './offers.js';
import { registerCreditRouteHandlers } from './routes.js';

export { advanceLoan, recordPayment } from './loans.js';
export { expireOffers, finishCreditAnalysis } from './offers.js';

export function registerCreditRoutes(app: FastifyInstance, kernel: Kernel): void {
  registerCreditRouteHandlers(app, kernel);

  kernel.registerCreditControl({
    creditAnalysis: (partnerId, customerId, body) => finishCreditAnalysis(kernel, partnerId, customerId, body),
    advanceLoan: (partnerId, loanId, body) => advanceLoan(kernel, partnerId, loanId, body?.to),
    recordPayment: (partnerId, loanId, body) => recordPayment(kernel, partnerId, loanId, body?.installment_number, body?.amount),
  });

  // Decision 9: the analysis starts at registration; in auto mode it publishes an offer by itself.
  kernel.subscribe((partnerId, event) => {
    const auto = kernel.options.auto;
    if (!auto || event.type !== 'customer.created') return;
    const customerId = event.data.id as string;
    // Sandbox `offer.expire`: a customer registered as "Sandbox Expire …" gets an offer valid for a few steps.
    const sandbox = kernel.options.sandbox;
    const validForMs = sandbox && expiresOffer(event.data.name) ? EXPIRE_AFTER_STEPS * sandbox.stepMs : undefined;
    kernel.schedule(auto.creditMs, () => {
      if (kernel.findCustomer(partnerId, customerId)) finishCreditAnalysis(kernel, partnerId, customerId, undefined, { validForMs });
    });
  });

  kernel.onClockAdvanced(() => {
    for (const partnerId of kernel.store.partnerIds()) expireOffers(kernel, partnerId);
  });
}
