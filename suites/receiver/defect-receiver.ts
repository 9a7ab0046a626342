// The receiver self-test's own defects (SELFTEST_DEFECTS in faults.ts): a receiver put in front of
// a clean sample receiver that forwards every delivery to it, except where its one defect makes it
// answer otherwise. With no defect it is transparent (the self-test proves every check stays green
// through it). Test code only: the certification never uses it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { request } from 'undici';
import type { ContractEvent } from '../../lib/partner/receiver/events.js';
import type { SelfTestDefect } from './faults.js';

export interface DefectReceiver {
  url: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const keys = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);

export async function startDefectReceiver(forwardTo: string, defect: SelfTestDefect | undefined, events: readonly ContractEvent[]): Promise<DefectReceiver> {
  const seen = new Set<string>();
  const createdLoans = new Set<string>();
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const known = new Map(events.map((e) => [e.type, { envelope: new Set(keys(e.example)), data: new Set(keys(e.example.data)) }]));

  /** The defect's own answer, or undefined to forward. */
  function defectAnswer(headers: Record<string, string>, body: string): number | 'hang' | undefined {
    let event: { type?: unknown; data?: { id?: unknown } } = {};
    try {
      event = JSON.parse(body);
    } catch {
      // not JSON: the sample judges it
    }
    const id = headers['webhook-id'] ?? '';
    switch (defect) {
      case 'never-answers':
        return 'hang';
      case 'refuses-redelivery':
        if (seen.has(id)) return 409;
        seen.add(id);
        return undefined;
      case 'rejects-unknown-members': {
        const k = known.get(String(event.type));
        if (!k) return undefined;
        const extra = [...keys(event).filter((m) => !k.envelope.has(m)), ...keys(event.data).filter((m) => !k.data.has(m))];
        return extra.length ? 400 : undefined;
      }
      case 'needs-order': {
        const type = String(event.type);
        const loan = String(event.data?.id);
        if (type === 'loan.created') createdLoans.add(loan);
        else if (type.startsWith('loan.') && !createdLoans.has(loan)) return 409;
        return undefined;
      }
      default:
        return undefined;
    }
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const own = defectAnswer(headers, body);
    if (own === 'hang') return;
    if (own !== undefined) {
      res.writeHead(own, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `defect ${defect}` }));
      return;
    }
    if (defect === 'one-at-a-time') {
      if (inFlight > 0) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"error":"busy"}');
        return;
      }
      inFlight += 1;
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      const forward = Object.fromEntries(Object.entries(headers).filter(([k]) => !['host', 'content-length', 'connection', 'keep-alive'].includes(k)));
      const r = await request(forwardTo, { method: req.method as 'POST', headers: forward, ...(req.method === 'POST' ? { body } : {}) });
      const text = await r.body.text();
      res.writeHead(r.statusCode, { 'content-type': String(r.headers['content-type'] ?? 'application/json') });
      res.end(text);
    } catch (e) {
      res.writeHead(502);
      res.end(String((e as Error).message));
    } finally {
      if (defect === 'one-at-a-time') inFlight -= 1;
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/dinie`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
