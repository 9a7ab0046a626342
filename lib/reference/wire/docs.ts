// The documentation revision's wire (fixtures/openapi/dinie-v3.yaml, the default): money as
// two-decimal strings, instants as ISO 8601, the seed 001 KYC items, the nine loan statuses, events
// as `{id, type, timestamp, data}`. The shapes themselves live beside their modules (customers/view.ts,
// credit/wire.ts, webhooks/endpoints.ts, auth.ts); this object names them for the routes.

import { credentialView } from '../auth.js';
import { toIso } from '../clock.js';
import { closedObject, collect, integerIn, isCalendarDate, moneyMember, patternMember } from '../credit/body.js';
import { loanWire, moneyOf, offerWire, simulationWire, transactionWire } from '../credit/wire.js';
import { DATA_FIELDS, docsKycTemplates } from '../customers/kyc.js';
import { customerView } from '../customers/view.js';
import type { Kernel } from '../kernel.js';
import { parseMoney, toMoney } from '../money.js';
import { EVENT_TYPES } from '../webhooks/catalogue.js';
import { docsRotationGrace, endpointWire } from '../webhooks/endpoints.js';
import { CREDIT_OFFER_ID, SIMULATION_ID } from './ids.js';
import type { Wire } from './types.js';

/**
 * Money as the partner echoes it from a simulation. Under fault `money-one-decimal` the server takes
 * back its own one-decimal rendering, so that fault breaks only the format of what it sends.
 */
function parseEcho(kernel: Kernel, v: unknown): number | null {
  const strict = parseMoney(v);
  if (strict !== null || !kernel.faults.has('money-one-decimal') || typeof v !== 'string' || !/^\d+\.\d$/.test(v)) return strict;
  return parseMoney(`${v}0`);
}

export const docsWire: Wire = {
  revision: 'docs',
  idempotencyHeader: 'Idempotency-Key',
  idempotentWrites: false,
  eventTypes: EVENT_TYPES,
  customerRules: {
    createFields: ['cpf', 'cnpj', 'name', 'email', 'phone', 'trading_name', 'external_id'],
    createRequired: ['cpf'],
    cnpjNullable: true,
    // The documentation's request schemas: trading_name and external_id are plain strings, and so is cnpj in PATCH.
    nullableMembers: [],
    patchFields: ['cnpj', 'name', 'email', 'phone', 'trading_name'],
    patchReadOnly: ['cpf', 'external_id'],
    sorts: ['created_at', 'updated_at', 'name'],
    statuses: ['pending_kyc', 'under_review', 'active'],
  },
  kycTemplates: docsKycTemplates,
  contractAtCreation: false,
  chargesFinancedOnTop: false,
  defaultInstallments: null,
  contactRequired: false,
  kycUpload: 'documents',
  bankAccounts: false,
  biometricsItem: 'biometrics',
  kycCorrectable: Object.keys(DATA_FIELDS),
  kycItemType: (_kernel, _c, idOrType) => idOrType,
  // Documents are submitted by their upload: there is no evidence awaiting a review request.
  evidenceComplete: () => false,
  loanActiveAmountMember: 'net_amount',

  instant: toIso,
  money: toMoney,
  parseMoney,
  moneyWords: 'a money string with two decimals, e.g. "1500.00"',
  loanStatus: (status) => status,

  customer: (kernel, c) => customerView(kernel, c),
  offer: (kernel, partnerId, o) => offerWire(kernel, partnerId, o),
  simulation: (kernel, sim) => simulationWire(kernel, sim),
  loan: (kernel, loan) => loanWire(kernel, loan),
  transaction: (kernel, tx) => transactionWire(kernel, tx),
  endpoint: (kernel, e) => endpointWire(kernel, e),
  credential: (kernel, c) => credentialView(kernel, c),
  rotation: (_kernel, e, expiresAt) => ({ id: e.id, secret: e.secret, previous_secret_expires_at: toIso(expiresAt) }),
  biometricsSession: (_kernel, url, _code, expiresAtMs) => ({ session_url: url, expires_at: toIso(expiresAtMs) }),

  simulationRequest(_kernel, raw) {
    const body = closedObject(raw, ['requested_amount', 'installment_count'], ['requested_amount', 'installment_count']);
    collect([moneyMember(body, 'requested_amount', parseMoney), integerIn(body, 'installment_count', 1)]);
    return { requestedCents: parseMoney(body.requested_amount)!, installmentCount: body.installment_count as number };
  },
  loanRequest(kernel, raw) {
    const members = ['credit_offer_id', 'simulation_id', 'installments', 'installments_value', 'first_due_date'] as const;
    const body = closedObject(raw, members, members);
    collect([
      patternMember(body, 'credit_offer_id', CREDIT_OFFER_ID, 'a credit offer id (co_…)'),
      patternMember(body, 'simulation_id', SIMULATION_ID, 'a simulation id (sim_…)'),
      integerIn(body, 'installments', 1),
      moneyMember(body, 'installments_value', (v) => parseEcho(kernel, v)),
      isCalendarDate(body.first_due_date) ? undefined : { field: 'first_due_date', message: 'must be a date YYYY-MM-DD' },
    ]);
    return {
      creditOfferId: body.credit_offer_id as string,
      simulationId: body.simulation_id as string,
      installmentCount: body.installments as number,
      installmentValue: body.installments_value,
      firstDueDate: body.first_due_date as string,
      names: {
        installmentCount: 'installments',
        installmentValue: 'installments_value',
        simulationCount: 'number_of_installments',
        simulationValue: 'installments_value',
      },
    };
  },
  echoesMoney: (kernel, v, cents) => parseMoney(v) === cents || (kernel.faults.has('money-one-decimal') && v === moneyOf(kernel, cents)),
  credentialExpiry(value, nowMs) {
    if (value === undefined || value === null) return null;
    const t = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(t)) return { field: 'expires_at', message: 'must be a date-time' };
    if (t <= nowMs) return { field: 'expires_at', message: 'must be in the future' };
    return new Date(t);
  },
  rotationGrace: docsRotationGrace,
  biometricsBody() {
    // The documentation revision declares no body: whatever comes is ignored.
  },

  events: (_kernel, _partnerId, event) => [{ id: event.id, type: event.type, timestamp: event.timestamp, data: event.data }],
  deliveryBody: (event) => ({ id: event.id, type: event.type, timestamp: event.timestamp, data: event.data }),
};
