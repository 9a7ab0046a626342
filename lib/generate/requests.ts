// Valid and invalid requests of an operation, derived from the contract: query parameters from
// the operation's parameter schemas, bodies from its request schema. File parts of multipart
// bodies are named in `files` and left to the caller.
import fc from 'fast-check';
import type { Contract } from '../spec/index.js';
import { isForm, isJson } from '../spec/media.js';
import { isNode, type Schema, type SchemaObject } from '../spec/openapi.js';
import { type InvalidRule, invalidSites } from './invalid.js';
import { fromSchema } from './schema.js';

export interface ValidRequest {
  body?: unknown;
  contentType?: string;
  /** Typed values (numbers stay numbers); serialise with String() for a URL. */
  query: Record<string, unknown>;
  /** Multipart file fields the caller must add (e.g. `file`). */
  files?: string[];
}

export interface InvalidRequest extends ValidRequest {
  rule: InvalidRule;
  /** Dotted path inside the body, or the query parameter's name. */
  field: string;
  location: 'body' | 'query';
  description: string;
}

const isBinary = (s: unknown) => isNode<SchemaObject>(s) && (s.format === 'binary' || s.contentMediaType !== undefined || s.contentEncoding !== undefined);

interface Shape {
  contentType?: string;
  bodySchema?: SchemaObject;
  files: string[];
  querySchema: SchemaObject;
}

const shapes = new WeakMap<Contract, Map<string, Shape>>();

/** The body schema (file parts removed) and a closed-over object schema of the query parameters. */
function shapeOf(contract: Contract, operationId: string): Shape {
  let perContract = shapes.get(contract);
  const hit = perContract?.get(operationId);
  if (hit) return hit;
  const op = contract.operation(operationId);
  const types = op.requestBody?.contentTypes ?? [];
  const contentType = types.find(isJson) ?? types[0];
  let bodySchema = contentType ? contract.requestSchema(operationId, contentType) : undefined;
  const files: string[] = [];
  if (bodySchema && contentType && isForm(contentType) && bodySchema.properties) {
    const properties: Record<string, Schema> = {};
    for (const [name, s] of Object.entries(bodySchema.properties)) {
      if (isBinary(s)) files.push(name);
      else properties[name] = s;
    }
    bodySchema = { ...bodySchema, properties, required: (bodySchema.required ?? []).filter((r) => !files.includes(r)) };
  }
  const query = op.parameters.filter((p) => p.in === 'query');
  const querySchema = {
    type: 'object',
    properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
    required: query.filter((p) => p.required).map((p) => p.name),
  };
  const shape: Shape = { contentType, bodySchema, files, querySchema };
  if (!perContract) shapes.set(contract, (perContract = new Map()));
  perContract.set(operationId, shape);
  return shape;
}

function parts(shape: Shape, body: unknown, query: Record<string, unknown>): ValidRequest {
  return {
    ...(shape.bodySchema !== undefined ? { body, contentType: shape.contentType } : {}),
    query,
    ...(shape.files.length ? { files: shape.files } : {}),
  };
}

/** Arbitrary of requests the contract says the operation must accept (bar state: ids may not exist). */
export function validRequest(contract: Contract, operationId: string): fc.Arbitrary<ValidRequest> {
  const shape = shapeOf(contract, operationId);
  const query = fromSchema(shape.querySchema, { request: true }) as fc.Arbitrary<Record<string, unknown>>;
  const body = shape.bodySchema !== undefined ? fromSchema(shape.bodySchema, { request: true }) : fc.constant(undefined);
  return fc.tuple(body, query).map(([b, q]) => parts(shape, b, q));
}

/** True when invalidRequest has at least one rule to break for this operation. */
export function hasInvalidRequests(contract: Contract, operationId: string): boolean {
  const shape = shapeOf(contract, operationId);
  const bodySites = shape.bodySchema ? invalidSites(shape.bodySchema, { request: true, stringly: isForm(shape.contentType ?? '') }) : [];
  return bodySites.length + invalidSites(shape.querySchema, { request: true, stringly: true }).length > 0;
}

/** Arbitrary of requests breaking exactly one rule, in the body or in the query. */
export function invalidRequest(contract: Contract, operationId: string): fc.Arbitrary<InvalidRequest> {
  const shape = shapeOf(contract, operationId);
  const validQuery = fromSchema(shape.querySchema, { request: true }) as fc.Arbitrary<Record<string, unknown>>;
  const validBody = shape.bodySchema !== undefined ? fromSchema(shape.bodySchema, { request: true }) : fc.constant(undefined);
  const bodySites = shape.bodySchema ? invalidSites(shape.bodySchema, { request: true, stringly: isForm(shape.contentType ?? '') }) : [];
  const querySites = invalidSites(shape.querySchema, { request: true, stringly: true });
  const arbs: fc.Arbitrary<InvalidRequest>[] = [
    ...bodySites.map((s) =>
      fc
        .tuple(s.arb, validQuery)
        .map(([b, q]) => ({ ...parts(shape, b, q), rule: s.rule, field: s.field || '(root)', location: 'body' as const, description: s.description })),
    ),
    ...querySites.map((s) =>
      fc.tuple(validBody, s.arb).map(([b, q]) => ({
        ...parts(shape, b, q as Record<string, unknown>),
        rule: s.rule,
        field: s.field,
        location: 'query' as const,
        description: `query ${s.description}`,
      })),
    ),
  ];
  if (arbs.length === 0) throw new Error(`${operationId} has no body or query rule a request could break`);
  return fc.oneof(...arbs);
}
