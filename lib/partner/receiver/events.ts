// The events a receiver certification delivers: every event type of the contract's `webhooks`
// section with its example payload (the first one the document gives), each proven valid against
// its own schema before anything is sent. A contract revision given with --spec is certified the
// same way, without code changes.
import type { Contract } from '../../spec/index.js';
import { type ExampleObject, isNode, type OpenApiDocument, type OperationObject, type PathItemObject, type RequestBodyObject } from '../../spec/openapi.js';
import { follow, pointer } from '../../spec/pointer.js';
import { ConfigError } from '../../targets/types.js';

export interface ContractEvent {
  type: string;
  /** The example payload, as the document gives it. */
  example: Record<string, unknown>;
  /** Where the example sits in the bundled document (JSON pointer). */
  where: string;
  /** `x-source` of the event's operation, when the document names it. */
  source?: string;
}

/** The first example of an event's JSON request body, with where it sits. */
function exampleOf(doc: OpenApiDocument, type: string): { value: unknown; where: string; source?: string } | undefined {
  const legacy = isNode<Record<string, unknown>>(doc['x-webhooks']) ? doc['x-webhooks'][type] : undefined;
  const { node: item, at } = follow<PathItemObject>(doc, doc.webhooks?.[type] ?? legacy, pointer(doc.webhooks ? 'webhooks' : 'x-webhooks', type));
  const method = ['post', 'put'].find((m) => item?.[m]) ?? Object.keys(item ?? {})[0];
  const op = method ? item?.[method] : undefined;
  if (!isNode<OperationObject>(op) || !op.requestBody) return undefined;
  const rb = follow<RequestBodyObject>(doc, op.requestBody, `${at}/${method}/requestBody`);
  const content = rb.node?.content ?? {};
  const mt = Object.keys(content).find((m) => /json/i.test(m)) ?? Object.keys(content)[0];
  const media = mt ? content[mt] : undefined;
  if (!media) return undefined;
  const mAt = `${rb.at}/content/${mt!.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const source = typeof op['x-source'] === 'string' ? op['x-source'] : undefined;
  if ('example' in media) return { value: media.example, where: `${mAt}/example`, ...(source ? { source } : {}) };
  for (const [name, raw] of Object.entries(media.examples ?? {})) {
    const ex = follow<ExampleObject>(doc, raw, `${mAt}/examples/${name}`);
    if (ex.node && 'value' in ex.node) return { value: ex.node.value, where: `${ex.at}/value`, ...(source ? { source } : {}) };
  }
  return undefined;
}

/**
 * Every event of the contract with its example. A contract without events, or an event without an
 * example valid against its own schema, is bad configuration: the certification delivers exactly
 * those examples, so it could not judge the receiver fairly.
 */
export function contractEvents(contract: Contract): ContractEvent[] {
  if (!contract.events.length)
    throw new ConfigError(`The contract ${contract.title} ${contract.version} declares no webhook events: a receiver certification delivers each of them.`);
  return contract.events.map((type) => {
    const ex = exampleOf(contract.document, type);
    if (!ex)
      throw new ConfigError(
        `The contract's event ${type} has no example payload: a receiver certification delivers each event's example (add one under webhooks.${type}).`,
      );
    if (!ex.value || typeof ex.value !== 'object' || Array.isArray(ex.value))
      throw new ConfigError(`The contract's example of event ${type} (${ex.where}) is not a JSON object.`);
    const v = contract.validateEvent(type, ex.value);
    if (!v.valid)
      throw new ConfigError(`The contract's example of event ${type} (${ex.where}) is not valid against its own schema: ${v.errors.slice(0, 3).join('; ')}.`);
    return { type, example: ex.value as Record<string, unknown>, where: ex.where, ...(ex.source ? { source: ex.source } : {}) };
  });
}

/**
 * Event types a later revision of the API may send (Dinie's SDK already knows the first two):
 * the first one the contract does not declare is the "unknown event type" a receiver must take.
 */
const LATER_TYPES = ['customer.denied', 'loan.signature_received', 'loan.restructured', 'dinie.conformance_unknown_event'];

export function unknownEventType(contract: Contract): string {
  return LATER_TYPES.find((t) => !contract.events.includes(t)) ?? `dinie.unknown_${Date.now()}`;
}
