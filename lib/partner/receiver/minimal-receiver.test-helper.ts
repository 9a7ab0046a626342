// A minimal conforming webhook receiver for lib/ tests (the sample partner's receiver in
// examples/sample-partner is the one the self-tests certify): verifies with standardwebhooks,
// acknowledges with 204, acts on a webhook-id once, and reports it at /processed?webhook_id=….
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyDelivery } from '../../webhooks/verify.js';

export interface MinimalReceiver {
  url: string;
  processedUrl: string;
  /** Every request it got, in order. */
  seen: { headers: Record<string, string>; body: string }[];
  close(): Promise<void>;
}

/** `hang`: never answers a delivery; `delayMs`: answers each delivery only after this long (a slow receiver). */
export async function startMinimalReceiver(secret: string, opts: { hang?: boolean; delayMs?: number } = {}): Promise<MinimalReceiver> {
  const counts = new Map<string, number>();
  const seen: MinimalReceiver['seen'] = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && u.pathname === '/hooks/processed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ count: counts.get(u.searchParams.get('webhook_id') ?? '') ?? 0 }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      seen.push({ headers, body });
      if (opts.hang) return;
      if (opts.delayMs) setTimeout(() => answer(headers, body, res), opts.delayMs);
      else answer(headers, body, res);
    });
  });
  const answer = (headers: Record<string, string>, body: string, res: ServerResponse) => {
    // The caller gave up on a slow answer (its timeout, a cancelled check): nobody is left to answer.
    if (!res.socket || res.socket.destroyed) return;
    const v = verifyDelivery(body, headers, [secret]);
    if (!v.verified) {
      res.writeHead(401);
      res.end();
      return;
    }
    const id = headers['webhook-id']!;
    if (!counts.has(id)) counts.set(id, 1);
    res.writeHead(204);
    res.end();
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/hooks`,
    processedUrl: `${base}/hooks/processed?webhook_id={webhook_id}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
