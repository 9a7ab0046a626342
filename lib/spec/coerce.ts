// Query strings, header values and form fields arrive as text. Before validating them against
// their schema, numbers and booleans written as text are turned into values of the declared
// type (as a server would parse them); anything unparseable stays a string and fails `type`.
import { isNode, type SchemaObject } from './openapi.js';

function types(schema: unknown): string[] {
  if (!isNode<SchemaObject>(schema)) return [];
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type;
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = schema[k];
    if (Array.isArray(branches)) return branches.flatMap(types);
  }
  return [];
}

export function coerceText(schema: unknown, value: unknown): unknown {
  const items = isNode<SchemaObject>(schema) ? schema.items : undefined;
  if (Array.isArray(value)) {
    return types(schema).includes('array') ? value.map((v) => coerceText(items, v)) : value;
  }
  if (typeof value !== 'string') return value;
  const t = types(schema);
  if (t.includes('string') || t.length === 0) return value;
  if ((t.includes('integer') || t.includes('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return Number(value);
  if (t.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (t.includes('null') && value === 'null') return null;
  if (t.includes('array')) return value.split(',').map((v) => coerceText(items, v));
  return value;
}
