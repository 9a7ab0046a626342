// Test helper: a loopback proxy in front of a Dinie target that records every request the sample
// client sends (with its arrival time and the answer) and can answer some of them itself, to put
// the client through a 5xx, a 429, a 401, a slow answer or a short-lived token.
//
//   const proxy = await startRecordingProxy(server.baseUrl, [failFirst(2, 'POST', /\/simulations$/, 503)]);
//   await runSampleJourney({ baseUrl: proxy.baseUrl, … });
//   proxy.requests  // what the client sent, in order
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface Recorded {
  method: string;
  /** The path without the query, e.g. /v3/customers. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
  /** Date.now() when the request arrived. */
  at: number;
  /** The answer the client was sent (or would have been sent: a delayed one may arrive after it gave up). */
  status?: number;
  response?: unknown;
}

/** What a rule does with one request: answer it itself, delay the target's answer, or rewrite it. */
export type Injection =
  | { answer: { status: number; headers?: Record<string, string>; body?: unknown } }
  | { delayMs: number }
  | { rewrite: (body: unknown) => unknown };

/** `earlier` are the requests that arrived before this one. */
export type Rule = (req: Recorded, earlier: readonly Recorded[]) => Injection | undefined;

export interface RecordingProxy {
  /** The target's base URL through the proxy, e.g. http://127.0.0.1:PORT/v3. */
  baseUrl: string;
  requests: Recorded[];
  close(): Promise<void>;
}

/** Answers the first `times` requests matching `method` and `path` with `status` (a problem+json). */
export function failFirst(times: number, method: string, path: RegExp, status: number, headers: Record<string, string> = {}): Rule {
  return (req, earlier) => {
    if (req.method !== method || !path.test(req.path)) return undefined;
    const before = earlier.filter((r) => r.method === method && path.test(r.path)).length;
    if (before >= times) return undefined;
    const code = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'token_expired' : 'service_unavailable';
    return { answer: { status, headers, body: { type: 'about:blank', title: 'Injected by the test proxy', status, code } } };
  };
}

export async function startRecordingProxy(targetBaseUrl: string, rules: Rule[] = []): Promise<RecordingProxy> {
  const target = new URL(targetBaseUrl);
  const requests: Recorded[] = [];

  const server = createServer(async (req, res) => {
    const at = Date.now();
    const body = await readAll(req);
    const url = new URL(req.url ?? '/', 'http://proxy');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const rec: Recorded = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body, at };
    const earlier = requests.slice();
    requests.push(rec);
    const injection = rules.map((rule) => rule(rec, earlier)).find((i) => i !== undefined);
    try {
      if (injection && 'answer' in injection) {
        const { status, headers: extra = {}, body: answer } = injection.answer;
        rec.status = status;
        rec.response = answer;
        res.writeHead(status, { 'content-type': 'application/problem+json', ...extra });
        res.end(JSON.stringify(answer));
        return;
      }
      const forwarded = { ...headers };
      delete forwarded.host;
      delete forwarded.connection;
      const upstream = await request(new URL(url.pathname + url.search, target.origin), {
        method: rec.method as 'GET',
        headers: forwarded,
        body: body.length ? body : undefined,
      });
      const text = await upstream.body.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      rec.status = upstream.statusCode;
      let out = text;
      if (injection && 'rewrite' in injection) {
        json = injection.rewrite(json);
        out = JSON.stringify(json);
      }
      rec.response = json;
      if (injection && 'delayMs' in injection) await new Promise((r) => setTimeout(r, injection.delayMs));
      const passHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(upstream.headers)) {
        if (typeof v === 'string' && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) passHeaders[k] = v;
      }
      if (!res.destroyed) {
        res.writeHead(upstream.statusCode, passHeaders);
        res.end(out);
      }
    } catch (err) {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${(err as Error).message}`);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
