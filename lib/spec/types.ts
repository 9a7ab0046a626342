// The public shapes of lib/spec. Everyone codes against these names; keep them stable.
import type { Issue } from './errors.js';
import type { OpenApiDocument, SchemaObject } from './openapi.js';
import type { ContractRevision } from './revisions.js';

export type { ContractRevision, Issue, OpenApiDocument, SchemaObject };

export interface ValidationResult {
  valid: boolean;
  /** Readable sentences, e.g. `kyc[0].status must be one of: pending, submitted`. */
  errors: string[];
  /** The same failures, structured: offending field path and JSON Schema keyword. */
  issues?: Issue[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** Resolved JSON Schema (local $refs inlined). */
  schema: SchemaObject;
}

export interface ResponseSpec {
  /** `200`, `4XX` or `default`, as the document writes it. */
  status: string;
  contentTypes: string[];
  headers: { name: string; required: boolean; schema: SchemaObject }[];
}

export interface Operation {
  id: string;
  /** Upper-case HTTP method. */
  method: string;
  /** Path template relative to the server URL, e.g. `/customers/{customer_id}`. */
  path: string;
  summary: string;
  tags: string[];
  /** `x-source`: where in the documentation the operation comes from. */
  source?: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; contentTypes: string[] };
  responses: ResponseSpec[];
  /** Needs a bearer token (OAuth2 / HTTP bearer / OpenID Connect), with no anonymous alternative. */
  secured: boolean;
  /** Declares an idempotency request header (`Idempotency-Key`, or the SDK revision's `X-Idempotency-Key`). */
  idempotencyKey: boolean;
  /** The idempotency header's name as the document spells it, when declared. */
  idempotencyHeader?: string;
}

export interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  pointer?: string;
}

export interface LintReport {
  errors: number;
  warnings: number;
  problems: LintProblem[];
  /** False when the contract was loaded without `{ lint: true }` (then the counts are 0). */
  ran: boolean;
}

export interface Contract {
  /** Absolute path of the document. */
  path: string;
  /** Which revision this is (decision 18): `docs`, `sdk` (fixtures/openapi/), or `custom` for any other document. */
  revision: ContractRevision;
  title: string;
  version: string;
  /** sha256 hex of the bundled document (JSON). */
  digest: string;
  /** The bundled document (external $refs pulled in; local $refs kept). */
  document: OpenApiDocument;
  operations: Operation[];
  /** Throws naming the id when unknown. */
  operation(id: string): Operation;
  /** Matches a concrete path (`/customers/cust_abc`, optionally with the server prefix `/v3`). */
  findOperation(method: string, path: string): { operation: Operation; params: Record<string, string> } | undefined;
  /** Webhook event types, as the document's `webhooks` names them. */
  events: string[];
  lint: LintReport;
  /** Undocumented status or media type = invalid with a clear message. Throws on an unknown operation. */
  validateResponse(operationId: string, status: number, contentType: string | undefined, body: unknown): ValidationResult;
  /** Required headers present and values valid (values are text; integers etc. are parsed first). */
  validateResponseHeaders(operationId: string, status: number, headers: Record<string, string>): ValidationResult;
  validateRequestBody(operationId: string, contentType: string, body: unknown): ValidationResult;
  /** Query values may be text or typed; unknown names are allowed. */
  validateQuery(operationId: string, query: Record<string, unknown>): ValidationResult;
  /** Unknown event types are invalid (with a message saying so). */
  validateEvent(type: string, payload: unknown): ValidationResult;
  /** Validates against `#/components/schemas/<name>`; throws when there is no such component. */
  validateSchema(componentName: string, value: unknown): ValidationResult;
  /** Resolved JSON Schema of the request body (JSON media type preferred when none is given). */
  requestSchema(operationId: string, contentType?: string): SchemaObject | undefined;
  /** Resolved JSON Schema of an event's payload. */
  eventSchema(type: string): SchemaObject | undefined;
  /** Validates against the schema at a JSON pointer of the bundled document (`#/components/schemas/Loan`). */
  validateAt(schemaPointer: string, value: unknown): ValidationResult;
  /** Generates every validator now (they are otherwise generated on first use); returns how many. */
  compileAll(): number;
}
