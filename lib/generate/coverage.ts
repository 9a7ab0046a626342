// The deterministic coverage phase: for one operation of the loaded contract, every way a request
// can break exactly one rule the contract states (each schema keyword of each body member, query
// parameter, path parameter and header; the body's media type), and the positive boundaries
// (bounds exactly, shortest and longest strings, non-ASCII text, every enum value, optional
// members absent and present). Pure: the same contract and base give the same cases, whatever
// the run's seed; fuzzing (requests.ts) adds random combinations after it.
//
// Built from small pieces: `fullValue` (a deterministic valid value), `memberBreaks` (the
// negative values of one member, one function per keyword family), `memberBoundaries` (its
// positive values) and `coveragePlan`, which walks an operation and assembles requests.
import fc from 'fast-check';
import { coerceText } from '../spec/coerce.js';
import type { Contract } from '../spec/index.js';
import { isForm } from '../spec/media.js';
import { isNode, type SchemaObject } from '../spec/openapi.js';
import { ruleErrors } from './coverage-judge.js';
import { normalize } from './normalize.js';
import { fromSchema } from './schema.js';

export type CaseLocation = 'body' | 'query' | 'path' | 'header' | 'media';

/** One rule the contract states for an operation: a keyword on a member. */
export interface CoverageRule {
  location: CaseLocation;
  /** Dotted body path (`events[0]`), parameter or header name, `(body)` for the body itself. */
  member: string;
  /** JSON Schema keyword (`type`, `null`, `pattern`, `required`, …) or `media-type` / `content-type`. */
  keyword: string;
}

export interface CoverageRequest {
  /** The body as a value (JSON, or the fields of a form / multipart body). */
  body?: unknown;
  /** Media type the body is encoded in (the operation's own unless a media case says otherwise). */
  contentType?: string;
  query: Record<string, unknown>;
  /** Multipart file parts the sender adds. */
  files?: string[];
  /** Path parameter values that replace the caller's. */
  path?: Record<string, string>;
  /** Extra request headers (a broken Idempotency-Key, a Content-Type that lies). */
  headers?: Record<string, string>;
  /** Sent as this text instead of an encoding of `body`, with `headers['content-type']`. */
  raw?: string;
}

export interface CoverageCase extends CoverageRule {
  /** Stable within a contract: `createCustomer body cpf format 2`. */
  id: string;
  operationId: string;
  /** A negative case must be refused (4xx); a positive boundary must be accepted. */
  expect: 'refused' | 'accepted';
  description: string;
  request: CoverageRequest;
}

/** A rule no request can break alone, with why (listed in the coverage table, never dropped). */
export interface UnreachableRule extends CoverageRule {
  reason: string;
}

export interface CoveragePlan {
  operationId: string;
  /** Every rule the contract states for the operation. */
  rules: CoverageRule[];
  cases: CoverageCase[];
  unreachable: UnreachableRule[];
}

/** Values the caller knows are valid for the target's state (real ids, an offer's amounts). */
export interface CoverageBase {
  body?: unknown;
  query?: Record<string, unknown>;
  path?: Record<string, string>;
}

type Seg = string | number;
type Path = Seg[];

/** The same fixed seed every run: the coverage phase never depends on --seed. */
const FIXED_SEED = 20_260_301;

// ——— values ————————————————————————————————————————————————————————————————

// sample() is pure: the same schema and name always give the same value (a fixed seed; Faker is
// seeded from fast-check). Plans built on a base (the contract checks build each operation's anew
// on every run) asked for the same samples again and again, ~1 % of a fault file's CPU and ~1.5 %
// of the coverage self-test's. Kept per schema object (the contract's own, which live as long as
// it does); a value is handed out as a copy, so no caller can change the next one's.
const samples = new WeakMap<object, Map<string | undefined, unknown>>();

function sample(schema: unknown, name?: string): unknown {
  const per = schema !== null && typeof schema === 'object' ? samples.get(schema) : undefined;
  if (per?.has(name)) return copy(per.get(name));
  let value: unknown;
  try {
    value = fc.sample(fromSchema(schema, { request: true, name }), { numRuns: 1, seed: FIXED_SEED })[0];
  } catch {
    value = undefined;
  }
  if (schema !== null && typeof schema === 'object') {
    if (per) per.set(name, value);
    else samples.set(schema, new Map([[name, value]]));
    return copy(value);
  }
  return value;
}

const copy = <T>(v: T): T => (v !== null && typeof v === 'object' ? structuredClone(v) : v);

/** A deterministic valid value with every optional member present (arrays with one item, or minItems). */
export function fullValue(input: unknown, name?: string, depth = 0): unknown {
  if (!isNode<SchemaObject>(input) || depth > 8) return sample(input, name);
  if ('const' in input) return input.const;
  if (Array.isArray(input.enum)) return input.enum[0];
  const { schema, types } = normalize(input);
  if (schema.oneOf || schema.anyOf) return fullValue((schema.oneOf ?? schema.anyOf)![0], name, depth + 1);
  const type = (types ?? []).find((t) => t !== 'null');
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, sub] of Object.entries(schema.properties ?? {})) {
      if (isReadOnly(sub) || isBinary(sub)) continue;
      out[k] = fullValue(sub, k, depth + 1);
    }
    return out;
  }
  if (type === 'array') {
    const n = Math.max(1, schema.minItems ?? 0);
    const items = arrayOf(schema.items ?? {}, n, singular(name), Boolean(schema.uniqueItems));
    return items ?? sample(schema, name);
  }
  return sample(schema, name);
}

/** `n` valid items, distinct when `unique` (undefined when the schema has too few values). */
function arrayOf(items: unknown, n: number, name: string | undefined, unique: boolean): unknown[] | undefined {
  if (!unique) return Array.from({ length: n }, () => fullValue(items, name));
  const seen = new Map<string, unknown>();
  const first = fullValue(items, name);
  seen.set(JSON.stringify(first), first);
  for (const v of fc.sample(fromSchema(items, { request: true, name }), { numRuns: Math.max(50, n * 10), seed: FIXED_SEED })) {
    if (seen.size >= n) break;
    seen.set(JSON.stringify(v), v);
  }
  return seen.size >= n ? [...seen.values()].slice(0, n) : undefined;
}

const singular = (name?: string) => name?.replace(/s$/, '');
const isBinary = (s: unknown) => isNode<SchemaObject>(s) && (s.format === 'binary' || s.contentMediaType !== undefined || s.contentEncoding !== undefined);
const isReadOnly = (s: unknown) => isNode<SchemaObject>(s) && Boolean(s.readOnly);

/** An object or array being rebuilt member by member (indices and names alike). */
type Container = Record<string | number, unknown>;

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (
    Array.isArray(root) ? [...root] : root && typeof root === 'object' ? { ...(root as object) } : typeof head === 'number' ? [] : {}
  ) as Container;
  container[head!] = setAt(container[head!], rest, value);
  return container;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const [head, ...rest] = path;
  if (!root || typeof root !== 'object') return root;
  const container = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Container;
  if (rest.length === 0) delete container[head!];
  else container[head!] = deleteAt(container[head!], rest);
  return container;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v == null ? undefined : (v as Container)[k]), root);
}

/** The caller's base plus the required members it lacks (from the full value), at the top level. */
function withRequired(schema: unknown, base: unknown, full: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(full)) return clone(base);
  const out: Record<string, unknown> = clone(base);
  for (const name of normalize(schema).schema.required ?? []) if (!(name in out) && name in full) out[name] = clone(full[name]);
  return out;
}

/** `value` with every container on the way to `path` present (taken from `full` where missing). */
function withParents(value: unknown, full: unknown, path: Path): unknown {
  if (path.length <= 1) return value;
  const [head, ...rest] = path;
  const own = value && typeof value === 'object' ? (value as Container)[head!] : undefined;
  const from = full && typeof full === 'object' ? (full as Container)[head!] : undefined;
  const child = withParents(own === undefined || own === null ? clone(from) : own, from, rest);
  if (child === own) return value;
  return setAt(value, [head!], child);
}

/** The base's own members win; members it lacks come from the full value (objects merged member by member). */
function overlay(full: unknown, base: unknown): unknown {
  if (base === undefined) return clone(full);
  if (!isPlainObject(full) || !isPlainObject(base)) return clone(base);
  const out: Record<string, unknown> = { ...(clone(full) as object) };
  for (const [k, v] of Object.entries(base)) out[k] = overlay(full[k], v);
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function memberName(path: Path): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out || '(body)';
}

// ——— negative values, one piece per keyword family ————————————————————————————

/** A value for a member that breaks `keyword` (and, when `also` is set, the keywords named there too). */
export interface Break {
  keyword: string;
  value: unknown;
  description: string;
}

interface MemberContext {
  /** The value travels as text (query string, form field, header): types other than text are parsed. */
  stringly: boolean;
  /** What the member is called in descriptions. */
  label: string;
}

const NON_ASCII = 'João Conceição Ñandú — 東京 ✓';

/** Keeps the first candidate that breaks `keyword` and nothing else at the member (see coverage-judge). */
function firstBreaking(schema: SchemaObject, keyword: string, candidates: unknown[], m: MemberContext): unknown | undefined {
  let fallback: unknown;
  for (const c of candidates) {
    if (c === undefined) continue;
    const errs = ruleErrors(schema, m.stringly ? coerceText(schema, c) : c);
    if (!errs.includes(keyword)) continue;
    // A value matching no branch fails inside the branches too; the rest of the member's schema must hold.
    if (COMPOSITE.has(keyword) || keyword === 'not') {
      const { [keyword]: _wrapper, ...rest } = schema;
      if (ruleErrors(rest, m.stringly ? coerceText(schema, c) : c).length === 0) return c;
      continue;
    }
    const inherent = INHERENT[keyword] ?? [];
    if (errs.every((e) => e === keyword || COMPOSITE.has(e) || inherent.includes(e))) return c;
    // A value breaking a rule together with the rules that restate it (a CPF's pattern and format).
    if (fallback === undefined && errs.every((e) => e === keyword || OVERLAPPING.has(e) || COMPOSITE.has(e))) fallback = c;
  }
  return fallback;
}

const COMPOSITE = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else']);
/** A value of the wrong type is outside any enum or const too: that is the type rule, not a second one. */
const INHERENT: Record<string, string[]> = { type: ['enum', 'const'] };
const OVERLAPPING = new Set(['pattern', 'format', 'minLength', 'maxLength']);

const JSON_TYPES: [string, (v: unknown) => unknown][] = [
  ['string', (v) => (typeof v === 'number' ? String(v) : 'text')],
  ['integer', () => 12345],
  ['number', (v) => (typeof v === 'number' ? v + 0.5 : undefined)],
  ['boolean', () => true],
  ['object', () => ({ unexpected: true })],
  ['array', (v) => [v ?? 'x']],
];

function typeBreaks(schema: SchemaObject, types: string[], v: unknown, m: MemberContext): Break[] {
  const out: Break[] = [];
  if (m.stringly) {
    if (types.some((t) => t === 'string' || t === 'array' || t === 'object')) return out;
    const cands = [types.includes('integer') ? `${typeof v === 'number' ? v : 1}.5` : undefined, 'not-a-number', types.includes('boolean') ? 'maybe' : 'true'];
    for (const c of cands) {
      if (c !== undefined && firstBreaking(schema, 'type', [c], m) !== undefined)
        out.push({ keyword: 'type', value: c, description: `${m.label} is ${JSON.stringify(c)}, not ${types.join(' or ')}` });
    }
    return out;
  }
  for (const [t, make] of JSON_TYPES) {
    // A fraction only where an integer is wanted; elsewhere 12345 already is the wrong number.
    const c = t === 'number' && !types.includes('integer') ? undefined : make(v);
    if (c === undefined || firstBreaking(schema, 'type', [c], m) === undefined) continue;
    out.push({
      keyword: 'type',
      value: c,
      description: `${m.label} is ${t === 'number' && types.includes('integer') ? 'a fraction' : `a${/^[aeiou]/.test(t) ? 'n' : ''} ${t}`} (${JSON.stringify(c)}), not ${types.filter((x) => x !== 'null').join(' or ')}`,
    });
  }
  return out;
}

function enumBreaks(schema: SchemaObject, v: unknown, m: MemberContext): Break[] {
  const out: Break[] = [];
  if (Array.isArray(schema.enum)) {
    const nums = schema.enum.filter((x: unknown) => typeof x === 'number');
    const c = firstBreaking(
      schema,
      'enum',
      [`${String(v)}_invalid`, 'not_a_valid_value', `${String(v).toUpperCase()}X`, nums.length ? Math.max(...nums) + 1 : undefined],
      m,
    );
    if (c !== undefined) out.push({ keyword: 'enum', value: c, description: `${m.label} is ${JSON.stringify(c)}, not one of the allowed values` });
  }
  if ('const' in schema) {
    const c = firstBreaking(
      schema,
      'const',
      [`${String(schema.const)}_invalid`, `not_${String(schema.const)}`, typeof schema.const === 'number' ? schema.const + 1 : undefined],
      m,
    );
    if (c !== undefined) out.push({ keyword: 'const', value: c, description: `${m.label} is ${JSON.stringify(c)}, not ${JSON.stringify(schema.const)}` });
  }
  return out;
}

const FORMAT_CANDIDATES: Record<string, string[]> = {
  date: ['2026-02-30', '2026-13-01', '01/02/2026'],
  'date-time': ['2026-01-01T25:00:00Z', '2026-01-32T10:00:00Z', 'yesterday'],
  email: ['not-an-email', 'joao@', '@example.com'],
  uri: ['not a uri', '://missing-scheme'],
  url: ['not a uri', '://missing-scheme'],
  uuid: ['not-a-uuid', '550e8400-e29b-41d4-a716-44665544000g'],
  cpf: ['123.456.789-0', '1234567890', 'abc.def.ghi-jk'],
  cnpj: ['12.345.678/0001-9', '1234567800019', 'ab.cde.fgh/ijkl-mn'],
};

/** A CPF/CNPJ of the right shape whose last check digit is off by one. */
function wrongCheckDigit(v: string): string {
  const last = Number(v.at(-1));
  return v.slice(0, -1) + String((last + 1) % 10);
}

function stringBreaks(schema: SchemaObject, v: unknown, m: MemberContext): Break[] {
  const out: Break[] = [];
  const s = typeof v === 'string' ? v : 'value';
  const chars = [...s];
  if (typeof schema.pattern === 'string') {
    const c = firstBreaking(
      schema,
      'pattern',
      [`${s}!`, `!${s}`, s.replace(/\d/, 'x'), s.replace(/[a-z]/, '#'), s.toUpperCase(), s.slice(0, -1), `${s}0`, ` ${s}`, ''],
      m,
    );
    if (c !== undefined) out.push({ keyword: 'pattern', value: c, description: `${m.label} is ${JSON.stringify(c)}, which does not match ${schema.pattern}` });
  }
  if (typeof schema.format === 'string' && !isBinary(schema)) {
    if ((schema.format === 'cpf' || schema.format === 'cnpj') && typeof v === 'string') {
      const c = firstBreaking(schema, 'format', [wrongCheckDigit(s)], m);
      if (c !== undefined)
        out.push({ keyword: 'format', value: c, description: `${m.label} is ${JSON.stringify(c)}: a ${schema.format} with a wrong check digit` });
    }
    const c = firstBreaking(schema, 'format', [...(FORMAT_CANDIDATES[schema.format] ?? []), `${s}#`, `#${s}`, 'invalid', 'x'], m);
    if (c !== undefined) out.push({ keyword: 'format', value: c, description: `${m.label} is ${JSON.stringify(c)}, not a valid ${schema.format}` });
  }
  if (typeof schema.minLength === 'number' && schema.minLength > 0) {
    const n = schema.minLength - 1;
    const c = firstBreaking(schema, 'minLength', [chars.slice(0, n).join(''), 'a'.repeat(n), '1'.repeat(n)], m);
    if (c !== undefined) out.push({ keyword: 'minLength', value: c, description: `${m.label} has ${n} characters, fewer than ${schema.minLength}` });
  }
  if (typeof schema.maxLength === 'number') {
    const n = schema.maxLength + 1;
    const pad = (ch: string) => s + ch.repeat(Math.max(0, n - chars.length));
    const c = firstBreaking(schema, 'maxLength', [pad('a'), pad('0'), 'a'.repeat(n), '1'.repeat(n)], m);
    if (c !== undefined) out.push({ keyword: 'maxLength', value: c, description: `${m.label} has ${n} characters, more than ${schema.maxLength}` });
  }
  return out;
}

function numberBreaks(schema: SchemaObject, integer: boolean, v: unknown, m: MemberContext): Break[] {
  const out: Break[] = [];
  const step = schema.multipleOf ?? (integer ? 1 : 0.01);
  const enc = (n: number) => (m.stringly ? String(n) : n);
  const push = (keyword: string, n: number | undefined, words: string) => {
    if (n === undefined) return;
    const c = firstBreaking(schema, keyword, [enc(Number(n.toFixed(10)))], m);
    if (c !== undefined) out.push({ keyword, value: c, description: `${m.label} is ${c}, ${words}` });
  };
  if (typeof schema.minimum === 'number') push('minimum', schema.minimum - step, `below its minimum ${schema.minimum}`);
  if (typeof schema.maximum === 'number') push('maximum', schema.maximum + step, `above its maximum ${schema.maximum}`);
  if (typeof schema.exclusiveMinimum === 'number') push('exclusiveMinimum', schema.exclusiveMinimum, `not above its exclusive minimum`);
  if (typeof schema.exclusiveMaximum === 'number') push('exclusiveMaximum', schema.exclusiveMaximum, `not below its exclusive maximum`);
  if (typeof schema.multipleOf === 'number' && typeof v === 'number') {
    const half = schema.multipleOf / 2;
    const c = firstBreaking(schema, 'multipleOf', [enc(v + half), enc(v - half), enc(v + schema.multipleOf * 1.5), integer ? enc(v + 1) : undefined], m);
    if (c !== undefined) out.push({ keyword: 'multipleOf', value: c, description: `${m.label} is ${c}, not a multiple of ${schema.multipleOf}` });
  }
  return out;
}

function arrayBreaks(schema: SchemaObject, v: unknown, name: string | undefined, m: MemberContext): Break[] {
  const out: Break[] = [];
  const items = schema.items ?? {};
  const base = Array.isArray(v) && v.length ? v : (arrayOf(items, 1, singular(name), false) ?? []);
  const ofLength = (n: number) =>
    schema.uniqueItems ? arrayOf(items, n, singular(name), true) : Array.from({ length: n }, (_, i) => clone(base[i % base.length]));
  if (typeof schema.minItems === 'number' && schema.minItems > 0) {
    const c = firstBreaking(schema, 'minItems', [ofLength(schema.minItems - 1)], m);
    if (c !== undefined) out.push({ keyword: 'minItems', value: c, description: `${m.label} has ${schema.minItems - 1} items, fewer than ${schema.minItems}` });
  }
  if (typeof schema.maxItems === 'number' && schema.maxItems < 1000) {
    const c = firstBreaking(schema, 'maxItems', [ofLength(schema.maxItems + 1)], m);
    if (c !== undefined) out.push({ keyword: 'maxItems', value: c, description: `${m.label} has ${schema.maxItems + 1} items, more than ${schema.maxItems}` });
  }
  if (schema.uniqueItems === true && base.length) {
    const c = firstBreaking(schema, 'uniqueItems', [[clone(base[0]), clone(base[0])]], m);
    if (c !== undefined) out.push({ keyword: 'uniqueItems', value: c, description: `${m.label} repeats an item` });
  }
  return out;
}

function compositionBreaks(schema: SchemaObject, v: unknown, name: string | undefined, m: MemberContext): Break[] {
  const out: Break[] = [];
  // Near misses first (`loan.created_invalid` has the shape of an event name), then values of other types.
  const misfits = [typeof v === 'string' ? `${v}_invalid` : undefined, 'not_a_valid_value', 12345, true, { unexpected: true }, ['x'], 12.5];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    const c = firstBreaking(schema, key, misfits, m);
    if (c !== undefined) out.push({ keyword: key, value: c, description: `${m.label} is ${JSON.stringify(c)}, which matches no branch of its ${key}` });
    if (key === 'oneOf') {
      // A value two branches accept: oneOf means exactly one.
      const candidates = branches.flatMap((b: unknown) => [
        fullValue(b, name),
        ...fc.sample(fromSchema(b, { request: true, name }), { numRuns: 20, seed: FIXED_SEED }),
      ]);
      const both = candidates.find((cand: unknown) => branches.filter((b: unknown) => ruleErrors(b, cand).length === 0).length >= 2);
      if (both !== undefined && ruleErrors(schema, both).includes('oneOf')) {
        out.push({ keyword: 'oneOf', value: both, description: `${m.label} is ${JSON.stringify(both)}, which matches two branches of its oneOf` });
      }
    }
  }
  if (schema.not && typeof schema.not === 'object') {
    const c = firstBreaking(
      schema,
      'not',
      [fullValue(schema.not, name), ...fc.sample(fromSchema(schema.not, { request: true, name }), { numRuns: 10, seed: FIXED_SEED })],
      m,
    );
    if (c !== undefined) out.push({ keyword: 'not', value: c, description: `${m.label} is ${JSON.stringify(c)}, which its \`not\` forbids` });
  }
  return out;
}

/** The rules of one member (the keywords its schema states, `null` when it is not nullable). */
export function memberRules(input: unknown, stringly: boolean): string[] {
  const { schema, types, nullable } = normalize(input);
  const rules: string[] = [];
  const nonNull = (types ?? []).filter((t) => t !== 'null');
  const textOnly = stringly && nonNull.some((t) => t === 'string' || t === 'array' || t === 'object');
  if (types && !textOnly) rules.push('type');
  if (!stringly && types && !nullable) rules.push('null');
  for (const k of [
    'enum',
    'const',
    'pattern',
    'format',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minLength',
    'maxLength',
    'minItems',
    'maxItems',
    'uniqueItems',
    'multipleOf',
    'oneOf',
    'anyOf',
    'not',
  ]) {
    if (!(k in schema)) continue;
    if (k === 'format' && isBinary(schema)) continue;
    if (k === 'uniqueItems' && schema.uniqueItems !== true) continue;
    rules.push(k);
  }
  return rules;
}

/** Every negative value of one member, rule by rule. */
export function memberBreaks(input: unknown, v: unknown, m: MemberContext & { name?: string }): Break[] {
  const { schema, types, nullable } = normalize(input);
  const out: Break[] = [];
  const nonNull = (types ?? []).filter((t) => t !== 'null');
  if (types) out.push(...typeBreaks(schema, types, v, m));
  if (!m.stringly && types && !nullable && firstBreaking(schema, 'type', [null], m) === null) {
    out.push({ keyword: 'null', value: null, description: `${m.label} is null, which its schema does not allow` });
  }
  out.push(...enumBreaks(schema, v, m));
  if (!('const' in schema) && !Array.isArray(schema.enum)) {
    if (nonNull.includes('string') || (!types && (schema.pattern || schema.format))) out.push(...stringBreaks(schema, v, m));
    if (nonNull.includes('integer') || nonNull.includes('number')) out.push(...numberBreaks(schema, nonNull.includes('integer'), v, m));
  }
  if (nonNull.includes('array') && !m.stringly) out.push(...arrayBreaks(schema, v, m.name, m));
  out.push(...compositionBreaks(schema, v, m.name, m));
  // `null` is reported as its own rule: relabel the null type-break (a type case with value null never occurs above).
  return out;
}

// ——— positive boundaries ————————————————————————————————————————————————————

export interface Boundary {
  keyword: string;
  value: unknown;
  description: string;
}

function fits(schema: unknown, v: unknown, stringly: boolean): boolean {
  return ruleErrors(schema, stringly ? coerceText(schema, v) : v).length === 0;
}

/** Valid values at the edges of one member: bounds exactly, shortest and longest text, non-ASCII text, every enum value. */
export function memberBoundaries(input: unknown, v: unknown, m: MemberContext): Boundary[] {
  const { schema, types } = normalize(input);
  const out: Boundary[] = [];
  const add = (keyword: string, value: unknown, description: string) => {
    if (value !== undefined && fits(input, value, m.stringly) && !out.some((b) => JSON.stringify(b.value) === JSON.stringify(value)))
      out.push({ keyword, value, description });
  };
  const nonNull = (types ?? []).filter((t) => t !== 'null');
  const enc = (n: number) => (m.stringly ? String(n) : n);
  const enums: unknown[] = [
    ...(Array.isArray(schema.enum) ? schema.enum : []),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap((b) => (isNode<SchemaObject>(b) && Array.isArray(b.enum) ? b.enum : [])),
  ];
  for (const e of enums) add('enum', e, `${m.label} is ${JSON.stringify(e)}, one of its allowed values`);
  if (nonNull.includes('integer') || nonNull.includes('number')) {
    const step = schema.multipleOf ?? (nonNull.includes('integer') ? 1 : 0.01);
    if (typeof schema.minimum === 'number') add('minimum', enc(schema.minimum), `${m.label} is exactly its minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number') add('maximum', enc(schema.maximum), `${m.label} is exactly its maximum ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number')
      add('exclusiveMinimum', enc(Number((schema.exclusiveMinimum + step).toFixed(10))), `${m.label} is just above its exclusive minimum`);
    if (typeof schema.exclusiveMaximum === 'number')
      add('exclusiveMaximum', enc(Number((schema.exclusiveMaximum - step).toFixed(10))), `${m.label} is just below its exclusive maximum`);
  }
  if (nonNull.includes('string') && !enums.length && !('const' in schema)) {
    const s = typeof v === 'string' ? v : '';
    const chars = [...s];
    if (typeof schema.maxLength === 'number' && schema.maxLength <= 10_000) {
      const n = schema.maxLength;
      for (const c of [s + 'a'.repeat(Math.max(0, n - chars.length)), s + '0'.repeat(Math.max(0, n - chars.length)), 'a'.repeat(n)]) {
        if ([...c].length === n && fits(input, c, m.stringly)) {
          add('maxLength', c, `${m.label} has ${n} characters, its longest allowed`);
          break;
        }
      }
    }
    if (typeof schema.minLength === 'number' && schema.minLength > 0) {
      const n = schema.minLength;
      for (const c of [chars.slice(0, n).join(''), 'a'.repeat(n), '1'.repeat(n)]) {
        if ([...c].length === n && fits(input, c, m.stringly)) {
          add('minLength', c, `${m.label} has ${n} characters, its shortest allowed`);
          break;
        }
      }
    }
    if (!schema.pattern && !schema.format) {
      const text = typeof schema.maxLength === 'number' ? [...NON_ASCII].slice(0, schema.maxLength).join('') : NON_ASCII;
      add('non-ascii', text, `${m.label} is non-ASCII text`);
    }
  }
  if (nonNull.includes('array') && !m.stringly) {
    const items = schema.items ?? {};
    if (typeof schema.minItems === 'number')
      add('minItems', arrayOf(items, schema.minItems, undefined, Boolean(schema.uniqueItems)), `${m.label} has ${schema.minItems} items, its fewest allowed`);
    if (typeof schema.maxItems === 'number' && schema.maxItems <= 100)
      add('maxItems', arrayOf(items, schema.maxItems, undefined, Boolean(schema.uniqueItems)), `${m.label} has ${schema.maxItems} items, its most allowed`);
  }
  return out;
}

// ——— members of an object schema ————————————————————————————————————————————————

interface Member {
  path: Path;
  schema: unknown;
  value: unknown;
}

/** The members of a value's schema, depth first (array items as `[0]`), with the base's value at each. */
function members(schema: unknown, value: unknown, path: Path = [], depth = 0): Member[] {
  if (!schema || typeof schema !== 'object' || depth > 6) return [];
  const { schema: s, types } = normalize(schema);
  const out: Member[] = [];
  const nonNull = (types ?? []).filter((t) => t !== 'null');
  if (nonNull.includes('object') && s.properties) {
    for (const [k, sub] of Object.entries(s.properties)) {
      if (isReadOnly(sub) || isBinary(sub)) continue;
      const v = isPlainObject(value) && k in value ? value[k] : fullValue(sub, k);
      out.push({ path: [...path, k], schema: sub, value: v }, ...members(sub, v, [...path, k], depth + 1));
    }
  } else if (nonNull.includes('array') && s.items && typeof s.items === 'object') {
    const v = Array.isArray(value) && value.length ? value[0] : fullValue(s.items);
    out.push({ path: [...path, 0], schema: s.items, value: v }, ...members(s.items, v, [...path, 0], depth + 1));
  }
  return out;
}

/** Object-level rules (required, additionalProperties) of the body and its nested objects. */
function objects(schema: unknown, path: Path = [], depth = 0): { path: Path; schema: SchemaObject }[] {
  if (!schema || typeof schema !== 'object' || depth > 6) return [];
  const { schema: s, types } = normalize(schema);
  const nonNull = (types ?? []).filter((t) => t !== 'null');
  const out: { path: Path; schema: SchemaObject }[] = [];
  if (nonNull.includes('object')) {
    out.push({ path, schema: s });
    for (const [k, sub] of Object.entries(s.properties ?? {})) if (!isReadOnly(sub)) out.push(...objects(sub, [...path, k], depth + 1));
  } else if (nonNull.includes('array') && s.items) out.push(...objects(s.items, [...path, 0], depth + 1));
  return out;
}

// Per contract: every plan built on a base (the contract checks build hundreds per run) asked for
// them, and serialising the whole document each time was ~2.5 % of a fault self-test's CPU.
const prefixCache = new WeakMap<Contract, readonly string[]>();

/** Prefixes of the ids the document names in its patterns (`^cust_…` → `cust_`), for "another resource's id" cases. */
export function idPrefixes(contract: Contract): string[] {
  let prefixes = prefixCache.get(contract);
  if (!prefixes) {
    const found = new Set<string>();
    const text = JSON.stringify(contract.document);
    for (const m of text.matchAll(/"pattern":"\^([a-z]+_)\[/g)) found.add(m[1]!);
    prefixes = Object.freeze([...found].sort());
    prefixCache.set(contract, prefixes);
  }
  return [...prefixes];
}

// ——— the plan of one operation ——————————————————————————————————————————————————

const planCache = new WeakMap<Contract, Map<string, CoveragePlan>>();

/**
 * Every negative case and positive boundary of one operation. Without a base, the requests are
 * built on a deterministic valid value of every member; with one, on the caller's values (real
 * ids, amounts the target's state allows), members it lacks filled in.
 */
export function coveragePlan(contract: Contract, operationId: string, base: CoverageBase = {}): CoveragePlan {
  const cacheable = base.body === undefined && base.query === undefined && base.path === undefined;
  const hit = cacheable ? planCache.get(contract)?.get(operationId) : undefined;
  if (hit) return hit;
  const plan = buildPlan(contract, operationId, base);
  if (cacheable) {
    let per = planCache.get(contract);
    if (!per) planCache.set(contract, (per = new Map()));
    per.set(operationId, plan);
  }
  return plan;
}

function buildPlan(contract: Contract, operationId: string, base: CoverageBase): CoveragePlan {
  const op = contract.operation(operationId);
  const rules: CoverageRule[] = [];
  const cases: CoverageCase[] = [];
  const unreachable: UnreachableRule[] = [];
  const counts = new Map<string, number>();
  const types = op.requestBody?.contentTypes ?? [];
  const contentType = types.find((t) => /json/i.test(t)) ?? types[0];
  const rawSchema = contentType ? contract.requestSchema(operationId, contentType) : undefined;
  const stringlyBody = !!contentType && (isForm(contentType) || /^multipart\//i.test(contentType));
  const files = rawSchema?.properties
    ? Object.entries(rawSchema.properties)
        .filter(([, s]) => isBinary(s))
        .map(([k]) => k)
    : [];

  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const fullQuery: Record<string, unknown> = {};
  for (const p of queryParams) if (p.required) fullQuery[p.name] = fullValue(p.schema, p.name);
  const baseQuery = { ...fullQuery, ...(base.query ?? {}) };
  const basePath: Record<string, string> = {};
  for (const p of pathParams) basePath[p.name] = base.path?.[p.name] ?? String(fullValue(p.schema, p.name));
  // Every member present (optional ones from the full value); the cases themselves are built on the
  // caller's base alone (plus required members it lacks), so an optional member the target's state
  // would refuse (a past expiry) cannot be why a case is refused or accepted.
  const fullBody = rawSchema !== undefined ? overlay(fullValue(rawSchema), base.body) : undefined;
  const baseBody = rawSchema === undefined ? undefined : base.body === undefined ? fullBody : withRequired(rawSchema, base.body, fullBody);
  /** The base with `value` at `path`, missing parents taken from the full value. */
  const put = (path: Path, value: unknown) => setAt(withParents(baseBody, fullBody, path), path, value);

  const request = (over: Partial<CoverageRequest> = {}): CoverageRequest => ({
    ...(rawSchema !== undefined ? { body: clone(baseBody), contentType } : {}),
    query: { ...baseQuery },
    ...(files.length ? { files: [...files] } : {}),
    ...over,
  });
  const add = (rule: CoverageRule, expect: CoverageCase['expect'], description: string, req: CoverageRequest) => {
    const key = `${operationId} ${rule.location} ${rule.member} ${rule.keyword}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    cases.push({ ...rule, id: `${key} ${n}`, operationId, expect, description, request: req });
  };
  // Rules stated so far, by location, member and keyword (a scan of `rules` for each was quadratic).
  const ruleKeys = new Set<string>();
  const rule = (r: CoverageRule) => {
    const key = `${r.location}\u0000${r.member}\u0000${r.keyword}`;
    if (ruleKeys.has(key)) return;
    ruleKeys.add(key);
    rules.push(r);
  };
  /** Rules stated but never broken by a case: unreachable, with why. */
  const settle = (location: CaseLocation, member: string, stated: string[], broken: string[], why: string) => {
    for (const k of stated) {
      rule({ location, member, keyword: k });
      if (!broken.includes(k)) unreachable.push({ location, member, keyword: k, reason: why.replace('{k}', k) });
    }
  };

  // Body members.
  if (rawSchema !== undefined) {
    for (const mem of members(rawSchema, baseBody)) {
      const member = memberName(mem.path);
      const ctx = { stringly: stringlyBody, label: member, name: String(mem.path.at(-1)) };
      const breaks = memberBreaks(mem.schema, mem.value, ctx);
      for (const b of breaks) add({ location: 'body', member, keyword: b.keyword }, 'refused', b.description, request({ body: put(mem.path, b.value) }));
      settle(
        'body',
        member,
        memberRules(mem.schema, stringlyBody),
        breaks.map((b) => b.keyword),
        `no value breaks {k} of ${member} without breaking another rule`,
      );
      for (const b of memberBoundaries(mem.schema, mem.value, ctx))
        add({ location: 'body', member, keyword: b.keyword }, 'accepted', b.description, request({ body: put(mem.path, b.value) }));
    }
    for (const obj of objects(rawSchema)) {
      const where = memberName(obj.path);
      const inner = obj.path.length ? `${where}.` : '';
      for (const name of (obj.schema.required ?? []) as string[]) {
        const member = `${inner}${name}`;
        rule({ location: 'body', member, keyword: 'required' });
        if (obj.path.length === 0 && files.includes(name)) {
          add(
            { location: 'body', member, keyword: 'required' },
            'refused',
            `the file part ${name} is missing`,
            request({ files: files.filter((f) => f !== name) }),
          );
        } else
          add(
            { location: 'body', member, keyword: 'required' },
            'refused',
            `${member} is missing`,
            request({ body: deleteAt(withParents(baseBody, fullBody, [...obj.path, name]), [...obj.path, name]) }),
          );
      }
      if (obj.schema.additionalProperties === false || obj.schema.unevaluatedProperties === false) {
        const keyword = obj.schema.additionalProperties === false ? 'additionalProperties' : 'unevaluatedProperties';
        const extra = ['unexpected_member', 'x_unknown'].find((n) => !(n in (obj.schema.properties ?? {})))!;
        rule({ location: 'body', member: where, keyword });
        const value = 'surprise';
        add(
          { location: 'body', member: where, keyword },
          'refused',
          `${inner}${extra} is not a member ${where} declares`,
          request({ body: put([...obj.path, extra], value) }),
        );
      }
    }
    // Optional members absent (the base's required ones only), then every member present.
    const required = new Set<string>(normalize(rawSchema).schema.required ?? []);
    if (isPlainObject(fullBody) && Object.keys(fullBody).some((k) => !required.has(k))) {
      const bare = Object.fromEntries(Object.entries(isPlainObject(baseBody) ? baseBody : {}).filter(([k]) => required.has(k)));
      add({ location: 'body', member: '(body)', keyword: 'optional-absent' }, 'accepted', 'only the required members', request({ body: bare }));
      add({ location: 'body', member: '(body)', keyword: 'optional-present' }, 'accepted', 'every member present', request({ body: clone(fullBody) }));
    }
    // The body's media type: one the operation does not document, and a Content-Type that lies about the body.
    rule({ location: 'media', member: '(body)', keyword: 'media-type' });
    rule({ location: 'media', member: '(body)', keyword: 'content-type' });
    const asText = encodeAs(contentType!, baseBody);
    add(
      { location: 'media', member: '(body)', keyword: 'media-type' },
      'refused',
      `the body is sent as text/plain, a media type ${operationId} does not accept`,
      request({ raw: asText, headers: { 'content-type': 'text/plain' } }),
    );
    add(
      { location: 'media', member: '(body)', keyword: 'content-type' },
      'refused',
      'Content-Type says application/json but the body is form-encoded',
      request({ raw: formText(baseBody), headers: { 'content-type': 'application/json' } }),
    );
  }

  // Query parameters: text on the wire.
  for (const p of queryParams) {
    const v = baseQuery[p.name] ?? fullValue(p.schema, p.name);
    const ctx = { stringly: true, label: `query ${p.name}`, name: p.name };
    if (p.required) {
      rule({ location: 'query', member: p.name, keyword: 'required' });
      const { [p.name]: _gone, ...rest } = baseQuery;
      add({ location: 'query', member: p.name, keyword: 'required' }, 'refused', `the required query parameter ${p.name} is missing`, request({ query: rest }));
    }
    const breaks = memberBreaks(p.schema, typeof v === 'string' || v === undefined ? v : v, ctx);
    for (const b of breaks)
      add({ location: 'query', member: p.name, keyword: b.keyword }, 'refused', b.description, request({ query: { ...baseQuery, [p.name]: b.value } }));
    settle(
      'query',
      p.name,
      memberRules(p.schema, true),
      breaks.map((b) => b.keyword),
      `no text breaks {k} of query ${p.name} alone`,
    );
    for (const b of memberBoundaries(p.schema, v, ctx))
      add({ location: 'query', member: p.name, keyword: b.keyword }, 'accepted', b.description, request({ query: { ...baseQuery, [p.name]: b.value } }));
  }
  if (queryParams.some((p) => !p.required)) {
    const all: Record<string, unknown> = { ...baseQuery };
    for (const p of queryParams) if (all[p.name] === undefined) all[p.name] = fullValue(p.schema, p.name);
    add({ location: 'query', member: '(query)', keyword: 'optional-present' }, 'accepted', 'every query parameter present', request({ query: all }));
  }

  // Path parameters: malformed ids and another resource's id.
  const prefixes = idPrefixes(contract);
  for (const p of pathParams) {
    const v = basePath[p.name]!;
    const ctx = { stringly: true, label: `path ${p.name}`, name: p.name };
    const stated = memberRules(p.schema, true);
    const broken: string[] = [];
    const own = prefixes.find((x) => v.startsWith(x));
    if (typeof p.schema?.pattern === 'string') {
      for (const other of prefixes.filter((x) => x !== own)) {
        const c = own ? other + v.slice(own.length) : other + v;
        if (ruleErrors(p.schema, c).includes('pattern')) {
          add(
            { location: 'path', member: p.name, keyword: 'pattern' },
            'refused',
            `path ${p.name} carries another resource's id (${other}…)`,
            request({ path: { ...basePath, [p.name]: c } }),
          );
          broken.push('pattern');
        }
      }
    }
    for (const b of memberBreaks(p.schema, v, ctx)) {
      add(
        { location: 'path', member: p.name, keyword: b.keyword },
        'refused',
        `${b.description} (a malformed id)`,
        request({ path: { ...basePath, [p.name]: String(b.value) } }),
      );
      broken.push(b.keyword);
    }
    settle('path', p.name, stated, broken, `no id breaks {k} of path ${p.name} alone`);
  }

  // Headers the operation declares (the idempotency key): malformed values.
  for (const h of headerParams) {
    const v = String(fullValue(h.schema, h.name) ?? 'key');
    const ctx = { stringly: true, label: `header ${h.name}`, name: h.name };
    const breaks = memberBreaks(h.schema, v, ctx).filter((b) => isSendableHeader(String(b.value)));
    for (const b of breaks)
      add({ location: 'header', member: h.name, keyword: b.keyword }, 'refused', b.description, request({ headers: { [h.name]: String(b.value) } }));
    settle(
      'header',
      h.name,
      memberRules(h.schema, true),
      breaks.map((b) => b.keyword),
      `no header value breaks {k} of ${h.name} alone (a header carries visible ASCII only)`,
    );
  }

  return { operationId, rules, cases, unreachable };
}

/** What HTTP lets a header carry: visible ASCII and spaces, no leading or trailing space. */
function isSendableHeader(v: string): boolean {
  return /^[\x21-\x7e]*( +[\x21-\x7e]+)*$/.test(v);
}

function formText(body: unknown): string {
  return new URLSearchParams(Object.entries(isPlainObject(body) ? body : {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
}

/** The body encoded as its own media type would encode it (as text). */
function encodeAs(contentType: string, body: unknown): string {
  return /json/i.test(contentType) ? JSON.stringify(body ?? {}) : formText(body);
}

/** The plan of every operation (for the bench and the coverage totals). */
export function coveragePlans(contract: Contract): CoveragePlan[] {
  return contract.operations.map((op) => coveragePlan(contract, op.id));
}

/** Values of a plan's rules for reading: `getAt` exported for callers that rebuild a case. */
export { getAt as valueAt };
