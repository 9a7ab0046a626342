// The wire of each contract revision the reference server speaks.
import { docsWire } from './docs.js';
import { sdkWire } from './sdk.js';
import type { Wire, WireRevision } from './types.js';

export type { CustomerRules, Json, Wire, WireEvent, WireRevision } from './types.js';
export { WIRE_REVISIONS } from './types.js';

export function wireFor(revision: WireRevision): Wire {
  return revision === 'sdk' ? sdkWire : docsWire;
}
