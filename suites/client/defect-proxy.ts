// The self-test's defects (faults.ts SELFTEST_DEFECTS): a proxy between the sample partner's
// client and the observing server that passes everything through, except that it changes what the
// application sends in one respect. The observing server sees the proxy as the application.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { SelfTestDefect } from './faults.js';

/** The defects of the client-side proxy. */
export type ProxyDefect = Extract<SelfTestDefect, 'resends-refused-token' | 'renews-twice'>;

export interface DefectProxy {
  /** The proxy's base URL (same path as the target's, e.g. http://127.0.0.1:PORT/v3). */
  baseUrl: string;
  close(): Promise<void>;
}

const HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startDefectProxy(targetBaseUrl: string, defect: ProxyDefect | undefined): Promise<DefectProxy> {
  const target = new URL(targetBaseUrl);
  let refusedSince = false;

  const forward = async (method: string, url: string, headers: Record<string, string>, body: Buffer | undefined) => {
    const res = await request(`${target.origin}${url}`, { method: method as 'GET', headers, ...(body?.length ? { body } : {}) });
    return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const url = req.url ?? '/';
        const isToken = /\/auth\/token$/.test(url.split('?')[0]!);
        let answer = await forward(req.method ?? 'GET', url, headers, body);
        if (defect === 'renews-twice' && isToken && refusedSince) {
          refusedSince = false;
          answer = await forward(req.method ?? 'GET', url, headers, body);
        }
        if (!isToken && answer.status === 401 && /^Bearer /i.test(headers.authorization ?? '')) {
          refusedSince = true;
          if (defect === 'resends-refused-token') answer = await forward(req.method ?? 'GET', url, headers, body);
        }
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !HOP.has(k)) out[k] = v as string | string[];
        res.writeHead(answer.status, out);
        res.end(answer.body);
      })().catch((err: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String((err as Error).message));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** How far an event takes its resource: the state machine's order, and within KYC updates each item's step (pending 0, submitted 1, approved 2). */
const ORDER = [
  'customer.created',
  'customer.kyc_updated',
  'customer.under_review',
  'customer.active',
  'loan.created',
  'loan.contract_generated',
  'loan.awaiting_signatures',
  'loan.signed',
  'loan.disbursing',
  'loan.active',
  'loan.payment_received',
  'loan.finished',
];
function stepOf(type: string, kyc: { status?: string }[] | undefined): number {
  const item = (status: string | undefined) => (status === 'pending' ? 0 : status === 'approved' ? 2 : 1);
  return Math.max(0, ORDER.indexOf(type)) * 100 + (Array.isArray(kyc) ? kyc.reduce((n, i) => n + item(i.status), 0) : 0);
}

/** The defects of the receiver-side front. */
export type ReceiverDefect = Exclude<SelfTestDefect, ProxyDefect>;

export const isProxyDefect = (d: SelfTestDefect): d is ProxyDefect => d === 'resends-refused-token' || d === 'renews-twice';

/** A front put before the sample's receiver that forwards every delivery, except where its defect answers otherwise. */
export async function startDefectFront(forwardTo: string, defect: ReceiverDefect): Promise<{ url: string; close(): Promise<void> }> {
  const seen = new Set<string>();
  /** Per resource (data.id), how far the acknowledged events have taken it. */
  const progress = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const id = headers['webhook-id'] ?? '';
        let resource = '';
        let step = 0;
        try {
          const event = JSON.parse(body.toString('utf8')) as { type?: string; data?: { id?: unknown; kyc?: { status?: string }[] } };
          resource = String(event.data?.id ?? '');
          step = stepOf(event.type ?? '', event.data?.kyc);
        } catch {
          /* not JSON: forwarded as it is */
        }
        if ((defect === 'refuses-redelivery' && seen.has(id)) || (defect === 'refuses-out-of-order' && step < (progress.get(resource) ?? 0))) {
          res.writeHead(409, { 'content-type': 'application/json' });
          res.end('{"error":"refused"}');
          return;
        }
        const answer = await request(forwardTo, { method: 'POST', headers, body });
        const text = await answer.body.text();
        if (answer.statusCode >= 200 && answer.statusCode < 300) {
          seen.add(id);
          progress.set(resource, Math.max(step, progress.get(resource) ?? 0));
        }
        res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
        res.end(text);
      })().catch((err: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String((err as Error).message));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/dinie`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
