// JSON Pointer helpers and resolution of local `$ref`s between OpenAPI objects (parameters,
// responses, request bodies, headers) in a bundled document, where every $ref is local.
import { isNode } from './openapi.js';

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...tokens: (string | number)[]): string {
  return `#${tokens.map((t) => `/${escapeToken(t)}`).join('')}`;
}

/** Value at a `#/a/b` pointer, or undefined. */
export function getAt(doc: unknown, ptr: string): unknown {
  if (!ptr.startsWith('#')) return undefined;
  const body = ptr.slice(1);
  if (body === '') return doc;
  let node: unknown = doc;
  for (const raw of body.split('/').slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(token in node)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * Follows `$ref` chains of OpenAPI objects; returns the object (read as the node type `T`, or
 * undefined when the chain ends at no object) and the pointer it lives at.
 */
export function follow<T extends object = Record<string, unknown>>(
  doc: unknown,
  start: unknown,
  at: string,
  where = 'document',
): { node: T | undefined; at: string } {
  const seen = new Set<string>();
  let node = start;
  while (isNode<{ $ref?: unknown }>(node) && typeof node.$ref === 'string') {
    const ref: string = node.$ref;
    if (seen.has(ref)) throw new Error(`${where}: circular $ref ${ref} at ${at}`);
    seen.add(ref);
    const target = getAt(doc, ref);
    if (target === undefined) throw new Error(`${where}: cannot resolve $ref '${ref}' at ${at}`);
    node = target;
    at = ref;
  }
  return { node: isNode<T>(node) ? node : undefined, at };
}
