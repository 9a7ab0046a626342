// Turns Ajv errors into sentences a person reads: `kyc[0].status must be one of: a, b`.
import type { ErrorObject } from 'ajv';

export interface Issue {
  /** Dotted path of the offending value (`kyc[0].status`, `(root)`); for a missing or extra
   *  property, the path of that property. */
  field: string;
  /** The JSON Schema keyword that failed (`required`, `pattern`, `format`, `type`, …). */
  keyword: string;
  message: string;
}

/** `/kyc/0/status` → `kyc[0].status`; empty → `(root)`. */
export function fieldPath(instancePath: string): string {
  if (!instancePath) return '(root)';
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(token)) out += `[${token}]`;
    else out += (out ? '.' : '') + token;
  }
  return out;
}

export function childPath(parent: string, name: string): string {
  return parent === '(root)' || parent === '' ? name : `${parent}.${name}`;
}

function list(values: unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function sentence(e: ErrorObject): string {
  const p: Record<string, unknown> = e.params;
  switch (e.keyword) {
    case 'required':
      return `must have required property '${p.missingProperty}'`;
    case 'additionalProperties':
      return `must not have additional property '${p.additionalProperty}'`;
    case 'unevaluatedProperties':
      return `must not have unevaluated property '${p.unevaluatedProperty}'`;
    case 'enum':
      return `must be one of: ${list(Array.isArray(p.allowedValues) ? p.allowedValues : [p.allowedValues])}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `must match pattern ${p.pattern}`;
    case 'format':
      return `must match format "${p.format}"`;
    case 'type':
      return `must be ${Array.isArray(p.type) ? p.type.join(' or ') : p.type}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${p.comparison} ${p.limit}`;
    case 'minLength':
      return `must have at least ${p.limit} character${p.limit === 1 ? '' : 's'}`;
    case 'maxLength':
      return `must have at most ${p.limit} character${p.limit === 1 ? '' : 's'}`;
    case 'minItems':
      return `must have at least ${p.limit} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${p.limit} item${p.limit === 1 ? '' : 's'}`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

export function toIssue(e: ErrorObject): Issue {
  const at = fieldPath(e.instancePath);
  const p: Record<string, unknown> = e.params;
  let field = at;
  if (e.keyword === 'required') field = childPath(at, String(p.missingProperty));
  else if (e.keyword === 'additionalProperties') field = childPath(at, String(p.additionalProperty));
  else if (e.keyword === 'unevaluatedProperties') field = childPath(at, String(p.unevaluatedProperty));
  return { field, keyword: e.keyword, message: `${at} ${sentence(e)}` };
}

/** Readable, de-duplicated messages; `if`/`oneOf` wrappers that only repeat inner failures go last. */
export function toIssues(errors: ErrorObject[] | null | undefined): Issue[] {
  if (!errors) return [];
  // Branches of a oneOf/anyOf each report their own `type`: say it once, as alternatives.
  const typesAt = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword !== 'type') continue;
    const t = (e.params as { type: string | string[] }).type;
    const list = typesAt.get(e.instancePath) ?? [];
    for (const x of Array.isArray(t) ? t : [t]) if (!list.includes(x)) list.push(x);
    typesAt.set(e.instancePath, list);
  }
  const merged: ErrorObject[] = [];
  const typeDone = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'type') merged.push(e);
    else if (!typeDone.has(e.instancePath)) {
      typeDone.add(e.instancePath);
      merged.push({ ...e, params: { type: typesAt.get(e.instancePath)! } });
    }
  }
  const seen = new Set<string>();
  const primary: Issue[] = [];
  const wrappers: Issue[] = [];
  for (const e of merged) {
    const issue = toIssue(e);
    if (seen.has(issue.message)) continue;
    seen.add(issue.message);
    (['if', 'oneOf', 'anyOf', 'allOf', 'not'].includes(e.keyword) ? wrappers : primary).push(issue);
  }
  return [...primary, ...wrappers];
}
