// Query strings, header values and form fields arrive as text. Before validating them against
// their schema, numbers and booleans written as text are turned into values of the declared
// type (as a server would parse them); anything unparseable stays a string and fails `type`.

function types(schema: any): string[] {
  if (!schema || typeof schema !== 'object') return [];
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type;
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (Array.isArray(schema[k])) return schema[k].flatMap(types);
  }
  return [];
}

export function coerceText(schema: any, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = schema?.items;
    return types(schema).includes('array') ? value.map((v) => coerceText(items, v)) : value;
  }
  if (typeof value !== 'string') return value;
  const t = types(schema);
  if (t.includes('string') || t.length === 0) return value;
  if ((t.includes('integer') || t.includes('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return Number(value);
  if (t.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (t.includes('null') && value === 'null') return null;
  if (t.includes('array')) return value.split(',').map((v) => coerceText(schema.items, v));
  return value;
}
