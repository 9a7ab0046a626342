// Self-test harness of the credit and webhook modules: a reference server on a free port, a token,
// JSON calls whose answers are validated against the contract, and shortcuts to an active customer
// and an offer. Used only by *.test.ts files.
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { request } from 'undici';
import { expect } from 'vitest';
import { type Contract, loadContract } from '../../spec/index.js';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../index.js';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

export interface Harness {
  server: ReferenceServer;
  contract: Contract;
  /** Calls the API as partner `partner` (0 = A, 1 = B); validates against `operationId` when given. */
  api(method: string, path: string, body?: unknown, operationId?: string, partner?: number): Promise<Answer>;
  control(path: string, body?: unknown, partner?: number): Promise<Answer>;
  activeCustomer(partner?: number): Promise<any>;
  pendingCustomer(partner?: number): Promise<any>;
  offerFor(customerId: string, terms?: Record<string, unknown>, partner?: number): Promise<any>;
  close(): Promise<void>;
}

function flat(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]));
}

export async function startHarness(opts: ReferenceServerOptions = {}): Promise<Harness> {
  const server = await startReferenceServer({ webhookRetry: { baseMs: 40, maxAttempts: 4 }, ...opts });
  const contract = await loadContract();
  const tokens = new Map<number, string>();
  const origin = server.baseUrl.replace(/\/v3$/, '');

  async function token(partner: number): Promise<string> {
    const cached = tokens.get(partner);
    if (cached) return cached;
    const p = server.partners[partner]!;
    const res = await request(`${server.baseUrl}/auth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${p.clientId}:${p.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const body = (await res.body.json()) as { access_token: string };
    tokens.set(partner, body.access_token);
    return body.access_token;
  }

  async function call(url: string, method: string, body: unknown, partner: number): Promise<Answer> {
    const res = await request(url, {
      method: method as 'GET',
      headers: {
        authorization: `Bearer ${await token(partner)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: flat(res.headers), body: text ? JSON.parse(text) : undefined };
  }

  const harness: Harness = {
    server,
    contract,
    async api(method, path, body, operationId, partner = 0) {
      const answer = await call(`${server.baseUrl}${path}`, method, body, partner);
      if (operationId) {
        const result = contract.validateResponse(operationId, answer.status, answer.headers['content-type'], answer.body);
        expect(result.errors, `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`).toEqual([]);
      }
      return answer;
    },
    async control(path, body, partner = 0) {
      const answer = await call(`${origin}/_simulation${path}`, 'POST', body ?? {}, partner);
      // Tokens expire on the server clock: after moving it, fetch fresh ones.
      if (path === '/clock') tokens.clear();
      return answer;
    },
    async pendingCustomer(partner = 0) {
      const res = await harness.api(
        'POST',
        '/customers',
        { cpf: generateCpf(), name: 'Maria Teste', email: 'maria@example.com', phone: '+5511988887777' },
        'createCustomer',
        partner,
      );
      expect(res.status).toBe(201);
      return res.body;
    },
    async activeCustomer(partner = 0) {
      const customer = await harness.pendingCustomer(partner);
      for (const item of customer.kyc) {
        if (item.kind !== 'document') continue;
        expect((await harness.control(`/customers/${customer.id}/kyc/${item.type}`, { action: 'submit' }, partner)).status).toBe(200);
      }
      for (const item of customer.kyc) {
        const res = await harness.control(`/customers/${customer.id}/kyc/${item.type}`, { action: 'approve' }, partner);
        // In auto mode the server may have approved the item already (409).
        expect([200, 409]).toContain(res.status);
      }
      for (let i = 0; i < 200; i++) {
        const got = await harness.api('GET', `/customers/${customer.id}`, undefined, undefined, partner);
        if (got.body.status === 'active') return got.body;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`customer ${customer.id} never became active`);
    },
    async offerFor(customerId, terms = {}, partner = 0) {
      const res = await harness.control(`/customers/${customerId}/credit-analysis`, terms, partner);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(contract.validateSchema('CreditOffer', res.body).errors).toEqual([]);
      return res.body;
    },
    close: () => server.close(),
  };
  return harness;
}
