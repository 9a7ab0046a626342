// Which rules of a schema a value breaks, as JSON Schema keywords, by Ajv with the contract's own
// formats: the coverage phase keeps a negative value only when it breaks the rule it is labelled
// with and nothing else, and a positive boundary only when it breaks nothing.

import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsNs from 'ajv-formats';
import { CUSTOM_FORMATS } from '../spec/formats.js';
import { isNode, type SchemaObject } from '../spec/openapi.js';

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (!ajv) {
    // Not strict: resolved schemas carry OpenAPI words (`example`, `x-source`) beside the keywords.
    ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true, logger: false });
    addFormatsNs.default(ajv);
    for (const [name, fn] of Object.entries(CUSTOM_FORMATS)) ajv.addFormat(name, { type: 'string', validate: fn });
  }
  return ajv;
}

// By schema object too: the key below serialises the schema, and the coverage plans ask for the
// same contract schemas' validators thousands of times a run (schemas are never changed in place).
const byObject = new WeakMap<object, ValidateFunction>();

function validator(schema: unknown): ValidateFunction {
  const known = schema !== null && typeof schema === 'object' ? byObject.get(schema) : undefined;
  if (known) return known;
  const v = validatorByText(schema);
  if (schema !== null && typeof schema === 'object') byObject.set(schema, v);
  return v;
}

function validatorByText(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema ?? true);
  let v = compiled.get(key);
  if (!v) {
    const a = instance();
    // Formats nobody defines are annotations, as in lib/spec.
    for (const m of key.matchAll(/"format":"([^"]+)"/g)) if (!a.formats[m[1]!]) a.addFormat(m[1]!, true);
    v = a.compile(typeof schema === 'object' && schema !== null ? (stripOpenApi(schema) as object) : typeof schema === 'boolean' ? schema : true);
    compiled.set(key, v);
  }
  return v;
}

/** OpenAPI 3.0 `nullable` is not JSON Schema: written as a null type for Ajv. */
function stripOpenApi(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripOpenApi);
  if (!isNode<SchemaObject>(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'nullable' || k === 'example' || k === 'readOnly' || k === 'writeOnly' || k === 'discriminator' || k.startsWith('x-')) continue;
    out[k] = k === 'enum' || k === 'const' || k === 'default' || k === 'examples' ? v : stripOpenApi(v);
  }
  if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** The keywords `value` breaks (empty when it is valid), in Ajv's order, without repeats. */
export function ruleErrors(schema: unknown, value: unknown): string[] {
  const v = validator(schema);
  if (v(value)) return [];
  return [...new Set((v.errors ?? []).map((e) => e.keyword))];
}
