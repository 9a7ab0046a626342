// A small loopback webhook receiver for the reference server's self-tests: records every
// delivery per path, answers with a status the test chooses, and lets a test wait for deliveries.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyDelivery } from '../../webhooks/verify.js';

export interface ReceivedDelivery {
  path: string;
  headers: Record<string, string>;
  body: string;
  payload: any;
  receivedAt: number;
  /** The server's clock minus ours when it arrived (`setClockOffset`), ms. */
  clockOffsetMs: number;
}

export interface TestReceiver {
  url(path: string): string;
  deliveries(path?: string): ReceivedDelivery[];
  /** Status to answer on `path`, per attempt seen there (default 200); 0 = never answer. */
  respond(path: string, fn: (delivery: ReceivedDelivery, index: number) => number): void;
  waitFor(pred: (d: ReceivedDelivery[]) => boolean, timeoutMs?: number, path?: string): Promise<ReceivedDelivery[]>;
  /**
   * After the control API moved the server's clock: its `now` (docs/simulation-control.md, "Clock and
   * webhook timestamps"), so later deliveries are judged on that clock.
   */
  serverNowIs(now: string): void;
  close(): Promise<void>;
}

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
}

/**
 * Standard Webhooks verification of one delivery with one secret, its timestamp judged at arrival on
 * the server's clock; returns the error text or null.
 */
export function verifyWith(secret: string, d: ReceivedDelivery): string | null {
  const v = verifyDelivery(d.body, d.headers, [secret], d.clockOffsetMs ? d.receivedAt + d.clockOffsetMs : undefined);
  return v.verified ? null : (v.error ?? 'not verified');
}

export async function startTestReceiver(): Promise<TestReceiver> {
  const seen: ReceivedDelivery[] = [];
  const responders = new Map<string, (d: ReceivedDelivery, i: number) => number>();
  let clockOffsetMs = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let payload: any;
      try {
        payload = JSON.parse(body);
      } catch {
        payload = undefined;
      }
      const d: ReceivedDelivery = { path: req.url ?? '/', headers: flat(req.headers), body, payload, receivedAt: Date.now(), clockOffsetMs };
      const index = seen.filter((x) => x.path === d.path).length;
      seen.push(d);
      const status = responders.get(d.path)?.(d, index) ?? 200;
      if (status === 0) return; // hang: the sender's timeout must fire
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const deliveries = (path?: string) => seen.filter((d) => path === undefined || d.path === path);
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    deliveries,
    respond: (path, fn) => responders.set(path, fn),
    serverNowIs(now) {
      clockOffsetMs = Date.parse(now) - Date.now();
    },
    async waitFor(pred, timeoutMs = 5000, path) {
      const end = Date.now() + timeoutMs;
      while (!pred(deliveries(path))) {
        if (Date.now() > end)
          throw new Error(
            `timed out waiting for deliveries on ${path ?? 'any path'} (have ${deliveries(path)
              .map((d) => d.payload?.type)
              .join(', ')})`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
      return deliveries(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
