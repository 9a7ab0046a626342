// What the loaded contract document declares where the two revisions' journeys differ (issue 12):
// the idempotency header's name, how money and instants are written, which KYC operations exist,
// the loan lifecycle. Read from the document itself, never from the revision's name, so a third
// document that mixes the conventions is followed as written. One reading per contract (cached).
import type { Contract } from '../../spec/index.js';
import { isNode, type OpenApiDocument, type SchemaObject } from '../../spec/openapi.js';
import { getAt } from '../../spec/pointer.js';

/** Money as the document's `Money` schema writes it: a two-decimal string, or a JSON number. */
export type MoneyForm = 'decimal-string' | 'number';
/** Instants (`created_at`, `valid_until`, an event's `timestamp`): date-time strings or epoch seconds. */
export type InstantForm = 'date-time' | 'epoch-seconds';

/** One operation of a journey step as the document declares it. */
export interface StepOperation {
  operationId: string;
  method: string;
  /** Path template, e.g. `/customers/{customer_id}/kyc-review`. */
  path: string;
}

/** How KYC evidence reaches the target. */
export type KycFlow =
  /** One document per `kyc[].type`, multipart `type` + `file` (the documentation revision). */
  | { kind: 'documents'; upload: StepOperation }
  /** Attachments per requirement (`requirement_id`, `evidence_type`, `attachment_type`), then a review request. */
  | { kind: 'attachments'; upload: StepOperation; review?: StepOperation; selfie?: StepOperation };

export interface Dialect {
  /** The idempotency request header the document's write operations declare. */
  idempotencyHeader: string;
  money: MoneyForm;
  instants: InstantForm;
  /** Instants of webhook envelopes (`timestamp`); may differ from the resources' in a custom document. */
  eventInstants: InstantForm;
  /** Envelope members every event carries besides `type`, `timestamp` and `data` (e.g. `id`, `delivery_id`). */
  eventEnvelope: string[];
  kyc: KycFlow;
  /** Loan statuses on the way to `finished`, first the one a new loan starts in (from LoanStatus x-transitions). */
  loanHappyPath: string[];
}

/** The documentation revision's names, used where a document (or a test's fake context) is silent. */
const DEFAULT_IDEMPOTENCY_HEADER = 'Idempotency-Key';
const DOCS_HAPPY_PATH = ['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active', 'finished'];

const cache = new WeakMap<object, Dialect>();

/** The dialect of `contract` (the documentation revision's when there is none, e.g. in unit tests of the flows). */
export function dialectOf(contract: Pick<Contract, 'document' | 'operations'> | undefined): Dialect {
  if (!contract) return DOCS_DIALECT;
  let d = cache.get(contract);
  if (!d) {
    d = readDialect(contract);
    cache.set(contract, d);
  }
  return d;
}

/** The schema object a chain of local `$ref`s ends at (`#/components/schemas/X` → the node), if any. */
function deref(doc: OpenApiDocument, node: unknown, depth = 0): SchemaObject | undefined {
  if (!isNode<SchemaObject>(node)) return undefined;
  if (typeof node.$ref !== 'string' || depth > 8) return node;
  return deref(doc, getAt(doc, node.$ref.startsWith('#') ? node.$ref : `#/${node.$ref}`), depth + 1);
}

/** The JSON type of a schema, looking through `$ref`, `allOf`, `oneOf`/`anyOf` with `null`. */
function typeOf(doc: OpenApiDocument, schema: unknown, depth = 0): string | undefined {
  const s = deref(doc, schema);
  if (!s || depth > 6) return undefined;
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    for (const sub of s[key] ?? []) {
      const t = typeOf(doc, sub, depth + 1);
      if (t && t !== 'null') return t;
    }
  }
  return undefined;
}

const instantOf = (type: string | undefined): InstantForm | undefined =>
  type === 'integer' || type === 'number' ? 'epoch-seconds' : type === 'string' ? 'date-time' : undefined;

function findOperation(contract: Pick<Contract, 'operations'>, method: string, path: RegExp): StepOperation | undefined {
  const op = (contract.operations ?? []).find((o) => o.method === method && path.test(o.path));
  return op ? { operationId: op.id, method: op.method, path: op.path } : undefined;
}

/** The happy path a LoanStatus `x-transitions` map states: from the first status, the first non-terminal exit each time. */
export function happyPathOf(transitions: Record<string, unknown> | undefined, statuses: string[] = []): string[] | undefined {
  if (!transitions || typeof transitions !== 'object') return undefined;
  const exits = (s: string) => (Array.isArray(transitions[s]) ? (transitions[s] as unknown[]).map(String) : []);
  const start = statuses[0] ?? Object.keys(transitions)[0];
  if (!start) return undefined;
  const path = [start];
  for (let at = start; ; ) {
    const next = exits(at).find((s) => s !== 'cancelled' && s !== 'error' && !path.includes(s));
    if (!next) break;
    path.push(next);
    at = next;
  }
  return path;
}

export function readDialect(contract: Pick<Contract, 'document' | 'operations'>): Dialect {
  const doc = contract.document ?? {};
  const schemas = doc.components?.schemas ?? {};
  // A partial contract (a test's stand-in) may have no operations: the documentation revision's names then.
  const ops = contract.operations ?? [];
  const header = ops.find((o) => o.method === 'POST' && o.idempotencyHeader)?.idempotencyHeader;
  const moneyType = typeOf(doc, schemas.Money) ?? typeOf(doc, deref(doc, schemas.CreditOffer)?.properties?.approved_amount);
  const instants = instantOf(typeOf(doc, deref(doc, schemas.Customer)?.properties?.created_at)) ?? 'date-time';
  const envelope = deref(doc, schemas.CustomerCreatedEvent);
  const eventInstants = instantOf(typeOf(doc, envelope?.properties?.timestamp)) ?? instants;
  const eventEnvelope = (Array.isArray(envelope?.required) ? envelope.required : []).filter((m) => !['type', 'timestamp', 'data'].includes(m));

  const documents = findOperation(contract, 'POST', /^\/customers\/\{[^}]+\}\/documents$/);
  const attachments = findOperation(contract, 'POST', /^\/customers\/\{[^}]+\}\/kyc-attachments$/);
  const review = findOperation(contract, 'POST', /^\/customers\/\{[^}]+\}\/kyc-review$/);
  const selfie = findOperation(contract, 'POST', /^\/customers\/\{[^}]+\}\/kyc-attachments\/selfie$/);
  const kyc: KycFlow =
    attachments && !documents
      ? { kind: 'attachments', upload: attachments, ...(review ? { review } : {}), ...(selfie ? { selfie } : {}) }
      : { kind: 'documents', upload: documents ?? { operationId: 'uploadDocument', method: 'POST', path: '/customers/{customer_id}/documents' } };

  const loanStatus = deref(doc, schemas.LoanStatus);
  const transitions = loanStatus?.['x-transitions'];
  const loanHappyPath =
    happyPathOf(isNode(transitions) ? transitions : undefined, Array.isArray(loanStatus?.enum) ? loanStatus.enum.map(String) : []) ?? DOCS_HAPPY_PATH;

  return {
    idempotencyHeader: header ?? DEFAULT_IDEMPOTENCY_HEADER,
    money: moneyType === 'number' || moneyType === 'integer' ? 'number' : 'decimal-string',
    instants,
    eventInstants,
    eventEnvelope,
    kyc,
    loanHappyPath,
  };
}

/** The documentation revision's dialect, for a context without a contract. */
export const DOCS_DIALECT: Dialect = Object.freeze({
  idempotencyHeader: DEFAULT_IDEMPOTENCY_HEADER,
  money: 'decimal-string',
  instants: 'date-time',
  eventInstants: 'date-time',
  eventEnvelope: [],
  kyc: { kind: 'documents', upload: { operationId: 'uploadDocument', method: 'POST', path: '/customers/{customer_id}/documents' } },
  loanHappyPath: DOCS_HAPPY_PATH,
}) as Dialect;
