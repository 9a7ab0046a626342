// Every example the document carries, paired with the schema it illustrates, so a test (or a
// suite) can prove the document agrees with itself.

import { coerceText } from './coerce.js';
import { dereference } from './deref.js';
import {
  type ExampleObject,
  type HeaderObject,
  isNode,
  type MediaTypeObject,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type RequestBodyObject,
  type ResponseObject,
} from './openapi.js';
import { follow, pointer } from './pointer.js';
import type { Contract } from './types.js';

export interface Example {
  /** JSON pointer of the example in the bundled document. */
  where: string;
  kind: 'request' | 'response' | 'event' | 'parameter' | 'header' | 'schema';
  value: unknown;
  /** Pointer of the schema it must satisfy. */
  schema: string;
  /** Text-valued examples (parameters, headers) are parsed as a server would before validating. */
  text: boolean;
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Examples of a media type, parameter or header object living at `at`. */
function examplesOf(doc: OpenApiDocument, node: unknown, at: string): { where: string; value: unknown }[] {
  const out: { where: string; value: unknown }[] = [];
  if (!isNode<MediaTypeObject>(node)) return out;
  if ('example' in node) out.push({ where: `${at}/example`, value: node.example });
  for (const [name, raw] of Object.entries(isNode(node.examples) ? node.examples : {})) {
    const { node: ex, at: exAt } = follow<ExampleObject>(doc, raw, `${at}/examples/${esc(name)}`);
    if (ex && 'value' in ex) out.push({ where: `${exAt}/value`, value: ex.value });
  }
  return out;
}

export function collectExamples(contract: Contract): Example[] {
  const doc = contract.document;
  const out: Example[] = [];
  const media = (content: Record<string, MediaTypeObject> | undefined, contentAt: string, kind: Example['kind']) => {
    for (const [mt, m] of Object.entries(content ?? {})) {
      if (!m?.schema) continue;
      const at = `${contentAt}/${esc(mt)}`;
      for (const ex of examplesOf(doc, m, at)) out.push({ ...ex, kind, schema: `${at}/schema`, text: false });
    }
  };
  const params = (list: unknown, listAt: string) =>
    (Array.isArray(list) ? list : []).forEach((raw, i) => {
      const { node, at } = follow<ParameterObject>(doc, raw, `${listAt}/${i}`);
      if (node?.schema) for (const ex of examplesOf(doc, node, at)) out.push({ ...ex, kind: 'parameter', schema: `${at}/schema`, text: true });
    });

  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const { node: item, at: itemAt } = follow<PathItemObject>(doc, rawItem, pointer('paths', path));
    params(item?.parameters, `${itemAt}/parameters`);
    for (const [method, op] of Object.entries(item ?? {})) {
      if (!isNode<OperationObject>(op) || !op.responses) continue;
      const opAt = `${itemAt}/${method}`;
      params(op.parameters, `${opAt}/parameters`);
      if (op.requestBody) {
        const rb = follow<RequestBodyObject>(doc, op.requestBody, `${opAt}/requestBody`);
        media(rb.node?.content, `${rb.at}/content`, 'request');
      }
      for (const [status, raw] of Object.entries(op.responses)) {
        const resp = follow<ResponseObject>(doc, raw, `${opAt}/responses/${status}`);
        media(resp.node?.content, `${resp.at}/content`, 'response');
        for (const [name, rawH] of Object.entries(resp.node?.headers ?? {})) {
          const h = follow<HeaderObject>(doc, rawH, `${resp.at}/headers/${esc(name)}`);
          if (h.node?.schema) for (const ex of examplesOf(doc, h.node, h.at)) out.push({ ...ex, kind: 'header', schema: `${h.at}/schema`, text: true });
        }
      }
    }
  }
  for (const [name, rawItem] of Object.entries(doc.webhooks ?? {})) {
    const { node: item, at } = follow<PathItemObject>(doc, rawItem, pointer('webhooks', name));
    for (const [method, op] of Object.entries(item ?? {})) {
      if (!isNode<OperationObject>(op) || !op.requestBody) continue;
      const rb = follow<RequestBodyObject>(doc, op.requestBody, `${at}/${method}/requestBody`);
      media(rb.node?.content, `${rb.at}/content`, 'event');
    }
  }
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    const at = pointer('components', 'schemas', name);
    if (!isNode(schema)) continue;
    if ('example' in schema) out.push({ where: `${at}/example`, value: schema.example, kind: 'schema', schema: at, text: false });
    for (const [i, v] of (Array.isArray(schema.examples) ? schema.examples : []).entries()) {
      out.push({ where: `${at}/examples/${i}`, value: v, kind: 'schema', schema: at, text: false });
    }
  }
  return out;
}

/** Validates one collected example against its schema. */
export function checkExample(contract: Contract, ex: Example) {
  const value = ex.text ? coerceText(dereference(contract.document, { $ref: ex.schema }), ex.value) : ex.value;
  return contract.validateAt(ex.schema, value);
}
