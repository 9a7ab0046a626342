// Inlines local `$ref`s of a schema so generators and callers can walk it without a resolver.
// Recursive schemas keep their inner `$ref` (walkers must treat a leftover `$ref` as "anything").
import { isNode, type SchemaObject } from './openapi.js';
import { getAt } from './pointer.js';

const ANNOTATIONS = new Set(['description', 'summary', 'title', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly']);

/** The schema with its local `$ref`s inlined (an object stays an object; a `$ref` to a boolean schema yields the boolean). */
export function dereference(doc: unknown, schema: unknown, memo = new Map<string, unknown>(), stack: string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((s) => dereference(doc, s, memo, stack));
  if (!isNode<SchemaObject>(schema)) return schema;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) {
    const ref: string = schema.$ref;
    if (stack.includes(ref)) return schema; // recursion: leave the reference
    let target = memo.get(ref);
    if (target === undefined) {
      const raw = getAt(doc, ref);
      if (raw === undefined) throw new Error(`cannot resolve $ref '${ref}'`);
      target = dereference(doc, raw, memo, [...stack, ref]);
      memo.set(ref, target);
    }
    const siblings = Object.keys(schema).filter((k) => k !== '$ref');
    if (siblings.length === 0) return target;
    const rest = Object.fromEntries(siblings.map((k) => [k, dereference(doc, schema[k], memo, stack)]));
    if (siblings.every((k) => ANNOTATIONS.has(k))) return isNode(target) ? { ...target, ...rest } : { ...rest, allOf: [target] };
    return { ...rest, allOf: [target, ...(Array.isArray(rest.allOf) ? rest.allOf : [])] };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    // `properties`, `$defs` and the like map names to schemas; `enum`/`const`/`example` hold data,
    // which is copied as is.
    out[k] = k === 'enum' || k === 'const' || k === 'example' || k === 'examples' || k === 'default' ? v : dereference(doc, v, memo, stack);
  }
  return out;
}
