// Checks a schema the way Ajv's strict compilation would refuse it, without paying for code
// generation: meta-schema validation, unknown keywords and regular expressions that do not
// compile. Lets a contract load fast and compile each validator on first use while a broken
// schema still stops the load, named by file and JSON pointer.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { escapeToken } from './pointer.js';

const SUBSCHEMA = new Set([
  'items',
  'not',
  'if',
  'then',
  'else',
  'additionalProperties',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
]);
const SUBSCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SUBSCHEMA_MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const ALWAYS_KNOWN = new Set(['$anchor', '$dynamicAnchor']);

/** Problems as `pointer: message`, pointers relative to `at`. */
export function checkSchema(ajv: Ajv2020, schema: unknown, at: string): string[] {
  const problems: string[] = [];
  if (!ajv.validateSchema(schema as object)) {
    // One line per offending location (the meta-schema's anyOf branches would repeat it).
    const seen = new Set<string>();
    for (const e of ajv.errors ?? []) {
      if (seen.has(e.instancePath)) continue;
      seen.add(e.instancePath);
      const found = valueAt(schema, e.instancePath);
      problems.push(`${at}${e.instancePath}: ${e.message} (found ${JSON.stringify(found)})`);
    }
    return problems;
  }
  const known = (ajv as unknown as { RULES: { keywords: Record<string, unknown> } }).RULES.keywords;
  const walk = (node: unknown, ptr: string) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${ptr}/${escapeToken(key)}`;
      if (!known[key] && !ALWAYS_KNOWN.has(key)) problems.push(`${here}: strict mode: unknown keyword: "${key}"`);
      if (key === 'pattern' && typeof value === 'string') {
        try {
          new RegExp(value, 'u');
        } catch (err) {
          problems.push(`${here}: ${(err as Error).message}`);
        }
      }
      if (SUBSCHEMA.has(key)) walk(value, here);
      else if (SUBSCHEMA_LIST.has(key) && Array.isArray(value)) value.forEach((s, i) => walk(s, `${here}/${i}`));
      else if (SUBSCHEMA_MAP.has(key) && value && typeof value === 'object') {
        for (const [name, s] of Object.entries(value)) {
          walk(s, `${here}/${escapeToken(name)}`);
          if (key === 'patternProperties') {
            try {
              new RegExp(name, 'u');
            } catch (err) {
              problems.push(`${here}/${escapeToken(name)}: ${(err as Error).message}`);
            }
          }
        }
      }
    }
  };
  walk(schema, at);
  return problems;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let node: unknown = root;
  for (const raw of instancePath.split('/').slice(1)) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return node;
}
