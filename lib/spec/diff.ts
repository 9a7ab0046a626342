// What changed between two contract documents (e.g. the documentation revision and the SDK
// revision, decision 18), each change marked as breaking or not for a client and for a server.
//
// Written here rather than taken from npm, on the bundled documents lib/spec already loads: the
// libraries tried do not fit OpenAPI 3.1 documents with webhooks. `openapi-diff` (Atlassian,
// 0.24) refuses 3.1 outright (its swagger-parser 10 reads 2.0/3.0 only); `@useoptic/openapi-utilities`
// (1.0.9) gives a raw JSON-tree diff whose breaking-change rules live in Optic's CLI rulesets, and
// ignores `webhooks`; `api-smart-diff` (1.0.6) documents OpenAPI 3.0 only, does not compare
// `webhooks`, classifies for consumers only (no server view), and on our documents labelled the
// same change differently in different places. None tells "breaks clients" from "breaks servers".
//
// How it reads the documents: operations are matched by method and path template (parameter
// names ignored), events by name, component schemas by name. A schema reached through the same
// component name on both sides is compared once, under "Schemas", and the operations and events
// that use it say so; different names (or inline schemas) are compared where they are used.
//
// What "breaking" means: for a client, a client written against A fails against a server that
// follows B; for a server, a server written to A no longer conforms to B. A request member's
// changes weigh on the other side from a response member's: a new required request member breaks
// clients (and servers, which must now take it), a new optional one breaks servers (they must now
// accept it); a removed response member breaks clients, a new required one breaks servers (they
// must now produce it); a new enum value in a response breaks only strict clients (`strict`),
// which refuse values they do not know. Events travel like responses, from server to client.
//
// `x-` members are annotations, except the three the documents give contract meaning (EXTENSIONS
// below): a state machine's moves, an event schema's type, a header's level.

import {
  type HeaderObject,
  isNode,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type RequestBodyObject,
  type ResponseObject,
  type Schema,
  type SchemaObject,
} from './openapi.js';
import { getAt } from './pointer.js';

/** How a change weighs on one side: `strict` = only on clients that refuse unknown values. */
export type Impact = 'breaking' | 'strict' | 'none';
export type Direction = 'request' | 'response';
export type ChangeKind = 'server' | 'operation' | 'security' | 'parameter' | 'request-body' | 'response' | 'header' | 'event' | 'schema';

export interface ContractChange {
  kind: ChangeKind;
  action: 'added' | 'removed' | 'changed';
  /** The group it is shown under: `servers`, `POST /customers`, `event loan.created`, `schema Customer`. */
  where: string;
  /** Where inside it, e.g. `request body: kyc[].status`; empty when the change is about `where` itself. */
  path: string;
  detail: string;
  client: Impact;
  server: Impact;
  /** A summary pointing at changes reported elsewhere (an operation whose schemas changed, a schema defined on one side only); not counted. */
  derived?: boolean;
}

export interface DiffSide {
  /** A revision name or the document's path as given. */
  name: string;
  path: string;
  title: string;
  version: string;
}

export interface ContractDiff {
  from: DiffSide;
  to: DiffSide;
  changes: ContractChange[];
  counts: { changes: number; breakingForClients: number; onlyStrictClients: number; breakingForServers: number };
}

type Pair = readonly [client: Impact, server: Impact];
interface Effect {
  request: Pair;
  response: Pair;
}

/** The weight of each kind of schema change, by the direction the schema travels in. */
const EFFECT = {
  memberAddedRequired: { request: ['breaking', 'breaking'], response: ['none', 'breaking'] },
  memberAddedOptional: { request: ['none', 'breaking'], response: ['none', 'none'] },
  memberRemoved: { request: ['breaking', 'none'], response: ['breaking', 'none'] },
  becameRequired: { request: ['breaking', 'none'], response: ['none', 'breaking'] },
  becameOptional: { request: ['none', 'breaking'], response: ['breaking', 'none'] },
  /** B accepts or produces more than A. */
  widened: { request: ['none', 'breaking'], response: ['breaking', 'none'] },
  /** B accepts or produces less than A. */
  narrowed: { request: ['breaking', 'none'], response: ['none', 'breaking'] },
  valuesAdded: { request: ['none', 'breaking'], response: ['strict', 'none'] },
  replaced: { request: ['breaking', 'breaking'], response: ['breaking', 'breaking'] },
  closed: { request: ['breaking', 'none'], response: ['none', 'none'] },
  opened: { request: ['none', 'breaking'], response: ['none', 'none'] },
  none: { request: ['none', 'none'], response: ['none', 'none'] },
  // A state machine (`x-transitions`) is the server's behaviour whichever way the status travels:
  // a move added is one strict clients (those that check moves) refuse; a move removed breaks
  // servers that still make it.
  movesAdded: { request: ['strict', 'none'], response: ['strict', 'none'] },
  movesRemoved: { request: ['none', 'breaking'], response: ['none', 'breaking'] },
} as const satisfies Record<string, Effect>;

const RANK: Record<Impact, number> = { none: 0, strict: 1, breaking: 2 };
const worst = (a: Impact, b: Impact): Impact => (RANK[b] > RANK[a] ? b : a);

function impactOf(effect: Effect, dirs: Iterable<Direction>): Pair {
  let client: Impact = 'none';
  let server: Impact = 'none';
  for (const d of dirs) {
    client = worst(client, effect[d][0]);
    server = worst(server, effect[d][1]);
  }
  return [client, server];
}

// ---------------------------------------------------------------------------------------------
// Schemas

interface RawChange {
  path: string;
  detail: string;
  effect: Effect;
  action: ContractChange['action'];
}

const ANNOTATIONS = new Set([
  'description',
  'title',
  'summary',
  'example',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'externalDocs',
  'xml',
  '$comment',
  'contentMediaType',
  'contentEncoding',
]);
const isAnnotation = (k: string) => ANNOTATIONS.has(k) || k.startsWith('x-');
/**
 * The `x-` members the documents give contract meaning (their `info` says so), compared; still
 * annotations when unwrapping a `$ref`. `x-transitions`: every allowed move of a state machine
 * (LoanStatus; lib/flows/loan-states judges observed moves by it, lib/flows/revision/dialect walks
 * it). `x-event-type`: the event type a payload schema is. `x-level`: a header's MUST / SHOULD
 * (lib/flows/operations `headerLevel`). `x-source` and the rest are documentation.
 */
const EXTENSIONS = new Set(['x-transitions', 'x-event-type', 'x-level']);
const COMPONENT = /^#\/components\/schemas\/([^/]+)$/;

const isObj = (v: unknown): v is SchemaObject => isNode<SchemaObject>(v);
const onlyAnnotationsBesides = (s: SchemaObject, key: string) => Object.keys(s).every((k) => k === key || isAnnotation(k));
const componentName = (ref: string) => {
  const m = COMPONENT.exec(ref);
  return m ? decodeURIComponent(m[1]!).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
};
const join = (at: string, name: string) => (at ? `${at}.${name}` : name);
const list = (values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
/** Members whose value maps names to schemas: a name there (`title`, `default`, `x-…`) is a member, not an annotation. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const brief = (v: unknown, max = 100) => {
  const maps = new WeakSet<object>();
  const s =
    JSON.stringify(v, function (this: unknown, k: string, x: unknown) {
      const inMap = isObj(this) && maps.has(this);
      if (!inMap && NAME_MAPS.has(k) && isObj(x)) maps.add(x);
      return isAnnotation(k) && !inMap ? undefined : x;
    }) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** A `$ref` with annotations at most beside it, or an `allOf` of one member and annotations. */
function unwrap(s: unknown): unknown {
  while (isObj(s) && Array.isArray(s.allOf) && s.allOf.length === 1 && onlyAnnotationsBesides(s, 'allOf')) s = s.allOf[0];
  return s;
}
function refOf(s: unknown): string | undefined {
  return isObj(s) && typeof s.$ref === 'string' && onlyAnnotationsBesides(s, '$ref') ? s.$ref : undefined;
}

const NULL_BRANCH = (b: unknown) => isObj(b) && (b.type === 'null' || (b.const === null && Object.keys(b).every((k) => k === 'const' || isAnnotation(k))));

/** Splits "X or null" (type arrays, `nullable: true`, `oneOf`/`anyOf` with a null branch) into X and a flag. */
function splitNullable(schema: unknown): { core: unknown; nullable: boolean } {
  const s = unwrap(schema);
  if (!isObj(s)) return { core: s, nullable: false };
  let nullable = false;
  let core: SchemaObject = s;
  if (Array.isArray(s.type) && s.type.includes('null')) {
    nullable = true;
    const rest = s.type.filter((t) => t !== 'null');
    core = { ...s, type: rest.length === 1 ? rest[0] : rest };
  } else if (s.type === 'null') {
    return { core: {}, nullable: true };
  }
  if (core.nullable === true) {
    nullable = true;
    const { nullable: _n, ...rest } = core;
    core = rest;
  }
  let result: unknown = core;
  for (const key of ['oneOf', 'anyOf'] as const) {
    // The oneOf's lone non-null branch may be a boolean schema: nothing more to split then.
    if (!isObj(result)) break;
    const branches = result[key];
    if (!Array.isArray(branches) || !branches.some(NULL_BRANCH)) continue;
    nullable = true;
    const rest = branches.filter((b) => !NULL_BRANCH(b));
    const { [key]: _u, ...others } = result;
    if (rest.length === 1) result = onlyAnnotationsBesides(result, key) ? rest[0] : { ...others, allOf: [rest[0]!, ...(others.allOf ?? [])] };
    else result = { ...others, [key]: rest };
  }
  return { core: unwrap(result), nullable };
}

/** The JSON types a schema admits (`integer` counts as itself), or undefined for any. */
function typesOf(s: unknown): Set<string> | undefined {
  if (!isObj(s)) return undefined;
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type.filter((t) => t !== 'null'));
  if (isObj(s.properties) || Array.isArray(s.required)) return new Set(['object']);
  if (s.items !== undefined) return new Set(['array']);
  const values = valuesOf(s);
  if (values) return new Set(values.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v)));
  return undefined;
}
function valuesOf(s: unknown): unknown[] | undefined {
  if (!isObj(s)) return undefined;
  if ('const' in s) return [s.const];
  return Array.isArray(s.enum) ? s.enum : undefined;
}
const describeTypes = (t: Set<string> | undefined) => (t ? [...t].sort().join(' | ') : 'any');
/** `integer` is a kind of `number`. */
function covers(types: Set<string>, t: string) {
  return types.has(t) || (t === 'integer' && types.has('number'));
}

/** Merges an allOf's members (each resolved) into one schema, for comparing shapes that are built differently. */
function flatten(doc: OpenApiDocument, schema: unknown, seen = new Set<string>()): unknown {
  const s = unwrap(schema);
  const ref = refOf(s);
  if (ref) {
    if (seen.has(ref)) return {};
    return flatten(doc, getAt(doc, ref), new Set([...seen, ref]));
  }
  if (!isObj(s) || !Array.isArray(s.allOf)) return s;
  const { allOf, ...rest } = s;
  let merged: SchemaObject = { ...rest };
  for (const member of allOf) merged = mergeSchemas(merged, flatten(doc, member, seen));
  return merged;
}
function mergeSchemas(a: SchemaObject, b: unknown): SchemaObject {
  if (!isObj(b)) return a;
  const out: SchemaObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (isAnnotation(k) && !EXTENSIONS.has(k)) continue;
    if (k === 'properties' && isObj(out.properties)) {
      const props: Record<string, Schema> = { ...out.properties };
      const more = isNode<Record<string, Schema>>(v) ? v : {};
      for (const [name, p] of Object.entries(more)) props[name] = name in props ? { allOf: [props[name]!, p] } : p;
      out.properties = props;
    } else if (k === 'required' && Array.isArray(out.required) && Array.isArray(v)) out.required = [...new Set([...out.required, ...v])];
    else if (k === 'enum' && Array.isArray(out.enum) && Array.isArray(v))
      out.enum = out.enum.filter((x: unknown) => v.some((y: unknown) => JSON.stringify(x) === JSON.stringify(y)));
    else if (!(k in out) || k === 'const') out[k] = v;
  }
  return out;
}

interface Union {
  prop?: string;
  members: unknown[];
  variants?: Map<string, unknown>;
  key: 'oneOf' | 'anyOf';
}

/** A `oneOf`/`anyOf`, with its discriminating member when every variant pins one property to a value. */
function unionOf(doc: OpenApiDocument, s: unknown): Union | undefined {
  if (!isObj(s)) return undefined;
  const key = Array.isArray(s.oneOf) ? 'oneOf' : Array.isArray(s.anyOf) ? 'anyOf' : undefined;
  if (!key) return undefined;
  const members: unknown[] = s[key] ?? [];
  const flat = members.map((m) => flatten(doc, m));
  const pinned = (v: unknown, prop: string) => {
    const values = valuesOf(isObj(v) && isObj(v.properties) ? v.properties[prop] : undefined);
    return values && values.length === 1 && typeof values[0] === 'string' ? (values[0] as string) : undefined;
  };
  const first = flat[0];
  const candidates: string[] = s.discriminator?.propertyName
    ? [s.discriminator.propertyName]
    : Object.keys(isObj(first) && isObj(first.properties) ? first.properties : {});
  for (const prop of candidates) {
    const values = flat.map((v) => pinned(v, prop));
    if (values.every((v) => v !== undefined) && new Set(values).size === values.length) {
      return { key, prop, members, variants: new Map(values.map((v, i) => [v!, members[i]])) };
    }
  }
  return { key, members };
}
/** Members that only constrain (required sets, forbidden members) rather than give a shape of their own. */
const constraintOnly = (u: Union) =>
  u.members.every((m) => isObj(m) && m.type === undefined && m.$ref === undefined && m.items === undefined && valuesOf(m) === undefined);

function describeShape(doc: OpenApiDocument, s: unknown): string {
  const u = unionOf(doc, s);
  if (u?.variants) return `one of ${u.variants.size} variants discriminated by ${u.prop} (${[...u.variants.keys()].join(', ')})`;
  if (u) return `one of ${u.members.length} alternatives`;
  const f = flatten(doc, s);
  const props = Object.keys(isObj(f) && isObj(f.properties) ? f.properties : {});
  if (props.length) return `an object with ${props.join(', ')}`;
  return `${describeTypes(typesOf(f))}`;
}

/** A short account of a schema used as a constraint: `with a + b, without c`, or its content. */
function describeConstraint(_doc: OpenApiDocument, m: unknown): string {
  const ref = refOf(unwrap(m));
  if (ref) return componentName(ref) ?? ref;
  if (!isObj(m)) return JSON.stringify(m);
  const parts: string[] = [];
  if (Array.isArray(m.required) && m.required.length) parts.push(`with ${m.required.join(' + ')}`);
  const props = Object.entries<unknown>(isObj(m.properties) ? m.properties : {});
  const forbidden = props.filter(([, p]) => p === false).map(([k]) => k);
  if (forbidden.length) parts.push(`without ${forbidden.join(', ')}`);
  for (const [k, p] of props) {
    if (p === false) continue;
    const values = valuesOf(p);
    parts.push(values ? `${k} ${values.length === 1 ? '= ' : 'in '}${list(values)}` : `${k} ${brief(p, 60)}`);
  }
  return parts.length ? parts.join(', ') : brief(m);
}

class SchemaComparer {
  readonly changes: RawChange[] = [];
  /** Component names reached under the same name on both sides (compared under Schemas). */
  readonly shared = new Set<string>();
  private readonly stack = new Set<string>();

  constructor(
    private readonly a: OpenApiDocument,
    private readonly b: OpenApiDocument,
  ) {}

  private emit(path: string, detail: string, effect: Effect, action: ContractChange['action'] = 'changed') {
    this.changes.push({ path, detail, effect, action });
  }

  compare(left: unknown, right: unknown, at: string, skipNullable = false): void {
    let x = left;
    let y = right;
    if (x === undefined && y === undefined) return;
    const nx = splitNullable(x);
    const ny = splitNullable(y);
    if (!skipNullable && nx.nullable !== ny.nullable) {
      this.emit(at, ny.nullable ? 'now nullable' : 'no longer nullable', ny.nullable ? EFFECT.widened : EFFECT.narrowed);
    }
    x = nx.core;
    y = ny.core;
    if (x === false || y === false || x === true || y === true) {
      if (x !== y) this.emit(at, `schema ${JSON.stringify(x)} → ${JSON.stringify(y)}`, EFFECT.replaced);
      return;
    }

    const rx = refOf(x);
    const ry = refOf(y);
    if (rx && ry && rx === ry) {
      const name = componentName(rx);
      if (name) {
        this.shared.add(name);
        return;
      }
    }
    if ((isObj(x) && Array.isArray(x.allOf)) || (isObj(y) && Array.isArray(y.allOf))) {
      this.compareAllOf(x, y, at);
      return;
    }
    if (rx || ry) {
      const key = `${rx ?? ''}|${ry ?? ''}`;
      if (this.stack.has(key)) return;
      this.stack.add(key);
      this.compare(rx ? getAt(this.a, rx) : x, ry ? getAt(this.b, ry) : y, at, true);
      this.stack.delete(key);
      return;
    }
    if (!isObj(x) || !isObj(y)) return;
    if (this.compareUnions(x, y, at)) return;
    this.compareCore(x, y, at);
  }

  /** Either side is an allOf: members are matched by component name or content, else both are merged and compared. */
  private compareAllOf(x: unknown, y: unknown, at: string) {
    const ma: unknown[] = isObj(x) && Array.isArray(x.allOf) ? x.allOf : [];
    const mb: unknown[] = isObj(y) && Array.isArray(y.allOf) ? y.allOf : [];
    const restA = isObj(x) && ma.length ? omit(x, 'allOf') : undefined;
    const restB = isObj(y) && mb.length ? omit(y, 'allOf') : undefined;
    // One side not an allOf: members can be matched only when it is a component the allOf also uses.
    if (!ma.length || !mb.length) {
      const plain = ma.length ? y : x;
      const members = ma.length ? ma : mb;
      const ref = refOf(plain);
      if (!ref || !members.some((m) => refOf(unwrap(m)) === ref)) {
        this.compare(flatten(this.a, x), flatten(this.b, y), at, true);
        return;
      }
    }
    // Match members by component name or equal content; the rest are constraints added or removed.
    const membersA = ma.length ? ma : [x];
    const membersB = mb.length ? mb : [y];
    const key = (m: unknown) => refOf(unwrap(m)) ?? brief(m, 10_000);
    const left = [...membersA];
    const right: unknown[] = [];
    for (const m of membersB) {
      const i = left.findIndex((l) => key(l) === key(m));
      if (i >= 0) this.compare(left.splice(i, 1)[0], m, at, true);
      else right.push(m);
    }
    if (left.length === 1 && right.length === 1) this.compare(left[0], right[0], at, true);
    else {
      for (const m of left) this.emit(at, `no longer narrowed by ${describeConstraint(this.a, m)}`, EFFECT.widened);
      for (const m of right) this.emit(at, `now narrowed by ${describeConstraint(this.b, m)}`, EFFECT.narrowed);
    }
    if (restA && restB) this.compareCore(restA, restB, at);
  }

  /** Compares oneOf/anyOf; true when that settles the comparison (discriminated or alternative shapes). */
  private compareUnions(x: SchemaObject, y: SchemaObject, at: string): boolean {
    const ua = unionOf(this.a, x);
    const ub = unionOf(this.b, y);
    if (!ua && !ub) return false;
    if (ua?.variants && ub?.variants && ua.prop === ub.prop) {
      const added = [...ub.variants.keys()].filter((v) => !ua.variants!.has(v));
      const removed = [...ua.variants.keys()].filter((v) => !ub.variants!.has(v));
      if (added.length) this.emit(at, `${ub.prop} variants added: ${added.join(', ')}`, EFFECT.valuesAdded);
      if (removed.length) this.emit(at, `${ub.prop} variants removed: ${removed.join(', ')}`, EFFECT.narrowed);
      for (const [value, m] of ub.variants) if (ua.variants.has(value)) this.compare(ua.variants.get(value), m, `${at}(${ub.prop}=${value})`);
      return true;
    }
    if (ua?.variants || ub?.variants) {
      const was = describeShape(this.a, x);
      const now = describeShape(this.b, y);
      const d =
        ua?.variants && ub?.variants
          ? `discriminator changed: ${ua.prop} → ${ub.prop}`
          : ub?.variants
            ? `discriminator ${ub.prop} introduced`
            : `discriminator ${ua!.prop} dropped`;
      this.emit(at, `${d}: ${was} → ${now}`, EFFECT.replaced);
      return true;
    }
    const constraint = (ua ? constraintOnly(ua) : true) && (ub ? constraintOnly(ub) : true);
    if (ua && ub && ua.members.length === ub.members.length) {
      ua.members.forEach((m, i) => this.compare(m, ub.members[i], `${at}(${ua.key} ${i + 1})`));
      return !constraint;
    }
    const sets = (u: Union, doc: OpenApiDocument) => u.members.map((m) => `(${describeConstraint(doc, m)})`).join(' | ');
    if (!ua)
      this.emit(
        at,
        constraint ? `now one of: ${sets(ub!, this.b)}` : `now ${describeShape(this.b, y)} instead of ${describeShape(this.a, x)}`,
        constraint ? EFFECT.narrowed : EFFECT.replaced,
      );
    else if (!ub)
      this.emit(
        at,
        constraint ? `no longer one of: ${sets(ua, this.a)}` : `now ${describeShape(this.b, y)} instead of ${describeShape(this.a, x)}`,
        constraint ? EFFECT.widened : EFFECT.replaced,
      );
    else this.emit(at, `alternatives changed: ${describeShape(this.a, x)} → ${describeShape(this.b, y)}`, EFFECT.replaced);
    // Constraint sets sit beside an object's members, which are still compared.
    return !constraint;
  }

  private compareCore(x: SchemaObject, y: SchemaObject, at: string) {
    // Types
    const ta = typesOf(x);
    const tb = typesOf(y);
    let comparable = true;
    if (ta && tb) {
      const added = [...tb].filter((t) => !covers(ta, t));
      const removed = [...ta].filter((t) => !covers(tb, t));
      if (added.length || removed.length) {
        const effect = added.length && removed.length ? EFFECT.replaced : added.length ? EFFECT.widened : EFFECT.narrowed;
        this.emit(at, `type ${describeTypes(ta)} → ${describeTypes(tb)}`, effect);
        comparable = [...ta].some((t) => covers(tb, t)) || [...tb].some((t) => covers(ta, t));
      }
    } else if (ta && !tb && x.type !== undefined && y.type === undefined && !unionOf(this.b, y)) {
      this.emit(at, `type ${describeTypes(ta)} → any`, EFFECT.widened);
    } else if (!ta && tb && y.type !== undefined && x.type === undefined && !unionOf(this.a, x)) {
      this.emit(at, `type any → ${describeTypes(tb)}`, EFFECT.narrowed);
    }
    if (!comparable) return;

    // Values
    const va = valuesOf(x);
    const vb = valuesOf(y);
    if (va && vb) {
      const sa = new Set(va.map((v) => JSON.stringify(v)));
      const sb = new Set(vb.map((v) => JSON.stringify(v)));
      const added = vb.filter((v) => !sa.has(JSON.stringify(v)));
      const removed = va.filter((v) => !sb.has(JSON.stringify(v)));
      if (added.length) this.emit(at, `values added: ${list(added)}`, EFFECT.valuesAdded);
      if (removed.length) this.emit(at, `values removed: ${list(removed)}`, EFFECT.narrowed);
    } else if (va && !vb) this.emit(at, `no longer restricted to ${list(va)}`, EFFECT.valuesAdded);
    else if (!va && vb) this.emit(at, `now restricted to ${list(vb)}`, EFFECT.narrowed);

    // Formats, patterns, and the event type a payload schema is
    for (const k of ['format', 'pattern', 'x-event-type'] as const) {
      if (x[k] === y[k]) continue;
      const effect = x[k] === undefined ? EFFECT.narrowed : y[k] === undefined ? EFFECT.widened : EFFECT.replaced;
      this.emit(at, `${k} ${x[k] ?? '(none)'} → ${y[k] ?? '(none)'}`, effect);
    }
    // Bounds: a higher minimum or a lower maximum narrows.
    for (const [k, low] of [
      ['minimum', true],
      ['exclusiveMinimum', true],
      ['minLength', true],
      ['minItems', true],
      ['maximum', false],
      ['exclusiveMaximum', false],
      ['maxLength', false],
      ['maxItems', false],
    ] as const) {
      const p = typeof x[k] === 'number' ? x[k] : undefined;
      const q = typeof y[k] === 'number' ? y[k] : undefined;
      if (p === q) continue;
      const tighter = q !== undefined && (p === undefined || (low ? q > p : q < p));
      this.emit(at, `${k} ${p ?? '(none)'} → ${q ?? '(none)'}`, tighter ? EFFECT.narrowed : EFFECT.widened);
    }

    // Members
    const objectish = (s: SchemaObject, t?: Set<string>) => t?.has('object') || isObj(s.properties) || Array.isArray(s.required);
    if (objectish(x, ta) || objectish(y, tb)) this.compareMembers(x, y, at);
    // Items
    if (x.items !== undefined || y.items !== undefined) this.compare(x.items, y.items, `${at}[]`);
    if (JSON.stringify(x.not) !== JSON.stringify(y.not)) {
      this.emit(at, `not ${brief(x.not) ?? '(none)'} → ${brief(y.not) ?? '(none)'}`, EFFECT.replaced);
    }
    this.compareTransitions(x['x-transitions'], y['x-transitions'], at);
  }

  /** `x-transitions` (status → the statuses it may move to): moves added or removed, `from → to`. */
  private compareTransitions(x: unknown, y: unknown, at: string) {
    const ma = movesOf(x);
    const mb = movesOf(y);
    if (!ma && !mb) return;
    if (!ma) this.emit(at, `transitions now stated: ${mb!.join(', ')}`, EFFECT.movesRemoved);
    else if (!mb) this.emit(at, 'transitions no longer stated', EFFECT.movesAdded);
    else {
      const added = mb.filter((m) => !ma.includes(m));
      const removed = ma.filter((m) => !mb.includes(m));
      if (added.length) this.emit(at, `transitions added: ${added.join(', ')}`, EFFECT.movesAdded);
      if (removed.length) this.emit(at, `transitions removed: ${removed.join(', ')}`, EFFECT.movesRemoved);
    }
  }

  private compareMembers(x: SchemaObject, y: SchemaObject, at: string) {
    const props = (s: SchemaObject) => new Map(Object.entries<unknown>(isObj(s.properties) ? s.properties : {}).filter(([, p]) => p !== false));
    const forbidden = (s: SchemaObject) =>
      new Set(
        Object.entries<unknown>(isObj(s.properties) ? s.properties : {})
          .filter(([, p]) => p === false)
          .map(([k]) => k),
      );
    const pa = props(x);
    const pb = props(y);
    const ra = new Set<string>(Array.isArray(x.required) ? x.required : []);
    const rb = new Set<string>(Array.isArray(y.required) ? y.required : []);
    for (const [name] of pa) {
      if (!pb.has(name)) this.emit(join(at, name), `member removed${ra.has(name) ? ' (was required)' : ''}`, EFFECT.memberRemoved, 'removed');
    }
    for (const [name] of pb) {
      if (!pa.has(name)) {
        this.emit(
          join(at, name),
          `member added (${rb.has(name) ? 'required' : 'optional'})`,
          rb.has(name) ? EFFECT.memberAddedRequired : EFFECT.memberAddedOptional,
          'added',
        );
      }
    }
    const fa = forbidden(x);
    const fb = forbidden(y);
    for (const name of fb) if (!fa.has(name)) this.emit(join(at, name), 'now forbidden', EFFECT.narrowed);
    for (const name of fa) if (!fb.has(name)) this.emit(join(at, name), 'no longer forbidden', EFFECT.widened);
    const names = new Set([...pa.keys()].filter((n) => pb.has(n)));
    for (const n of [...ra, ...rb]) if (!pa.has(n) && !pb.has(n)) names.add(n);
    for (const name of names) {
      if (ra.has(name) !== rb.has(name)) {
        this.emit(join(at, name), rb.has(name) ? 'now required' : 'no longer required', rb.has(name) ? EFFECT.becameRequired : EFFECT.becameOptional);
      }
      if (pa.has(name) && pb.has(name)) this.compare(pa.get(name), pb.get(name), join(at, name));
    }
    const closedA = x.additionalProperties === false;
    const closedB = y.additionalProperties === false;
    if (closedA !== closedB)
      this.emit(at, closedB ? 'closed: unknown members refused' : 'opened: unknown members allowed', closedB ? EFFECT.closed : EFFECT.opened);
    if (isObj(x.additionalProperties) || isObj(y.additionalProperties)) {
      if (isObj(x.additionalProperties) && isObj(y.additionalProperties)) this.compare(x.additionalProperties, y.additionalProperties, `${at}{*}`);
    }
  }
}

/** The moves an `x-transitions` map states, as `from → to`, in its order; undefined when it states none. */
function movesOf(t: unknown): string[] | undefined {
  if (!isObj(t)) return undefined;
  return Object.entries<unknown>(t).flatMap(([from, to]) => (Array.isArray(to) ? to.map((s) => `${from} → ${String(s)}`) : []));
}

function omit(s: SchemaObject, key: string): SchemaObject {
  const { [key]: _drop, ...rest } = s;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Where the documents use their component schemas

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The node a `$ref` chain ends at, when it is an object (read as the node type `T`). */
function resolve<T extends object>(doc: OpenApiDocument, start: unknown): T | undefined {
  const seen = new Set<string>();
  let node = start;
  while (isObj(node) && typeof node.$ref === 'string' && !seen.has(node.$ref)) {
    seen.add(node.$ref);
    node = getAt(doc, node.$ref);
  }
  return isNode<T>(node) ? node : undefined;
}

/** Every component schema a schema reaches, by name. */
function reach(doc: OpenApiDocument, schema: unknown, into: Set<string>) {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!isObj(node)) return;
    if (typeof node.$ref === 'string') {
      const name = componentName(node.$ref);
      if (name && !into.has(name)) {
        into.add(name);
        walk(doc.components?.schemas?.[name]);
      }
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'example' && k !== 'examples' && k !== 'enum' && k !== 'const' && k !== 'default') walk(v);
  };
  walk(schema);
}

type Usage = Map<string, Set<Direction>>;
function addUsage(usage: Usage, names: Set<string>, dir: Direction) {
  for (const n of names) {
    let s = usage.get(n);
    if (!s) usage.set(n, (s = new Set()));
    s.add(dir);
  }
}

interface OpInfo {
  key: string;
  method: string;
  path: string;
  id?: string;
  op: OperationObject;
  params: Map<string, ParameterObject>;
  security: string[];
}

function operationsOf(doc: OpenApiDocument): Map<string, OpInfo> {
  const out = new Map<string, OpInfo>();
  for (const [p, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = resolve<PathItemObject>(doc, rawItem);
    if (!item) continue;
    const template = p.replace(/\{[^}]+\}/g, '{}');
    const pathParams = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const method of METHODS) {
      const op = item[method];
      if (!isNode<OperationObject>(op)) continue;
      const params = new Map<string, ParameterObject>();
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const prm = resolve<ParameterObject>(doc, raw);
        if (!prm) continue;
        const key = prm.in === 'path' ? `path #${pathParams.indexOf(String(prm.name)) + 1}` : `${prm.in} ${String(prm.name).toLowerCase()}`;
        params.set(key, prm);
      }
      out.set(`${method.toUpperCase()} ${template}`, {
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        path: p,
        id: op.operationId,
        op,
        params,
        security: securityOf(doc, op),
      });
    }
  }
  return out;
}

/** `x-level`: MUST above SHOULD above anything else (none stated). */
const levelRank = (level: unknown) => (level === 'MUST' ? 2 : level === 'SHOULD' ? 1 : 0);

function securityOf(doc: OpenApiDocument, op: OperationObject): string[] {
  const reqs: unknown[] = op.security ?? doc.security ?? [];
  if (!reqs.length) return ['none'];
  return reqs.map((r) => (isNode(r) && Object.keys(r).length ? Object.keys(r).sort().join('+') : 'none'));
}

/** The schemas of an operation or event, by direction. */
function schemasOfOperation(
  doc: OpenApiDocument,
  op: OperationObject | undefined,
  params: Iterable<ParameterObject>,
  eventLike: boolean,
): { schema: unknown; dir: Direction }[] {
  const out: { schema: unknown; dir: Direction }[] = [];
  const inbound: Direction = eventLike ? 'response' : 'request';
  for (const prm of params) if (prm.schema) out.push({ schema: prm.schema, dir: eventLike ? 'response' : 'request' });
  const body = resolve<RequestBodyObject>(doc, op?.requestBody);
  for (const media of Object.values(body?.content ?? {})) if (media?.schema) out.push({ schema: media.schema, dir: inbound });
  if (!eventLike) {
    for (const raw of Object.values(op?.responses ?? {})) {
      const resp = resolve<ResponseObject>(doc, raw);
      for (const media of Object.values(resp?.content ?? {})) if (media?.schema) out.push({ schema: media.schema, dir: 'response' });
      for (const h of Object.values(resp?.headers ?? {})) {
        const header = resolve<HeaderObject>(doc, h);
        if (header?.schema) out.push({ schema: header.schema, dir: 'response' });
      }
    }
  }
  return out;
}

function usageOf(doc: OpenApiDocument, op: OperationObject | undefined, params: Iterable<ParameterObject>, eventLike: boolean): Usage {
  const usage: Usage = new Map();
  for (const { schema, dir } of schemasOfOperation(doc, op, params, eventLike)) {
    const names = new Set<string>();
    reach(doc, schema, names);
    addUsage(usage, names, dir);
  }
  return usage;
}

function mergeUsage(...maps: Usage[]): Usage {
  const out: Usage = new Map();
  for (const m of maps) for (const [n, dirs] of m) for (const d of dirs) addUsage(out, new Set([n]), d);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The diff

/** Compares two bundled OpenAPI documents (e.g. `contract.document`); `from`/`to` name them in the report. */
export function diffDocuments(a: OpenApiDocument, b: OpenApiDocument, from: Partial<DiffSide> = {}, to: Partial<DiffSide> = {}): ContractDiff {
  const changes: ContractChange[] = [];
  const side = (doc: OpenApiDocument, s: Partial<DiffSide>, fallback: string): DiffSide => ({
    name: s.name ?? fallback,
    path: s.path ?? '',
    title: s.title ?? String(doc?.info?.title ?? ''),
    version: s.version ?? String(doc?.info?.version ?? ''),
  });
  const sideA = side(a, from, 'A');
  const sideB = side(b, to, 'B');
  const push = (c: Omit<ContractChange, 'client' | 'server'>, [client, server]: Pair) => changes.push({ ...c, client, server });

  // Servers
  const urlsA = new Set<string>((a.servers ?? []).map((s) => String(s?.url)));
  const urlsB = new Set<string>((b.servers ?? []).map((s) => String(s?.url)));
  for (const u of urlsA)
    if (!urlsB.has(u)) push({ kind: 'server', action: 'removed', where: 'servers', path: '', detail: `${u} removed` }, ['breaking', 'none']);
  for (const u of urlsB) if (!urlsA.has(u)) push({ kind: 'server', action: 'added', where: 'servers', path: '', detail: `${u} added` }, ['none', 'none']);

  // Component schema changes, compared once each, weighed by where either document uses them.
  const opsA = operationsOf(a);
  const opsB = operationsOf(b);
  const eventsA = Object.keys(a.webhooks ?? {});
  const eventsB = Object.keys(b.webhooks ?? {});
  const eventOp = (doc: OpenApiDocument, name: string): OperationObject | undefined => {
    const item = resolve<PathItemObject>(doc, doc.webhooks?.[name]);
    const method = ['post', 'put'].find((m) => item?.[m]) ?? Object.keys(item ?? {})[0]!;
    const op = item?.[method];
    return isNode<OperationObject>(op) ? op : undefined;
  };
  const usageA = mergeUsage(
    ...[...opsA.values()].map((o) => usageOf(a, o.op, o.params.values(), false)),
    ...eventsA.map((e) => usageOf(a, eventOp(a, e), [], true)),
  );
  const usageB = mergeUsage(
    ...[...opsB.values()].map((o) => usageOf(b, o.op, o.params.values(), false)),
    ...eventsB.map((e) => usageOf(b, eventOp(b, e), [], true)),
  );
  const usage = mergeUsage(usageA, usageB);
  const BOTH: Direction[] = ['request', 'response'];

  const schemasA = a.components?.schemas ?? {};
  const schemasB = b.components?.schemas ?? {};
  const componentChanges = new Map<string, RawChange[]>();
  const schemaChanges: ContractChange[] = [];
  for (const name of Object.keys(schemasB)
    .filter((n) => n in schemasA)
    .sort()) {
    const cmp = new SchemaComparer(a, b);
    cmp.compare(schemasA[name], schemasB[name], '');
    if (!cmp.changes.length) continue;
    componentChanges.set(name, cmp.changes);
    const dirs = usage.get(name) ?? new Set(BOTH); // an unused component could be used either way
    for (const r of cmp.changes) {
      const [client, server] = impactOf(r.effect, dirs);
      schemaChanges.push({ kind: 'schema', action: r.action, where: `schema ${name}`, path: r.path, detail: r.detail, client, server });
    }
  }
  const onlyA = Object.keys(schemasA)
    .filter((n) => !(n in schemasB))
    .sort();
  const onlyB = Object.keys(schemasB)
    .filter((n) => !(n in schemasA))
    .sort();

  /** Compares schemas used by one operation or event, in one direction; same-named components are only noted. */
  const compareHere = (where: string, kind: ChangeKind, x: unknown, y: unknown, at: string, dir: Direction, shared: Set<string>) => {
    const cmp = new SchemaComparer(a, b);
    cmp.compare(x, y, at);
    for (const n of cmp.shared) shared.add(n);
    for (const r of cmp.changes) {
      push({ kind, action: r.action, where, path: r.path, detail: r.detail }, impactOf(r.effect, [dir]));
    }
  };
  /** The operation or event uses components that changed: one summary line, weighed by how it uses them. */
  const derivedLine = (where: string, kind: ChangeKind, opUsage: Usage) => {
    let client: Impact = 'none';
    let server: Impact = 'none';
    const names: string[] = [];
    for (const [name, dirs] of opUsage) {
      const raw = componentChanges.get(name);
      if (!raw) continue;
      names.push(name);
      for (const r of raw) {
        const [c, s] = impactOf(r.effect, dirs);
        client = worst(client, c);
        server = worst(server, s);
      }
    }
    if (names.length) {
      changes.push({ kind, action: 'changed', where, path: '', detail: `uses changed schemas: ${names.sort().join(', ')}`, client, server, derived: true });
    }
  };

  // Operations
  const opName = (o: OpInfo) => `${o.method} ${o.path}`;
  const keys = [...new Set([...opsA.keys(), ...opsB.keys()])].sort((k1, k2) => {
    const p1 = (opsB.get(k1) ?? opsA.get(k1))!;
    const p2 = (opsB.get(k2) ?? opsA.get(k2))!;
    return p1.path.localeCompare(p2.path) || METHODS.indexOf(p1.method.toLowerCase()) - METHODS.indexOf(p2.method.toLowerCase());
  });
  for (const key of keys) {
    const oa = opsA.get(key);
    const ob = opsB.get(key);
    if (!oa) {
      push({ kind: 'operation', action: 'added', where: opName(ob!), path: '', detail: `new operation${ob!.id ? ` ${ob!.id}` : ''}` }, ['none', 'breaking']);
      continue;
    }
    if (!ob) {
      push({ kind: 'operation', action: 'removed', where: opName(oa), path: '', detail: `operation removed${oa.id ? ` (${oa.id})` : ''}` }, [
        'breaking',
        'none',
      ]);
      continue;
    }
    const where = opName(ob);
    const shared = new Set<string>();
    if (oa.id !== ob.id)
      push({ kind: 'operation', action: 'changed', where, path: '', detail: `operationId ${oa.id ?? '(none)'} → ${ob.id ?? '(none)'}` }, ['none', 'none']);
    if (oa.path !== ob.path)
      push({ kind: 'operation', action: 'changed', where, path: '', detail: `path parameters renamed: ${oa.path} → ${ob.path}` }, ['none', 'none']);

    // Security: each alternative a set of schemes.
    for (const s of ob.security)
      if (!oa.security.includes(s)) push({ kind: 'security', action: 'added', where, path: 'security', detail: `now also accepts ${s}` }, ['none', 'breaking']);
    for (const s of oa.security)
      if (!ob.security.includes(s))
        push({ kind: 'security', action: 'removed', where, path: 'security', detail: `no longer accepts ${s}` }, ['breaking', 'none']);

    // Parameters
    for (const [k, pb] of ob.params) {
      const pa = oa.params.get(k);
      const label = pb.in === 'path' ? `path parameter {${pb.name}}` : `${pb.in} parameter ${pb.name}`;
      if (!pa) {
        const effect = pb.required ? EFFECT.memberAddedRequired : EFFECT.memberAddedOptional;
        push(
          { kind: 'parameter', action: 'added', where, path: label, detail: `added (${pb.required ? 'required' : 'optional'})` },
          impactOf(effect, ['request']),
        );
        continue;
      }
      if (Boolean(pa.required) !== Boolean(pb.required)) {
        push(
          { kind: 'parameter', action: 'changed', where, path: label, detail: pb.required ? 'now required' : 'no longer required' },
          impactOf(pb.required ? EFFECT.becameRequired : EFFECT.becameOptional, ['request']),
        );
      }
      compareHere(where, 'parameter', pa.schema, pb.schema, label, 'request', shared);
    }
    for (const [k, pa] of oa.params) {
      if (ob.params.has(k)) continue;
      const label = pa.in === 'path' ? `path parameter {${pa.name}}` : `${pa.in} parameter ${pa.name}`;
      push(
        { kind: 'parameter', action: 'removed', where, path: label, detail: `removed${pa.required ? ' (was required)' : ''}` },
        impactOf(EFFECT.memberRemoved, ['request']),
      );
    }

    // Request body
    const ba = resolve<RequestBodyObject>(a, oa.op.requestBody);
    const bb = resolve<RequestBodyObject>(b, ob.op.requestBody);
    if (ba && !bb) push({ kind: 'request-body', action: 'removed', where, path: 'request body', detail: 'no longer takes a body' }, ['breaking', 'none']);
    else if (!ba && bb) {
      push(
        {
          kind: 'request-body',
          action: 'added',
          where,
          path: 'request body',
          detail: `now takes a body (${bb.required ? 'required' : 'optional'}: ${Object.keys(bb.content ?? {}).join(', ')})`,
        },
        impactOf(bb.required ? EFFECT.memberAddedRequired : EFFECT.memberAddedOptional, ['request']),
      );
    } else if (ba && bb) {
      if (Boolean(ba.required) !== Boolean(bb.required)) {
        push(
          { kind: 'request-body', action: 'changed', where, path: 'request body', detail: bb.required ? 'now required' : 'no longer required' },
          impactOf(bb.required ? EFFECT.becameRequired : EFFECT.becameOptional, ['request']),
        );
      }
      const ca = ba.content ?? {};
      const cb = bb.content ?? {};
      for (const mt of Object.keys(cb))
        if (!(mt in ca))
          push({ kind: 'request-body', action: 'added', where, path: 'request body', detail: `media type ${mt} accepted` }, ['none', 'breaking']);
      for (const mt of Object.keys(ca))
        if (!(mt in cb))
          push({ kind: 'request-body', action: 'removed', where, path: 'request body', detail: `media type ${mt} no longer accepted` }, ['breaking', 'none']);
      const single = Object.keys(cb).length === 1;
      for (const mt of Object.keys(cb)) {
        if (mt in ca) compareHere(where, 'request-body', ca[mt]?.schema, cb[mt]?.schema, single ? 'request body' : `request body (${mt})`, 'request', shared);
      }
    }

    // Responses
    const ra = oa.op.responses ?? {};
    const rb = ob.op.responses ?? {};
    for (const status of Object.keys(rb)) {
      if (!(status in ra)) push({ kind: 'response', action: 'added', where, path: `response ${status}`, detail: 'new status' }, ['strict', 'none']);
    }
    for (const status of Object.keys(ra)) {
      if (!(status in rb))
        push({ kind: 'response', action: 'removed', where, path: `response ${status}`, detail: 'status no longer documented' }, ['none', 'breaking']);
    }
    for (const status of Object.keys(rb).filter((s) => s in ra)) {
      const xa = resolve<ResponseObject>(a, ra[status]);
      const xb = resolve<ResponseObject>(b, rb[status]);
      const ca = xa?.content ?? {};
      const cb = xb?.content ?? {};
      const label = `response ${status}`;
      for (const mt of Object.keys(cb))
        if (!(mt in ca)) push({ kind: 'response', action: 'added', where, path: label, detail: `media type ${mt} added` }, ['strict', 'none']);
      for (const mt of Object.keys(ca))
        if (!(mt in cb)) push({ kind: 'response', action: 'removed', where, path: label, detail: `media type ${mt} removed` }, ['none', 'breaking']);
      const single = Object.keys(cb).length === 1;
      for (const mt of Object.keys(cb))
        if (mt in ca) compareHere(where, 'response', ca[mt]?.schema, cb[mt]?.schema, single ? label : `${label} (${mt})`, 'response', shared);
      const ha = new Map(Object.entries(xa?.headers ?? {}).map(([n, h]) => [n.toLowerCase(), { name: n, h: resolve<HeaderObject>(a, h) }]));
      const hb = new Map(Object.entries(xb?.headers ?? {}).map(([n, h]) => [n.toLowerCase(), { name: n, h: resolve<HeaderObject>(b, h) }]));
      for (const [k, { name, h }] of hb) {
        const old = ha.get(k);
        if (!old) {
          push(
            { kind: 'header', action: 'added', where, path: `${label} header ${name}`, detail: `added (${h?.required ? 'required' : 'optional'})` },
            h?.required ? ['none', 'breaking'] : ['none', 'none'],
          );
          continue;
        }
        if (Boolean(old.h?.required) !== Boolean(h?.required)) {
          push(
            { kind: 'header', action: 'changed', where, path: `${label} header ${name}`, detail: h?.required ? 'now required' : 'no longer required' },
            impactOf(h?.required ? EFFECT.becameRequired : EFFECT.becameOptional, ['response']),
          );
        }
        // The level the document judges a missing header by: raised weighs like "now required".
        const la = old.h?.['x-level'];
        const lb = h?.['x-level'];
        if (la !== lb) {
          push(
            { kind: 'header', action: 'changed', where, path: `${label} header ${name}`, detail: `x-level ${la ?? '(none)'} → ${lb ?? '(none)'}` },
            impactOf(levelRank(lb) > levelRank(la) ? EFFECT.becameRequired : EFFECT.becameOptional, ['response']),
          );
        }
        compareHere(where, 'header', old.h?.schema, h?.schema, `${label} header ${name}`, 'response', shared);
      }
      for (const [k, { name, h }] of ha) {
        if (!hb.has(k))
          push(
            { kind: 'header', action: 'removed', where, path: `${label} header ${name}`, detail: `removed${h?.required ? ' (was required)' : ''}` },
            h?.required ? ['breaking', 'none'] : ['none', 'none'],
          );
      }
    }
    derivedLine(where, 'operation', mergeUsage(usageOf(a, oa.op, oa.params.values(), false), usageOf(b, ob.op, ob.params.values(), false)));
  }

  // Events: delivered from server to client, like responses.
  for (const name of [...new Set([...eventsA, ...eventsB])].sort()) {
    const where = `event ${name}`;
    const inA = eventsA.includes(name);
    const inB = eventsB.includes(name);
    if (!inA) {
      push(
        { kind: 'event', action: 'added', where, path: '', detail: 'new event type: servers must now emit it; strict receivers refuse types they do not know' },
        ['strict', 'breaking'],
      );
      continue;
    }
    if (!inB) {
      push({ kind: 'event', action: 'removed', where, path: '', detail: 'no longer emitted: receivers waiting for it wait in vain' }, ['breaking', 'none']);
      continue;
    }
    const ea = eventOp(a, name);
    const eb = eventOp(b, name);
    const ca = resolve<RequestBodyObject>(a, ea?.requestBody)?.content ?? {};
    const cb = resolve<RequestBodyObject>(b, eb?.requestBody)?.content ?? {};
    const shared = new Set<string>();
    for (const mt of Object.keys(cb)) if (mt in ca) compareHere(where, 'event', ca[mt]?.schema, cb[mt]?.schema, 'payload', 'response', shared);
    derivedLine(where, 'event', mergeUsage(usageOf(a, ea, [], true), usageOf(b, eb, [], true)));
  }

  changes.push(...schemaChanges);
  for (const n of onlyA)
    changes.push({
      kind: 'schema',
      action: 'removed',
      where: `schema ${n}`,
      path: '',
      detail: `defined only in ${sideA.name}`,
      client: 'none',
      server: 'none',
      derived: true,
    });
  for (const n of onlyB)
    changes.push({
      kind: 'schema',
      action: 'added',
      where: `schema ${n}`,
      path: '',
      detail: `defined only in ${sideB.name}`,
      client: 'none',
      server: 'none',
      derived: true,
    });

  const counted = changes.filter((c) => !c.derived);
  return {
    from: sideA,
    to: sideB,
    changes,
    counts: {
      changes: counted.length,
      breakingForClients: counted.filter((c) => c.client !== 'none').length,
      onlyStrictClients: counted.filter((c) => c.client === 'strict').length,
      breakingForServers: counted.filter((c) => c.server !== 'none').length,
    },
  };
}

/** Loads two contracts (revision names or paths, as `resolveContractPath` takes them) and compares them. */
export async function diffContracts(from: string, to: string): Promise<ContractDiff> {
  const { loadContract, resolveContractPath } = await import('./index.js');
  const [a, b] = await Promise.all([loadContract(resolveContractPath(from)), loadContract(resolveContractPath(to))]);
  const sideOf = (given: string, c: { path: string; title: string; version: string }) => ({ name: given, path: c.path, title: c.title, version: c.version });
  return diffDocuments(a.document, b.document, sideOf(from, a), sideOf(to, b));
}

// ---------------------------------------------------------------------------------------------
// Text

const LABEL: Record<Impact, string> = { breaking: 'BREAKING', strict: 'strict', none: '-' };
const SECTION: Record<string, string> = { servers: 'Servers', operation: 'Operations', event: 'Events', schema: 'Schemas' };

/** The readable report: grouped by servers, operations, events and schemas; two columns say whom a change breaks. */
export function formatContractDiff(diff: ContractDiff, opts: { relativeTo?: string } = {}): string {
  const rel = (p: string) => (opts.relativeTo && p.startsWith(`${opts.relativeTo}/`) ? p.slice(opts.relativeTo.length + 1) : p);
  const out: string[] = [];
  const { from, to, counts } = diff;
  out.push(`Contract diff: ${from.name} → ${to.name}`);
  out.push(`  from ${from.name}: ${rel(from.path) || '(document)'} (${from.title} ${from.version})`);
  out.push(`  to   ${to.name}: ${rel(to.path) || '(document)'} (${to.title} ${to.version})`);
  out.push('');
  if (counts.changes === 0 && !diff.changes.length) {
    out.push('No differences.');
    return `${out.join('\n')}\n`;
  }
  out.push(
    `${counts.changes} change${counts.changes === 1 ? '' : 's'}: ${counts.breakingForClients} break clients` +
      (counts.onlyStrictClients ? ` (${counts.onlyStrictClients} of them only strict clients, which refuse values they do not know)` : '') +
      `, ${counts.breakingForServers} break servers.`,
  );
  out.push('Columns: for a client / for a server — BREAKING, strict (breaks only strict clients), - (compatible).');

  const sectionOf = (c: ContractChange) => (c.kind === 'server' ? 'servers' : c.kind === 'event' ? 'event' : c.kind === 'schema' ? 'schema' : 'operation');
  const groups = new Map<string, Map<string, ContractChange[]>>();
  for (const c of diff.changes) {
    const s = sectionOf(c);
    if (!groups.has(s)) groups.set(s, new Map());
    const g = groups.get(s)!;
    if (!g.has(c.where)) g.set(c.where, []);
    g.get(c.where)!.push(c);
  }
  const cols = (c: ContractChange) => `${LABEL[c.client].padEnd(10)}${LABEL[c.server].padEnd(10)}`;
  for (const section of ['servers', 'operation', 'event', 'schema']) {
    const g = groups.get(section);
    if (!g) continue;
    out.push('', SECTION[section]!);
    const onlyIn: Record<'added' | 'removed', string[]> = { added: [], removed: [] };
    for (const [where, list] of g) {
      if (section === 'schema' && list.length === 1 && list[0]!.derived && list[0]!.action !== 'changed') {
        onlyIn[list[0]!.action as 'added' | 'removed'].push(where.replace(/^schema /, ''));
        continue;
      }
      if (section === 'servers') {
        for (const c of list) out.push(`  ${cols(c)}${c.detail}`);
        continue;
      }
      const self = list.find((c) => c.path === '' && (c.action === 'added' || c.action === 'removed') && !c.derived);
      if (self) {
        out.push(`  ${cols(self)}${self.action === 'added' ? '+' : '-'} ${where}: ${self.detail}`);
        continue;
      }
      out.push(`  ${' '.repeat(20)}~ ${where}`);
      for (const c of list) {
        if (c.derived) continue;
        out.push(`  ${cols(c)}    ${c.path ? `${c.path}: ` : ''}${c.detail}`);
      }
      const d = list.find((c) => c.derived);
      if (d) out.push(`  ${cols(d)}    ${d.detail} (see Schemas)`);
    }
    if (onlyIn.removed.length) out.push(`  only in ${from.name}: ${onlyIn.removed.join(', ')}`);
    if (onlyIn.added.length) out.push(`  only in ${to.name}: ${onlyIn.added.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
