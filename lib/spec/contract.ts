// Builds a Contract from a bundled document: compiles every schema the document uses into an
// Ajv validator (eagerly, so a broken schema is refused at load) and answers validation questions
// by operationId, status, media type and event type.
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { checkSchema } from './check-schema.js';
import { coerceText } from './coerce.js';
import { dereference } from './deref.js';
import { type Issue, toIssues } from './errors.js';
import { essence, isForm, isJson, matchMedia } from './media.js';
import { isNode, type OpenApiDocument, type OperationObject, type PathItemObject, type RequestBodyObject, type SchemaObject, schemaObject } from './openapi.js';
import { type ReadOperation, readOperations, serverPrefix } from './operations.js';
import { follow, getAt, pointer } from './pointer.js';
import { COMPONENT_BASE, DOCUMENT_ID, prepareForAjv } from './prepare.js';
import { type ContractRevision, revisionOfPath } from './revisions.js';
import type { Contract, LintReport, ValidationResult } from './types.js';

const OK: ValidationResult = Object.freeze({ valid: true, errors: [], issues: [] }) as ValidationResult;

function invalid(message: string, field = '(root)', keyword = 'contract'): ValidationResult {
  return { valid: false, errors: [message], issues: [{ field, keyword, message }] };
}

function result(issues: Issue[]): ValidationResult {
  return issues.length ? { valid: false, errors: issues.map((i) => i.message), issues } : OK;
}

/** Rewrites issues of a single value (a parameter, a header) so they name it. */
function named(issues: Issue[], name: string): Issue[] {
  return issues.map((i) => ({
    ...i,
    field: i.field === '(root)' ? name : `${name}.${i.field}`,
    message: i.message.startsWith('(root)') ? name + i.message.slice('(root)'.length) : `${name}.${i.message}`,
  }));
}

interface EventEntry {
  ptr: string;
  schema: SchemaObject;
}

function readEvents(doc: OpenApiDocument, memo: Map<string, unknown>): Map<string, EventEntry> {
  const events = new Map<string, EventEntry>();
  const hooksKey = doc.webhooks ? 'webhooks' : doc['x-webhooks'] ? 'x-webhooks' : undefined;
  const hooks = hooksKey ? doc[hooksKey] : undefined;
  if (!hooksKey || !isNode(hooks)) return events;
  for (const [name, rawItem] of Object.entries(hooks)) {
    const { node: item, at } = follow<PathItemObject>(doc, rawItem, pointer(hooksKey, name));
    const method = ['post', 'put'].find((m) => item?.[m]) ?? Object.keys(item ?? {})[0];
    const op = method ? item?.[method] : undefined;
    if (!method || !isNode<OperationObject>(op) || !op.requestBody) continue;
    const rb = follow<RequestBodyObject>(doc, op.requestBody, `${at}/${method}/requestBody`);
    const content = rb.node?.content ?? {};
    const mt = Object.keys(content).find(isJson) ?? Object.keys(content)[0];
    const schema = mt ? content[mt]?.schema : undefined;
    if (!mt || !schema) continue;
    const ptr = `${rb.at}/content/${mt.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`;
    events.set(name, { ptr, schema: schemaObject(dereference(doc, schema, memo)) });
  }
  return events;
}

export interface BuildOptions {
  /** `lazy` (default): check every schema now, generate each validator on first use. `eager`: generate all now. */
  compile?: 'lazy' | 'eager';
  /** Which revision the document is (default: told from its path, `custom` for any other file). */
  revision?: ContractRevision;
}

export function buildContract(specPath: string, document: unknown, lint: LintReport, options: BuildOptions = {}): Contract {
  if (!isNode<OpenApiDocument>(document)) throw new Error(`${specPath}: the bundled document is not an object`);
  const bundled = document;
  const prepared = prepareForAjv(bundled);
  const ajv = createAjv(prepared.extensionKeywords, prepared.unknownFormats);
  ajv.addSchema(prepared.document, DOCUMENT_ID);
  for (const [name, schema] of Object.entries(prepared.document.components?.schemas ?? {})) {
    ajv.addSchema(schema as object, COMPONENT_BASE + name);
  }
  const memo = new Map<string, unknown>();

  /** The Ajv key of the schema at a pointer: a component by id, a bare `$ref` to one by its target. */
  const keyOf = (ptr: string): string => {
    const component = /^#\/components\/schemas\/([^/]+)$/.exec(ptr);
    if (component) return COMPONENT_BASE + decodeURIComponent(component[1]!).replace(/~1/g, '/').replace(/~0/g, '~');
    const node = getAt(prepared.document, ptr);
    if (
      isNode<SchemaObject>(node) &&
      typeof node.$ref === 'string' &&
      node.$ref.startsWith(COMPONENT_BASE) &&
      !node.$ref.includes('#') &&
      Object.keys(node).length === 1
    ) {
      return node.$ref;
    }
    return DOCUMENT_ID + ptr;
  };

  const validators = new Map<string, ValidateFunction>();
  const compile = (ptr: string): ValidateFunction => {
    let v = validators.get(ptr);
    if (v) return v;
    try {
      v = ajv.getSchema(keyOf(ptr));
    } catch (err) {
      throw new Error(`${specPath}${ptr}: schema rejected by Ajv: ${(err as Error).message}`);
    }
    if (!v) throw new Error(`${specPath}${ptr}: no schema at this location`);
    validators.set(ptr, v);
    return v;
  };
  const check = (ptr: string | undefined, value: unknown): Issue[] => {
    if (!ptr) return [];
    const v = compile(ptr);
    return v(value) ? [] : toIssues(v.errors);
  };

  const read = readOperations(bundled, memo);
  const byId = new Map<string, ReadOperation>();
  for (const r of read) {
    if (byId.has(r.operation.id)) throw new Error(`${specPath}: operationId '${r.operation.id}' is used twice`);
    byId.set(r.operation.id, r);
  }
  const events = readEvents(bundled, memo);
  const schemaNames = Object.keys(bundled.components?.schemas ?? {});

  // Every schema the contract uses, by pointer. A broken one must stop the load, naming where it
  // is: eagerly by compiling, or (default) by the static checks strict compilation would make.
  const roots: string[] = schemaNames.map((name) => pointer('components', 'schemas', name));
  for (const r of read) {
    for (const p of r.pointers.params) if (p.ptr) roots.push(p.ptr);
    for (const ptr of r.pointers.body.values()) if (ptr) roots.push(ptr);
    for (const resp of r.pointers.responses.values()) {
      for (const ptr of resp.content.values()) if (ptr) roots.push(ptr);
      for (const h of resp.headers) if (h.ptr) roots.push(h.ptr);
    }
  }
  for (const e of events.values()) roots.push(e.ptr);
  const unique = [...new Set(roots)];
  const compileAll = () => {
    for (const ptr of unique) compile(ptr);
    return new Set(unique.map(keyOf)).size;
  };
  if (options.compile === 'eager') compileAll();
  else {
    const problems = unique.flatMap((ptr) => checkSchema(ajv, getAt(prepared.document, ptr), ptr));
    if (problems.length) {
      const shown = problems.slice(0, 15).map((p) => `${specPath}${p}`);
      if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
      throw new Error(`schema rejected by Ajv in ${specPath}:\n  ${shown.join('\n  ')}`);
    }
  }

  const get = (id: string): ReadOperation => {
    const r = byId.get(id);
    if (!r) throw new Error(`unknown operationId '${id}' in ${specPath}`);
    return r;
  };
  const responseFor = (r: ReadOperation, status: number) => {
    const s = String(status);
    const keys = [...r.pointers.responses.keys()];
    const key = keys.find((k) => k === s) ?? keys.find((k) => k.toUpperCase() === `${s[0]}XX`) ?? keys.find((k) => k === 'default');
    return key === undefined ? undefined : { key, spec: r.pointers.responses.get(key)! };
  };
  const parseIfText = (contentType: string, body: unknown): { value?: unknown; error?: string } => {
    if (typeof body !== 'string' || !isJson(contentType)) return { value: body };
    try {
      return { value: JSON.parse(body) };
    } catch {
      return { error: `body is not valid JSON (${contentType})` };
    }
  };
  const formValues = (schema: unknown, body: unknown): unknown => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const props = schemaObject(schema).properties ?? {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (v === undefined) continue;
      const ps = props[k];
      const binary = isNode<SchemaObject>(ps) && (ps.format === 'binary' || ps.contentMediaType || ps.contentEncoding);
      // A file part is judged by the caller (content sniffing); here it only has to be there.
      out[k] = binary && typeof v !== 'string' ? '<file>' : coerceText(ps, v);
    }
    return out;
  };

  const prefix = serverPrefix(bundled);
  const byLiteral = [...read].sort((a, b) => b.matcher.literal - a.matcher.literal);

  const contract: Contract = {
    path: specPath,
    revision: options.revision ?? revisionOfPath(specPath),
    title: bundled.info?.title ?? '',
    version: String(bundled.info?.version ?? ''),
    digest: createHash('sha256').update(JSON.stringify(bundled)).digest('hex'),
    document: bundled,
    operations: read.map((r) => r.operation),
    events: [...events.keys()],
    lint,

    operation: (id) => get(id).operation,

    findOperation(method, rawPath) {
      const m = method.toUpperCase();
      let path = rawPath.split(/[?#]/)[0]!;
      const attempt = (p: string) => {
        for (const r of byLiteral) {
          if (r.operation.method !== m) continue;
          const hit = r.matcher.regex.exec(p);
          if (!hit) continue;
          const params: Record<string, string> = {};
          r.matcher.names.forEach((n, i) => (params[n] = decodeURIComponent(hit[i + 1]!)));
          return { operation: r.operation, params };
        }
        return undefined;
      };
      const found = attempt(path);
      if (found || !prefix || !path.startsWith(`${prefix}/`)) return found;
      path = path.slice(prefix.length);
      return attempt(path);
    },

    validateResponse(operationId, status, contentType, body) {
      const r = get(operationId);
      const resp = responseFor(r, status);
      if (!resp) {
        return invalid(
          `status ${status} is not documented for ${operationId} (documented: ${[...r.pointers.responses.keys()].join(', ')})`,
          '(status)',
          'status',
        );
      }
      const documented = [...resp.spec.content.keys()];
      const empty = body === undefined || body === null || body === '';
      if (documented.length === 0) {
        return empty ? OK : invalid(`${operationId} ${resp.key} documents no body, but one was sent`, '(body)', 'content');
      }
      if (!contentType) {
        return invalid(`${operationId} ${resp.key} has no Content-Type; documented: ${documented.join(', ')}`, '(content-type)', 'content-type');
      }
      const mt = matchMedia(documented, contentType);
      if (!mt) {
        return invalid(
          `media type ${essence(contentType)} is not documented for ${operationId} ${resp.key} (documented: ${documented.join(', ')})`,
          '(content-type)',
          'content-type',
        );
      }
      if (body === undefined) return invalid(`${operationId} ${resp.key} has no body; documented: ${mt}`, '(body)', 'content');
      const parsed = parseIfText(mt, body);
      if (parsed.error) return invalid(parsed.error, '(body)', 'json');
      return result(check(resp.spec.content.get(mt), parsed.value));
    },

    validateResponseHeaders(operationId, status, headers) {
      const r = get(operationId);
      const resp = responseFor(r, status);
      if (!resp) return invalid(`status ${status} is not documented for ${operationId}`, '(status)', 'status');
      const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      const issues: Issue[] = [];
      for (const h of resp.spec.headers) {
        const value = lower.get(h.name.toLowerCase());
        if (value === undefined) {
          if (h.required) issues.push({ field: h.name, keyword: 'required', message: `header ${h.name} is required` });
          continue;
        }
        const schema = r.operation.responses.find((x) => x.status === resp.key)!.headers.find((x) => x.name === h.name)!.schema;
        issues.push(...named(check(h.ptr, coerceText(schema, value)), h.name));
      }
      return result(issues);
    },

    validateRequestBody(operationId, contentType, body) {
      const r = get(operationId);
      const documented = [...r.pointers.body.keys()];
      if (documented.length === 0) {
        return body === undefined || body === '' ? OK : invalid(`${operationId} takes no request body`, '(body)', 'content');
      }
      const mt = matchMedia(documented, contentType);
      if (!mt)
        return invalid(
          `media type ${essence(contentType)} is not accepted by ${operationId} (documented: ${documented.join(', ')})`,
          '(content-type)',
          'content-type',
        );
      const parsed = parseIfText(mt, body);
      if (parsed.error) return invalid(parsed.error, '(body)', 'json');
      const value = isForm(mt) ? formValues(contract.requestSchema(operationId, mt), parsed.value) : parsed.value;
      return result(check(r.pointers.body.get(mt), value));
    },

    validateQuery(operationId, query) {
      const r = get(operationId);
      const issues: Issue[] = [];
      for (const p of r.pointers.params) {
        if (p.in !== 'query') continue;
        const value = query[p.name];
        if (value === undefined) {
          if (p.required) issues.push({ field: p.name, keyword: 'required', message: `query must have required parameter '${p.name}'` });
          continue;
        }
        issues.push(...named(check(p.ptr, coerceText(p.schema, value)), p.name));
      }
      return result(issues);
    },

    validateEvent(type, payload) {
      const e = events.get(type);
      if (!e) return invalid(`event type '${type}' is not in the contract's catalogue`, 'type', 'event');
      return result(check(e.ptr, payload));
    },

    validateSchema(componentName, value) {
      if (!schemaNames.includes(componentName)) throw new Error(`no component schema '${componentName}' in ${specPath}`);
      return result(check(pointer('components', 'schemas', componentName), value));
    },

    requestSchema(operationId, contentType) {
      const r = get(operationId);
      const documented = [...r.pointers.body.keys()];
      const mt = contentType ? matchMedia(documented, contentType) : (documented.find(isJson) ?? documented[0]);
      if (!mt) return undefined;
      const op = bundled.paths?.[r.operation.path]?.[r.operation.method.toLowerCase()];
      const rb = follow<RequestBodyObject>(bundled, isNode<OperationObject>(op) ? op.requestBody : undefined, '');
      const schema = rb.node?.content?.[mt]?.schema;
      return schema === undefined ? undefined : schemaObject(dereference(bundled, schema, memo));
    },

    eventSchema: (type) => events.get(type)?.schema,

    validateAt: (schemaPointer, value) => result(check(schemaPointer, value)),

    compileAll,
  };
  return contract;
}
