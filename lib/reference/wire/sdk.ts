// The SDK revision's wire (fixtures/openapi/dinie-v3-sdk.yaml, written from api-facts): instants as
// epoch seconds, money as JSON numbers, KYC requirements discriminated by `requirement_type`, six
// loan statuses (the contract made at creation, `processing` once signed), the event envelope with
// `api_version` and `delivery_id`, and `X-Idempotency-Key` on every POST and PATCH.
import { createHash } from 'node:crypto';
import { closedObject, collect, integerIn, isCalendarDate, moneyMember, patternMember } from '../credit/body.js';
import { type LoanStatus, statusFields } from '../credit/loan-state.js';
import { creditStore } from '../credit/records.js';
import { totalOf, transactionState } from '../credit/wire.js';
import type { Kernel } from '../kernel.js';
import type { DinieEvent } from '../model.js';
import { type FieldError, validationError } from '../problem.js';
import { ROTATION_DEFAULT_S, ROTATION_MAX_S } from '../webhooks/endpoints.js';
import { CREDIT_OFFER_ID, SIMULATION_ID } from './ids.js';
import { evidenceComplete, itemTypeOf, requirementView, sdkKycTemplates } from './sdk-kyc.js';
import type { Json, Wire, WireEvent } from './types.js';

export const SDK_API_VERSION = '2026-03-01';

export const SDK_EVENT_TYPES = [
  'customer.created',
  'customer.under_review',
  'customer.kyc_updated',
  'customer.active',
  'customer.denied',
  'credit_offer.available',
  'credit_offer.expired',
  'loan.created',
  'loan.signature_received',
  'loan.processing',
  'loan.active',
  'loan.payment_received',
  'loan.finished',
  'loan.cancelled',
  'loan.error',
] as const;

const epoch = (at: Date | number | string): number => Math.floor((typeof at === 'string' ? Date.parse(at) : typeof at === 'number' ? at : at.getTime()) / 1000);

const money = (cents: number): number => Math.round(cents) / 100;

/** Cents of a JSON number with at most two decimals, or null. */
function parseMoney(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const cents = Math.round(value * 100);
  return Math.abs(value * 100 - cents) < 1e-6 && Number.isSafeInteger(cents) ? cents : null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** Annual rate (percent) equivalent to a monthly one. */
const annualOf = (monthlyPct: number) => round2(((1 + monthlyPct / 100) ** 12 - 1) * 100);
/** Monthly rate (percent) equivalent to an annual one. */
const monthlyOf = (annualPct: number) => round2(((1 + annualPct / 100) ** (1 / 12) - 1) * 100);

const LOAN_STATUS: Record<LoanStatus, string> = {
  processing: 'awaiting_signatures',
  contract_generated: 'awaiting_signatures',
  awaiting_signatures: 'awaiting_signatures',
  signed: 'processing',
  disbursing: 'processing',
  active: 'active',
  finished: 'finished',
  cancelled: 'cancelled',
  error: 'error',
};

function figuresOf(f: { interestPercentage: number; cetPercentage: number }) {
  return {
    monthly_interest_rate: f.interestPercentage,
    annual_interest_rate: annualOf(f.interestPercentage),
    monthly_cet_rate: monthlyOf(f.cetPercentage),
    annual_cet_rate: f.cetPercentage,
  };
}

export const sdkWire: Wire = {
  revision: 'sdk',
  idempotencyHeader: 'X-Idempotency-Key',
  idempotentWrites: true,
  eventTypes: SDK_EVENT_TYPES,
  customerRules: {
    createFields: ['cpf', 'cnpj', 'email', 'phone', 'name', 'external_id'],
    createRequired: ['cpf', 'cnpj', 'email', 'phone'],
    cnpjNullable: false,
    patchFields: ['email', 'phone'],
    patchReadOnly: ['cpf', 'cnpj', 'name', 'trading_name', 'external_id'],
    sorts: ['created_at', 'updated_at'],
    statuses: ['creating', 'pending_kyc', 'under_review', 'active', 'denied'],
  },
  kycTemplates: sdkKycTemplates,
  contractAtCreation: true,
  chargesFinancedOnTop: true,
  defaultInstallments: { min: 12, max: 12 },
  contactRequired: true,
  kycUpload: 'attachments',
  bankAccounts: true,
  biometricsItem: 'selfie',
  kycCorrectable: ['email'],
  kycItemType: (_kernel, c, idOrType) => itemTypeOf(c, idOrType),
  evidenceComplete,
  loanActiveAmountMember: 'principal_amount',

  instant: epoch,
  money,
  parseMoney,
  moneyWords: 'a number of reais with at most two decimals, e.g. 1500.5',
  loanStatus: (status) => LOAN_STATUS[status],

  customer(_kernel, c, opts = {}) {
    // A registration answers `creating`: the KYC requirements follow with customer.created.
    const creating = opts.justRegistered === true;
    return {
      id: c.id,
      external_id: c.external_id,
      name: c.name,
      email: c.email,
      phone: c.phone,
      cpf: c.cpf,
      cnpj: c.cnpj,
      trading_name: c.trading_name,
      status: creating ? 'creating' : c.status,
      ...(creating ? {} : { kyc: c.kyc.map((i) => requirementView(c, i)) }),
      created_at: epoch(c.createdAt),
      updated_at: epoch(c.updatedAt),
    };
  },
  offer(kernel, partnerId, o) {
    const customer = kernel.findCustomer(partnerId, o.customerId);
    const fixed = o.minInstallments === o.maxInstallments;
    return {
      id: o.id,
      customer_id: o.customerId,
      ...(customer?.external_id ? { external_id: customer.external_id } : {}),
      status: o.status,
      approved_amount: money(o.approvedCents),
      min_amount: money(o.minCents),
      monthly_interest_rate: o.monthlyRatePct,
      ...(fixed ? { installments: o.maxInstallments } : { min_installments: o.minInstallments, max_installments: o.maxInstallments }),
      due_date_rule: null,
      valid_until: epoch(o.validUntil),
      created_at: epoch(o.createdAt),
      updated_at: epoch(o.updatedAt),
    };
  },
  simulation(kernel, sim) {
    const f = sim.figures;
    return {
      id: sim.id,
      credit_offer_id: sim.offerId,
      requested_amount: money(f.requestedCents),
      principal_amount: money(f.principalCents),
      interest_amount: money(f.interestCents),
      iof_amount: money(f.iofCents),
      fee_amount: money(f.feesCents),
      total_amount: money(totalOf(kernel, f.totalCents)),
      ...figuresOf(f),
      installment_count: f.installmentCount,
      installment_amount: money(f.installmentValueCents),
      first_due_date: f.firstDueDate,
      created_at: epoch(sim.createdAt),
    };
  },
  loan(kernel, loan) {
    const f = loan.figures;
    const reached = new Set(loan.history);
    // Calculated, numbered and paid out once every signature is in (`processing`).
    const signed = reached.has('signed');
    const shows = statusFields(loan.status, reached);
    const hideSigningUrl = kernel.faults.has('signing-url-missing') && loan.status === 'awaiting_signatures';
    // Fault `cancelled-loan-keeps-signing-url`: cancelling does not withdraw the contract's signing link.
    const keepsSigningUrl = kernel.faults.has('cancelled-loan-keeps-signing-url') && loan.status === 'cancelled';
    return {
      id: loan.id,
      credit_offer_id: loan.offerId,
      customer_id: loan.customerId,
      simulation_id: loan.simulationId,
      status: LOAN_STATUS[loan.status],
      requested_amount: money(f.requestedCents),
      principal_amount: signed ? money(f.principalCents) : null,
      iof_amount: signed ? money(f.iofCents) : null,
      ...figuresOf(f),
      // Fault `loan-rate-annual`: the loan's monthly rate field carries the annual rate.
      ...(kernel.faults.has('loan-rate-annual') ? { monthly_interest_rate: annualOf(f.interestPercentage) } : {}),
      // Fault `loan-total-excludes-fees`: the total counts only the net amount and interest.
      total_amount: money(kernel.faults.has('loan-total-excludes-fees') ? f.amountCents + f.interestCents : totalOf(kernel, f.totalCents)),
      installment_count: f.installmentCount,
      installment_amount: money(f.installmentValueCents),
      first_due_date: f.firstDueDate,
      ccb_number: signed ? loan.ccbNumber : null,
      disbursement_method: signed ? 'pix' : null,
      signing_url: (shows.showsSigningUrl && !hideSigningUrl) || keepsSigningUrl ? loan.signingUrl : null,
      created_at: epoch(loan.createdAt),
      updated_at: epoch(loan.updatedAt),
    };
  },
  transaction(kernel, tx) {
    const i = tx.installment;
    const { status, daysOverdue } = transactionState(tx, kernel.toDate(kernel.clock.now()));
    return {
      id: tx.id,
      loan_id: tx.loanId,
      type: 'installment',
      due_date: i.dueDate,
      status,
      amount_due: money(i.amountCents),
      amount_paid: money(tx.paidCents),
      amount_remaining: money(i.amountCents - tx.paidCents),
      principal: money(i.principalCents),
      interest: money(i.interestCents),
      // Fault `installment-fees-not-itemised`: the installment's fees are not broken out, though amount_due includes them.
      fees: money(kernel.faults.has('installment-fees-not-itemised') ? 0 : i.feesCents),
      days_overdue: daysOverdue,
      paid_at: tx.paidAt ? epoch(tx.paidAt) : null,
      created_at: epoch(tx.createdAt),
      updated_at: epoch(tx.updatedAt),
    };
  },
  endpoint: (_kernel, e) => ({
    id: e.id,
    url: e.url,
    events: [...e.events],
    description: e.description,
    status: e.status,
    created_at: epoch(e.createdAt),
    updated_at: epoch(e.updatedAt),
  }),
  credential: (_kernel, c) => ({
    id: c.clientId,
    client_id: c.clientId,
    name: c.name,
    status: c.status,
    last_used_at: c.lastUsedAt ? epoch(c.lastUsedAt) : null,
    expires_at: c.expiresAt ? epoch(c.expiresAt) : null,
    created_at: epoch(c.createdAt),
    updated_at: epoch(c.updatedAt),
  }),
  rotation: (_kernel, e, expiresAt) => ({ id: e.id, secret: e.secret, previous_secret_expires_at: epoch(expiresAt) }),
  // The URL carries the single-use code Dinie's KYC app exchanges at /biometrics/session-exchange.
  biometricsSession: (_kernel, url, code, expiresAtMs) => ({ session_url: `${url}?code=${code}`, expires_at: epoch(expiresAtMs) }),

  simulationRequest(_kernel, raw) {
    const body = closedObject(raw, ['requested_amount', 'installment_count'], ['requested_amount', 'installment_count']);
    collect([moneyMember(body, 'requested_amount', parseMoney, true, sdkWire.moneyWords), integerIn(body, 'installment_count', 1)]);
    return { requestedCents: parseMoney(body.requested_amount)!, installmentCount: body.installment_count as number };
  },
  loanRequest(_kernel, raw) {
    const members = ['credit_offer_id', 'simulation_id', 'installment_count', 'installment_amount', 'first_due_date'] as const;
    const body = closedObject(raw, members, members);
    collect([
      patternMember(body, 'credit_offer_id', CREDIT_OFFER_ID, 'a credit offer id (co_…)'),
      patternMember(body, 'simulation_id', SIMULATION_ID, 'a simulation id (sim_…)'),
      integerIn(body, 'installment_count', 1),
      moneyMember(body, 'installment_amount', parseMoney, true, sdkWire.moneyWords),
      isCalendarDate(body.first_due_date) ? undefined : { field: 'first_due_date', message: 'must be a date YYYY-MM-DD' },
    ]);
    return {
      creditOfferId: body.credit_offer_id as string,
      simulationId: body.simulation_id as string,
      installmentCount: body.installment_count as number,
      installmentValue: body.installment_amount,
      firstDueDate: body.first_due_date as string,
      names: {
        installmentCount: 'installment_count',
        installmentValue: 'installment_amount',
        simulationCount: 'installment_count',
        simulationValue: 'installment_amount',
      },
    };
  },
  echoesMoney: (_kernel, v, cents) => parseMoney(v) === cents,
  credentialExpiry(value, nowMs): Date | null | FieldError {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      return { field: 'expires_at', message: 'must be epoch seconds (a whole number) or null' };
    // The revision sets no later bound than its schema's minimum (0): an instant already past makes a
    // credential that is expired from the start (its token requests are refused), not a 422.
    void nowMs;
    return new Date(value * 1000);
  },
  rotationGrace(raw) {
    // An open object (the SDK forwards any member); the two indicated members are checked.
    if (raw === undefined || raw === null) return ROTATION_DEFAULT_S;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw validationError([{ field: '', message: 'the body must be a JSON object' }]);
    const body = raw as Json;
    const algorithm = body.algorithm;
    collect([
      integerIn(body, 'expire_current_in', 0, ROTATION_MAX_S),
      algorithm === undefined || (typeof algorithm === 'string' && algorithm.length > 0)
        ? undefined
        : { field: 'algorithm', message: 'must be a non-empty string' },
    ]);
    return (body.expire_current_in as number | undefined) ?? ROTATION_DEFAULT_S;
  },
  biometricsBody(raw) {
    if (raw === undefined) return;
    closedObject(raw, []);
  },

  events: (kernel, partnerId, event) => sdkEvents(kernel, partnerId, event),
  deliveryBody(event, endpointId) {
    return {
      id: event.id,
      type: event.type,
      api_version: SDK_API_VERSION,
      created_at: event.timestamp,
      // One delivery of one event to one endpoint: the same on every retry, like the webhook-id.
      delivery_id: `dlv_${createHash('sha256').update(`${event.id}:${endpointId}`).digest('hex').slice(0, 32)}`,
      timestamp: event.timestamp,
      data: event.data,
    };
  },
};

/**
 * The SDK events an internal event becomes. Built from the records as they are now (the event is
 * translated when it happens); `status` and `external_id` come from the event, which carries what
 * the server meant to say (faults included).
 */
function sdkEvents(kernel: Kernel, partnerId: string, event: DinieEvent): WireEvent[] {
  const d = event.data;
  const at = epoch(event.timestamp);
  const one = (type: string, data: Json, id = event.id): WireEvent => ({ id, type, timestamp: at, data });
  const [resource] = event.type.split('.');
  if (resource === 'customer') {
    const c = kernel.findCustomer(partnerId, d.id as string);
    if (!c) return [];
    const externalId = 'external_id' in d ? d.external_id : c.external_id;
    switch (event.type) {
      case 'customer.created':
        return [
          one(event.type, {
            id: c.id,
            external_id: externalId,
            name: c.name ?? '',
            email: c.email ?? '',
            phone: c.phone ?? '',
            cpf: c.cpf,
            cnpj: c.cnpj,
            // Fault `new-customer-kyc-missing`: the registration's requirements (announced here, not in the 201) are empty.
            trading_name: c.trading_name ?? '',
            status: 'pending_kyc',
            kyc: kernel.faults.has('new-customer-kyc-missing') ? [] : c.kyc.map((i) => requirementView(c, i)),
          }),
        ];
      case 'customer.kyc_updated': {
        // The items the event names (all of them, unless a fault sends only the changed one).
        const types = Array.isArray(d.kyc) ? (d.kyc as { type: string }[]).map((i) => i.type) : c.kyc.map((i) => i.type);
        const items = types.map((t) => c.kyc.find((i) => i.type === t)).filter((i) => i !== undefined);
        return [one(event.type, { id: c.id, external_id: externalId, status: d.status, kyc: items.map((i) => requirementView(c, i)) })];
      }
      case 'customer.denied':
        return [
          one(event.type, {
            id: c.id,
            external_id: externalId,
            name: c.name ?? '',
            email: c.email ?? '',
            phone: c.phone ?? '',
            cpf: c.cpf,
            cnpj: c.cnpj,
            status: 'denied',
          }),
        ];
      default:
        return [one(event.type, { id: c.id, external_id: externalId, status: d.status })];
    }
  }
  if (resource === 'credit_offer') {
    const o = creditStore(kernel, partnerId).offers.get(d.id as string);
    if (!o) return [];
    return [
      one(event.type, {
        id: o.id,
        customer_id: o.customerId,
        external_id: d.external_id ?? null,
        // Fault `offer-event-approved-is-min`, as the docs event has it (this event is rebuilt from the offer).
        approved_amount: money(kernel.faults.has('offer-event-approved-is-min') && event.type === 'credit_offer.available' ? o.minCents : o.approvedCents),
        min_amount: money(o.minCents),
        monthly_interest_rate: o.monthlyRatePct,
        // A range offer is announced with its largest count (the event names one count only).
        installments: o.maxInstallments,
        due_date_rule: null,
        valid_until: epoch(o.validUntil),
        status: d.status,
      }),
    ];
  }
  const loan = creditStore(kernel, partnerId).loans.get(d.id as string);
  if (!loan) return [];
  const f = loan.figures;
  switch (event.type) {
    case 'loan.created':
      return [
        one(event.type, {
          id: loan.id,
          credit_offer_id: loan.offerId,
          customer_id: loan.customerId,
          status: LOAN_STATUS[loan.status],
          requested_amount: money(f.requestedCents),
          installment_count: f.installmentCount,
          signing_url: loan.signingUrl ?? '',
        }),
      ];
    case 'loan.signed': {
      // The one signature in: the signer's event, then the loan's move to processing.
      const customer = kernel.findCustomer(partnerId, loan.customerId);
      return [
        one('loan.signature_received', {
          id: loan.id,
          status: 'awaiting_signatures',
          signer: { name: customer?.name ?? '', cpf: customer?.cpf ?? '', signed_at: at },
          signatures_received: 1,
          signatures_required: 1,
        }),
        one(
          'loan.processing',
          {
            id: loan.id,
            credit_offer_id: loan.offerId,
            customer_id: loan.customerId,
            status: 'processing',
            ccb_number: loan.ccbNumber ?? '',
            disbursement_method: 'pix',
          },
          kernel.newId('evt'),
        ),
      ];
    }
    case 'loan.active':
      return [one(event.type, { id: loan.id, status: 'active', requested_amount: money(f.requestedCents), principal_amount: money(f.principalCents) })];
    case 'loan.payment_received': {
      const facts = event.facts ?? {};
      const payment = d.payment as { installment_number: number };
      return [
        one(event.type, {
          id: loan.id,
          status: 'active',
          payment: { amount: money(facts.amountCents as number), paid_at: epoch(facts.paidAt as Date), installment_number: payment.installment_number },
        }),
      ];
    }
    case 'loan.finished':
    case 'loan.cancelled':
    case 'loan.error':
      return [
        one(event.type, {
          id: loan.id,
          status: LOAN_STATUS[d.status as LoanStatus] ?? d.status,
          ...(d.error ? { error: d.error } : {}),
        }),
      ];
    default:
      // contract_generated and awaiting_signatures happen at creation; disbursing is part of processing.
      return [];
  }
}
