// A small HTTP client for the reference server's self-tests. Tests drive the server only through
// HTTP; every answer to a contract operation is validated against fixtures/openapi/dinie-v3.yaml
// unless the test turns validation off (fault tests, where breaking the contract is the point).

import { randomBytes } from 'node:crypto';
import { formatCPF, generateCPF } from '@brazilian-utils/brazilian-utils';
import { request } from 'undici';
import { type Contract, loadContract } from '../spec/index.js';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from './index.js';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  json?: unknown;
  /** Raw body with its content type. */
  raw?: { contentType: string; data: string | Buffer };
  form?: Record<string, string>;
  multipart?: { type?: string; file?: { data: Buffer; filename: string; contentType?: string } };
  headers?: Record<string, string>;
  /** Bearer token to send; `null` sends none; default the client's own token. */
  token?: string | null;
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);
export const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64), Buffer.from('ffd9', 'hex')]);
export const TEXT = Buffer.from('this is plain text, not a PDF\n');

let contractPromise: Promise<Contract | null> | undefined;
/** The contract, or null if the document does not load (validation is then skipped, loudly). */
export function contract(): Promise<Contract | null> {
  contractPromise ??= loadContract().catch((err) => {
    console.warn(`contract not loaded; responses are not validated: ${(err as Error).message}`);
    return null;
  });
  return contractPromise;
}

export class ContractViolation extends Error {}

export class Client {
  token: string | undefined;
  constructor(
    readonly server: ReferenceServer,
    readonly credentials: { clientId: string; clientSecret: string },
    readonly validate = true,
  ) {}

  async login(): Promise<string> {
    const res = await this.call('POST', '/auth/token', {
      form: { grant_type: 'client_credentials' },
      headers: { authorization: basic(this.credentials.clientId, this.credentials.clientSecret) },
      token: null,
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    this.token = res.body.access_token;
    return this.token!;
  }

  /**
   * Whether a 429 is waited out (its Retry-After) and the call sent again, as a well-behaved client
   * does: for tests that make many calls in a second and judge something else than the rate limit.
   */
  paced = false;

  /** A call under /v3 (path relative to the base URL) or, with a leading `!`, under the origin. */
  async call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.once(method, path, opts);
      if (!this.paced || answer.status !== 429 || attempt >= 5) return answer;
      await new Promise((r) => setTimeout(r, Math.min(5, Number(answer.headers['retry-after'] ?? '1')) * 1000));
    }
  }

  private async once(method: string, path: string, opts: CallOptions): Promise<Answer> {
    const url = path.startsWith('!') ? this.server.baseUrl.replace(/\/v3$/, '') + path.slice(1) : this.server.baseUrl + path;
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    }
    if (opts.raw) {
      body = opts.raw.data;
      headers['content-type'] = opts.raw.contentType;
    }
    if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    let fetchBody: FormData | undefined;
    if (opts.multipart) {
      fetchBody = new FormData();
      if (opts.multipart.type !== undefined) fetchBody.append('type', opts.multipart.type);
      const f = opts.multipart.file;
      if (f) fetchBody.append('file', new Blob([new Uint8Array(f.data)], { type: f.contentType ?? 'application/octet-stream' }), f.filename);
    }
    let status: number;
    let resHeaders: Record<string, string>;
    let text: string;
    if (fetchBody) {
      const res = await fetch(url, { method, headers, body: fetchBody });
      status = res.status;
      resHeaders = Object.fromEntries(res.headers);
      text = await res.text();
    } else {
      const res = await request(url, { method: method as 'GET', headers, body });
      status = res.statusCode;
      text = await res.body.text();
      resHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const answer: Answer = { status, headers: resHeaders, text, body: parsed };
    if (this.validate && !path.startsWith('!')) await checkAgainstContract(method, path, answer);
    return answer;
  }
}

/** Throws when a response to a documented operation breaks the contract (status, media type, body, headers). */
export async function checkAgainstContract(method: string, path: string, a: Answer): Promise<void> {
  const c = await contract();
  if (!c) return;
  let found: ReturnType<Contract['findOperation']>;
  try {
    found = c.findOperation(method, path.split('?')[0]!);
  } catch {
    return; // a malformed path (e.g. bad percent-encoding) names no operation
  }
  if (!found) return; // an undocumented path or method: nothing to validate against
  const id = found.operation.id;
  const problems: string[] = [];
  const body = c.validateResponse(id, a.status, a.headers['content-type'], a.text);
  if (!body.valid) problems.push(...body.errors);
  const headers = c.validateResponseHeaders(id, a.status, a.headers);
  if (!headers.valid) problems.push(...headers.errors);
  if (problems.length)
    throw new ContractViolation(`${method} ${path} → ${a.status} breaks the contract (${id}): ${problems.join('; ')}\n${a.text.slice(0, 500)}`);
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export function newCpf(): string {
  return formatCPF(generateCPF());
}

export function customerBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const tag = randomBytes(4).toString('hex');
  return { cpf: newCpf(), name: `Cliente ${tag}`, email: `c${tag}@example.com`, phone: '+5511999999999', external_id: `ext-${tag}`, ...extra };
}

export interface Harness {
  server: ReferenceServer;
  a: Client;
  b: Client;
  close(): Promise<void>;
}

/** Starts a server and logs both demo partners in. */
export async function harness(opts: ReferenceServerOptions = {}, validate = true, client: { paced?: boolean } = {}): Promise<Harness> {
  const server = await startReferenceServer(opts);
  const [pa, pb] = server.partners;
  const a = new Client(server, pa!, validate);
  const b = new Client(server, pb!, validate);
  a.paced = b.paced = !!client.paced;
  await Promise.all([a.login(), b.login()]);
  return { server, a, b, close: () => server.close() };
}
