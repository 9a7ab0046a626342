// Recorded traffic as the evidence every report shows: exchanges (with a curl reproduction of the
// partner's request) and one-line descriptions for notes and messages.

import type { Exchange } from '../../checks/types.js';
import { toCurl } from '../../http/curl.js';
import type { ObservedDelivery, ObservedExchange } from '../../reference/observe/types.js';

const SHOWN_BODY = 8 * 1024;

const clip = (s: string | undefined) => (s === undefined || s.length <= SHOWN_BODY ? s : `${s.slice(0, SHOWN_BODY)}… [${s.length} characters]`);

/** `#12 POST /v3/customers → 503 (scheduled: server-error)`. */
export function describe(rec: ObservedExchange): string {
  const outcome =
    rec.status !== undefined ? String(rec.status) : rec.aborted ? 'no answer: the client closed the connection' : 'no answer before the session ended';
  const who = rec.credential ? ` [${rec.credential}${rec.tokenNo ? `, token #${rec.tokenNo}` : ''}]` : '';
  return `#${rec.seq} ${rec.method} ${rec.path}${rec.rawQuery} → ${outcome}${rec.disturbance ? ` (scheduled: ${rec.disturbance})` : ''}${who} at ${seconds(rec.at)}`;
}

/** `delivery #4 customer.created (msg_…) to http://… → 401`. */
export function describeDelivery(d: ObservedDelivery): string {
  const kind = d.kind === 'genuine' ? (d.outOfOrder ? 'out-of-order delivery' : 'delivery') : d.kind === 'redelivery' ? 'redelivery' : 'forged delivery';
  return `${kind} #${d.seq} ${d.eventType} (${d.messageId}${d.attempt > 1 ? `, attempt ${d.attempt}` : ''}) to ${d.url} → ${d.status ?? `no answer (${d.error ?? 'none'})`} at ${seconds(d.at)}`;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

function requestBodyText(rec: ObservedExchange): string | undefined {
  if (!rec.bodyRead || rec.body === undefined) return undefined;
  const type = (rec.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded') && rec.body && typeof rec.body === 'object') {
    return new URLSearchParams(Object.entries(rec.body as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString();
  }
  return JSON.stringify(rec.body);
}

/** One recorded exchange in the report's Exchange shape. */
export function toExchange(rec: ObservedExchange, origin: string): Exchange {
  const url = `${origin}${rec.path}${rec.rawQuery}`;
  const body = clip(requestBodyText(rec));
  const multipart =
    (rec.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/') && rec.body && typeof rec.body === 'object'
      ? Object.fromEntries(
          Object.entries(rec.body as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === 'string' && v.startsWith('<file:') ? { filename: 'document.pdf', contentType: 'application/pdf' } : String(v),
          ]),
        )
      : undefined;
  const ex: Exchange = {
    request: { method: rec.method, url, headers: { ...rec.headers }, ...(body !== undefined ? { body } : {}) },
    retries: 0,
    durationMs: Math.round(((rec.respondedAt ?? rec.abortedAt ?? rec.at) - rec.at) * 10) / 10,
    startedAt: rec.startedAt,
    curl: toCurl({
      method: rec.method,
      url,
      headers: rec.headers,
      auth: rec.auth === 'bearer' ? 'bearer' : rec.auth === 'basic' ? 'basic' : 'none',
      ...(multipart ? { multipart } : body !== undefined ? { body } : {}),
    }),
  };
  if (rec.status !== undefined) {
    ex.response = { status: rec.status, headers: { ...rec.responseHeaders }, ...(rec.responseBody !== undefined ? { body: clip(rec.responseBody)! } : {}) };
  } else {
    ex.error = rec.aborted
      ? `the client closed the connection ${Math.round((rec.abortedAt ?? rec.at) - rec.at)} ms after sending, before the answer`
      : 'no answer was sent before the session ended';
  }
  return ex;
}

/** One webhook delivery attempt in the Exchange shape (the server is the one sending here). */
export function deliveryExchange(d: ObservedDelivery): Exchange {
  const ex: Exchange = {
    request: { method: 'POST', url: d.url, headers: { ...d.headers }, body: clip(d.body)! },
    retries: d.attempt - 1,
    durationMs: d.durationMs,
    startedAt: d.startedAt,
    curl: toCurl({ method: 'POST', url: d.url, headers: d.headers, auth: 'none', body: d.body }),
  };
  if (d.status !== null) ex.response = { status: d.status, headers: {}, ...(d.responseBody !== undefined ? { body: d.responseBody } : {}) };
  else ex.error = d.error ?? 'no answer';
  return ex;
}
