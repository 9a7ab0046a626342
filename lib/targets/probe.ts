// Low-level probes of a target for preflight and detection: quick, bounded, one clear answer each.
import { request } from 'undici';
import { transportCode } from '../http/client.js';

export interface ProbeAnswer {
  status: number;
  body: any;
}

/** One request with a hard deadline; throws a sentence naming what went wrong on transport failure. */
export async function probe(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<ProbeAnswer> {
  try {
    const res = await request(url, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs),
      headersTimeout: init.timeoutMs,
      bodyTimeout: init.timeoutMs,
    });
    const text = await res.body.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.statusCode, body };
  } catch (e) {
    throw new Error(describeTransportError(e, init.timeoutMs));
  }
}

export function describeTransportError(e: unknown, timeoutMs: number): string {
  const code = transportCode(e);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'ETIMEDOUT':
      return `no answer within ${Math.round(timeoutMs / 1000)} s`;
    default:
      return (e as Error)?.message || String(e);
  }
}

export function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

/** POST /auth/token with the given credentials; the HTTP status (200 = accepted). */
export async function tokenStatus(baseUrl: string, clientId: string, clientSecret: string, timeoutMs: number): Promise<ProbeAnswer> {
  return probe(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(clientId, clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    timeoutMs,
  });
}

export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
