// Customer flows of seeds 000/001: register, upload KYC, biometrics, approval up to `active`.
import type { ApiClient, CheckContext } from '../checks/context.js';
import { triggerMembers } from '../checks/driver.js';
import { precondition } from '../checks/preconditions.js';
import type { ValueTrigger } from '../targets/types.js';
import { type CustomerBody, customerBodyFor, newCustomerBody } from './data.js';
import { sampleFor, type UploadFile } from './files.js';
import { expectStatus } from './http.js';
import type { BiometricsSession, Customer, KycDocument, KycItem } from './resources.js';
import { kycNeeds, needsAction, requestKycReview, submitEvidence } from './revision/kyc.js';

export type { Customer, KycItem } from './resources.js';

const client = (ctx: CheckContext, api?: ApiClient) => api ?? ctx.api;

/** POST /customers with a generated (or the given) body; expects 201 (or 200 for an idempotent repeat). */
export const createCustomer = precondition(async function createCustomer(
  ctx: CheckContext,
  body: CustomerBody = newCustomerBody(),
  opts: { api?: ApiClient } = {},
): Promise<Customer> {
  // Shaped by the contract's CreateCustomerRequest (the SDK revision requires cnpj, refuses trading_name).
  const res = await client(ctx, opts.api).request<Customer>({ method: 'POST', path: '/customers', json: customerBodyFor(ctx, body) });
  expectStatus(ctx, res, [201, 200], 'register a customer (POST /customers)');
  if (
    !Array.isArray((res.body as { kyc?: unknown } | undefined)?.kyc) &&
    (res.body as { status?: unknown } | undefined)?.status === 'creating' &&
    typeof res.body?.id === 'string'
  ) {
    // A contract whose customers start `creating` (no kyc yet) fills the requirements in shortly.
    return ctx.eventually(
      () => getCustomer(ctx, res.body.id, opts),
      (c) => Array.isArray(c.kyc),
      { what: `customer ${res.body.id} to leave creating with its kyc requirements` },
    );
  }
  ensureCustomerShape(ctx, res.body, 'POST /customers');
  return res.body;
});

export const getCustomer = precondition(async function getCustomer(ctx: CheckContext, id: string, opts: { api?: ApiClient } = {}): Promise<Customer> {
  const res = await client(ctx, opts.api).request<Customer>({ method: 'GET', path: `/customers/${id}` });
  expectStatus(ctx, res, 200, `retrieve customer ${id}`);
  ensureCustomerShape(ctx, res.body, `GET /customers/${id}`);
  return res.body;
});

function ensureCustomerShape(ctx: CheckContext, c: unknown, where: string): asserts c is Customer {
  // `creating` (a contract where new customers start there) has no kyc array yet.
  const ok =
    typeof c === 'object' &&
    c !== null &&
    typeof (c as Customer).id === 'string' &&
    (Array.isArray((c as Customer).kyc) || (c as Customer).status === 'creating');
  ctx.ensure(ok, `${where}: the answer is not a Customer with an id and a kyc array`, 'Customer', c);
}

/** POST /customers/{id}/documents (multipart `type` + `file`); returns the raw response. */
export function postDocument<T = unknown>(
  ctx: CheckContext,
  customerId: string,
  type: string,
  file: UploadFile,
  opts: { api?: ApiClient; idempotencyKey?: string | true } = {},
) {
  return client(ctx, opts.api).request<T>({
    method: 'POST',
    path: `/customers/${customerId}/documents`,
    multipart: { type, file },
    idempotencyKey: opts.idempotencyKey,
  });
}

/** Upload one document and expect 201 Document. */
export const uploadDocument = precondition(async function uploadDocument(
  ctx: CheckContext,
  customerId: string,
  type: string,
  file: UploadFile = sampleFor(type),
): Promise<KycDocument> {
  const res = await postDocument<KycDocument>(ctx, customerId, type, file);
  expectStatus(ctx, res, 201, `upload the ${type} document of ${customerId}`);
  return res.body;
});

/** POST /customers/{id}/biometrics; expects 200 with a session. */
export const createBiometricsSession = precondition(async function createBiometricsSession(ctx: CheckContext, customerId: string): Promise<BiometricsSession> {
  const res = await ctx.api.request<BiometricsSession>({ method: 'POST', path: `/customers/${customerId}/biometrics` });
  expectStatus(ctx, res, 200, `start a biometrics session for ${customerId}`);
  return res.body;
});

const OPEN = new Set(['pending', 'pending_resubmission']);

/** Whether the partner still has to act on this documentation-revision item (upload, resubmit or biometrics). */
export function isOpenItem(item: KycItem): boolean {
  return OPEN.has(item.status);
}

/**
 * Submits everything the customer's `kyc` array asks for, the way the contract declares the KYC
 * step (lib/flows/revision/kyc.ts): evidence for each open requirement, biometrics (a session,
 * then completion through the driver when it has the control API; in wait mode the target
 * completes it on its own), then the review request where the contract has one. Returns the
 * customer afterwards.
 */
export const submitAllKyc = precondition(async function submitAllKyc(
  ctx: CheckContext,
  customer: Customer,
  opts: { trigger?: ValueTrigger } = {},
): Promise<Customer> {
  // A document trigger (a magic file name) goes on the first document uploaded.
  let triggerName: string | undefined = triggerMembers(opts.trigger, 'document').filename;
  for (const need of kycNeeds(ctx, customer)) {
    if (!needsAction(need)) continue;
    if (need.biometric) {
      await createBiometricsSession(ctx, customer.id);
      if (ctx.driver.mode === 'control') await ctx.driver.decideKyc(customer.id, need.key, 'submit');
    } else if (need.uploadable) {
      await submitEvidence(ctx, customer.id, need, undefined, triggerName ? { filename: triggerName } : {});
      triggerName = undefined;
    }
  }
  await requestKycReview(ctx, customer.id);
  return getCustomer(ctx, customer.id);
});

/** Approves every submitted requirement through the driver (control mode only); `known` saves a read. */
export const approveAllKyc = precondition(async function approveAllKyc(ctx: CheckContext, customerId: string, known?: Customer): Promise<void> {
  if (ctx.driver.mode !== 'control') return;
  const c = known ?? (await getCustomer(ctx, customerId));
  for (const need of kycNeeds(ctx, c)) {
    if (need.state === 'submitted') await ctx.driver.decideKyc(customerId, need.key, 'approve');
  }
});

/** Waits (polling GET /customers/{id}) until the customer has `status`. */
export const waitForCustomerStatus = precondition(function waitForCustomerStatus(
  ctx: CheckContext,
  customerId: string,
  status: string,
  timeoutMs?: number,
): Promise<Customer> {
  return ctx.eventually(
    () => getCustomer(ctx, customerId),
    (c) => c.status === status,
    {
      what: `customer ${customerId} to become ${status}`,
      timeoutMs,
    },
  );
});

/**
 * A new customer taken all the way to `active`: registered, every KYC item submitted, then
 * approved through the driver (control) or by the target itself (wait).
 */
export const activateCustomer = precondition(async function activateCustomer(
  ctx: CheckContext,
  opts: { cnpj?: boolean; body?: CustomerBody; customer?: Customer; trigger?: ValueTrigger } = {},
): Promise<Customer> {
  const body = { ...(opts.body ?? newCustomerBody({ cnpj: opts.cnpj })), ...triggerMembers(opts.trigger, 'customer') };
  const created = opts.customer ?? (await createCustomer(ctx, body));
  const submitted = await submitAllKyc(ctx, created);
  await approveAllKyc(ctx, created.id, submitted);
  return waitForCustomerStatus(ctx, created.id, 'active');
});
