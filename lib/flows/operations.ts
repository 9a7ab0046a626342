// Helpers over the contract's operations (lib/spec): everything is read from `ctx.contract`, so a
// new revision of the document needs no code change here.
import type { CheckContext } from '../checks/context.js';
import {
  type ExampleObject,
  type HeaderObject,
  isNode,
  type MediaTypeObject,
  type OpenApiDocument,
  type OperationObject,
  type PathItemObject,
  type RequestBodyObject,
  type ResponseObject,
} from '../spec/openapi.js';
import { getAt } from '../spec/pointer.js';
import type { Contract, Operation } from '../spec/types.js';

export type { Operation };

/** Every operation of the contract. */
export function operations(ctx: CheckContext): Operation[] {
  return ctx.contract.operations;
}

/** Operations that need the partner's bearer token (all but the token endpoint). */
export function bearerOperations(ctx: CheckContext): Operation[] {
  return ctx.contract.operations.filter((o: Operation) => o.secured);
}

/**
 * Whether the partner's own token may call the operation: its security (or the document's
 * default) names one of the document's default schemes. The SDK revision's selfie route takes
 * only the KYC app's session token (`sessionAuth`), so a partner token gets 403 there whatever
 * the resource (api-facts 2 P7).
 */
export function partnerCallable(ctx: CheckContext, op: Operation): boolean {
  const doc = ctx.contract.document;
  const partner = new Set((Array.isArray(doc?.security) ? doc.security : []).flatMap((r: unknown) => (isNode(r) ? Object.keys(r) : [])));
  const operation = doc?.paths?.[op.path]?.[op.method.toLowerCase()];
  const own: unknown = isNode<OperationObject>(operation) ? operation.security : undefined;
  if (!Array.isArray(own) || partner.size === 0) return true;
  return own.some((r: unknown) => isNode(r) && Object.keys(r).some((name) => partner.has(name)));
}

/** The first example the document gives for the operation's JSON request body (undefined when none). */
export function requestExample(ctx: CheckContext, operationId: string): unknown {
  const op = ctx.contract.operations.find((o) => o.id === operationId);
  if (!op) return undefined;
  const doc = ctx.contract.document;
  const operation = operationNode(doc, op);
  const body = deref<RequestBodyObject>(doc, operation?.requestBody);
  const media = body?.content?.['application/json'];
  if (!isNode<MediaTypeObject>(media)) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values(isNode(media.examples) ? media.examples : {})[0];
  return deref<ExampleObject>(doc, first)?.value;
}

export function pathParamNames(op: Operation): string[] {
  return op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
}

export function queryParams(op: Operation) {
  return op.parameters.filter((p) => p.in === 'query');
}

/** Whether `status` is documented for the operation (exact code, `4XX` range or `default`). */
export function documents(op: Operation, status: number): boolean {
  const range = `${String(status)[0]}XX`;
  return op.responses.some((r) => r.status === String(status) || r.status.toUpperCase() === range || r.status === 'default');
}

/** Methods the contract documents on a path template. */
export function documentedMethods(ctx: CheckContext, path: string): string[] {
  return ctx.contract.operations.filter((o: Operation) => o.path === path).map((o: Operation) => o.method.toUpperCase());
}

/** The main request media type, if the operation has a body. */
export function requestMediaType(op: Operation): string | undefined {
  const types = op.requestBody?.contentTypes ?? [];
  return types.find((t) => t.includes('json')) ?? types[0];
}

/** List operations: GETs with a `limit` query parameter (cursor pagination, api-facts 1.8). */
export function listOperations(ctx: CheckContext): Operation[] {
  return ctx.contract.operations.filter((o: Operation) => o.method.toUpperCase() === 'GET' && queryParams(o).some((p) => p.name === 'limit'));
}

/**
 * The `x-level` of a documented response header (`MUST` / `SHOULD`), read from the document: the
 * level the checks of that header must carry (suites/contract/header-levels.selftest.ts).
 */
export function headerLevel(contract: Pick<Contract, 'document'>, op: Operation, status: string, header: string): string | undefined {
  const doc = contract.document;
  const operation = operationNode(doc, op);
  const raw = deref<ResponseObject>(doc, isNode(operation?.responses) ? operation.responses[status] : undefined);
  const headers = isNode(raw?.headers) ? raw.headers : {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === header.toLowerCase());
  const level = key ? deref<HeaderObject>(doc, headers[key])?.['x-level'] : undefined;
  return typeof level === 'string' ? level : undefined;
}

/** The operation object of `op` in the document (its path item's `$ref` followed). */
function operationNode(doc: OpenApiDocument | undefined, op: Operation): OperationObject | undefined {
  const node = deref<PathItemObject>(doc, doc?.paths?.[op.path])?.[op.method.toLowerCase()];
  return isNode<OperationObject>(node) ? node : undefined;
}

/** The object a local `$ref` chain ends at (at most 10 hops), read as the node type `T`; undefined when none. */
function deref<T extends object>(doc: OpenApiDocument | undefined, node: unknown): T | undefined {
  let cur = node;
  for (let i = 0; i < 10 && isNode<{ $ref?: unknown }>(cur) && typeof cur.$ref === 'string' && cur.$ref.startsWith('#/'); i++) cur = getAt(doc, cur.$ref);
  return isNode<T>(cur) ? cur : undefined;
}
