// Reads operations out of a bundled document: parameters (path-level merged with
// operation-level), request body and response media types, response headers, security.

import { dereference } from './deref.js';
import {
  type HeaderObject,
  isNode,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type RequestBodyObject,
  type ResponseObject,
  schemaObject,
} from './openapi.js';
import { follow, pointer } from './pointer.js';
import type { Operation, Parameter, ResponseSpec } from './types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** The documentation revision's idempotency header and the SDK revision's (api-facts 2 A1). */
const IDEMPOTENCY_HEADERS = new Set(['idempotency-key', 'x-idempotency-key']);

/** Where each schema of an operation lives, for compiling validators. */
export interface OperationPointers {
  params: (Parameter & { ptr: string })[];
  body: Map<string, string | undefined>; // media type → schema pointer
  responses: Map<string, { content: Map<string, string | undefined>; headers: { name: string; required: boolean; ptr?: string }[] }>;
}

export interface ReadOperation {
  operation: Operation;
  pointers: OperationPointers;
  matcher: { regex: RegExp; names: string[]; literal: number };
}

function securedBy(doc: OpenApiDocument, requirements: unknown[] | undefined): boolean {
  if (!Array.isArray(requirements) || requirements.length === 0) return false;
  const schemes = doc.components?.securitySchemes ?? {};
  return requirements.every((req) => {
    const names = isNode(req) ? Object.keys(req) : [];
    if (names.length === 0) return false; // `{}` = anonymous access allowed
    return names.some((n) => {
      const s = follow<{ type?: unknown; scheme?: unknown }>(doc, schemes[n], pointer('components', 'securitySchemes', n)).node;
      return s !== undefined && (s.type === 'oauth2' || s.type === 'openIdConnect' || (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer'));
    });
  });
}

function pathMatcher(template: string) {
  const names: string[] = [];
  let literal = 0;
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m) {
        names.push(m[1]!);
        return '([^/]+)';
      }
      literal += part.length;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}/?$`), names, literal };
}

export function readOperations(doc: OpenApiDocument, memo: Map<string, unknown>): ReadOperation[] {
  const out: ReadOperation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const { node: item, at: itemAt } = follow<PathItemObject>(doc, rawItem, pointer('paths', path));
    if (!item) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isNode<OperationObject>(op)) continue;
      const opAt = `${itemAt}/${method}`;
      const id: string = op.operationId ?? `${method.toUpperCase()} ${path}`;

      // Operation-level parameters override path-level ones with the same name and location.
      const byKey = new Map<string, Parameter & { ptr: string }>();
      const addParams = (list: unknown, listAt: string) =>
        (Array.isArray(list) ? list : []).forEach((raw, i) => {
          const { node, at } = follow<ParameterObject>(doc, raw, `${listAt}/${i}`);
          if (node?.in !== 'path' && node?.in !== 'query' && node?.in !== 'header') return;
          byKey.set(`${node.in}:${String(node.name).toLowerCase()}`, {
            name: String(node.name),
            in: node.in,
            required: node.in === 'path' ? true : Boolean(node.required),
            schema: schemaObject(dereference(doc, node.schema ?? {}, memo)),
            ptr: node.schema ? `${at}/schema` : '',
          });
        });
      addParams(item.parameters, `${itemAt}/parameters`);
      addParams(op.parameters, `${opAt}/parameters`);
      const params = [...byKey.values()];
      const idempotency = params.find((p) => p.in === 'header' && IDEMPOTENCY_HEADERS.has(p.name.toLowerCase()));

      const body = new Map<string, string | undefined>();
      let requestBody: Operation['requestBody'];
      if (op.requestBody) {
        const { node, at } = follow<RequestBodyObject>(doc, op.requestBody, `${opAt}/requestBody`);
        for (const [mt, media] of Object.entries(node?.content ?? {})) {
          body.set(mt, media?.schema ? `${at}/content/${mt.replace(/~/g, '~0').replace(/\//g, '~1')}/schema` : undefined);
        }
        requestBody = { required: Boolean(node?.required), contentTypes: [...body.keys()] };
      }

      const responses: ResponseSpec[] = [];
      const responsePtrs: OperationPointers['responses'] = new Map();
      for (const [status, raw] of Object.entries(op.responses ?? {})) {
        const { node, at } = follow<ResponseObject>(doc, raw, `${opAt}/responses/${status}`);
        const content = new Map<string, string | undefined>();
        for (const [mt, media] of Object.entries(node?.content ?? {})) {
          content.set(mt, media?.schema ? `${at}/content/${mt.replace(/~/g, '~0').replace(/\//g, '~1')}/schema` : undefined);
        }
        const headers: { name: string; required: boolean; ptr?: string }[] = [];
        const headerSpecs: ResponseSpec['headers'] = [];
        for (const [name, rawHeader] of Object.entries(node?.headers ?? {})) {
          if (name.toLowerCase() === 'content-type') continue; // OAS: ignored when declared
          const h = follow<HeaderObject>(doc, rawHeader, `${at}/headers/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
          const required = Boolean(h.node?.required);
          headers.push({ name, required, ptr: h.node?.schema ? `${h.at}/schema` : undefined });
          headerSpecs.push({ name, required, schema: schemaObject(dereference(doc, h.node?.schema ?? {}, memo)) });
        }
        responsePtrs.set(status, { content, headers });
        responses.push({ status, contentTypes: [...content.keys()], headers: headerSpecs });
      }

      const operation: Operation = {
        id,
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        tags: op.tags ?? [],
        ...(op['x-source'] !== undefined ? { source: String(op['x-source']) } : {}),
        parameters: params.map(({ ptr: _ptr, ...p }) => p),
        ...(requestBody ? { requestBody } : {}),
        responses,
        secured: securedBy(doc, op.security ?? doc.security),
        idempotencyKey: idempotency !== undefined,
        ...(idempotency ? { idempotencyHeader: idempotency.name } : {}),
      };
      out.push({ operation, pointers: { params, body, responses: responsePtrs }, matcher: pathMatcher(path) });
    }
  }
  return out;
}

/** Path prefix of the first server URL (`https://api.dinie.com.br/v3` → `/v3`). */
export function serverPrefix(doc: OpenApiDocument): string {
  const url = doc.servers?.[0]?.url;
  if (!url) return '';
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\{[^}]+\}/g, '');
  return path.replace(/\/$/, '');
}
