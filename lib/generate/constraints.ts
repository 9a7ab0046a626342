// Judges a string against the string keywords of its schema, rule by rule, without Ajv: the
// generators use it to keep realistic values that fit and to prove that an invalid value breaks
// exactly the one rule it is labelled with.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { CUSTOM_FORMATS } from '../spec/formats.js';
import type { SchemaObject } from '../spec/openapi.js';

type FormatCheck = (s: string) => boolean;
const formatChecks = new Map<string, FormatCheck>();

export function formatCheck(name: string): FormatCheck | undefined {
  if (formatChecks.has(name)) return formatChecks.get(name);
  let check: FormatCheck | undefined;
  if (CUSTOM_FORMATS[name]) check = CUSTOM_FORMATS[name];
  else {
    const f = (fullFormats as Record<string, unknown>)[name];
    // ajv-formats writes a format as a RegExp, a function, or `{ validate }` holding either.
    const v = f && typeof f === 'object' && !(f instanceof RegExp) ? (f as { validate?: unknown }).validate : f;
    if (v instanceof RegExp) check = (s) => v.test(s);
    else if (typeof v === 'function') check = (s) => Boolean(v(s));
    else if (v === true) check = () => true;
  }
  formatChecks.set(name, check!);
  return check;
}

const regexCache = new Map<string, RegExp>();
export function patternRegex(pattern: string): RegExp {
  let r = regexCache.get(pattern);
  if (!r) {
    r = new RegExp(pattern, 'u'); // as Ajv compiles it
    regexCache.set(pattern, r);
  }
  return r;
}

/** Code points, as JSON Schema counts length. */
export function length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export type StringRule = 'pattern' | 'min-length' | 'max-length' | 'format' | 'enum';

/** The string rules of `schema` that `s` breaks (empty when it fits). */
export function stringViolations(schema: SchemaObject | undefined, s: string): StringRule[] {
  const out: StringRule[] = [];
  if (typeof schema?.pattern === 'string' && !patternRegex(schema.pattern).test(s)) out.push('pattern');
  const len = schema?.minLength !== undefined || schema?.maxLength !== undefined ? length(s) : 0;
  if (typeof schema?.minLength === 'number' && len < schema.minLength) out.push('min-length');
  if (typeof schema?.maxLength === 'number' && len > schema.maxLength) out.push('max-length');
  if (typeof schema?.format === 'string') {
    const check = formatCheck(schema.format);
    if (check && !check(s)) out.push('format');
  }
  if (Array.isArray(schema?.enum) && !schema.enum.includes(s)) out.push('enum');
  if (schema && 'const' in schema && schema.const !== s) out.push('enum');
  return out;
}

export function fitsString(schema: SchemaObject | undefined, s: string): boolean {
  return stringViolations(schema, s).length === 0;
}
