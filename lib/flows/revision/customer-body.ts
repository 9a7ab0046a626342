// A registration body shaped by the contract's CreateCustomerRequest (issue 12): the documentation
// revision takes `trading_name` and needs only `cpf`; the SDK revision requires `cnpj`, `email`
// and `phone` and refuses `trading_name` (api-facts 2 K3). Members the schema does not declare are
// dropped when it closes the object; required ones the body lacks are generated.
import { isNode, type OpenApiDocument, type SchemaObject } from '../../spec/openapi.js';
import type { CustomerBody } from '../data.js';

/** Generators for the members a contract may require that a body can lack. */
export interface BodyFillers {
  cnpj: () => string;
  email: () => string;
  phone: () => string;
  name: () => string;
}

export function conformCustomerBody(document: OpenApiDocument | undefined, body: CustomerBody, fill: BodyFillers): CustomerBody {
  const schema = document?.components?.schemas?.CreateCustomerRequest;
  if (!isNode<SchemaObject>(schema) || !isNode(schema.properties)) return body;
  const declared = schema.properties;
  const out: Record<string, unknown> = { ...body };
  if (schema.additionalProperties === false) for (const k of Object.keys(out)) if (!(k in declared)) delete out[k];
  for (const r of Array.isArray(schema.required) ? schema.required : []) {
    if (out[r] === undefined || out[r] === null) {
      const make = fill[r as keyof BodyFillers];
      if (make) out[r] = make();
    }
  }
  return out as unknown as CustomerBody;
}
