// The simulation control API (docs/simulation-control.md): drives, deterministically, what Dinie
// does asynchronously. Lives under /_simulation, outside the contract.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createKycEngine, type KycAction } from './customers/kyc.js';
import { objectBody } from './customers/validate.js';
import type { Kernel } from './kernel.js';
import { ApiError, notFound, validationError } from './problem.js';

export const CONTROL_VERSION = '1';
const ACTIONS: KycAction[] = ['submit', 'approve', 'reject', 'request_correction'];

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  if (request.body === undefined) return {};
  const body = objectBody(request.body);
  if (!body) throw validationError([{ field: '', message: 'must be a JSON object' }]);
  return body;
}

export function registerControlRoutes(app: FastifyInstance, kernel: Kernel) {
  const kyc = createKycEngine(kernel);
  const json = { body: 'json', bodyOptional: true } as const;

  app.get('/_simulation', { config: { public: true } }, async () => ({
    name: 'dinie-conformance reference server',
    version: CONTROL_VERSION,
    mode: kernel.options.auto ? 'auto' : 'manual',
    contract: kernel.wire.revision,
    now: kernel.toIso(kernel.clock.now()),
    faults: kernel.faults.list(),
  }));

  app.post('/_simulation/customers/:customer_id/kyc/:type', { config: json }, async (request) => {
    const { customer_id, type } = request.params as { customer_id: string; type: string };
    const customer = kernel.findCustomer(request.caller!.partnerId, customer_id);
    if (!customer) throw notFound('Customer');
    const body = bodyOf(request);
    const action = body.action as KycAction;
    const errors = [];
    if (!ACTIONS.includes(action)) errors.push({ field: 'action', message: `must be one of ${ACTIONS.join(', ')}` });
    if (body.message !== undefined && typeof body.message !== 'string') errors.push({ field: 'message', message: 'must be a string' });
    if (errors.length) throw validationError(errors);
    // `type` is an item type, or a requirement id of the spoken revision (identity_…).
    kyc.decide(customer, kernel.wire.kycItemType(kernel, customer, type), action, body.message as string | undefined);
    return kernel.wire.customer(kernel, customer);
  });

  // A reviewer blocks the customer for good; only where the revision has the `denied` status.
  app.post('/_simulation/customers/:customer_id/deny', { config: json }, async (request) => {
    const { customer_id } = request.params as { customer_id: string };
    const customer = kernel.findCustomer(request.caller!.partnerId, customer_id);
    if (!customer) throw notFound('Customer');
    if (!kernel.wire.customerRules.statuses.includes('denied')) {
      throw new ApiError(409, 'not_in_revision', 'Conflict', `The ${kernel.wire.revision} revision has no denied customers.`);
    }
    kyc.deny(customer);
    return kernel.wire.customer(kernel, customer);
  });

  const delegate = (name: 'creditAnalysis' | 'advanceLoan' | 'recordPayment') => {
    const fn = kernel.control[name];
    if (!fn) throw new ApiError(501, 'not_implemented', 'Not implemented', `The credit module has not registered ${name}.`);
    return fn;
  };

  app.post('/_simulation/customers/:customer_id/credit-analysis', { config: json }, async (request, reply) => {
    const { customer_id } = request.params as { customer_id: string };
    const partnerId = request.caller!.partnerId;
    if (!kernel.findCustomer(partnerId, customer_id)) throw notFound('Customer');
    const offer = await delegate('creditAnalysis')(partnerId, customer_id, bodyOf(request));
    reply.code(201);
    return offer;
  });

  app.post('/_simulation/loans/:loan_id/advance', { config: json }, async (request) => {
    const { loan_id } = request.params as { loan_id: string };
    return delegate('advanceLoan')(request.caller!.partnerId, loan_id, bodyOf(request));
  });

  app.post('/_simulation/loans/:loan_id/payments', { config: json }, async (request) => {
    const { loan_id } = request.params as { loan_id: string };
    return delegate('recordPayment')(request.caller!.partnerId, loan_id, bodyOf(request));
  });

  app.post('/_simulation/clock', { config: { body: 'json' } }, async (request) => {
    const body = bodyOf(request);
    const seconds = body.advance_seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > 10 * 365 * 86400) {
      throw validationError([{ field: 'advance_seconds', message: 'must be a non-negative integer number of seconds' }]);
    }
    kernel.clock.advance(seconds);
    kernel.clockAdvanced();
    return { now: kernel.toIso(kernel.clock.now()) };
  });
}
