// A hostile target of the project's own: a loopback HTTP server that misbehaves in one chosen way,
// so the suite's own defences (timeouts, body caps, one-sentence transport errors, redaction,
// cancellation) are tested against something real instead of a mocked dispatcher.
//
//   const h = await startHostileServer({ mode: 'silent-after-token' });
//   createClient({ baseUrl: h.baseUrl, clientId: 'x', clientSecret: 'y', partner: 'A', timeoutMs: 300 });
//   …
//   await h.close(); // ends every socket, answered or not
//
// Every mode answers POST …/auth/token with a valid-looking token (so a client gets past
// authentication and meets the hostile part), unless `hostileToken: true` applies the mode to the
// token endpoint too (the echoing modes always answer it, with the echo beside the token). What
// each mode does with every other request:
//
// | mode                 | answer                                                                                   |
// |----------------------|------------------------------------------------------------------------------------------|
// | `silent-after-token` | none: the request is read and the socket kept open, never answered (until close())       |
// | `huge-bodies`        | 200 application/json, a JSON array of repeated objects of exactly `bodyBytes` (default   |
// |                      | 50 MiB), streamed with backpressure, with Content-Length; `stallAfterBytes` stops sending |
// |                      | after that many body bytes and keeps the socket open                                      |
// | `reset`              | none: the connection is reset (TCP RST, the client sees ECONNRESET)                       |
// | `echo-secrets`       | 200 application/json echoing the request: `{ pad?, method, url, headers (Authorization    |
// |                      | included), basic: <the Basic credential's bare base64>, bearer: <the bare token>, body }`; |
// |                      | with `padBytes` the echo comes after that many bytes of padding (a body over N)           |
// | `short-token`        | the token endpoint hands out a 4-character token (`token`, default `t0k4`); every other    |
// |                      | request is answered as `echo-secrets` does, so the token comes back in bodies             |
// | `plain-http`         | a well-behaved plain-HTTP server (200 `{}` to everything): point `https://` at it         |
//
// `answerRoot: true` answers `GET <base>/` (and `GET /`) with a 404 whatever the mode, so a CLI's
// preflight reachability probe passes and the run itself meets the hostile part.
//
// `requests` lists what arrived (method, url, headers, in order); `connections()` how many sockets
// are open now.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type HostileMode = 'silent-after-token' | 'huge-bodies' | 'reset' | 'echo-secrets' | 'short-token' | 'plain-http';

export const HOSTILE_MODES: readonly HostileMode[] = ['silent-after-token', 'huge-bodies', 'reset', 'echo-secrets', 'short-token', 'plain-http'];

export interface HostileOptions {
  mode: HostileMode;
  /** `huge-bodies`: the size of every body, bytes (default 50 MiB = 52,428,800). */
  bodyBytes?: number;
  /** `huge-bodies`: stop sending after this many body bytes and keep the socket open (a stalled body). */
  stallAfterBytes?: number;
  /** `echo-secrets` / `short-token`: this many bytes of padding come before the echo (default 0). */
  padBytes?: number;
  /** The access token handed out (default `hostile_tok_5f1c0a9e7b3d` or, in `short-token`, `t0k4`). */
  token?: string;
  /**
   * Apply the mode to POST …/auth/token too (default false: it answers a valid token). The echoing
   * modes (`echo-secrets`, `short-token`) always answer it, echoing the request beside the token.
   */
  hostileToken?: boolean;
  /**
   * Answer `GET <base>/` (and `GET /`) with a 404 problem, whatever the mode, so a preflight that
   * first checks the target is reachable gets past it to the token and meets the hostile part in
   * the run itself (default false: the mode applies to it too).
   */
  answerRoot?: boolean;
}

export interface HostileRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface HostileServer {
  readonly mode: HostileMode;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `http://127.0.0.1:<port>/v3`: what a client's `baseUrl` or `--target` takes. */
  readonly baseUrl: string;
  readonly port: number;
  /** The token the token endpoint hands out. */
  readonly token: string;
  /** Every request that arrived, oldest first (the token requests included). */
  readonly requests: HostileRequest[];
  /** Sockets open right now. */
  connections(): number;
  /** Ends every socket (answered, pending or streaming) and stops listening. */
  close(): Promise<void>;
}

export const DEFAULT_HOSTILE_TOKEN = 'hostile_tok_5f1c0a9e7b3d';
export const SHORT_TOKEN = 't0k4';
const MiB = 1024 * 1024;

/** Starts a hostile server on 127.0.0.1 (a free port). */
export async function startHostileServer(opts: HostileOptions): Promise<HostileServer> {
  if (!HOSTILE_MODES.includes(opts.mode)) throw new Error(`unknown hostile mode "${opts.mode}" (one of ${HOSTILE_MODES.join(', ')})`);
  const token = opts.token ?? (opts.mode === 'short-token' ? SHORT_TOKEN : DEFAULT_HOSTILE_TOKEN);
  const requests: HostileRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    void readAll(req).then(
      (body) => handle(req, res, body),
      () => undefined, // the client went away while sending
    );
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined); // resets and early closes are the point here
  });
  // Node's own clientError answer (400, then close) stays: it is what a TLS client meets on a plain port.
  // A silent server must never be rescued by Node's own request timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 0;
  server.timeout = 0;

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const isToken = req.method === 'POST' && /\/auth\/token\/?(\?.*)?$/.test(req.url ?? '');
    if (opts.answerRoot && req.method === 'GET' && /^\/(v3\/?)?(\?.*)?$/.test(req.url ?? '')) {
      json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404 });
      return;
    }
    const echoes = opts.mode === 'echo-secrets' || opts.mode === 'short-token';
    if (isToken && (!opts.hostileToken || echoes)) {
      // The echoing modes echo the token request too: the Basic credential comes back beside the token.
      json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600, ...(echoes ? { echo: echoOf(req, body) } : {}) });
      return;
    }
    switch (opts.mode) {
      case 'silent-after-token':
        return; // never answered: the socket stays open until the client gives up or close()
      case 'reset':
        reset(req.socket);
        return;
      case 'huge-bodies':
        streamHuge(res, opts.bodyBytes ?? 50 * MiB, opts.stallAfterBytes);
        return;
      case 'echo-secrets':
      case 'short-token':
        sendEcho(res, echoOf(req, body), opts.padBytes ?? 0);
        return;
      case 'plain-http':
        json(res, 200, {});
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    mode: opts.mode,
    origin,
    baseUrl: `${origin}/v3`,
    port,
    token,
    requests,
    connections: () => sockets.size,
    close: async () => {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(
        [...sockets].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.once('close', () => resolve());
              s.destroy();
            }),
        ),
      );
      await closing;
    },
  };
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** A TCP reset (the client sees ECONNRESET), not a polite close. */
function reset(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** The echo of a request: its headers verbatim and its credentials bare, as a leaky server would. */
function echoOf(req: IncomingMessage, body: string): Record<string, unknown> {
  const authorization = req.headers.authorization ?? '';
  const [scheme, credential] = authorization.split(' ', 2);
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    ...(scheme?.toLowerCase() === 'basic' && credential ? { basic: credential } : {}),
    ...(scheme?.toLowerCase() === 'bearer' && credential ? { bearer: credential } : {}),
    body,
  };
}

function sendEcho(res: ServerResponse, echo: Record<string, unknown>, padBytes: number): void {
  // `pad` first, so the secrets sit beyond the first `padBytes` bytes of the body.
  const text = JSON.stringify(padBytes > 0 ? { pad: 'p'.repeat(padBytes), ...echo } : echo);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

/**
 * Exactly `size` bytes of valid JSON: `[{"id":"item_0000001","pad":"…"},…]` then spaces (JSON
 * whitespace) to the byte. Written in 64 KiB chunks, waiting for the socket to drain, and stopped
 * as soon as the client goes away; `stallAfter` stops writing after that many bytes (socket kept).
 */
function streamHuge(res: ServerResponse, size: number, stallAfter?: number): void {
  const body = hugeBodyChunks(size);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': size });
  let gone = false;
  res.on('close', () => {
    gone = true;
  });
  let sent = 0;
  const limit = stallAfter === undefined ? size : Math.min(size, stallAfter);
  const pump = (): void => {
    while (!gone) {
      if (sent >= limit) {
        if (sent >= size) res.end();
        return; // done, or stalled on purpose
      }
      let chunk = body.next(size - sent);
      if (sent + chunk.length > limit) chunk = chunk.subarray(0, limit - sent);
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

const CHUNK = 64 * 1024;

/** Produces the huge body chunk by chunk without ever holding more than one chunk. */
function hugeBodyChunks(size: number): { next(remaining: number): Buffer } {
  const item = (n: number) => `{"id":"item_${String(n).padStart(7, '0')}","name":"Hostile item","amount":"1000.00","pad":"${'x'.repeat(40)}"}`;
  const itemLen = Buffer.byteLength(item(0));
  let n = 0;
  let opened = false;
  let closed = false;
  let written = 0;
  return {
    next(remaining: number): Buffer {
      let out = '';
      const budget = Math.min(CHUNK, remaining);
      if (!opened) {
        opened = true;
        out += '[';
      }
      // Items while a whole one (plus its comma and the closing bracket) still fits in the body.
      while (!closed && out.length + itemLen + 1 <= budget && written + out.length + itemLen + 2 <= size) {
        out += (n > 0 ? ',' : '') + item(n++);
      }
      if (!closed && written + out.length + itemLen + 2 > size && out.length + 1 <= budget) {
        out += ']';
        closed = true;
      }
      if (closed) out += ' '.repeat(Math.max(0, budget - out.length));
      if (out.length === 0) out = ' '; // cannot happen with sane sizes; never loop forever
      written += out.length;
      return Buffer.from(out, 'latin1');
    },
  };
}
