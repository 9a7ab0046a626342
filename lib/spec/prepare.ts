// Makes a bundled OpenAPI document digestible by Ajv 2020 without changing what it means:
// collects the `x-*` keywords and unknown formats to declare, drops `$schema` dialect markers
// Ajv cannot resolve, and rewrites OpenAPI 3.0 boolean `exclusiveMinimum/Maximum` into 2020 form.
import { KNOWN_FORMATS } from './ajv.js';
import type { OpenApiDocument } from './openapi.js';

/** Base of the ids component schemas get in Ajv (never fetched: Ajv loads nothing remote). */
export const COMPONENT_BASE = 'https://contract.invalid/schemas/';
export const DOCUMENT_ID = 'https://contract.invalid/openapi';

/** `#/components/schemas/Money/properties/x` → `https://contract.invalid/schemas/Money#/properties/x`. */
export function componentRef(ref: string): string | undefined {
  const m = /^#\/components\/schemas\/([^/]+)(\/.*)?$/.exec(ref);
  if (!m) return undefined;
  return COMPONENT_BASE + m[1] + (m[2] ? `#${m[2]}` : '');
}

export interface Prepared {
  document: OpenApiDocument;
  extensionKeywords: Set<string>;
  unknownFormats: Set<string>;
}

export function prepareForAjv(bundled: OpenApiDocument): Prepared {
  const document = structuredClone(bundled);
  const extensionKeywords = new Set<string>();
  const unknownFormats = new Set<string>();
  const is30 = /^3\.0/.test(String(document.openapi));

  const walk = (value: unknown, dataKey: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, dataKey);
      return;
    }
    if (value === null || typeof value !== 'object' || dataKey) return;
    // The clone is ours to rewrite in place.
    const node = value as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      if (key.startsWith('x-')) extensionKeywords.add(key);
      if (key === '$schema' && typeof node[key] === 'string') delete node[key];
    }
    // Component schemas become schemas of their own, referenced by id, so Ajv compiles each once.
    if (typeof node.$ref === 'string') node.$ref = componentRef(node.$ref) ?? node.$ref;
    if (typeof node.format === 'string' && !KNOWN_FORMATS.has(node.format)) unknownFormats.add(node.format);
    if (is30) {
      for (const [flag, bound] of [
        ['exclusiveMinimum', 'minimum'],
        ['exclusiveMaximum', 'maximum'],
      ] as const) {
        if (typeof node[flag] === 'boolean') {
          if (node[flag] && typeof node[bound] === 'number') {
            node[flag] = node[bound];
            delete node[bound];
          } else delete node[flag];
        }
      }
    }
    for (const [key, value] of Object.entries(node)) {
      // Examples, enums and defaults are data, not schemas: leave them alone.
      walk(value, key === 'example' || key === 'examples' || key === 'enum' || key === 'const' || key === 'default');
    }
  };
  walk(document, false);
  return { document, extensionKeywords, unknownFormats };
}
