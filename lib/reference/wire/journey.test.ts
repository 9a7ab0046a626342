// The reference server speaks each contract revision fully: a whole partner journey (register,
// KYC, offer, simulation, loan to active and finished, transactions, webhook endpoints, rotation,
// credentials, deliveries) against a server started with `contract: 'docs'` or `'sdk'`, with every
// answer (status, media type, body, headers) and every webhook delivery validated against that
// revision's document. Requests are built as that revision declares them.
import { formatCNPJ, formatCPF, generateCNPJ, generateCPF } from '@brazilian-utils/brazilian-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Contract, loadContract } from '../../spec/index.js';
import { type ReferenceServer, startReferenceServer } from '../index.js';
import { startTestReceiver, type TestReceiver, verifyWith } from '../webhooks/test-receiver.js';
import type { WireRevision } from './types.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64), Buffer.from('ffd9', 'hex')]);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/** Drives one server as a partner; every answer to a contract operation is validated on the spot. */
class Driver {
  token = '';
  /** Every validation failure, with the call it came from (the test asserts it stays empty). */
  readonly violations: string[] = [];
  /** Operation ids answered, to count what the journey covered. */
  readonly covered = new Set<string>();
  constructor(
    readonly server: ReferenceServer,
    readonly contract: Contract,
  ) {}

  async login(partner = 0): Promise<void> {
    const p = this.server.partners[partner]!;
    const res = await this.call('POST', '/auth/token', {
      form: 'grant_type=client_credentials',
      headers: { authorization: `Basic ${Buffer.from(`${p.clientId}:${p.clientSecret}`).toString('base64')}` },
      token: null,
    });
    expect(res.status).toBe(200);
    this.token = res.body.access_token;
  }

  async call(
    method: string,
    path: string,
    opts: { json?: unknown; form?: string; multipart?: FormData; headers?: Record<string, string>; token?: string | null } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | FormData | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    }
    if (opts.form !== undefined) {
      body = opts.form;
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (opts.multipart) body = opts.multipart;
    const res = await fetch(this.server.baseUrl + path, { method, headers, body });
    const text = await res.text();
    const resHeaders = Object.fromEntries(res.headers);
    const answer: Answer = { status: res.status, headers: resHeaders, body: text ? JSON.parse(text) : undefined };
    const found = this.contract.findOperation(method, path.split('?')[0]!);
    if (!found) {
      this.violations.push(`${method} ${path}: no operation of the ${this.contract.revision} document`);
      return answer;
    }
    const id = found.operation.id;
    this.covered.add(id);
    const where = `${method} ${path} → ${res.status} (${id})`;
    const v = this.contract.validateResponse(id, res.status, resHeaders['content-type'], text ? answer.body : undefined);
    for (const e of v.errors) this.violations.push(`${where}: ${e}`);
    const h = this.contract.validateResponseHeaders(id, res.status, resHeaders);
    for (const e of h.errors) this.violations.push(`${where} headers: ${e}`);
    return answer;
  }

  async control(path: string, json: unknown = {}): Promise<Answer> {
    const res = await fetch(this.server.controlUrl! + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    const text = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers), body: text ? JSON.parse(text) : undefined };
  }
}

function upload(fields: Record<string, string>, file?: { data: Buffer; name: string; type: string }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  return form;
}

/** The revision-specific steps of the journey; everything else is shared. */
interface Steps {
  register(d: Driver): Promise<any>;
  completeKyc(d: Driver, customer: any): Promise<void>;
  simulate(d: Driver, offer: any): Promise<any>;
  contract(d: Driver, offer: any, sim: any): Promise<any>;
  /** Loan statuses seen on the way to active, as the revision names them. */
  walkToActive: string[];
  rotateBody: unknown;
  credentialBody: unknown;
  idempotencyHeader: string;
  instant(v: unknown): number;
}

const cpf = () => formatCPF(generateCPF());
const cnpj = () => formatCNPJ(generateCNPJ());

const STEPS: Record<WireRevision, Steps> = {
  docs: {
    async register(d) {
      const res = await d.call('POST', '/customers', {
        json: { cpf: cpf(), cnpj: cnpj(), name: 'Ana Souza', email: 'ana@example.com', phone: '+5511988887777', external_id: `ext-${Date.now()}` },
      });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('pending_kyc');
      return res.body;
    },
    async completeKyc(d, customer) {
      for (const item of customer.kyc as { type: string }[]) {
        if (item.type === 'biometrics') {
          const session = await d.call('POST', `/customers/${customer.id}/biometrics`);
          expect(session.status).toBe(200);
          expect((await d.control(`/customers/${customer.id}/kyc/biometrics`, { action: 'submit' })).status).toBe(200);
          continue;
        }
        const res = await d.call('POST', `/customers/${customer.id}/documents`, {
          multipart: upload({ type: item.type }, { data: PDF, name: 'doc.pdf', type: 'application/pdf' }),
        });
        expect(res.status).toBe(201);
      }
      for (const item of customer.kyc as { type: string }[]) {
        expect((await d.control(`/customers/${customer.id}/kyc/${item.type}`, { action: 'approve' })).status).toBe(200);
      }
    },
    async simulate(d, offer) {
      const res = await d.call('POST', `/credit-offers/${offer.id}/simulations`, {
        json: { requested_amount: '5000.00', installment_count: offer.min_installments },
      });
      expect(res.status).toBe(201);
      return res.body;
    },
    async contract(d, offer, sim) {
      return d.call('POST', '/loans', {
        json: {
          credit_offer_id: offer.id,
          simulation_id: sim.id,
          installments: sim.number_of_installments,
          installments_value: sim.installments_value,
          first_due_date: sim.first_due_date,
        },
      });
    },
    walkToActive: ['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active'],
    rotateBody: { expire_current_in: 60 },
    credentialBody: { name: 'journey', expires_at: new Date(Date.now() + 86_400_000).toISOString() },
    idempotencyHeader: 'Idempotency-Key',
    instant: (v) => Date.parse(v as string) / 1000,
  },
  sdk: {
    async register(d) {
      const res = await d.call('POST', '/customers', {
        json: { cpf: cpf(), cnpj: cnpj(), name: 'Ana Souza', email: 'ana@example.com', phone: '+5511988887777', external_id: `ext-${Date.now()}` },
      });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('creating');
      return res.body;
    },
    async completeKyc(d, created) {
      const customer = (await d.call('GET', `/customers/${created.id}`)).body;
      const byType = Object.fromEntries((customer.kyc as any[]).map((r) => [r.requirement_type, r]));
      expect(Object.keys(byType).sort()).toEqual(['company_document', 'identity', 'selfie']);
      // The review cannot be asked for while evidence is missing.
      expect((await d.call('POST', `/customers/${customer.id}/kyc-review`, { json: {} })).status).toBe(409);
      const attach = (requirement: string, evidence: string, attachment: string) =>
        d.call('POST', `/customers/${customer.id}/kyc-attachments`, {
          multipart: upload(
            { requirement_id: requirement, evidence_type: evidence, attachment_type: attachment },
            { data: PDF, name: `${attachment}.pdf`, type: 'application/pdf' },
          ),
        });
      for (const [req, ev, att] of [
        [byType.company_document.requirement_id, 'ccmei', 'file'],
        [byType.identity.requirement_id, 'cnh', 'front'],
        [byType.identity.requirement_id, 'cnh', 'back'],
      ] as const) {
        const res = await attach(req, ev, att);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body).toEqual({ attachment_type: att, submitted: true });
      }
      // A partner token cannot upload the selfie; Dinie's KYC app does, with a session token.
      const selfieForm = () => upload({}, { data: JPEG, name: 'selfie.jpg', type: 'image/jpeg' });
      expect((await d.call('POST', `/customers/${customer.id}/kyc-attachments/selfie`, { multipart: selfieForm() })).status).toBe(403);
      const session = await d.call('POST', `/customers/${customer.id}/biometrics`, { json: {} });
      expect(session.status).toBe(200);
      const code = new URL(session.body.session_url).searchParams.get('code');
      expect(code).toMatch(/^dinie_bsc_/);
      const exchanged = await d.call('POST', '/biometrics/session-exchange', { json: { code } });
      expect(exchanged.status).toBe(200);
      expect(exchanged.body.customer_id).toBe(customer.id);
      expect((await d.call('POST', '/biometrics/session-exchange', { json: { code } })).status).toBe(422);
      // The session token reaches the selfie route and nothing else.
      expect((await d.call('GET', `/customers/${customer.id}`, { token: exchanged.body.access_token })).status).toBe(403);
      const selfie = await d.call('POST', `/customers/${customer.id}/kyc-attachments/selfie`, { multipart: selfieForm(), token: exchanged.body.access_token });
      expect(selfie.status).toBe(201);
      // Banks and the customer's bank account (the KYC app may link it with the session token).
      const banks = await d.call('GET', '/banks');
      expect(banks.body.data.map((b: any) => b.id)).toContain('001');
      expect((await d.call('GET', `/customers/${customer.id}/bank-account`)).status).toBe(404);
      const account = { bank_account: { bank_id: '1', kind: 'checking', branch: '1', number: '1234567', digit: 'X' } };
      const linked = await d.call('POST', `/customers/${customer.id}/bank-account`, { json: account, token: exchanged.body.access_token });
      expect(linked.status).toBe(200);
      expect(linked.body).toMatchObject({ bank_id: '001', branch: '0001', bank_name: 'Banco do Brasil' });
      const replaced = await d.call('POST', `/customers/${customer.id}/bank-account`, { json: { bank_account: { ...account.bank_account, kind: 'payment' } } });
      expect(replaced.body).toMatchObject({ id: linked.body.id, kind: 'payment' });
      expect((await d.call('GET', `/customers/${customer.id}/bank-account`)).body).toEqual(replaced.body);
      expect(
        (await d.call('POST', `/customers/${customer.id}/bank-account`, { json: { bank_account: { ...account.bank_account, bank_id: '999' } } })).status,
      ).toBe(422);
      const review = await d.call('POST', `/customers/${customer.id}/kyc-review`, { json: {} });
      expect(review.status).toBe(202);
      const underReview = (await d.call('GET', `/customers/${customer.id}`)).body;
      expect(underReview.status).toBe('under_review');
      for (const r of underReview.kyc) expect(r.submitted.review_status).toBe('pending');
      for (const r of underReview.kyc) expect((await d.control(`/customers/${customer.id}/kyc/${r.requirement_id}`, { action: 'approve' })).status).toBe(200);
    },
    async simulate(d, offer) {
      const res = await d.call('POST', `/credit-offers/${offer.id}/simulations`, { json: { requested_amount: 5000, installment_count: offer.installments } });
      expect(res.status).toBe(201);
      expect(res.body.principal_amount).toBeCloseTo(res.body.requested_amount + res.body.fee_amount + res.body.iof_amount, 2);
      expect(res.body.total_amount).toBeCloseTo(res.body.principal_amount + res.body.interest_amount, 2);
      return res.body;
    },
    async contract(d, offer, sim) {
      return d.call('POST', '/loans', {
        json: {
          credit_offer_id: offer.id,
          simulation_id: sim.id,
          installment_count: sim.installment_count,
          installment_amount: sim.installment_amount,
          first_due_date: sim.first_due_date,
        },
      });
    },
    walkToActive: ['awaiting_signatures', 'processing', 'active'],
    rotateBody: { expire_current_in: 60, algorithm: 'hmac-sha256' },
    credentialBody: { name: 'journey', expires_at: Math.floor(Date.now() / 1000) + 86_400 },
    idempotencyHeader: 'X-Idempotency-Key',
    instant: (v) => v as number,
  },
};

describe.each(['docs', 'sdk'] as const)('the %s revision, end to end', (revision) => {
  const steps = STEPS[revision];
  let server: ReferenceServer;
  let contract: Contract;
  let rx: TestReceiver;
  let d: Driver;

  beforeAll(async () => {
    [server, contract, rx] = await Promise.all([
      startReferenceServer({ contract: revision, webhookRetry: { baseMs: 40, maxAttempts: 3 } }),
      loadContract(revision),
      startTestReceiver(),
    ]);
    d = new Driver(server, contract);
    await d.login();
  });
  afterAll(async () => {
    await server?.close();
    await rx?.close();
  });

  it('validates every answer and delivery of a whole journey against its own document', async () => {
    expect(server.contract).toBe(revision);
    expect(contract.revision).toBe(revision);
    // Webhook endpoint: every event, signed with the secret shown once.
    const endpoint = await d.call('POST', '/webhooks/endpoints', { json: { url: rx.url('/all'), events: ['*'], description: 'journey' } });
    expect(endpoint.status).toBe(201);
    const secrets = [endpoint.body.secret as string];

    const created = await steps.register(d);
    // Registration is idempotent on CPF/CNPJ + external_id, and the idempotency header replays.
    const listed = await d.call('GET', `/customers?external_id=${encodeURIComponent(created.external_id)}`);
    expect(listed.body.data.map((c: any) => c.id)).toEqual([created.id]);
    await steps.completeKyc(d, created);
    const active = (await d.call('GET', `/customers/${created.id}`)).body;
    expect(active.status).toBe('active');
    expect((await d.call('PATCH', `/customers/${created.id}`, { json: { phone: '+5511977776666' } })).status).toBe(200);

    const offer = (await d.control(`/customers/${created.id}/credit-analysis`, {})).body;
    expect((await d.call('GET', `/credit-offers/${offer.id}`)).status).toBe(200);
    expect((await d.call('GET', `/customers/${created.id}/credit-offers?status=available`)).body.data).toHaveLength(1);
    expect((await d.call('GET', `/credit-offers?customer_id=${created.id}`)).body.data).toHaveLength(1);
    const sim = await steps.simulate(d, offer);
    const key = `journey-${revision}-${Date.now()}`;
    const loanRes = await steps.contract(d, offer, sim);
    expect(loanRes.status, JSON.stringify(loanRes.body)).toBe(201);
    const loan = loanRes.body;
    const seen = [loan.status];
    while (seen.at(-1) !== 'active') {
      const moved = await d.control(`/loans/${loan.id}/advance`, {});
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      seen.push((await d.call('GET', `/loans/${loan.id}`)).body.status);
    }
    expect(seen).toEqual(steps.walkToActive);
    const txs = await d.call('GET', `/loans/${loan.id}/transactions?limit=100`);
    expect(txs.body.data.length).toBe(sim.installment_count ?? sim.number_of_installments);
    for (let n = 1; n <= txs.body.data.length; n++) expect((await d.control(`/loans/${loan.id}/payments`, { installment_number: n })).status).toBe(200);
    expect((await d.call('GET', `/loans/${loan.id}`)).body.status).toBe('finished');
    expect((await d.call('GET', `/loans/${loan.id}/transactions`)).body.data.every((t: any) => t.status === 'paid')).toBe(true);

    // Webhook endpoint management and a secret rotation.
    expect((await d.call('GET', '/webhooks/endpoints')).status).toBe(200);
    expect((await d.call('GET', `/webhooks/endpoints/${endpoint.body.id}`)).status).toBe(200);
    expect((await d.call('PATCH', `/webhooks/endpoints/${endpoint.body.id}`, { json: { description: 'journey, renamed' } })).status).toBe(200);
    const rotated = await d.call('POST', `/webhooks/endpoints/${endpoint.body.id}/rotate-secret`, { json: steps.rotateBody });
    expect(rotated.status).toBe(200);
    expect(steps.instant(rotated.body.previous_secret_expires_at)).toBeGreaterThan(Date.now() / 1000);
    secrets.push(rotated.body.secret);
    const spare = await d.call('POST', '/webhooks/endpoints', { json: { url: rx.url('/spare'), events: ['loan.*'] } });
    expect((await d.call('DELETE', `/webhooks/endpoints/${spare.body.id}`)).status).toBe(204);

    // Credentials: create (secret once), list, revoke; the idempotency header replays a create.
    const header = { [steps.idempotencyHeader]: key };
    const cred = await d.call('POST', '/auth/credentials', { json: steps.credentialBody, headers: header });
    expect(cred.status).toBe(201);
    const again = await d.call('POST', '/auth/credentials', { json: steps.credentialBody, headers: header });
    expect(again.body.client_id).toBe(cred.body.client_id);
    // Any name of one character or more is valid; in the sdk revision, so is an expiry at its schema's minimum (0).
    expect((await d.call('POST', '/auth/credentials', { json: { name: ' ' } })).status).toBe(201);
    if (revision === 'sdk') expect((await d.call('POST', '/auth/credentials', { json: { name: 'ç', expires_at: 0 } })).status).toBe(201);
    expect((await d.call('GET', '/auth/credentials')).status).toBe(200);
    expect((await d.call('DELETE', `/auth/credentials/${cred.body.client_id}`)).status).toBe(204);
    // A reviewer blocks a customer for good: only the SDK revision has `denied` (and customer.denied).
    const other = await steps.register(d);
    const denied = await d.control(`/customers/${other.id}/deny`);
    expect(denied.status).toBe(revision === 'sdk' ? 200 : 409);
    if (revision === 'sdk') {
      expect((await d.call('GET', `/customers/${other.id}`)).body.status).toBe('denied');
      expect((await d.call('GET', '/customers?status=denied')).body.data.map((c: any) => c.id)).toEqual([other.id]);
      expect((await d.call('POST', `/customers/${other.id}/kyc-review`, { json: {} })).status).toBe(409);
    }
    // Refusals are problems of the document too.
    expect((await d.call('GET', '/customers/cust_00000000000000000000000000000000')).status).toBe(404);
    expect((await d.call('POST', '/customers', { json: { cpf: 'nope' } })).status).toBe(422);

    // Every delivery: signed with a current secret, and valid against the revision's event schemas.
    const last = revision === 'sdk' ? 'customer.denied' : 'loan.finished';
    const deliveries = await rx.waitFor((all) => all.some((x) => x.payload.type === last) && all.some((x) => x.payload.type === 'loan.finished'), 8000, '/all');
    const types = new Set<string>();
    for (const delivery of deliveries) {
      types.add(delivery.payload.type);
      expect(
        secrets.some((s) => verifyWith(s, delivery) === null),
        delivery.body,
      ).toBe(true);
      const v = contract.validateEvent(delivery.payload.type, delivery.payload);
      for (const e of v.errors) d.violations.push(`delivery ${delivery.payload.type}: ${e}`);
    }
    const customerEvents = [
      'customer.created',
      'customer.kyc_updated',
      'customer.under_review',
      'customer.active',
      ...(revision === 'sdk' ? ['customer.denied'] : []),
    ];
    const loanEvents =
      revision === 'sdk'
        ? ['loan.created', 'loan.signature_received', 'loan.processing', 'loan.active', 'loan.payment_received', 'loan.finished']
        : [
            'loan.created',
            'loan.contract_generated',
            'loan.awaiting_signatures',
            'loan.signed',
            'loan.disbursing',
            'loan.active',
            'loan.payment_received',
            'loan.finished',
          ];
    expect([...types].sort()).toEqual([...customerEvents, 'credit_offer.available', ...loanEvents].sort());
    for (const t of types) expect(contract.events).toContain(t);
    expect(d.violations).toEqual([]);
    // Every operation of the document but the token call (made by login, outside the driver's count) was exercised.
    const unexercised = contract.operations.map((o) => o.id).filter((id) => !d.covered.has(id) && id !== 'createToken');
    expect(unexercised).toEqual([]);
  }, 30_000);
});
