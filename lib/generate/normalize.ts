// Flattens the schema shapes generators meet into something they can walk: `allOf` merged,
// nullable written either way (`type: [x, 'null']`, OAS 3.0 `nullable`, `oneOf: [X, {type: null}]`)
// reduced to one list of types.
import { isNode, type SchemaObject, schemaObject } from '../spec/openapi.js';

/** The schema with its `allOf` members merged into it (boolean members as their object form). */
export function mergeAllOf(schema: SchemaObject): SchemaObject {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  let merged: SchemaObject = {};
  for (const part of [...allOf.map((p) => mergeAllOf(schemaObject(p))), rest]) {
    const properties = { ...(merged.properties ?? {}), ...(part.properties ?? {}) };
    const required = [...new Set([...(merged.required ?? []), ...(part.required ?? [])])];
    merged = { ...merged, ...part };
    if (Object.keys(properties).length) merged.properties = properties;
    if (required.length) merged.required = required;
  }
  return merged;
}

const isNullSchema = (s: unknown) =>
  isNode<SchemaObject>(s) && (s.type === 'null' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'null') || s.const === null);

/** The schema with allOf merged and a nullable oneOf/anyOf pair unwrapped, plus its type list. */
export function normalize(input: unknown): { schema: SchemaObject; types: string[] | undefined; nullable: boolean } {
  let schema = mergeAllOf(schemaObject(input));
  let nullable = false;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length === 2 && branches.some(isNullSchema)) {
      const other = branches.find((b) => !isNullSchema(b))!;
      const { [key]: _drop, ...rest } = schema;
      schema = mergeAllOf({ ...rest, allOf: [other] });
      nullable = true;
    }
  }
  let types: string[] | undefined;
  if (typeof schema.type === 'string') types = [schema.type];
  else if (Array.isArray(schema.type)) types = [...schema.type];
  else if (schema.properties || schema.additionalProperties !== undefined || schema.required) types = ['object'];
  else if (schema.items) types = ['array'];
  else if (schema.pattern || schema.format || schema.minLength !== undefined || schema.maxLength !== undefined) types = ['string'];
  else if (schema.minimum !== undefined || schema.maximum !== undefined) types = ['number'];
  if (schema.nullable === true) nullable = true;
  if (types?.includes('null')) {
    nullable = true;
    types = types.filter((t) => t !== 'null');
  }
  if (types && nullable) types = [...types, 'null'];
  return { schema, types, nullable };
}
