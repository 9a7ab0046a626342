// The OpenAPI document as lib/spec and its readers walk it. Loose on purpose: the members the
// project reads are typed as OpenAPI 3.0/3.1 writes them, all optional, and any other member is
// `unknown`. Documents are bundled and linted first, yet a custom document may still be wrong, so
// walkers test a node's shape (`isNode`) before trusting a member's type.

/** A JSON Schema (OpenAPI 3.1, or 3.0 with `nullable`), or a `$ref` to one. */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  format?: string;
  pattern?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  items?: Schema;
  prefixItems?: Schema[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  not?: Schema;
  discriminator?: { propertyName?: string; mapping?: Record<string, string> };
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  readOnly?: boolean;
  writeOnly?: boolean;
  contentMediaType?: string;
  contentEncoding?: string;
  title?: string;
  description?: string;
  example?: unknown;
  examples?: unknown;
  [keyword: string]: unknown;
}

/** A schema: an object, or the boolean schemas `true` (anything) and `false` (nothing). */
export type Schema = SchemaObject | boolean;

export interface ExampleObject {
  $ref?: string;
  summary?: string;
  value?: unknown;
  [member: string]: unknown;
}

export interface MediaTypeObject {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, ExampleObject>;
  [member: string]: unknown;
}

export interface ParameterObject {
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
  schema?: Schema;
  example?: unknown;
  [member: string]: unknown;
}

export interface HeaderObject {
  $ref?: string;
  required?: boolean;
  schema?: Schema;
  [member: string]: unknown;
}

export interface RequestBodyObject {
  $ref?: string;
  required?: boolean;
  content?: Record<string, MediaTypeObject>;
  [member: string]: unknown;
}

export interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, HeaderObject>;
  [member: string]: unknown;
}

/** `{ scheme: scopes }` alternatives; `{}` is anonymous access. */
export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses?: Record<string, ResponseObject>;
  security?: SecurityRequirement[];
  [member: string]: unknown;
}

/** A path (or webhook) item: operations under the lower-case method names, shared parameters. */
export interface PathItemObject {
  $ref?: string;
  parameters?: ParameterObject[];
  [methodOrMember: string]: unknown;
}

export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; [member: string]: unknown };
  servers?: { url?: string; [member: string]: unknown }[];
  paths?: Record<string, PathItemObject>;
  webhooks?: Record<string, PathItemObject>;
  components?: {
    schemas?: Record<string, Schema>;
    parameters?: Record<string, ParameterObject>;
    requestBodies?: Record<string, RequestBodyObject>;
    responses?: Record<string, ResponseObject>;
    headers?: Record<string, HeaderObject>;
    examples?: Record<string, ExampleObject>;
    securitySchemes?: Record<string, { type?: string; scheme?: string; [member: string]: unknown }>;
    [member: string]: unknown;
  };
  security?: SecurityRequirement[];
  [member: string]: unknown;
}

/**
 * Whether `v` is a JSON object (not null, not an array), read as the node type `T` of the document
 * (members stay optional, so a reader still checks each member it relies on).
 */
export function isNode<T extends object = Record<string, unknown>>(v: unknown): v is T {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A schema as an object of the same meaning, for readers that want members: `true` (anything) is
 * `{}`, `false` (nothing) is `{ not: {} }`; a node that is no schema at all reads as `{}`.
 */
export function schemaObject(schema: unknown): SchemaObject {
  if (schema === false) return { not: {} };
  return isNode<SchemaObject>(schema) ? schema : {};
}
