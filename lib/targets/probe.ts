// Low-level probes of a target for preflight and detection: quick, bounded, one clear answer each.
import { request } from 'undici';
import { describeTransportError, isTlsNotSpoken, transportCode } from '../http/transport-error.js';

// The one wording of transport failures (lib/http/transport-error.ts), shared with the HTTP client.
export { describeTransportError };

/** The most of a probe's answer that is read: a preflight needs the status and a small body. */
const PROBE_MAX_BODY_BYTES = 1024 * 1024;

/** A probe got no HTTP answer: `message` is one sentence with the code (describeTransportError). */
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    /** `https://` to a port that does not speak TLS: the URL probably wants `http://`. */
    readonly tlsNotSpoken: boolean,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

export interface ProbeAnswer {
  status: number;
  body: unknown;
}

/**
 * One request with a hard deadline (body included) and a capped body (1 MiB is read, the rest
 * dropped); throws a ProbeError naming what went wrong on transport failure, in one sentence.
 */
export async function probe(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number }): Promise<ProbeAnswer> {
  try {
    const res = await request(url, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs),
      headersTimeout: init.timeoutMs,
      bodyTimeout: init.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body) {
      const chunk = c as Buffer;
      chunks.push(chunk.subarray(0, PROBE_MAX_BODY_BYTES - size));
      size += Math.min(chunk.length, PROBE_MAX_BODY_BYTES - size);
      if (size >= PROBE_MAX_BODY_BYTES) {
        res.body.destroy(); // enough to judge: never read a hostile target's endless body
        break;
      }
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.statusCode, body };
  } catch (e) {
    throw new ProbeError(describeTransportError(e, init.timeoutMs), transportCode(e), isTlsNotSpoken(e));
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
