// Small validators for the credit and webhook request bodies: closed objects (unknown members are
// 422), typed members, and every problem reported as a `{field, message}` entry.
import { type FieldError, validationError } from '../problem.js';

export type Body = Record<string, unknown>;

/** The body as an object whose members are all in `allowed`; otherwise throws a 422. */
export function closedObject(body: unknown, allowed: readonly string[], required: readonly string[] = []): Body {
  if (body === undefined || body === null) {
    if (required.length === 0) return {};
    throw validationError(required.map((field) => ({ field, message: 'is required' })));
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw validationError([{ field: '', message: 'the body must be a JSON object' }]);
  }
  const errors: FieldError[] = [];
  for (const key of Object.keys(body)) if (!allowed.includes(key)) errors.push({ field: key, message: 'is not a known member' });
  for (const key of required) if (!(key in body)) errors.push({ field: key, message: 'is required' });
  if (errors.length) throw validationError(errors);
  return body as Body;
}

export function collect(checks: (FieldError | undefined)[]): void {
  const errors = checks.filter((e): e is FieldError => e !== undefined);
  if (errors.length) throw validationError(errors);
}

export function integerIn(body: Body, field: string, min: number, max = Number.MAX_SAFE_INTEGER): FieldError | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return { field, message: `must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}` };
  }
  return undefined;
}

export function numberIn(body: Body, field: string, min: number, max: number): FieldError | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return { field, message: `must be a number from ${min} to ${max}` };
  return undefined;
}

export function moneyMember(
  body: Body,
  field: string,
  parse: (v: unknown) => number | null,
  positive = true,
  words = 'a money string with two decimals, e.g. "1500.00"',
): FieldError | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  const cents = parse(v);
  if (cents === null) return { field, message: `must be ${words}` };
  if (positive && cents <= 0) return { field, message: 'must be greater than zero' };
  return undefined;
}

export function patternMember(body: Body, field: string, pattern: RegExp, what: string): FieldError | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !pattern.test(v)) return { field, message: `must be ${what}` };
  return undefined;
}

export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
}
