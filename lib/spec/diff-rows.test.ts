// Every row of api-facts §2 ("Seed docs vs SDK contract revision") against the difference report of
// the two contract documents (`npm run contract:diff -- docs sdk`): each row is shown by the
// change(s) named here, or says why no wire difference between the two documents is to be seen
// (the SDK side is silent, the row is about SDK method names, both documents already agree).
// The row ids are read from api-facts itself, so a row added there fails this test until it is
// mapped here.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ContractChange, type ContractDiff, diffContracts } from './diff.js';

/** The shared reference file (outside the repository); `DINIE_API_FACTS` points elsewhere. */
const API_FACTS = process.env.DINIE_API_FACTS ?? '/work/shared/reference/api-facts.md';

/** A change of the docs → sdk diff: its `where`, its `path` and a pattern of its `detail`. */
type Match = readonly [where: string, path: string, detail: RegExp];
/** A row is shown by changes (with an optional note on what the diff cannot show), or has a reason instead. */
type Row = { changes: readonly Match[]; note?: string } | { reason: string };

const removed = (where: string, ...paths: string[]): Match[] => paths.map((p) => [where, p, /^member removed/]);
const addedRequired = (where: string, ...paths: string[]): Match[] => paths.map((p) => [where, p, /^member added \(required\)$/]);
const toInteger = (where: string, ...paths: string[]): Match[] => paths.map((p) => [where, p, /^type string → integer$/]);
const onlyIn = (side: 'docs' | 'sdk', ...schemas: string[]): Match[] => schemas.map((s) => [`schema ${s}`, '', new RegExp(`^defined only in ${side}$`)]);
const gone = (...events: string[]): Match[] => events.map((e) => [`event ${e}`, '', /^no longer emitted/]);
const newEvent = (...events: string[]): Match[] => events.map((e) => [`event ${e}`, '', /^new event type/]);
const KYC_DISCRIMINATOR =
  /^discriminator requirement_type introduced: an object with kind, type, description, status, message, uploaded_at → one of 9 variants discriminated by requirement_type \(articles_of_association, company_document, ei_mei_documents, eireli_incorporation_statement, email, identity, income_statement, proof_of_address, selfie\)$/;
const MONEY: Match = ['schema Money', '', /^type string → number$/];
const UPLOAD_REMOVED: Match = ['POST /customers/{customer_id}/documents', '', /^operation removed \(uploadDocument\)$/];
const ATTACHMENT_ADDED: Match = ['POST /customers/{customer_id}/kyc-attachments', '', /^new operation createKycAttachment$/];
const SELFIE_ADDED: Match = ['POST /customers/{customer_id}/kyc-attachments/selfie', '', /^new operation createKycSelfie$/];
/** Event schemas defined under the same name in both documents (the envelope differences show on each). */
const EVENTS_IN_BOTH = [
  'CreditOfferAvailableEvent',
  'CreditOfferExpiredEvent',
  'CustomerActiveEvent',
  'CustomerCreatedEvent',
  'CustomerKycUpdatedEvent',
  'CustomerUnderReviewEvent',
  'LoanActiveEvent',
  'LoanCancelledEvent',
  'LoanCreatedEvent',
  'LoanErrorEvent',
  'LoanFinishedEvent',
  'LoanPaymentReceivedEvent',
];
const IDEMPOTENT_POSTS = [
  'POST /auth/credentials',
  'POST /credit-offers/{credit_offer_id}/simulations',
  'POST /customers',
  'POST /customers/{customer_id}/biometrics',
  'POST /loans',
  'POST /webhooks/endpoints',
];

const ROWS: Record<string, Row> = {
  P1: {
    changes: [
      ['servers', '', /^https:\/\/api\.dinie\.com\.br\/v3 removed$/],
      ['servers', '', /^https:\/\/sandbox\.api\.dinie\.com\.br\/v3 removed$/],
      ['servers', '', /^https:\/\/dinie\.nexaedge\.dev\/_mock\/apis\/openapi removed$/],
      ['servers', '', /^https:\/\/api\.dinie\.com\.br\/api\/v3 added$/],
      ['servers', '', /^https:\/\/sandbox\.api\.dinie\.com\.br\/api\/v3 added$/],
    ],
  },
  P2: {
    reason:
      'SDK side silent: the SDK document keeps the documentation revision\'s `Location` headers on the 201s (fixtures/openapi/README "Where api-facts is silent"); the upload route\'s `Location` leaves with the route itself (P3)',
  },
  P3: { changes: [UPLOAD_REMOVED, ATTACHMENT_ADDED, SELFIE_ADDED] },
  P4: { changes: [UPLOAD_REMOVED, ATTACHMENT_ADDED, ...onlyIn('docs', 'UploadDocumentRequest'), ...onlyIn('sdk', 'KycAttachmentUploadRequest')] },
  P5: { changes: [UPLOAD_REMOVED, ATTACHMENT_ADDED, ...onlyIn('docs', 'Document', 'DocumentId'), ...onlyIn('sdk', 'KycAttachmentResponse')] },
  P6: { changes: [['POST /customers/{customer_id}/kyc-review', '', /^new operation submitKycReview$/]] },
  P7: { changes: [SELFIE_ADDED, ...onlyIn('sdk', 'KycSelfieUploadRequest')] },
  P8: {
    changes: [
      ['GET /customers/{customer_id}/bank-account', '', /^new operation getCustomerBankAccount$/],
      ['POST /customers/{customer_id}/bank-account', '', /^new operation upsertCustomerBankAccount$/],
      ['GET /banks', '', /^new operation listBanks$/],
      ['POST /biometrics/session-exchange', '', /^new operation exchangeBiometricsSessionCode$/],
    ],
    note: '`GET /credit-offers` and `GET /credit-offers/{id}` (seeds silent) are in both documents: the documentation revision fills them from api-facts §1.1',
  },
  C1: {
    changes: [
      ...toInteger('schema Customer', 'created_at', 'updated_at'),
      ...toInteger('schema Loan', 'created_at', 'updated_at'),
      ...toInteger('schema Transaction', 'paid_at', 'created_at', 'updated_at'),
      ...toInteger('schema BiometricsSession', 'expires_at'),
      ...EVENTS_IN_BOTH.flatMap((e) => toInteger(`schema ${e}`, 'timestamp')),
    ],
    note: '`uploaded_at` lives only in the documentation revision (Document, KycItem: P5, K7)',
  },
  C2: { changes: [MONEY] },
  C3: { changes: toInteger('schema BiometricsSession', 'expires_at') },
  C4: { changes: [['POST /customers/{customer_id}/biometrics', 'request body', /^now takes a body \(optional: application\/json\)$/]] },
  K1: { changes: [['schema CustomerStatus', '', /^values added: creating, denied$/]] },
  K2: {
    changes: [
      ['schema CustomerStatus', '', /^values added: creating\b/],
      ['schema Customer', 'kyc', /^no longer required$/],
    ],
    note: 'neither document pins the 201 status in its schema: `pending_kyc` vs `creating` after create is said in descriptions and examples, which the diff does not compare; it shows the new `creating` value and `kyc` becoming optional (absent while `creating`)',
  },
  K3: {
    changes: [
      ['schema CreateCustomerRequest', 'cnpj', /^now required$/],
      ['schema CreateCustomerRequest', 'cnpj', /^no longer nullable$/],
      ['schema CreateCustomerRequest', 'email', /^now required$/],
      ['schema CreateCustomerRequest', 'phone', /^now required$/],
      ...removed('schema CreateCustomerRequest', 'trading_name'),
    ],
  },
  K4: {
    reason:
      'SDK side only calls the create "idempotent on CPF" (prose, no statuses); the SDK document keeps the documentation revision\'s 200 (same CPF/CNPJ and `external_id`) and 409 (another `external_id`), so both wire contracts agree',
  },
  K5: { changes: removed('schema UpdateCustomerRequest', 'name', 'cnpj', 'trading_name') },
  K6: {
    reason:
      'both documents agree: the documentation revision already makes Customer `name` `string | null` (null when the registration did not give it; fixtures/openapi/README "Customer name / email / phone"), as the SDK revision does',
  },
  K7: {
    changes: [
      ['schema Customer', 'kyc', /^no longer required$/],
      ['schema Customer', 'kyc[]', KYC_DISCRIMINATOR],
      ...onlyIn('docs', 'KycItem'),
      ...onlyIn('sdk', 'KycRequirement'),
    ],
  },
  K8: { changes: [['schema Customer', 'kyc[]', KYC_DISCRIMINATOR], ...onlyIn('docs', 'KycItemStatus'), ...onlyIn('sdk', 'KycReviewStatus')] },
  K9: { changes: [['schema Customer', 'kyc[]', KYC_DISCRIMINATOR]] },
  K10: { changes: [['GET /customers', 'query parameter sort', /^values removed: name$/]] },
  K11: {
    reason:
      'both documents declare the `status` filter of `GET /customers` (the documentation revision takes it from the seed prose, decision 15); its values differ only through CustomerStatus (K1)',
  },
  S1: { changes: [MONEY, ['POST /credit-offers/{credit_offer_id}/simulations', '', /^uses changed schemas: .*\bMoney\b/]] },
  S2: {
    changes: [
      ...removed(
        'schema Simulation',
        'amount',
        'fees_amount',
        'total_loan_amount',
        'interest_percentage',
        'cet_percentage',
        'number_of_installments',
        'installments_value',
      ),
      ...addedRequired(
        'schema Simulation',
        'principal_amount',
        'fee_amount',
        'total_amount',
        'monthly_interest_rate',
        'annual_interest_rate',
        'monthly_cet_rate',
        'annual_cet_rate',
        'installment_count',
        'installment_amount',
      ),
    ],
  },
  S3: { reason: 'SDK side silent: the SDK document keeps the documentation revision\'s "only the latest simulation can be contracted" (prose, no wire shape)' },
  L1: {
    changes: [
      ...removed('schema CreateLoanRequest', 'installments', 'installments_value'),
      ...addedRequired('schema CreateLoanRequest', 'installment_count', 'installment_amount'),
      MONEY,
    ],
  },
  L2: { changes: [...removed('schema Loan', 'net_amount', 'iof', 'service_fee'), ...addedRequired('schema Loan', 'principal_amount', 'iof_amount')] },
  L3: {
    changes: [
      ...removed('schema Loan', 'interest_rate', 'cet'),
      ...addedRequired('schema Loan', 'monthly_interest_rate', 'annual_interest_rate', 'monthly_cet_rate', 'annual_cet_rate'),
    ],
  },
  L4: {
    changes: [
      ...removed('schema Loan', 'installments_value', 'number_of_installments'),
      ...addedRequired('schema Loan', 'installment_amount', 'installment_count'),
    ],
  },
  L5: { changes: [['schema LoanStatus', '', /^values removed: contract_generated, signed, disbursing$/]] },
  L6: {
    changes: [
      ['schema LoanCreatedEventData', 'status', /^values added: awaiting_signatures$/],
      ['schema LoanCreatedEventData', 'status', /^values removed: processing$/],
      ['schema LoanStatus', '', /^values removed: contract_generated, signed, disbursing$/],
      ...gone('loan.contract_generated', 'loan.signed', 'loan.disbursing'),
      ...newEvent('loan.processing'),
      // The order itself, as LoanStatus `x-transitions` states it (the moves the suite judges by).
      ['schema LoanStatus', '', /^transitions added: awaiting_signatures → processing, processing → active$/],
      ['schema LoanStatus', '', /^transitions removed: processing → contract_generated, contract_generated → awaiting_signatures, .*disbursing → active\b/],
    ],
  },
  L7: {
    changes: addedRequired('schema LoanCreatedEventData', 'signing_url'),
    note: 'Loan `signing_url` is `string | null` in both documents; that the create response already carries it is said in descriptions and examples',
  },
  L8: {
    changes: [
      ...toInteger('schema Transaction', 'paid_at'),
      MONEY,
      ['GET /loans/{loan_id}/transactions', '', /^uses changed schemas: .*\bMoney\b.*\bTransaction\b/],
    ],
  },
  W1: {
    changes: EVENTS_IN_BOTH.flatMap((e): Match[] => [
      ...addedRequired(`schema ${e}`, 'api_version', 'created_at', 'delivery_id'),
      [`schema ${e}`, 'id', /^now required$/],
      ...toInteger(`schema ${e}`, 'timestamp'),
    ]),
  },
  W2: { changes: [...newEvent('customer.denied'), ['schema WebhookEventType', '', /^values added: customer\.denied\b/]] },
  W3: {
    changes: [
      ...addedRequired('schema CustomerCreatedEventData', 'kyc'),
      ['schema CustomerCreatedEventData', 'trading_name', /^now required$/],
      ['schema CustomerCreatedEventData', 'trading_name', /^no longer nullable$/],
    ],
  },
  W4: { changes: [['schema CustomerKycUpdatedEventData', 'kyc[]', KYC_DISCRIMINATOR]] },
  W5: {
    changes: [
      ...addedRequired('schema CreditOfferEventData', 'installments'),
      ...removed('schema CreditOfferEventData', 'min_installments', 'max_installments'),
      ...toInteger('schema CreditOfferEventData', 'valid_until'),
      ['schema CreditOfferAvailableEvent', 'data', /^no longer narrowed by status = available$/],
      ['schema CreditOfferExpiredEvent', 'data', /^no longer narrowed by status = expired$/],
    ],
    note: 'both documents have `credit_offer.expired` (the documentation revision fills the credit-offer events from api-facts §1.11, decision 10), so the diff shows the data, not the event list',
  },
  W6: {
    changes: [
      ...gone('loan.contract_generated', 'loan.awaiting_signatures', 'loan.signed', 'loan.disbursing'),
      ...newEvent('loan.signature_received', 'loan.processing'),
      ['schema WebhookEventType', '', /^values added: .*\bloan\.signature_received, loan\.processing$/],
      ['schema WebhookEventType', '', /^values removed: loan\.contract_generated, loan\.awaiting_signatures, loan\.signed, loan\.disbursing$/],
    ],
  },
  W7: {
    changes: [
      ['schema LoanCreatedEventData', 'status', /^values added: awaiting_signatures$/],
      ['schema LoanCreatedEventData', 'status', /^values removed: processing$/],
      ...removed('schema LoanCreatedEventData', 'number_of_installments'),
      ...addedRequired('schema LoanCreatedEventData', 'installment_count', 'signing_url'),
    ],
  },
  W8: {
    changes: [
      ...newEvent('loan.processing'),
      ...gone('loan.signed', 'loan.disbursing'),
      ...onlyIn('sdk', 'LoanProcessingEventData'),
      ...onlyIn('docs', 'LoanSignedEventData', 'LoanDisbursingEventData'),
    ],
  },
  W9: { changes: [...removed('schema LoanActiveEventData', 'net_amount'), ...addedRequired('schema LoanActiveEventData', 'principal_amount')] },
  W10: {
    changes: [
      ...toInteger('schema LoanPaymentReceivedEventData', 'payment.paid_at'),
      MONEY,
      ['event loan.payment_received', '', /^uses changed schemas: .*\bMoney\b/],
    ],
  },
  W11: {
    reason:
      "both documents agree on `loan.error`: the documentation revision follows the seed prose and gives its data the optional `error` {code, message}, the SDK revision's shape (the SDK's one shared terminal schema shows instead as `data.error` added on loan.finished and loan.cancelled)",
  },
  W12: {
    reason:
      'both documents agree: the documentation revision reads the seed\'s "Security: bearerAuth" on event pages as a slip and gives every webhook operation `security: []` (signature headers only, decision 15), as the SDK revision does',
  },
  A1: {
    changes: IDEMPOTENT_POSTS.flatMap((op): Match[] => [
      [op, 'header parameter Idempotency-Key', /^removed$/],
      [op, 'header parameter X-Idempotency-Key', /^added \(optional\)$/],
    ]),
    note: 'the 24 h cache (seed) and the silent TTL (SDK) are prose',
  },
  A2: {
    changes: [
      ['PATCH /customers/{customer_id}', 'header parameter X-Idempotency-Key', /^added \(optional\)$/],
      ['PATCH /webhooks/endpoints/{webhook_endpoint_id}', 'header parameter X-Idempotency-Key', /^added \(optional\)$/],
      ['POST /webhooks/endpoints/{webhook_endpoint_id}/rotate-secret', 'header parameter X-Idempotency-Key', /^added \(optional\)$/],
    ],
  },
  A3: { reason: 'the row states both agree (1 hour; `expires_in`, 3600 in the fixtures): the two documents have the same token response' },
  A4: { reason: 'SDK method names in code examples, not wire' },
};

/** The row ids of api-facts §2, in order. */
function rowIds(markdown: string): string[] {
  const start = markdown.search(/^## 2\. /m);
  const end = markdown.search(/^## 3\. /m);
  expect(start, 'api-facts has a "## 2." section').toBeGreaterThanOrEqual(0);
  const section = markdown.slice(start, end > start ? end : undefined);
  return [...section.matchAll(/^\|\s*([A-Z]\d+)\s*\|/gm)].map((m) => m[1]!);
}

const show = (m: Match) => `${m[0]} | ${m[1]} | ${m[2]}`;

describe('api-facts §2 rows in the docs → sdk diff', () => {
  let d: ContractDiff;
  const find = ([where, path, detail]: Match): ContractChange | undefined =>
    d.changes.find((c) => c.where === where && c.path === path && detail.test(c.detail));

  beforeAll(async () => {
    d = await diffContracts('docs', 'sdk');
  });

  it.skipIf(!existsSync(API_FACTS))(`every row id of api-facts §2 (${API_FACTS}) is mapped here, and only those`, () => {
    const ids = rowIds(readFileSync(API_FACTS, 'utf8'));
    expect(ids.length).toBeGreaterThan(40);
    expect(new Set(ids).size, 'row ids are unique').toBe(ids.length);
    const missing = ids.filter((id) => !(id in ROWS));
    expect(missing, 'rows of api-facts §2 with neither changes nor a reason here').toEqual([]);
    const stale = Object.keys(ROWS).filter((id) => !ids.includes(id));
    expect(stale, 'rows mapped here that api-facts §2 no longer has').toEqual([]);
  });

  it.each(Object.entries(ROWS))('%s: shown by changes of the diff, or a reason', (_id, row) => {
    if ('reason' in row) {
      expect(row.reason.trim().length).toBeGreaterThan(10);
      return;
    }
    expect(row.changes.length).toBeGreaterThan(0);
    const found = row.changes.map((m) => [m, find(m)] as const);
    expect(
      found.filter(([, c]) => !c).map(([m]) => show(m)),
      'changes not in the diff',
    ).toEqual([]);
    // At least one counted change, not only summaries ("uses changed schemas", "defined only in").
    expect(found.some(([, c]) => c && !c.derived)).toBe(true);
  });
});
