// When a valid input's 422 is a refusal for the state it met, not for its shape. A creation
// operation may refuse a request the contract calls valid only because of what the target holds:
// a document type the customer's kyc array does not list (seed 000: "unrecognized types return a
// 422"), an amount or installment count outside the offer (seed 004), a loan on an offer that is
// not available or of a customer who is not active (decision 9), or from a simulation that is not
// the offer's latest or whose terms it does not repeat (seed 004), a biometrics capture that
// is not open, a credential expiry that is not in the future (api-facts 1.4). Each is excused only
// after the state it depends on was read back and really conflicts with the request; otherwise the
// 422 refused a valid input.
import { isDeepStrictEqual } from 'node:util';
import type { ApiRequest, ApiResponse, CheckContext } from '../../lib/checks/context.js';
import { evidenceFits, kycNeeds } from '../../lib/flows/revision/kyc.js';
import { offerMaxInstallments, offerMinInstallments } from '../../lib/flows/revision/terms.js';
import { instantMs, moneyCents } from '../../lib/flows/revision/values.js';
import { laterSimulation, madeSimulation } from './simulations.js';
import type { World } from './world.js';

/** The body a request carried: the request itself when we have it, else what its exchange recorded. */
export function sentBody(res: ApiResponse, req?: ApiRequest): Record<string, unknown> {
  if (req?.json !== undefined) return isObject(req.json) ? req.json : {};
  if (req?.multipart) return Object.fromEntries(Object.entries(req.multipart).filter(([, v]) => typeof v === 'string'));
  const text = res.exchange.request.body ?? '';
  if (text.startsWith('multipart/form-data: ')) {
    return Object.fromEntries(
      text
        .slice('multipart/form-data: '.length)
        .split('; ')
        .map((p) => p.split('='))
        .filter(([, v]) => v !== undefined && !v.startsWith('@'))
        .map(([k, ...v]) => [k!, v.join('=')]),
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a loan request's term repeats the simulation's: the same value, or the same money in cents. */
function sameTerm(ctx: CheckContext, sent: unknown, promised: unknown): boolean {
  if (isDeepStrictEqual(sent, promised)) return true;
  const [a, b] = [moneyCents(ctx, sent), moneyCents(ctx, promised)];
  return a !== undefined && a === b;
}

/** The path segment after `collection` (`/customers/{id}/…` → id). */
function pathId(res: ApiResponse, collection: string): string | undefined {
  const m = new RegExp(`/${collection}/([^/?]+)`).exec(new URL(res.exchange.request.url, 'http://x').pathname);
  return m?.[1];
}

async function read(ctx: CheckContext, path: string): Promise<ApiResponse> {
  return ctx.api.request({ method: 'GET', path });
}

/** The operations whose 422 to a valid input the state may explain (the cases below). */
export const STATE_REFUSABLE: ReadonlySet<string> = new Set([
  'uploadDocument',
  'createSimulation',
  'createLoan',
  'createBiometricsSession',
  'createCredential',
  'createKycAttachment',
  'upsertCustomerBankAccount',
  'exchangeBiometricsSessionCode',
]);

/**
 * Why this 422 to a valid input of `operationId` is a refusal for the state it met, or undefined
 * when the state gives no reason (the 422 then refused a valid input). Reads the state back.
 */
export async function stateReasonFor422(ctx: CheckContext, w: World, operationId: string, res: ApiResponse, req?: ApiRequest): Promise<string | undefined> {
  const body = sentBody(res, req);
  switch (operationId) {
    case 'uploadDocument': {
      const customerId = pathId(res, 'customers') ?? w.customer?.id;
      if (!customerId) return undefined;
      const c = await read(ctx, `/customers/${customerId}`);
      if (c.status === 404) return `customer ${customerId} does not exist`;
      const item = Array.isArray(c.body?.kyc) ? c.body.kyc.find((i: { type?: unknown } | null) => i?.type === body.type) : undefined;
      if (!item) return `the customer's kyc array does not list ${JSON.stringify(body.type)}`;
      if (item.kind !== 'document' || item.type === 'biometrics') return `${item.type} is a kyc item that is not uploaded (${item.kind})`;
      return undefined;
    }
    case 'createSimulation': {
      const offerId = pathId(res, 'credit-offers');
      if (!offerId) return undefined;
      const o = await read(ctx, `/credit-offers/${offerId}`);
      if (o.status === 404) return `credit offer ${offerId} does not exist`;
      const offer = o.body;
      if (offer?.status !== 'available') return `the offer is ${offer?.status}, not available`;
      // Money and installment bounds as the contract writes them (lib/flows/revision).
      const amount = body.requested_amount;
      const [cents, lo, hi] = [moneyCents(ctx, amount), moneyCents(ctx, offer.min_amount), moneyCents(ctx, offer.approved_amount)];
      if (cents !== undefined && lo !== undefined && hi !== undefined && (cents < lo || cents > hi)) {
        return `requested_amount ${String(amount)} lies outside the offer's ${String(offer.min_amount)}..${String(offer.approved_amount)}`;
      }
      const n = body.installment_count;
      const [min, max] = [offerMinInstallments(offer), offerMaxInstallments(offer)];
      if (typeof n === 'number' && (n < min || n > max)) return `installment_count ${n} lies outside the offer's ${min}..${max}`;
      return undefined;
    }
    case 'createLoan': {
      // A loan is contracted only on an available offer of an active customer (decision 9), from the
      // offer's latest simulation, repeating its terms (seed 004). Each is read back, or known from
      // the simulation's own 201 when the suite made it; anything else is no reason for a 422.
      const offerId = body.credit_offer_id;
      if (typeof offerId !== 'string') return undefined;
      const o = await read(ctx, `/credit-offers/${encodeURIComponent(offerId)}`);
      if (o.status === 404 || o.status === 400) return `credit_offer_id ${offerId} names no offer of this partner`;
      if (o.status !== 200) return undefined;
      if (o.body?.status !== 'available') return `the offer is ${o.body?.status}, not available`;
      const customerId = o.body?.customer_id;
      if (typeof customerId === 'string') {
        const c = await read(ctx, `/customers/${encodeURIComponent(customerId)}`);
        if (c.status === 200 && c.body?.status !== 'active') return `the offer's customer is ${c.body?.status}, not active`;
      }
      const sim = await madeSimulation(ctx, body.simulation_id);
      // Generated bodies name ids the target never issued: a 422 naming one unknown is one reading of a body reference that fails.
      if (!sim) return `simulation_id ${String(body.simulation_id)} is not a simulation the target issued to this run`;
      if (sim.offerId !== offerId) return `simulation ${sim.id} was made on offer ${sim.offerId}, not ${offerId}`;
      const later = await laterSimulation(ctx, sim);
      if (later) return `simulation ${sim.id} is no longer the offer's latest (${later.id} came after)`;
      for (const [member, promised] of Object.entries(sim.terms)) {
        if (!sameTerm(ctx, body[member], promised)) {
          return `${member} ${JSON.stringify(body[member])} is not the simulation's ${JSON.stringify(promised)}`;
        }
      }
      return undefined;
    }
    case 'createBiometricsSession': {
      const customerId = pathId(res, 'customers') ?? w.customer?.id;
      if (!customerId) return undefined;
      const c = await read(ctx, `/customers/${customerId}`);
      if (c.status === 404) return `customer ${customerId} does not exist`;
      const item = Array.isArray(c.body?.kyc) ? c.body.kyc.find((i: { type?: unknown } | null) => i?.type === 'biometrics') : undefined;
      if (!item) return "the customer's kyc array has no biometrics item";
      if (!['pending', 'pending_resubmission'].includes(item.status)) return `the biometrics item is already ${item.status}`;
      return undefined;
    }
    case 'createCredential': {
      const at = body.expires_at;
      // An instant as the contract writes it (a date-time, or the SDK revision's epoch seconds).
      const t = instantMs(ctx, at);
      if (t === undefined) return undefined;
      // The target's clock may run ahead of ours (a moved simulation clock): take the later of both.
      const theirs = Date.parse(res.headers.date ?? '');
      const now = Math.max(Date.now(), Number.isFinite(theirs) ? theirs : 0);
      if (t <= now + 60_000) return `expires_at ${String(at)} is not in the future`;
      return undefined;
    }
    case 'createKycAttachment': {
      // The SDK revision's upload names one of the customer's requirements and evidence its variant takes.
      const customerId = pathId(res, 'customers') ?? w.customer?.id;
      if (!customerId) return undefined;
      const c = await read(ctx, `/customers/${customerId}`);
      if (c.status === 404) return `customer ${customerId} does not exist`;
      const need = kycNeeds(ctx, c.body).find((n) => n.key === body.requirement_id);
      if (!need) return `the customer's kyc array lists no requirement ${JSON.stringify(body.requirement_id)}`;
      if (!need.uploadable) return `${need.key} is not uploaded by the partner`;
      if (!evidenceFits(ctx.contract.document, need.type, body.evidence_type, body.attachment_type)) {
        return `${String(body.evidence_type)} / ${String(body.attachment_type)} is not evidence the ${need.type} requirement takes`;
      }
      return undefined;
    }
    case 'upsertCustomerBankAccount': {
      // The bank must be one Dinie accepts: GET /banks lists them (api-facts 1.5, 1.6; COMPE codes, stored padded to 3 digits).
      const bankId = isObject(body.bank_account) ? body.bank_account.bank_id : undefined;
      if (typeof bankId !== 'string') return undefined;
      const banks = await read(ctx, '/banks');
      const ids = Array.isArray(banks.body?.data) ? banks.body.data.map((b: { id?: unknown } | null) => String(b?.id)) : [];
      return ids.includes(bankId) || ids.includes(bankId.padStart(3, '0'))
        ? undefined
        : `bank_id ${JSON.stringify(bankId)} is not one of the banks GET /banks lists`;
    }
    case 'exchangeBiometricsSessionCode': {
      // A code exists only in the URL of a biometrics session the target started, and works once
      // (api-facts 1.3, 1.12): a code the request did not take from such a URL names no session.
      const code = body.code;
      return typeof code === 'string' ? `the code ${code} was not taken from a biometrics session this run started, so it names no live session` : undefined;
    }
    default:
      return undefined;
  }
}
