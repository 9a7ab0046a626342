// Real resources for the contract checks, so every operation can be called on something that
// exists: on a stateful target they come from lib/flows; on a stateless one (a mock answering
// examples) any well-formed id will do. What cannot be deleted (a customer, an active customer's
// offer and loan) is made once per target and partner and shared; what can (a webhook endpoint, a
// credential) is made per check, so the check's clean-up deletes it when the check ends.

import fc from 'fast-check';
import type { ApiRequest, CheckContext, Sink } from '../../lib/checks/context.js';
import { precondition } from '../../lib/checks/preconditions.js';
import { type CreditOffer, getOffer, simulate, simulationRequest } from '../../lib/flows/credit.js';
import { type Customer, createCustomer } from '../../lib/flows/customers.js';
import { newCustomerBody, uniqueExternalId } from '../../lib/flows/data.js';
import { sampleFor, samplePdf } from '../../lib/flows/files.js';
import { fillPath, unknownIdFor } from '../../lib/flows/ids.js';
import { readyToBorrow } from '../../lib/flows/journeys.js';
import { createLoan, loanBody } from '../../lib/flows/loans.js';
import { type Operation, pathParamNames, requestExample } from '../../lib/flows/operations.js';
import { validRequest } from '../../lib/generate/index.js';
import { createCredential, revokeQuietly } from '../auth/credentials.js';
import { createEndpoint, deleteQuietly } from '../webhooks/endpoints.js';
import { recordSimulation } from './simulations.js';

export interface World {
  stateful: boolean;
  customer?: Customer;
  /** An active customer with an offer, a simulation and a loan (needs a target that advances). */
  lending?: { customer: Customer; offer: CreditOffer; loanId: string };
  endpoint?: { id: string; sink: Sink };
  /** A credential of our own whose secret we know (token requests). */
  credential?: { clientId: string; clientSecret: string };
}

/** Each check's own endpoint and credential (keyed by its context). */
const perCheck = new WeakMap<CheckContext, Promise<World>>();

export function canLend(ctx: CheckContext): boolean {
  const caps = ctx.target.capabilities;
  return caps.has('stateful') && (caps.has('control') || caps.has('advances'));
}

/** The resources of this target and partner: shared ones (made on first use) and this check's own. */
export const world = precondition(function world(ctx: CheckContext): Promise<World> {
  let w = perCheck.get(ctx);
  if (!w) {
    w = ownWorld(ctx, sharedWorld(ctx));
    perCheck.set(ctx, w);
    w.catch(() => perCheck.delete(ctx));
  }
  return w;
});

/**
 * Made once per run and partner (ctx.perRun): a cache of this module keyed by the target's URL
 * outlived its run, and a later server on the same port (the fault self-tests start hundreds in one
 * process, on ports the system hands out again) got the world of an earlier one, whose customer it
 * had never seen ("Customer was not found" from the control API).
 */
function sharedWorld(ctx: CheckContext): Promise<World> {
  return ctx.perRun(`contract-world|${ctx.api.clientId}`, () => makeWorld(ctx));
}

/** The shared world plus an endpoint and a credential of this check, deleted when the check ends. */
async function ownWorld(ctx: CheckContext, shared: Promise<World>): Promise<World> {
  const w = await shared;
  if (!w.stateful) return w;
  const ep = await createEndpoint(ctx, { events: ['loan.error'], description: 'contract checks' });
  const cred = await createCredential(ctx, 'contract token');
  return { ...w, endpoint: { id: ep.id, sink: ep.sink }, credential: { clientId: cred.clientId, clientSecret: cred.clientSecret } };
}

async function makeWorld(ctx: CheckContext): Promise<World> {
  if (!ctx.target.capabilities.has('stateful')) return { stateful: false };
  const customer = await createCustomer(ctx);
  let lending: World['lending'];
  if (canLend(ctx)) {
    const { customer: active, offer } = await readyToBorrow(ctx);
    const sim = await simulate(ctx, offer);
    await recordSimulation(ctx, offer, sim);
    const loan = await createLoan(ctx, offer, sim);
    lending = { customer: active, offer, loanId: loan.id };
  }
  return { stateful: true, customer, lending };
}

/** Path parameter values for an operation: real ids from the world, else well-formed unknown ones. */
export function idsFor(w: World, op: Operation): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const p of pathParamNames(op)) {
    ids[p] =
      (p === 'customer_id' && w.customer?.id) ||
      (p === 'credit_offer_id' && w.lending?.offer.id) ||
      (p === 'loan_id' && w.lending?.loanId) ||
      (p === 'webhook_endpoint_id' && w.endpoint?.id) ||
      (p === 'client_id' && w.credential?.clientId) ||
      unknownIdFor(p);
  }
  return ids;
}

/** What a request made by a check left behind, to be removed after it. */
export type Undo = () => Promise<void>;

/**
 * The request the documentation's own example flow would send for this operation, on fresh
 * resources where the operation consumes or destroys one. Undefined when this target cannot
 * provide what the operation needs (noted by the caller).
 */
export async function canonicalRequest(ctx: CheckContext, w: World, op: Operation): Promise<{ req: ApiRequest; undo?: Undo } | undefined> {
  const path = (ids: Record<string, string> = {}) => fillPath(op.path, { ...idsFor(w, op), ...ids });
  const m = op.method.toUpperCase();
  if (!w.stateful) return { req: statelessRequest(ctx, op, path()) };
  switch (op.id) {
    case 'createToken':
      return {
        req: { method: m, path: path(), form: { grant_type: 'client_credentials' }, auth: { basic: [w.credential!.clientId, w.credential!.clientSecret] } },
      };
    case 'createCredential':
      return { req: { method: m, path: path(), json: { name: 'contract check' }, idempotencyKey: true } };
    case 'revokeCredential': {
      const c = await createCredential(ctx, 'contract revoke');
      return { req: { method: m, path: path({ client_id: c.clientId }) } };
    }
    case 'createCustomer': {
      return { req: { method: m, path: path(), json: newCustomerBody({ cnpj: true, for: ctx }), idempotencyKey: true } };
    }
    case 'updateCustomer':
      return { req: { method: m, path: path(), json: { email: `contract.${Date.now()}@example.com` } } };
    case 'uploadDocument': {
      const fresh = await createCustomer(ctx);
      const item = fresh.kyc.find((k) => k.kind === 'document' && k.type !== 'biometrics');
      if (!item) return undefined;
      return { req: { method: m, path: path({ customer_id: fresh.id }), multipart: { type: item.type, file: sampleFor(item.type) }, idempotencyKey: true } };
    }
    case 'getCustomerBankAccount': {
      // An account to read (SDK revision): the world's customer gets the document's own example account first.
      const body = requestExample(ctx, 'upsertCustomerBankAccount');
      if (body !== undefined) await ctx.api.request({ method: 'POST', path: path(), json: body, idempotencyKey: true });
      return { req: { method: m, path: path() } };
    }
    case 'createSimulation': {
      if (!w.lending || ctx.driver.mode !== 'control') return undefined;
      const offer = await getOffer(ctx, w.lending.customer.id);
      return { req: { method: m, path: path({ credit_offer_id: offer.id }), json: simulationRequest(offer), idempotencyKey: true } };
    }
    case 'createLoan': {
      if (!w.lending || ctx.driver.mode !== 'control') return undefined;
      const offer = await getOffer(ctx, w.lending.customer.id);
      const sim = await simulate(ctx, offer);
      await recordSimulation(ctx, offer, sim);
      return { req: { method: m, path: path(), json: loanBody(offer, sim, ctx), idempotencyKey: true } };
    }
    case 'createWebhookEndpoint': {
      return {
        req: { method: m, path: path(), json: { url: ctx.webhooks.sink().url, events: ['loan.error'], description: 'contract check' }, idempotencyKey: true },
      };
    }
    case 'updateWebhookEndpoint':
      return { req: { method: m, path: path(), json: { description: `contract check ${Date.now()}` } } };
    case 'deleteWebhookEndpoint':
    case 'rotateWebhookEndpointSecret': {
      const ep = await createEndpoint(ctx, { events: ['loan.error'], description: 'contract check (consumed)' });
      return {
        req: { method: m, path: path({ webhook_endpoint_id: ep.id }), ...(op.id === 'rotateWebhookEndpointSecret' ? { json: { expire_current_in: 60 } } : {}) },
        undo: () => deleteQuietly(ctx, ep.id),
      };
    }
    default: {
      const needsLending = pathParamNames(op).some((p) => p === 'credit_offer_id' || p === 'loan_id');
      if (needsLending && !w.lending) return undefined;
      if (m === 'GET') return { req: { method: m, path: path() } };
      return undefined;
    }
  }
}

/**
 * On a stateless target (a mock answering the contract's examples) any request the contract
 * calls valid must get a documented answer: one generated valid body, ids that are well formed.
 */
function statelessRequest(ctx: CheckContext, op: Operation, path: string): ApiRequest {
  const [gen] = fc.sample(validRequest(ctx.contract, op.id), { numRuns: 1, seed: ctx.seed });
  const req: ApiRequest = { method: op.method.toUpperCase(), path };
  if (!op.secured) req.auth = { basic: ['dinie_ci_test_anonymous', 'anonymous'] };
  const mt = (gen?.contentType ?? '').toLowerCase();
  if (gen?.body !== undefined) {
    if (mt.includes('json')) req.json = gen.body;
    else if (mt === 'multipart/form-data') {
      const parts: NonNullable<ApiRequest['multipart']> = {};
      for (const [k, v] of Object.entries(gen.body as Record<string, unknown>)) parts[k] = String(v);
      for (const f of gen.files ?? []) parts[f] = samplePdf();
      req.multipart = parts;
    } else if (mt === 'application/x-www-form-urlencoded') {
      req.form = Object.fromEntries(Object.entries(gen.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    }
  }
  return req;
}

/**
 * A generated createCustomer body carrying the suite's tagged external_id (customers cannot be
 * deleted; the tag tells whose they are on a shared sandbox). Left alone when the body is not an
 * object or when external_id is the member a generated invalid input breaks.
 */
export function withTaggedExternalId(op: Operation, body: unknown, brokenField?: string): unknown {
  if (op.id !== 'createCustomer' || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  if (brokenField !== undefined && brokenField.replace(/^\//, '').split(/[./[]/)[0] === 'external_id') return body;
  return { ...(body as Record<string, unknown>), external_id: uniqueExternalId('contract') };
}

/** Removes what a 2xx answer created (endpoints, credentials), so checks leave the target as they found it. */
export async function undoCreation(ctx: CheckContext, op: Operation, status: number, answer: unknown): Promise<void> {
  if (status < 200 || status >= 300 || !answer || typeof answer !== 'object') return;
  const body = answer as { id?: unknown; client_id?: unknown };
  if (op.id === 'createWebhookEndpoint' && typeof body.id === 'string') await deleteQuietly(ctx, body.id);
  if (op.id === 'createCredential' && typeof body.client_id === 'string') await revokeQuietly(ctx, body.client_id);
}
