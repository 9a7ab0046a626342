// Minimal requests for an operation whose body does not matter to the rule being checked
// (authentication, unknown ids, isolation): right method and path, a body of the right media type.
import type { ApiRequest } from '../checks/context.js';
import { fillPath, unknownIdFor } from './ids.js';
import { type Operation, pathParamNames, requestMediaType } from './operations.js';

/** A tiny PDF, so multipart probes carry a plausible file. */
export const TINY_PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export function probeRequest(op: Operation, opts: { ids?: Record<string, string>; auth?: ApiRequest['auth']; json?: unknown; api?: unknown } = {}): ApiRequest {
  const values: Record<string, string> = {};
  for (const p of pathParamNames(op)) values[p] = opts.ids?.[p] ?? unknownIdFor(p);
  const req: ApiRequest = { method: op.method.toUpperCase(), path: fillPath(op.path, values) };
  if (opts.auth !== undefined) req.auth = opts.auth;
  const mt = requestMediaType(op)?.toLowerCase();
  if (mt?.includes('json')) req.json = opts.json ?? {};
  else if (mt === 'multipart/form-data') {
    req.multipart = { type: 'ccmei', file: { filename: 'document.pdf', contentType: 'application/pdf', data: TINY_PDF } };
  } else if (mt === 'application/x-www-form-urlencoded') req.form = { grant_type: 'client_credentials' };
  return req;
}
