// Sandbox mode speaks the sdk revision too: no control API, everything advances on its own (the KYC
// app's selfie after a biometrics session, the review one requirement per step, the offer, the loan),
// seeded customers read as the revision's Customer, and every answer and delivery validates.
import { formatCNPJ, formatCPF, generateCNPJ, generateCPF } from '@brazilian-utils/brazilian-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Contract, loadContract } from '../../spec/index.js';
import { type ReferenceServer, startReferenceServer } from '../index.js';
import { startTestReceiver, type TestReceiver } from '../webhooks/test-receiver.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

let server: ReferenceServer;
let contract: Contract;
let rx: TestReceiver;
let token: string;
const violations: string[] = [];

async function call(method: string, path: string, opts: { json?: unknown; form?: FormData } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let body: string | FormData | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  if (opts.form) body = opts.form;
  const res = await fetch(server.baseUrl + path, { method, headers, body });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  const op = contract.findOperation(method, path.split('?')[0]!)!.operation.id;
  for (const e of contract.validateResponse(op, res.status, res.headers.get('content-type') ?? undefined, json).errors)
    violations.push(`${method} ${path} ${res.status}: ${e}`);
  return { status: res.status, body: json };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

beforeAll(async () => {
  [server, contract, rx] = await Promise.all([
    startReferenceServer({ contract: 'sdk', sandbox: { stepMs: 60, seedCustomers: 200 } }),
    loadContract('sdk'),
    startTestReceiver(),
  ]);
  const p = server.partners[0]!;
  const res = await fetch(`${server.baseUrl}/auth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${p.clientId}:${p.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await server?.close();
  await rx?.close();
});

describe('sandbox mode speaking the sdk revision', () => {
  it('has no control API, and its seeded customers and offers read as the revision writes them', async () => {
    expect(server.controlUrl).toBeUndefined();
    for (let page = await call('GET', '/customers?limit=100'), n = 0; n < 2 && page.body.has_more; n++) {
      page = await call('GET', `/customers?limit=100&starting_after=${page.body.data.at(-1).id}`);
    }
    await call('GET', '/credit-offers?limit=100');
    expect(violations).toEqual([]);
  });

  it('takes a customer from registration to an active loan on its own', async () => {
    await call('POST', '/webhooks/endpoints', { json: { url: rx.url('/sandbox') } });
    const created = (
      await call('POST', '/customers', {
        json: { cpf: formatCPF(generateCPF()), cnpj: formatCNPJ(generateCNPJ()), email: 'ana@example.com', phone: '+5511988887777', name: 'Ana Souza' },
      })
    ).body;
    const customer = (await call('GET', `/customers/${created.id}`)).body;
    const req = (type: string) => customer.kyc.find((r: { requirement_type: string }) => r.requirement_type === type).requirement_id;
    for (const [id, evidence, attachment] of [
      [req('company_document'), 'ccmei', 'file'],
      [req('identity'), 'rg', 'front'],
      [req('identity'), 'rg', 'back'],
    ]) {
      const form = new FormData();
      form.append('requirement_id', id!);
      form.append('evidence_type', evidence!);
      form.append('attachment_type', attachment!);
      form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'doc.pdf');
      expect((await call('POST', `/customers/${created.id}/kyc-attachments`, { form })).status).toBe(201);
    }
    // The KYC app captures the selfie by itself once a biometrics session is opened; the review may be
    // requested at once (the partner's uploads are complete) and the selfie joins it when it arrives.
    expect((await call('POST', `/customers/${created.id}/biometrics`, { json: {} })).status).toBe(200);
    expect((await call('POST', `/customers/${created.id}/kyc-review`, { json: {} })).status).toBe(202);
    await until('the selfie', async () => {
      const c = (await call('GET', `/customers/${created.id}`)).body;
      return c.kyc.find((r: { requirement_type: string; submitted?: unknown }) => r.requirement_type === 'selfie').submitted ? true : undefined;
    });
    await until('an active customer', async () => ((await call('GET', `/customers/${created.id}`)).body.status === 'active' ? true : undefined));
    const offer = await until('an offer', async () => (await call('GET', `/customers/${created.id}/credit-offers?status=available`)).body.data[0]);
    const sim = (await call('POST', `/credit-offers/${offer.id}/simulations`, { json: { requested_amount: 4321, installment_count: offer.installments } }))
      .body;
    const loan = (
      await call('POST', '/loans', {
        json: {
          credit_offer_id: offer.id,
          simulation_id: sim.id,
          installment_count: sim.installment_count,
          installment_amount: sim.installment_amount,
          first_due_date: sim.first_due_date,
        },
      })
    ).body;
    expect(loan.status).toBe('awaiting_signatures');
    await until('an active loan', async () => ((await call('GET', `/loans/${loan.id}`)).body.status === 'active' ? true : undefined));
    const deliveries = await rx.waitFor((all) => all.some((d) => d.payload.type === 'loan.active'), 5000, '/sandbox');
    for (const d of deliveries) for (const e of contract.validateEvent(d.payload.type, d.payload).errors) violations.push(`${d.payload.type}: ${e}`);
    expect(deliveries.map((d) => d.payload.type)).toEqual(
      expect.arrayContaining([
        'customer.created',
        'customer.under_review',
        'customer.active',
        'credit_offer.available',
        'loan.created',
        'loan.signature_received',
        'loan.processing',
        'loan.active',
      ]),
    );
    expect(violations).toEqual([]);
  }, 30_000);
});
