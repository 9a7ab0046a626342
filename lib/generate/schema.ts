// Arbitraries of values valid against a JSON Schema, derived from the schema itself. Property
// names steer realism (a `cpf` gets a real CPF, a `phone` an E.164 mobile), but only when the
// realistic value also fits the schema's own constraints.
import fc from 'fast-check';
import { isNode, type SchemaObject } from '../spec/openapi.js';
import * as br from './brazil.js';
import { fitsString, formatCheck, length } from './constraints.js';
import { normalize } from './normalize.js';
import { simplePatternArb } from './pattern.js';

export interface SchemaHints {
  /** Name of the property the value is for (drives realism). */
  name?: string;
  /** Generate a request: skip `readOnly` properties. */
  request?: boolean;
  /** Cap on array lengths beyond `minItems` (default 3). */
  maxExtraItems?: number;
}

const DAY = 86_400_000;
const BASE_TIME = Date.UTC(2026, 0, 1);

function isoDate(): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: 3650 }).map((d) => new Date(BASE_TIME + d * DAY).toISOString().slice(0, 10));
}
function isoDateTime(): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: 3650 * 86_400 }).map((s) => new Date(BASE_TIME + s * 1000).toISOString().replace('.000Z', 'Z'));
}
const slug = fc.stringMatching(/^[a-z0-9]{1,12}$/);

/** Generic values of a format, used when nothing more realistic fits. */
function formatArb(format: string): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'date':
      return isoDate();
    case 'date-time':
      return isoDateTime();
    case 'email':
      return br.email();
    // Loopback only: a target may try to reach a generated URL (webhook endpoints).
    case 'uri':
    case 'url':
    case 'uri-reference':
      return slug.map((s) => `https://127.0.0.1:9/hooks/${s}`);
    case 'uuid':
      return fc.uuid();
    case 'cpf':
      return br.cpf();
    case 'cnpj':
      return br.cnpj();
    case 'int32':
    case 'int64':
      return fc.integer({ min: 0, max: 1_000_000 }).map(String);
    case 'byte':
      return fc.base64String({ minLength: 4, maxLength: 24 }).filter((s) => s.length % 4 === 0);
    case 'ipv4':
      return fc.ipV4();
    case 'hostname':
      return fc.domain();
    default:
      return undefined;
  }
}

/** Candidates suggested by the property name, most specific first. */
function realistic(name: string | undefined, schema: SchemaObject): fc.Arbitrary<string>[] {
  const n = (name ?? '').toLowerCase();
  const out: fc.Arbitrary<string>[] = [];
  if (schema.format === 'cpf' || /(^|_)cpf$/.test(n)) out.push(br.cpf());
  if (schema.format === 'cnpj' || /(^|_)cnpj$/.test(n)) out.push(br.cnpj());
  if (/phone|mobile|celular/.test(n)) out.push(br.phoneBR());
  if (schema.format === 'email' || /email/.test(n)) out.push(br.email());
  if (n === 'trading_name' || /company|business/.test(n)) out.push(br.companyName());
  if (n === 'name' || /(^|_)(full_)?name$/.test(n)) out.push(br.personName());
  if (/amount|price|income|value|balance|limit|total|principal|fee/.test(n)) out.push(br.money());
  if (/_date$|^date$/.test(n) || schema.format === 'date') out.push(br.futureDate());
  return out;
}

/** Keeps an arbitrary only if a fixed-seed sample shows it fits; then filters the rare misfits. */
function fitting(arb: fc.Arbitrary<string>, schema: SchemaObject): fc.Arbitrary<string> | undefined {
  const sample = fc.sample(arb, { numRuns: 12, seed: 7 });
  const ok = sample.filter((s) => fitsString(schema, s)).length;
  if (ok < 9) return undefined;
  return arb.filter((s) => fitsString(schema, s));
}

function stringArb(schema: SchemaObject, hints: SchemaHints): fc.Arbitrary<string> {
  for (const candidate of realistic(hints.name, schema)) {
    const arb = fitting(candidate, schema);
    if (arb) return arb;
  }
  if (typeof schema.pattern === 'string') {
    let arb: fc.Arbitrary<string> | undefined = simplePatternArb(schema.pattern);
    try {
      arb ??= fc.stringMatching(new RegExp(schema.pattern, 'u'));
    } catch {
      arb = undefined; // a construct fast-check cannot invert (look-around): fall through
    }
    const fit = arb && fitting(arb, schema);
    if (fit) return fit;
  }
  if (typeof schema.format === 'string') {
    const base = formatArb(schema.format);
    const fit = base && fitting(base, schema);
    if (fit) return fit;
  }
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? min + 24, min + 24));
  const words = fc.string({ minLength: min, maxLength: max, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz 0123456789-') });
  const check = schema.format ? formatCheck(schema.format) : undefined;
  return check || schema.pattern ? words.filter((s) => fitsString(schema, s)) : words.filter((s) => length(s) >= min);
}

function numberArb(schema: SchemaObject, integer: boolean): fc.Arbitrary<number> {
  // Work in steps: 1 for integers, 0.0001 for numbers (rates like 0.0299), or `multipleOf`.
  const step = schema.multipleOf ?? (integer ? 1 : 0.0001);
  let lo = schema.minimum ?? (typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined);
  let hi = schema.maximum ?? (typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined);
  if (lo === undefined && hi === undefined) lo = 0;
  if (lo === undefined) lo = hi! - 1000;
  if (hi === undefined) hi = lo + 1000;
  let loK = Math.ceil(lo / step - 1e-9);
  let hiK = Math.floor(hi / step + 1e-9);
  if (typeof schema.exclusiveMinimum === 'number' && loK * step <= schema.exclusiveMinimum) loK++;
  if (typeof schema.exclusiveMaximum === 'number' && hiK * step >= schema.exclusiveMaximum) hiK--;
  if (hiK < loK) throw new Error(`no value fits ${JSON.stringify(schema)}`);
  return fc.integer({ min: loK, max: hiK }).map((k) => (Number.isInteger(step) ? k * step : Number((k * step).toFixed(10))));
}

function objectArb(schema: SchemaObject, hints: SchemaHints): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(props)) {
    if (hints.request && isNode<SchemaObject>(sub) && sub.readOnly && !required.has(name)) continue;
    model[name] = fromSchema(sub, { ...hints, name });
  }
  // Required names without a declared schema still have to be there.
  for (const name of required) if (!(name in model)) model[name] = fc.string({ minLength: 1, maxLength: 8 });
  return fc.record(model, { requiredKeys: [...required].filter((k) => k in model), noNullPrototype: true }) as fc.Arbitrary<Record<string, unknown>>;
}

const cache = new WeakMap<object, Map<string, fc.Arbitrary<unknown>>>();

/** Arbitrary of values valid against `schema` (a resolved JSON Schema, no `$ref`s left). */
export function fromSchema(schema: unknown, hints: SchemaHints = {}): fc.Arbitrary<unknown> {
  if (schema === true || schema === undefined) return fc.constant('value');
  if (schema === false) throw new Error('no value fits the schema `false`');
  if (!isNode<SchemaObject>(schema)) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  const key = `${hints.name ?? ''}|${hints.request ? 1 : 0}|${hints.maxExtraItems ?? 3}`;
  let perSchema = cache.get(schema);
  const hit = perSchema?.get(key);
  if (hit) return hit;
  const arb = build(schema, hints);
  if (!perSchema) cache.set(schema, (perSchema = new Map()));
  perSchema.set(key, arb);
  return arb;
}

function build(input: SchemaObject, hints: SchemaHints): fc.Arbitrary<unknown> {
  if ('const' in input) return fc.constant(input.const);
  if (Array.isArray(input.enum)) return fc.constantFrom(...input.enum);
  const { schema, types } = normalize(input);
  if (schema !== input && ('const' in schema || Array.isArray(schema.enum))) return build(schema, hints);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) {
      const { [key]: _branches, ...rest } = schema;
      return fc.oneof(...branches.map((b) => fromSchema({ ...rest, allOf: [b] }, hints)));
    }
  }
  if (typeof schema.$ref === 'string') return fc.constant(null); // recursion cut short
  const list = types ?? ['string'];
  const arbs = list.map((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return numberArb(schema, true);
      case 'number':
        return numberArb(schema, false);
      case 'string':
        return stringArb(schema, hints);
      case 'array': {
        const min = schema.minItems ?? 0;
        const max = Math.min(schema.maxItems ?? Infinity, min + (hints.maxExtraItems ?? 3));
        const item = fromSchema(schema.items ?? {}, { ...hints, name: singular(hints.name) });
        return schema.uniqueItems
          ? fc.uniqueArray(item, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) })
          : fc.array(item, { minLength: min, maxLength: max });
      }
      case 'object':
        return objectArb(schema, hints);
      default:
        throw new Error(`unknown JSON Schema type '${t}'`);
    }
  });
  // Nullable values are mostly present: `null` one time in five.
  if (arbs.length === 2 && list.includes('null')) {
    const other = arbs[list.indexOf('null') === 0 ? 1 : 0]!;
    return fc.oneof({ arbitrary: other, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 });
  }
  return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
}

function singular(name: string | undefined): string | undefined {
  return name?.replace(/s$/, '');
}
