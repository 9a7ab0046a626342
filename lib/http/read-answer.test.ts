// readAnswer reads what undici's request() and its body stream would: the head, the body up to a
// cap (the connection dropped past it), a body cut short with its error, no answer as a rejection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { readAnswer } from './read-answer.js';

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** A server answering with `handle`; `closed` counts connections that ended. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; closed: () => number }> {
  let closed = 0;
  const s = createServer(handle);
  s.on('connection', (socket) => socket.on('close', () => closed++));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  s.unref();
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, closed: () => closed };
}

const call = (url: string, more: Partial<Parameters<typeof readAnswer>[1]> = {}) =>
  readAnswer(new URL(url), { method: 'GET', headers: {}, maxBytes: 1024, ...more });
const get = (url: string, more: Partial<Parameters<typeof readAnswer>[1]> = {}) => call(url, more).answer;

describe('readAnswer', () => {
  it('reads the head (names lower-cased, a repeated header as a list) and the whole body, with the query sent', async () => {
    const srv = await serve((req, res) => {
      res.setHeader('X-Seen', req.url!);
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
    const a = await get(`${srv.url}/v3/x?limit=2&b=%20`);
    expect(a.status).toBe(201);
    expect(a.headers['x-seen']).toBe('/v3/x?limit=2&b=%20');
    expect(a.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(a.headers['content-type']).toBe('application/json');
    expect(a.bytes.toString()).toBe('{"ok":true}');
    expect(a.over).toBe(false);
    expect(a.error).toBeUndefined();
  });

  it('sends the method, headers and body given', async () => {
    const srv = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.end(`${req.method} ${req.headers['content-type']} ${body}`));
    });
    const a = await readAnswer(new URL(srv.url), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello', maxBytes: 1024 }).answer;
    expect(a.bytes.toString()).toBe('POST text/plain hello');
  });

  it('past maxBytes keeps exactly maxBytes, says over, and drops the connection', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(600, 'a'));
      res.write(Buffer.alloc(600, 'b'));
      // never ends: only dropping the connection ends this exchange
    });
    const a = await get(srv.url, { maxBytes: 1000 });
    expect(a.over).toBe(true);
    expect(a.bytes.length).toBe(1000);
    expect(a.bytes.subarray(599, 601).toString()).toBe('ab');
    await expect.poll(srv.closed, { timeout: 2000 }).toBeGreaterThan(0);
  });

  it('aborted before the head it rejects with the reason (also when aborted before it started); aborted while the body comes, the body ends with it', async () => {
    const silent = await serve(() => {});
    const before = call(silent.url);
    setTimeout(() => before.abort(new Error('stop before the head')), 50);
    await expect(before.answer).rejects.toThrow('stop before the head');

    const atOnce = call(silent.url);
    atOnce.abort(new Error('aborted at once'));
    await expect(atOnce.answer).rejects.toThrow('aborted at once');

    const slow = await serve((_req, res) => {
      res.writeHead(200);
      res.write('first part');
    });
    const during = call(slow.url);
    setTimeout(() => during.abort(new Error('stop during the body')), 100);
    const a = await during.answer;
    expect(a.status).toBe(200);
    expect(a.bytes.toString()).toBe('first part');
    expect((a.error as Error).message).toBe('stop during the body');
    // Once the answer is in, aborting changes nothing.
    during.abort(new Error('too late'));
    expect((a.error as Error).message).toBe('stop during the body');
  });

  it('a body that stops arriving ends with the body timeout, what came kept; no head within headersTimeout rejects', async () => {
    const slow = await serve((_req, res) => {
      res.writeHead(200);
      res.write('some');
    });
    const a = await get(slow.url, { bodyTimeout: 100 });
    expect(a.bytes.toString()).toBe('some');
    expect(a.error).toBeInstanceOf(errors.BodyTimeoutError);
    const silent = await serve(() => {});
    await expect(get(silent.url, { headersTimeout: 100 })).rejects.toBeInstanceOf(errors.HeadersTimeoutError);
  });

  it('refuses a URL that is not http(s) before sending, as request() does', async () => {
    await expect(get('ftp://127.0.0.1/x')).rejects.toBeInstanceOf(errors.InvalidArgumentError);
  });
});
